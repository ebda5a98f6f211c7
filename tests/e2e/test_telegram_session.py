"""The bot's HTTP session: requests without files go as JSON, uploads as multipart forms."""

import json
from datetime import UTC, datetime

from aiogram import Bot
from aiogram.client.default import DefaultBotProperties
from aiogram.methods import BanChatMember, SendDocument, SendMessage
from aiogram.types import (
    BufferedInputFile,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    ReplyParameters,
)
from aiohttp import FormData
from aiohttp.payload import JsonPayload

from bot.telegram_adapter import make_bot
from bot.telegram_session import JsonSession
from tests.standins import TelegramStandIn

CHAT = 601


async def test_json_without_files_and_a_form_with_them(telegram: TelegramStandIn) -> None:
    bot = make_bot(telegram.token, telegram.url)
    markup = InlineKeyboardMarkup(
        inline_keyboard=[[InlineKeyboardButton(text="Оценки · 5А", callback_data="1m")]]
    )
    try:
        await telegram.user_sends_text(CHAT, "Привет", "Анна")  # the chat exists
        sent = await bot.send_message(
            CHAT, "Домашнее задание: «№ 12» & 14\n• Стр. 40", reply_markup=markup
        )
        assert sent.text == "Домашнее задание: «№ 12» & 14\n• Стр. 40"
        assert sent.message_id > 0
        assert sent.reply_markup is None  # Telegram repeats it back; the session drops it
        await bot.send_message(CHAT, "без кнопок", disable_notification=False)
        document = BufferedInputFile(b"%PDF-1.4 test", filename="codes.pdf")
        shared = await bot.send_document(CHAT, document, caption="Коды 5А")
        assert shared.document is not None and shared.document.file_name == "codes.pdf"
    finally:
        await bot.session.close()
    calls = [c for c in telegram.calls if c.method in ("sendMessage", "sendDocument")]
    first, plain, upload = calls
    assert first.params["reply_markup"] == markup.model_dump(exclude_none=True)  # an object
    assert first.params["chat_id"] == CHAT  # a number, as JSON has them
    assert plain.params["disable_notification"] is False
    assert upload.params["caption"] == "Коды 5А" and upload.params["chat_id"] == str(CHAT)
    assert not telegram.violations


def test_what_json_cannot_say_goes_aiogram_s_way() -> None:
    bot = Bot("123:abc", session=JsonSession(), default=DefaultBotProperties(protect_content=True))
    plain = bot.session.build_form_data(bot, SendMessage(chat_id=1, text="Привет"))
    assert isinstance(plain, JsonPayload)
    body = json.loads(plain._value)
    assert body == {"chat_id": 1, "text": "Привет", "protect_content": True}  # the bot's default
    assert "Привет".encode() in plain._value  # UTF-8, not \u escapes
    for method in (
        SendMessage(chat_id=1, text="a", reply_parameters=ReplyParameters(message_id=5)),
        BanChatMember(chat_id=1, user_id=2, until_date=datetime(2026, 12, 1, tzinfo=UTC)),
        SendDocument(chat_id=1, document=BufferedInputFile(b"%PDF", filename="a.pdf")),
    ):
        assert isinstance(bot.session.build_form_data(bot, method), FormData), method
