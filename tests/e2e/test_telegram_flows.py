"""The real aiogram bot, polling the Telegram stand-in, with the real conversation on `tiny`."""

import asyncio

from bot.telegram.runtime import TelegramBot
from handlers.core.io import Attachment, Incoming, Reply
from keyboards.actions.family import Marks
from keyboards.model import Button, Keyboard
from keyboards.payloads import pack
from services.context import Journal
from tests.e2e.conftest import (
    Handle,
    invite_code,
    on_sqlite,
    record_marks,
    running,
    telegram_polling,
)
from tests.standins import TelegramStandIn
from tests.tiny_school import TinySchool
from texts import phrases

PARENT = 501  # g2: the father of a1 (Иван, 5А)
MOTHER = 502  # g1: the mother of a1 and b1
STRANGER = 503


async def one(telegram: TelegramStandIn, chat: int) -> str:
    (message,) = await telegram.wait_for_messages(chat)
    assert message.plain_text is not None
    return message.plain_text


async def link_and_consent(telegram: TelegramStandIn, chat: int, code: str) -> str:
    await telegram.user_sends_text(chat, f"/start {code}", "Сергей")
    accepted, consent = await telegram.wait_for_messages(chat, 2)
    assert accepted.plain_text is not None and accepted.plain_text.startswith("Код принят")
    assert consent.button_labels() == [phrases.AGREE, phrases.DISAGREE]
    await telegram.user_presses(chat, phrases.AGREE)
    return await one(telegram, chat)


@on_sqlite
async def test_guardian_reads_marks_schedule_homework(
    telegram: TelegramStandIn, handle: Handle, journal: Journal, tiny: TinySchool
) -> None:
    await record_marks(journal, tiny, "a1", 5, 4)
    await record_marks(journal, tiny, "a2", 2)  # someone else's child: must never show up
    code = await invite_code(journal, tiny, "g2")
    async with telegram_polling(telegram, handle):
        menu = await link_and_consent(telegram, PARENT, code)
        assert phrases.CONSENT_THANKS in menu and "Иван, 5А" in menu

        await telegram.user_presses(PARENT, phrases.MARKS)
        marks = await one(telegram, PARENT)
        assert "пн, 16 ноября — Математика: 5 (отв)" in marks
        assert "пн, 16 ноября — Математика: 4 (отв)" in marks
        assert "2 (отв)" not in marks

        await telegram.user_presses(PARENT, phrases.TO_MENU)
        (back,) = await telegram.wait_for_edits(PARENT)  # the marks turn into the menu
        assert phrases.MARKS in back.button_labels()
        await telegram.user_presses(PARENT, phrases.SCHEDULE)
        schedule = await one(telegram, PARENT)
        assert "Расписание на ср, 18 ноября · Иван, 5А" in schedule
        assert "1. 08:30–09:15 Математика, каб. 21" in schedule

        await telegram.user_presses(PARENT, phrases.TO_MENU)
        await telegram.wait_for_edits(PARENT)
        await telegram.user_presses(PARENT, phrases.HOMEWORK)
        homework = await one(telegram, PARENT)
        assert "Домашнее задание на чт, 19 ноября" in homework

        # A forged button naming another pupil shows a fresh menu and nothing of that pupil.
        sent = telegram.messages_to(PARENT)[-1]
        forged = pack(Marks(pupil=tiny.people["a2"]))
        await telegram.user_presses_data(PARENT, sent.message_id, forged)
        reply = await one(telegram, PARENT)
        assert phrases.STALE_BUTTON in reply and "Анна" not in reply and "2 (отв)" not in reply
        await telegram.user_presses_data(PARENT, sent.message_id, "'; DROP TABLE marks; --")
        assert phrases.STALE_BUTTON in await one(telegram, PARENT)

        await telegram.user_sends_text(PARENT, "абырвалг")
        assert phrases.NOT_UNDERSTOOD in await one(telegram, PARENT)

    commands = telegram.bots[telegram.token].commands
    menu_commands = [c["command"] for c in next(iter(commands.values()))]
    assert {"start", "menu", "help", "marks", "homework", "schedule"} <= set(menu_commands)
    assert telegram.unanswered_callback_queries() == []
    assert telegram.violations == []


@on_sqlite
async def test_guardian_of_two_children_picks_one(
    telegram: TelegramStandIn, handle: Handle, journal: Journal, tiny: TinySchool
) -> None:
    await record_marks(journal, tiny, "a1", 3)
    code = await invite_code(journal, tiny, "g1")
    async with telegram_polling(telegram, handle):
        picker = await link_and_consent(telegram, MOTHER, code)
        assert phrases.PICK_CHILD in picker
        await telegram.user_presses(MOTHER, "Иван, 5А")
        (picked,) = await telegram.wait_for_edits(MOTHER)  # choosing a child edits the picker
        assert "Теперь показываю: Иван, 5А." in (picked.plain_text or "")
        await telegram.user_presses(MOTHER, phrases.MARKS)
        assert "пн, 16 ноября — Математика: 3 (отв)" in await one(telegram, MOTHER)
    assert telegram.unanswered_callback_queries() == []
    assert telegram.violations == []


