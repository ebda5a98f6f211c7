"""The real vk_api client on Bots Long Poll against the VK stand-in, with the real conversation."""

import asyncio
import json
import threading
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from jconfig.memory import MemoryConfig
from vk_api import VkApi

from bot.chat_sequencing import ChatSequencer
from bot.vk.adapter import VkCalls, VkConversationBridge, incoming_from_message
from bot.vk.runtime import API_VERSION, VkBot
from bot.vk.transport import make_vk_session
from db.enums import Platform
from handlers.core.io import Attachment, Incoming, Reply
from keyboards.actions.family import Marks
from keyboards.model import Button, Keyboard
from keyboards.payloads import pack
from services.context import Journal
from tests.e2e.conftest import Handle, invite_code, on_sqlite, record_marks, running, vk_polling
from tests.standins import VkSentMessage, VkStandIn
from tests.tiny_school import TinySchool
from texts import phrases

PARENT = 701
STRANGER = 702
USER = 703
PNG = b"\x89PNG\r\n\x1a\n" + bytes(32)


async def one(vk: VkStandIn, peer: int) -> str:
    (message,) = await vk.wait_for_messages(peer)
    return message.text


def buttons(message: VkSentMessage) -> dict[str, Any]:
    """Label -> payload of a sent or edited message's keyboard, read from the request itself."""
    raw = message.params.get("keyboard") or "{}"
    keyboard = json.loads(raw) if isinstance(raw, str) else raw
    return {
        b["action"]["label"]: json.loads(b["action"].get("payload") or "null")
        for row in keyboard.get("buttons", [])
        for b in row
    }


async def press(vk: VkStandIn, peer: int, message: VkSentMessage, label: str) -> None:
    """Press a button of that very message (also of an edited one)."""
    await vk.user_presses_payload(peer, buttons(message)[label], message.conversation_message_id)


@on_sqlite
async def test_guardian_reads_the_journal(
    vk: VkStandIn, handle: Handle, journal: Journal, tiny: TinySchool
) -> None:
    await record_marks(journal, tiny, "a1", 5, 4)
    await record_marks(journal, tiny, "a2", 2)
    code = await invite_code(journal, tiny, "g2")
    async with vk_polling(vk, handle):
        # VK's own "Начать" button carries {"command": "start"}, not one of our payloads.
        await vk.user_sends_text(PARENT, "Начать", payload={"command": "start"})
        assert await one(vk, PARENT) == phrases.WELCOME
        await vk.user_sends_text(PARENT, code)
        accepted, consent = await vk.wait_for_messages(PARENT, 2)
        assert accepted.text.startswith("Код принят: Иванов Сергей")
        assert consent.button_labels() == [phrases.AGREE, phrases.DISAGREE]
        await vk.user_presses(PARENT, phrases.AGREE)
        assert "Иван, 5А" in await one(vk, PARENT)

        await vk.user_presses(PARENT, phrases.MARKS)
        marks = await one(vk, PARENT)
        assert "пн, 16 ноября — Математика: 5 (отв)" in marks
        assert "2 (отв)" not in marks

        await vk.user_presses(PARENT, phrases.TO_MENU)
        (back,) = await vk.wait_for_edits(PARENT)  # the marks turn into the menu
        assert phrases.SCHEDULE in buttons(back)
        await vk.user_presses(PARENT, phrases.SCHEDULE)
        day = (await vk.wait_for_messages(PARENT))[0]
        assert "Расписание на ср, 18 ноября · Иван, 5А" in day.text
        await vk.user_presses(PARENT, phrases.WEEK)
        (week,) = await vk.wait_for_edits(PARENT)
        assert week.conversation_message_id == day.conversation_message_id
        assert "пн, 16 ноября" in week.text
        await press(vk, PARENT, week, phrases.NEXT_WEEK)
        (next_week,) = await vk.wait_for_edits(PARENT)
        assert "пн, 23 ноября" in next_week.text and phrases.PREV_WEEK in buttons(next_week)

        forged = pack(Marks(pupil=tiny.people["a2"]))
        await vk.user_presses_payload(PARENT, {"p": forged})
        reply = await one(vk, PARENT)
        assert phrases.STALE_BUTTON in reply and "Анна" not in reply
        await vk.user_presses_payload(PARENT, {"command": "drop"})
        assert phrases.STALE_BUTTON in await one(vk, PARENT)
        await vk.user_sends_text(PARENT, "абырвалг")
        assert phrases.NOT_UNDERSTOOD in await one(vk, PARENT)

    assert vk.unanswered_events() == []
    assert vk.violations == []


@on_sqlite
async def test_stranger_and_wrong_code(vk: VkStandIn, handle: Handle) -> None:
    async with vk_polling(vk, handle):
        await vk.user_sends_text(STRANGER, "/start ABCE-HKMP-TX")
        assert (await one(vk, STRANGER)).startswith("Не получилось")
        await vk.user_presses_payload(STRANGER, {"p": pack(Marks(pupil=1))})
        assert await one(vk, STRANGER) == phrases.WELCOME
    assert vk.unanswered_events() == []
    assert vk.violations == []


