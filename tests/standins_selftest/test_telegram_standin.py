import asyncio
from collections.abc import AsyncIterator
from typing import Any

import aiohttp
import pytest
from aiogram import Bot, Dispatcher, F
from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.exceptions import TelegramBadRequest, TelegramForbiddenError, TelegramRetryAfter
from aiogram.filters import CommandStart
from aiogram.types import (
    BotCommand,
    BufferedInputFile,
    CallbackQuery,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    KeyboardButton,
    Message,
    ReplyKeyboardMarkup,
)

from tests.standins import TelegramStandIn

USER = 4242
MENU = InlineKeyboardMarkup(
    inline_keyboard=[
        [InlineKeyboardButton(text="Оценки", callback_data="grades")],
        [InlineKeyboardButton(text="Сайт", url="https://example.org")],
    ]
)


@pytest.fixture
async def standin() -> AsyncIterator[TelegramStandIn]:
    async with TelegramStandIn() as server:
        yield server


@pytest.fixture
async def bot(standin: TelegramStandIn) -> AsyncIterator[Bot]:
    bot = Bot(standin.token, session=AiohttpSession(api=standin.aiogram_server()))
    yield bot
    await bot.session.close()


def make_dispatcher() -> Dispatcher:
    dp = Dispatcher()

    @dp.message(CommandStart())
    async def start(message: Message) -> None:
        await message.answer("Привет, <b>мир</b> &amp; все!", parse_mode="HTML", reply_markup=MENU)

    @dp.callback_query(F.data == "grades")
    async def grades(query: CallbackQuery) -> None:
        await query.answer("Загружаю")
        assert isinstance(query.message, Message)
        await query.message.edit_text("Оценки: 5, 4")

    @dp.message(F.text)
    async def echo(message: Message) -> None:
        await message.answer(f"Вы написали: {message.text}")

    return dp


@pytest.fixture
async def polling(standin: TelegramStandIn, bot: Bot) -> AsyncIterator[Dispatcher]:
    dp = make_dispatcher()
    task = asyncio.create_task(dp.start_polling(bot, handle_signals=False, polling_timeout=1))
    yield dp
    await dp.stop_polling()
    await task


async def raw_call(standin: TelegramStandIn, method: str, **body: Any) -> tuple[int, Any]:
    async with (
        aiohttp.ClientSession() as session,
        session.post(f"{standin.url}/bot{standin.token}/{method}", json=body) as response,
    ):
        return response.status, await response.json()


async def test_text_round_trip(standin: TelegramStandIn, polling: Dispatcher) -> None:
    await standin.user_sends_text(USER, "привет")
    [reply] = await standin.wait_for_messages(USER)
    assert reply.plain_text == "Вы написали: привет"
    assert reply.method == "sendMessage"
    standin.assert_no_violations()


async def test_button_press_round_trip(standin: TelegramStandIn, polling: Dispatcher) -> None:
    await standin.user_sends_command(USER, "start")
    [menu] = await standin.wait_for_messages(USER)
    assert menu.plain_text == "Привет, мир & все!"
    assert menu.button_labels() == ["Оценки", "Сайт"]
    await standin.user_presses(USER, "Оценки")
    [answer] = await standin.wait_for_callback_answers()
    assert (answer.text, answer.data) == ("Загружаю", "grades")
    [edit] = await standin.wait_for_edits(USER)
    assert (edit.message_id, edit.plain_text, edit.reply_markup) == (
        menu.message_id,
        "Оценки: 5, 4",
        None,
    )
    assert standin.unanswered_callback_queries() == []
    standin.assert_no_violations()


async def test_pressing_a_missing_label_lists_the_buttons(
    standin: TelegramStandIn, bot: Bot
) -> None:
    standin.add_chat(USER)
    await bot.send_message(USER, "меню", reply_markup=MENU)
    with pytest.raises(AssertionError, match="Оценки"):
        await standin.user_presses(USER, "Нет такой")


async def test_unknown_method_is_404(standin: TelegramStandIn) -> None:
    status, body = await raw_call(standin, "sendMesage", chat_id=USER, text="x")
    assert (status, body) == (404, {"ok": False, "error_code": 404, "description": "Not Found"})
    assert standin.violations and standin.violations[0].startswith("sendMesage: Not Found")


