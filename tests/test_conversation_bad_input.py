"""Free text, stale and forged buttons, floods, long answers and failures: never someone else's
data, never a traceback."""

import logging
from datetime import date, timedelta

import pytest

from handlers.core import routing
from handlers.core.conversation import Conversation
from handlers.core.throttling import Throttle
from keyboards.actions.family import (
    Attendance,
    Marks,
    MarksBySubject,
    PickChild,
    ScheduleDay,
    ScheduleLesson,
    ScheduleWeek,
)
from keyboards.payloads import VERSION, pack
from services.context import Ctx, Journal
from services.errors import AccessDenied
from tests import read_rows
from tests.test_conversation_kit import Chat, add_records, delete_lesson, linked_chat
from tests.tiny_school import TODAY, TinySchool
from texts import phrases
from texts.splitting import MESSAGE_LIMIT, units


async def test_free_text_gets_a_hint_and_the_menu(journal: Journal, tiny: TinySchool) -> None:
    chat = await linked_chat(journal, tiny, "g2")
    await chat.send("Как дела у Ивана в школе?")
    assert chat.text.startswith(phrases.NOT_UNDERSTOOD)
    assert "Главное меню · Иван, 5А" in chat.text and "Оценки" in chat.labels


async def test_another_childs_button_is_refused(journal: Journal, tiny: TinySchool) -> None:
    await add_records(journal, tiny)
    chat = await linked_chat(journal, tiny, "g2")
    anna = tiny.people["a2"]
    for press in (
        Marks(pupil=anna),
        MarksBySubject(pupil=anna),
        Attendance(pupil=anna),
        PickChild(pupil=anna),
    ):
        await chat.send_payload(pack(press))
        assert chat.text.startswith(phrases.STALE_BUTTON)
        assert "Анна" not in chat.text and "2 (отв)" not in chat.text
        assert "Главное меню · Иван, 5А" in chat.text
    lesson = ScheduleLesson(pupil=anna, day=TODAY, lesson=tiny.lessons["math-today"])
    await chat.send_payload(pack(lesson))
    assert chat.text.startswith(phrases.STALE_BUTTON)


async def test_a_lesson_of_another_class_or_a_deleted_one(journal: Journal, tiny) -> None:
    chat = await linked_chat(journal, tiny, "g2")
    ivan = tiny.people["a1"]
    other_class = ScheduleLesson(pupil=ivan, day=TODAY, lesson=tiny.lessons["5Б-math-today"])
    await chat.send_payload(pack(other_class))
    assert chat.replies[0].text == phrases.LESSON_GONE
    assert "5Б" not in chat.text and "Расписание на ср, 18 ноября · Иван, 5А" in chat.text
    await chat.press("Завтра")
    await chat.press("1. Русский язык")  # opened while it is still there
    opened = chat.button("В меню")
    assert opened
    gone = ScheduleLesson(pupil=ivan, day=TODAY + timedelta(1), lesson=tiny.lessons["rus-thu"])
    await delete_lesson(journal, tiny.lessons["rus-thu"])
    await chat.send_payload(pack(gone))
    assert chat.replies[0].text == phrases.LESSON_GONE
    assert "уроков нет" in chat.text


@pytest.mark.parametrize(
    "raw",
    [
        "",
        "garbage",
        "1m:p1",  # an older menu's
        "n:ab:1:2:i",  # an older notification's
        f"{VERSION}m:1" + "x" * 80,  # oversize
        f"{VERSION}Z",
        "{'action': 'marks'}",
        pack(Marks(pupil=99999)),  # nobody's id
        pack(ScheduleDay(day=date(1, 1, 1))),
        pack(ScheduleWeek(day=date(9999, 12, 31))),
        "🙂" * 20,
        f"{VERSION}l:1:739938",  # its lesson missing
        f"{VERSION}m:1:2",  # one field too many
    ],
)
async def test_stale_and_forged_buttons_get_a_fresh_menu(journal: Journal, tiny, raw: str) -> None:
    chat = await linked_chat(journal, tiny, "g2")
    await chat.send_payload(raw)
    assert chat.text.startswith(phrases.STALE_BUTTON)
    assert "Главное меню · Иван, 5А" in chat.text


async def test_staff_pressing_a_family_button(journal: Journal, tiny: TinySchool) -> None:
    chat = await linked_chat(journal, tiny, "math")
    await chat.send_payload(pack(Marks(pupil=tiny.people["a1"])))
    assert chat.text.startswith(phrases.STALE_BUTTON)
    assert "Иван" not in chat.text


async def test_a_flood_is_throttled(journal: Journal, tiny: TinySchool) -> None:
    now = [0.0]
    conversation = Conversation(journal, throttle=Throttle(5, 3, clock=lambda: now[0]))
    chat = await linked_chat(journal, tiny, "g2", conversation=conversation)
    now[0] += 10
    for _ in range(5):
        await chat.send("Оценки")
        assert "Последние оценки" in chat.text
    assert [r.text for r in await chat.send("Оценки")] == [phrases.TOO_MANY]
    assert await chat.send("Оценки") == []
    other = Chat(conversation, "200")
    await other.send("/start")
    assert other.text == phrases.WELCOME
    now[0] += 3
    await chat.send("Оценки")
    assert "Последние оценки" in chat.text


async def test_a_long_answer_is_split_with_the_keyboard_last(journal: Journal, tiny) -> None:
    async def many(ctx: Ctx) -> None:
        for n in range(40):
            task = f"Задача {n}: " + "прочитать параграф и ответить на вопросы. " * 6
            await read_rows.homework(ctx, tiny, "math-today", task, TODAY + timedelta(days=1))

    await journal.run(many)
    chat = await linked_chat(journal, tiny, "g2")
    await chat.press("Домашнее задание")
    assert len(chat.replies) > 1
    assert all(units(r.text) <= MESSAGE_LIMIT for r in chat.replies)
    assert [r.keyboard is not None for r in chat.replies][-1]
    assert not any(r.keyboard for r in chat.replies[:-1])
    assert all("\n• " not in r.text[:1] for r in chat.replies)
    assert chat.text.count("Задача ") == 40


async def test_a_refusal_is_shown_with_the_menu(
    journal: Journal, tiny: TinySchool, monkeypatch: pytest.MonkeyPatch
) -> None:
    chat = await linked_chat(journal, tiny, "g2")

    async def refuse(turn: object, payload: object) -> list[object]:
        raise AccessDenied("Нет доступа к данным этого ученика.")

    monkeypatch.setitem(routing.ROUTES, Marks, refuse)
    await chat.press("Оценки")
    assert chat.text == "Нет доступа к данным этого ученика."
    assert "Расписание" in chat.labels


async def test_a_failure_is_logged_and_answered_without_a_traceback(
    journal: Journal,
    tiny: TinySchool,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    chat = await linked_chat(journal, tiny, "g2")

    async def crash(turn: object, payload: object) -> list[object]:
        raise RuntimeError("boom")

    monkeypatch.setitem(routing.ROUTES, Marks, crash)
    with caplog.at_level(logging.ERROR):
        await chat.press("Оценки")
    assert chat.text == phrases.SOMETHING_WRONG
    assert "Оценки" in chat.labels
    assert "boom" in caplog.text and "Traceback" not in chat.text


async def test_a_day_far_away_is_not_one_the_bot_offered(journal: Journal, tiny) -> None:
    chat = await linked_chat(journal, tiny, "g2")
    far = ScheduleWeek(pupil=tiny.people["a1"], day=date(2030, 1, 1))
    await chat.send_payload(pack(far))
    assert chat.text.startswith(phrases.STALE_BUTTON)
