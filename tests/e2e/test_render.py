"""The keyboard renderers never produce a keyboard the platform would refuse."""

import json
import logging

import pytest
from hypothesis import given, settings, strategies

from bot.vk.adapter import random_id
from keyboards.model import Button, Keyboard
from keyboards.render.telegram import CALLBACK_DATA_MAX_BYTES, render_inline
from keyboards.render.vk import dump_keyboard, render_pages, unpack_payload
from tests.standins.keyboard_rules import check_vk_keyboard
from tests.standins.vk_spec import VkSpec
from texts.splitting import split_text

labels = strategies.text(
    strategies.characters(codec="utf-8", exclude_categories=("Cs", "Cc")), max_size=60
)
payloads = strategies.text(
    strategies.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=80
)
buttons = strategies.builds(Button, label=labels, payload=payloads)
keyboards = strategies.lists(strategies.lists(buttons, max_size=9), max_size=14).map(
    lambda rows: Keyboard.of(*rows)
)


@pytest.fixture(scope="module")
def vk_spec() -> VkSpec:
    return VkSpec()


def test_telegram_skips_oversize_callback_data(caplog: pytest.LogCaptureFixture) -> None:
    fits = "я" * (CALLBACK_DATA_MAX_BYTES // 2)  # 64 bytes in UTF-8
    keyboard = Keyboard.of(
        [Button("Да", fits), Button("Нет", fits + "x")], [Button("Сайт", url="https://a.ru")]
    )
    with caplog.at_level(logging.ERROR):
        markup = render_inline(keyboard)
    assert markup is not None
    assert [[b.text for b in row] for row in markup.inline_keyboard] == [["Да"], ["Сайт"]]
    assert "Нет" in caplog.text


@settings(max_examples=60, deadline=None)
@given(keyboards)
def test_telegram_buttons_always_valid(keyboard: Keyboard) -> None:
    markup = render_inline(keyboard)
    rows = markup.inline_keyboard if markup else []
    assert all(0 < len(row) <= 8 for row in rows)
    for button in (b for row in rows for b in row):
        assert button.text.strip()
        assert button.callback_data is not None
        assert 1 <= len(button.callback_data.encode()) <= CALLBACK_DATA_MAX_BYTES


@settings(max_examples=60, deadline=None)
@given(keyboard=keyboards)
def test_vk_pages_always_valid_and_keep_every_usable_button(
    keyboard: Keyboard, vk_spec: VkSpec
) -> None:
    pages = render_pages(keyboard)
    kept = []
    for page in pages:
        check_vk_keyboard(dump_keyboard(page), vk_spec.keyboard_actions, vk_spec.button_colors)
        kept += [unpack_payload(b["action"]["payload"]) for row in page["buttons"] for b in row]
    usable = [
        b.payload
        for b in keyboard.buttons()
        if b.label.strip()
        and b.payload
        and len(json.dumps({"p": b.payload}, ensure_ascii=False)) <= 255
    ]
    assert kept == usable


def test_vk_splits_a_long_keyboard_into_pages(vk_spec: VkSpec) -> None:
    days = [Button(f"{d} ноября", f"day:{d}") for d in range(1, 31)]
    pages = render_pages(Keyboard.of(days[:7], *([b] for b in days[7:])))
    assert [sum(map(len, p["buttons"])) for p in pages] == [10, 6, 6, 6, 2]
    assert [len(row) for row in pages[0]["buttons"]] == [5, 2, 1, 1, 1]


def test_vk_label_is_shortened() -> None:
    (page,) = render_pages(Keyboard.of([Button("Очень " * 20, "x")]))
    label = page["buttons"][0][0]["action"]["label"]
    assert len(label) == 40 and label.endswith("…")


def test_random_id_is_stable_per_reply_and_int32() -> None:
    first = random_id(100, "event-1", 0, 0)
    assert first == random_id(100, "event-1", 0, 0)
    assert len({first, random_id(100, "event-1", 1, 0), random_id(100, "event-2", 0, 0)}) == 3
    assert 0 < first < 2**31


def test_split_text_cuts_at_line_breaks() -> None:
    text = "\n".join(f"строка {i}" for i in range(1000))
    chunks = split_text(text, 4096)
    assert all(len(c) <= 4096 for c in chunks)
    assert "\n".join(chunks) == text
    assert split_text("  ", 10) == []
    assert split_text("x" * 25, 10) == ["x" * 10, "x" * 10, "x" * 5]