async def test_missing_chat_id_and_unknown_field(standin: TelegramStandIn) -> None:
    status, body = await raw_call(standin, "sendMessage", text="x")
    assert (status, body["description"]) == (400, "Bad Request: chat_id is empty")
    status, body = await raw_call(standin, "sendMessage", chat_id=USER, text="x", colour="red")
    assert status == 400 and "colour" in body["description"]
    assert len(standin.violations) == 2


@pytest.mark.parametrize(
    ("kwargs", "description"),
    [
        ({"text": "я" * 4097}, "Bad Request: message is too long"),
        ({"text": "   "}, "Bad Request: message text is empty"),
        (
            {
                "text": "x",
                "reply_markup": InlineKeyboardMarkup(
                    inline_keyboard=[[InlineKeyboardButton(text="b", callback_data="ж" * 32 + "x")]]
                ),
            },
            "Bad Request: BUTTON_DATA_INVALID",
        ),
        (
            {"text": "<b>жирный</i>", "parse_mode": "HTML"},
            "Bad Request: can't parse entities: Unmatched end tag at byte offset 15, "
            'expected "</b>", found "</i>"',
        ),
        (
            {"text": "5 < 6", "parse_mode": "HTML"},
            'Bad Request: can\'t parse entities: Unsupported start tag "" at byte offset 2',
        ),
        (
            {"text": "Итого: 5.", "parse_mode": "MarkdownV2"},
            "Bad Request: can't parse entities: Character '.' is reserved and must be escaped "
            "with the preceding '\\'",
        ),
        (
            {
                "text": "x",
                "reply_markup": InlineKeyboardMarkup(
                    inline_keyboard=[[InlineKeyboardButton(text="только текст")]]
                ),
            },
            "Bad Request: can't parse inline keyboard button: Text buttons are unallowed in the "
            "inline keyboard",
        ),
    ],
)
async def test_bad_send_message_is_rejected(
    standin: TelegramStandIn, bot: Bot, kwargs: dict[str, Any], description: str
) -> None:
    standin.add_chat(USER)
    with pytest.raises(TelegramBadRequest) as caught:
        await bot.send_message(USER, **kwargs)
    assert caught.value.message == description
    assert len(standin.violations) == 1 and description in standin.violations[0]
    assert standin.messages_to(USER) == []


async def test_html_text_length_counts_without_tags(standin: TelegramStandIn, bot: Bot) -> None:
    standin.add_chat(USER)
    await bot.send_message(USER, "<b>" + "&lt;" * 4096 + "</b>", parse_mode="HTML")
    assert standin.messages_to(USER)[0].plain_text == "<" * 4096
    standin.assert_no_violations()


async def test_callback_answer_and_commands_limits(standin: TelegramStandIn, bot: Bot) -> None:
    with pytest.raises(TelegramBadRequest, match="MESSAGE_TOO_LONG"):
        await bot.answer_callback_query("1", text="x" * 201)
    with pytest.raises(TelegramBadRequest, match="BOT_COMMAND_INVALID"):
        await bot.set_my_commands([BotCommand(command="Start", description="go")])
    with pytest.raises(TelegramBadRequest, match="BOT_COMMANDS_TOO_MUCH"):
        await bot.set_my_commands(
            [BotCommand(command=f"c{i}", description="d") for i in range(101)]
        )
    assert await bot.set_my_commands([BotCommand(command="start", description="Начать")])
    assert [c.command for c in await bot.get_my_commands()] == ["start"]
    assert len(standin.violations) == 3


async def test_not_modified_is_recorded_but_not_a_violation(
    standin: TelegramStandIn, bot: Bot
) -> None:
    standin.add_chat(USER)
    sent = await bot.send_message(USER, "Оценки", reply_markup=MENU)
    with pytest.raises(TelegramBadRequest, match="message is not modified"):
        await bot.edit_message_text(
            "Оценки", chat_id=USER, message_id=sent.message_id, reply_markup=MENU
        )
    assert standin.violations == [] and len(standin.not_modified) == 1
    with pytest.raises(TelegramBadRequest, match="message to edit not found"):
        await bot.edit_message_text("x", chat_id=USER, message_id=999)
    assert len(standin.violations) == 1