@on_sqlite
async def test_stranger_wrong_code_and_stray_buttons(
    telegram: TelegramStandIn, handle: Handle
) -> None:
    async with telegram_polling(telegram, handle):
        await telegram.user_sends_text(STRANGER, "/start")
        assert await one(telegram, STRANGER) == phrases.WELCOME
        await telegram.user_sends_text(STRANGER, "/start ABCE-HKMP-TX")
        assert (await one(telegram, STRANGER)).startswith("Не получилось")
        await telegram.user_presses_data(STRANGER, 1, pack(Marks(pupil=1)))
        assert await one(telegram, STRANGER) == phrases.WELCOME
    assert telegram.unanswered_callback_queries() == []
    assert telegram.violations == []


# The adapter on its own, with scripted replies: what the conversation does not exercise.

USER = 600


async def test_edit_files_long_text_and_oversize_button(telegram: TelegramStandIn) -> None:
    menu = Keyboard.of([Button("Дальше", "next"), Button("Слишком длинно", "x" * 65)])
    png = b"\x89PNG\r\n\x1a\n" + b"\0" * 32

    async def handle(incoming: Incoming) -> list[Reply]:
        if incoming.payload == "next":
            return [
                Reply("Страница 2", Keyboard.of([Button("Дальше", "next")]), edit=True),
                Reply("Табель", attachment=Attachment("tabel.pdf", b"%PDF-1.4 ...")),
                Reply("Фото", attachment=Attachment("photo.png", png, kind="photo")),
            ]
        return [Reply("строка\n" * 1500, menu)]

    async with telegram_polling(telegram, handle):
        await telegram.user_sends_text(USER, "привет")
        chunks = await telegram.wait_for_messages(USER, 3)
        assert all(len(m.text or "") <= 4096 for m in chunks)
        assert [m.button_labels() for m in chunks] == [[], [], ["Дальше"]]

        await telegram.user_presses(USER, "Дальше")
        (edited,) = await telegram.wait_for_edits(USER)
        assert edited.message_id == chunks[-1].message_id and edited.plain_text == "Страница 2"
        document, photo = await telegram.wait_for_messages(USER, 2)
        assert (document.method, photo.method) == ("sendDocument", "sendPhoto")
        assert document.document is not None and document.document.filename == "tabel.pdf"

        await telegram.user_presses(USER, "Дальше")  # same content: "not modified" is fine
        await telegram.wait_for_messages(USER, 2)
    assert telegram.not_modified
    assert telegram.unanswered_callback_queries() == []
    assert telegram.violations == []


async def test_failing_handler_still_answers_the_button(telegram: TelegramStandIn) -> None:
    async def handle(incoming: Incoming) -> list[Reply]:
        raise RuntimeError("boom")

    async with telegram_polling(telegram, handle):
        await telegram.user_sends_text(USER, "привет")
        assert await one(telegram, USER) == "Не получилось ответить. Попробуйте ещё раз чуть позже."
        await telegram.user_presses_data(USER, 1, "anything")
        (answer,) = await telegram.wait_for_callback_answers()
        assert answer.text
    assert telegram.violations == []


async def test_flood_control_is_honoured(telegram: TelegramStandIn) -> None:
    async def handle(incoming: Incoming) -> list[Reply]:
        return [Reply(f"эхо: {incoming.text}")]

    telegram.fail_next("sendMessage", 429, retry_after=1)
    async with telegram_polling(telegram, handle):
        await telegram.user_sends_text(USER, "раз")
        assert await one(telegram, USER) == "эхо: раз"
    assert telegram.violations == []


async def test_one_chat_answered_in_order(telegram: TelegramStandIn) -> None:
    delays = {"1": 0.3, "2": 0.0, "3": 0.1}

    async def handle(incoming: Incoming) -> list[Reply]:
        await asyncio.sleep(delays[incoming.text or ""])
        return [Reply(f"ответ {incoming.text}")]

    async with telegram_polling(telegram, handle):
        for text in "123":
            await telegram.user_sends_text(USER, text)
        replies = await telegram.wait_for_messages(USER, 3)
    assert [m.plain_text for m in replies] == ["ответ 1", "ответ 2", "ответ 3"]


async def test_stop_waits_for_replies_in_flight(telegram: TelegramStandIn) -> None:
    started = asyncio.Event()

    async def handle(incoming: Incoming) -> list[Reply]:
        started.set()
        await asyncio.sleep(0.5)
        return [Reply("успел")]

    bot = TelegramBot(handle, token=telegram.token, api_url=telegram.url, polling_timeout=1)
    async with running(bot) as stop:
        await telegram.user_sends_text(USER, "привет")
        await started.wait()
        stop.set()
    assert [m.plain_text for m in telegram.messages_to(USER)] == ["успел"]
    assert telegram.violations == []


async def test_group_chats_are_ignored(telegram: TelegramStandIn) -> None:
    async def handle(incoming: Incoming) -> list[Reply]:
        return [Reply(f"эхо: {incoming.text}")]

    async with telegram_polling(telegram, handle):
        await telegram.user_sends_text(-100500, "/start")  # a group the bot was added to
        await telegram.user_sends_text(USER, "привет")
        assert await one(telegram, USER) == "эхо: привет"
    assert telegram.messages_to(-100500) == []
    assert telegram.violations == []
