"""The bot's HTTP session: what it sends, texts, keyboards and uploads, is what Telegram takes."""

import gc
import json
import weakref

from aiogram.methods import (
    AnswerCallbackQuery,
    EditMessageText,
    GetFile,
    GetUpdates,
    SendDocument,
    SendMessage,
    SendPhoto,
)
from aiogram.methods.base import Response
from aiogram.types import BufferedInputFile, InlineKeyboardButton, InlineKeyboardMarkup

from bot.telegram.adapter import HELD_RESPONSES, make_bot
from tests.standins import TelegramStandIn

CHAT = 601


async def test_texts_keyboards_and_uploads_reach_telegram(telegram: TelegramStandIn) -> None:
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
        await bot.send_message(CHAT, "без кнопок", disable_notification=False)
        document = BufferedInputFile(b"%PDF-1.4 test", filename="codes.pdf")
        shared = await bot.send_document(CHAT, document, caption="Коды 5А")
        assert shared.document is not None and shared.document.file_name == "codes.pdf"
    finally:
        await bot.session.close()
    calls = [c for c in telegram.calls if c.method in ("sendMessage", "sendDocument")]
    first, plain, upload = calls
    assert plain.params["disable_notification"] in (False, "false")
    assert json.loads(first.params["reply_markup"]) == markup.model_dump(exclude_none=True)
    assert str(first.params["chat_id"]) == str(CHAT)
    assert upload.params["caption"] == "Коды 5А"
    assert not telegram.violations


def test_the_answers_the_bot_reads_are_parsed_with_models_that_outlive_a_collection() -> None:
    """aiogram parses each answer with Response[<the method's result>], which pydantic keeps
    only weakly; the adapter holds the ones its requests use, so that no garbage collection
    makes the next reply build one again. aiogram's own declaration of each result is read
    here (a test may) so that an upgrade changing one fails here, not silently in latency."""
    methods = (
        GetUpdates,
        GetFile,
        SendMessage,
        SendPhoto,
        SendDocument,
        EditMessageText,
        AnswerCallbackQuery,
    )
    alive = [weakref.ref(Response[method.__returning__]) for method in methods]
    gc.collect()
    assert all(ref() is not None for ref in alive)
    assert {ref() for ref in alive} == set(HELD_RESPONSES)