async def test_blocked_and_unknown_users_are_forbidden(standin: TelegramStandIn, bot: Bot) -> None:
    standin.add_chat(USER)
    standin.block_user(USER)
    with pytest.raises(TelegramForbiddenError, match="bot was blocked by the user"):
        await bot.send_message(USER, "x")
    with pytest.raises(TelegramForbiddenError, match="can't initiate conversation"):
        await bot.send_message(USER + 1, "x")
    standin.assert_no_violations()


async def test_injected_429_must_be_honoured(standin: TelegramStandIn, bot: Bot) -> None:
    standin.add_chat(USER)
    standin.fail_next("sendMessage", error_code=429, retry_after=1)
    with pytest.raises(TelegramRetryAfter) as caught:
        await bot.send_message(USER, "x")
    assert caught.value.retry_after == 1
    standin.assert_no_violations()
    with pytest.raises(TelegramRetryAfter):
        await bot.send_message(USER, "x")
    assert standin.violations and "429 not honoured" in standin.violations[0]
    await asyncio.sleep(1.0)
    await bot.send_message(USER, "x")
    assert len(standin.messages_to(USER)) == 1


async def test_rate_limits_per_chat(bot: Bot) -> None:
    async with TelegramStandIn(rate_limits=True) as limited:
        session = AiohttpSession(api=limited.aiogram_server())
        async with Bot(limited.token, session=session) as limited_bot:
            limited.add_chat(USER)
            await limited_bot.send_message(USER, "first")
            with pytest.raises(TelegramRetryAfter):
                await limited_bot.send_message(USER, "second")
        limited.assert_no_violations()


async def test_files_are_recorded_and_photos_checked(standin: TelegramStandIn, bot: Bot) -> None:
    standin.add_chat(USER)
    report = BufferedInputFile(b"col1;col2\n5;4\n", filename="grades.csv")
    message = await bot.send_document(USER, report, caption="Табель")
    assert message.document is not None and message.document.file_name == "grades.csv"
    [sent] = standin.messages_to(USER)
    assert sent.document is not None and sent.document.data == b"col1;col2\n5;4\n"
    with pytest.raises(TelegramBadRequest, match="IMAGE_PROCESS_FAILED"):
        await bot.send_photo(USER, BufferedInputFile(b"not an image", filename="x.png"))
    with pytest.raises(TelegramBadRequest, match="message caption is too long"):
        await bot.send_document(USER, report, caption="x" * 1025)


async def test_forged_callback_without_handler_stays_unanswered(
    standin: TelegramStandIn, polling: Dispatcher
) -> None:
    await standin.user_sends_command(USER, "start")
    [menu] = await standin.wait_for_messages(USER)
    await standin.user_presses_data(USER, menu.message_id, "grades:999")
    await standin.user_sends_text(USER, "ещё")
    await standin.wait_for_messages(USER)
    assert len(standin.unanswered_callback_queries()) == 1
    standin.assert_no_violations()


async def test_concurrent_get_updates_conflict(standin: TelegramStandIn) -> None:
    first = asyncio.create_task(raw_call(standin, "getUpdates", timeout=2))
    await standin.wait_until(lambda: len(standin.calls) == 1)
    status, body = await raw_call(standin, "getUpdates", timeout=0)
    assert (status, body) == (200, {"ok": True, "result": []})
    status, body = await first
    assert status == 409 and body["description"].startswith("Conflict: terminated by other")
    assert len(standin.violations) == 1


async def test_reply_keyboard_press_sends_the_label(standin: TelegramStandIn, bot: Bot) -> None:
    standin.add_chat(USER)
    keyboard = ReplyKeyboardMarkup(
        keyboard=[[KeyboardButton(text="Расписание")]], resize_keyboard=True, one_time_keyboard=True
    )
    await bot.send_message(USER, "меню", reply_markup=keyboard, disable_web_page_preview=True)
    await standin.user_presses(USER, "Расписание")
    [update] = await bot.get_updates(timeout=1)
    assert update.message is not None and update.message.text == "Расписание"
    with pytest.raises(AssertionError, match="no button"):
        await standin.user_presses(USER, "Расписание")
    assert standin.deprecated == [
        "sendMessage: disable_web_page_preview (superseded by link_preview_options)"
    ]
    standin.assert_no_violations()