def test_message_mapping() -> None:
    base = {"from_id": 5, "peer_id": 5, "text": "привет"}
    assert incoming_from_message(base) == Incoming(Platform.VK, "5", text="привет")
    assert incoming_from_message({**base, "ref": "ABCE"}) == Incoming(
        Platform.VK, "5", text="/start ABCE"
    )
    assert incoming_from_message({**base, "payload": '{"p":"1m"}'}) == Incoming(
        Platform.VK, "5", payload="1m"
    )
    assert incoming_from_message({**base, "payload": '{"command": "start"}'}) == Incoming(
        Platform.VK, "5", text="/start"
    )
    assert incoming_from_message({**base, "peer_id": 2_000_000_001}) is None  # a group chat
    assert incoming_from_message({**base, "from_id": -1, "peer_id": -1}) is None


async def test_pages_edit_and_files(vk: VkStandIn) -> None:
    many = Keyboard.of(*([Button(f"Урок {i}", f"l{i}")] for i in range(14)))

    async def handle(incoming: Incoming) -> list[Reply]:
        if incoming.payload:
            return [
                Reply(f"нажато {incoming.payload}", edit=True),
                Reply("Табель", attachment=Attachment("tabel.pdf", b"%PDF-1.4")),
                Reply("", attachment=Attachment("chart.png", PNG, kind="photo")),
            ]
        return [Reply("x" * 5000, many)]

    async with vk_polling(vk, handle):
        await vk.user_sends_text(USER, "привет")
        messages = await vk.wait_for_messages(USER, 4)
        assert [len(m.button_labels()) for m in messages] == [0, 6, 6, 2]
        assert all(len(m.text) <= 4096 for m in messages)
        assert len({m.random_id for m in messages}) == 4

        await vk.user_presses(USER, "Урок 13")
        (edited,) = await vk.wait_for_edits(USER)
        assert edited.text == "нажато l13" and buttons(edited) == {}
        document, photo = await vk.wait_for_messages(USER, 2)
        assert document.attachments[0].startswith("doc") and document.files[0].data == b"%PDF-1.4"
        assert photo.attachments[0].startswith("photo") and photo.files[0].data == PNG
    assert vk.violations == []


async def test_a_redelivered_event_is_not_answered_twice(vk: VkStandIn) -> None:
    async def handle(incoming: Incoming) -> list[Reply]:
        return [Reply(f"эхо: {incoming.text}"), Reply("второе")]

    api = VkApi(
        token=vk.token,
        session=make_vk_session(vk.api_url),
        api_version=API_VERSION,
        config=MemoryConfig,
    )
    api.RPS_DELAY = 0
    with ThreadPoolExecutor(2) as executor:
        bridge = VkConversationBridge(handle, VkCalls(api, executor), ChatSequencer())
        event = await vk.user_sends_text(USER, "привет")
        await bridge.on_event(event)
        await bridge.on_event(event)  # e.g. handled again after a crash before the next poll
    assert [m.text for m in vk.messages_to(USER)] == ["эхо: привет", "второе"]
    assert len(vk.deduplicated) == 2
    assert vk.violations == []


async def test_failing_handler_still_answers_the_button(vk: VkStandIn) -> None:
    async def handle(incoming: Incoming) -> list[Reply]:
        raise RuntimeError("boom")

    async with vk_polling(vk, handle):
        await vk.user_presses_payload(USER, {"p": "x"})
        (answer,) = await vk.wait_for_event_answers()
        assert answer.event_data is not None and answer.event_data["type"] == "show_snackbar"
    assert vk.violations == []


async def test_event_loop_never_waits_for_vk(vk: VkStandIn) -> None:
    """Every vk_api call happens off the event loop's thread."""
    loop_thread = threading.get_ident()
    seen: list[int] = []
    original = VkBot._make_vk

    def spy(bot: VkBot):  # type: ignore[no-untyped-def]
        api = original(bot)
        method = api.method

        def recorded(*args, **kwargs):  # type: ignore[no-untyped-def]
            seen.append(threading.get_ident())
            return method(*args, **kwargs)

        api.method = recorded  # type: ignore[method-assign]
        return api

    async def handle(incoming: Incoming) -> list[Reply]:
        return [Reply("ok")]

    VkBot._make_vk = spy  # type: ignore[method-assign]
    try:
        async with vk_polling(vk, handle):
            await vk.user_sends_text(USER, "привет")
            await vk.wait_for_messages(USER)
    finally:
        VkBot._make_vk = original  # type: ignore[method-assign]
    assert seen and loop_thread not in seen


async def test_long_poll_key_expiry_and_clean_stop(vk: VkStandIn) -> None:
    started = asyncio.Event()

    async def handle(incoming: Incoming) -> list[Reply]:
        started.set()
        await asyncio.sleep(0.3)
        return [Reply(f"эхо: {incoming.text}")]

    bot = VkBot(
        handle,
        token=vk.token,
        group_id=vk.group_id,
        api_url=vk.api_url,
        wait=1,
        min_call_interval=0,
    )
    async with running(bot) as stop:
        await vk.wait_for_poller()
        vk.expire_long_poll_key()
        await vk.user_sends_text(USER, "раз")
        await started.wait()
        stop.set()
    assert [m.text for m in vk.messages_to(USER)] == ["эхо: раз"]
    assert not any(t.name == "vk-longpoll" for t in threading.enumerate())
    assert vk.violations == []
