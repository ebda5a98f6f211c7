"""aiogram 3 adapter: Telegram update -> Incoming -> handle -> replies -> Bot API calls."""

import asyncio
import io
import logging
from collections.abc import Awaitable, Callable
from functools import partial
from typing import TypeVar

from aiogram import Bot, Dispatcher, Router
from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.client.telegram import TelegramAPIServer
from aiogram.enums import ChatType
from aiogram.exceptions import (
    TelegramAPIError,
    TelegramBadRequest,
    TelegramForbiddenError,
    TelegramRetryAfter,
)
from aiogram.methods.base import Response
from aiogram.types import BotCommand, BufferedInputFile, CallbackQuery, File, Message, Update

from bot.chat_sequencing import ChatSequencer
from bot.secrets_in_logs import shown_error
from db.enums import Platform
from handlers.core.io import (
    DOCUMENT,
    PHOTO,
    FileTooLarge,
    FileUnavailable,
    Incoming,
    IncomingFile,
    Reply,
)
from keyboards.render.telegram import render_inline
from texts.splitting import split_text

log = logging.getLogger(__name__)

Handle = Callable[[Incoming], Awaitable[list[Reply]]]
T = TypeVar("T")

TEXT_LIMIT = 4096
CAPTION_LIMIT = 1024
PHOTO_SEND_LIMIT = 10 * 1024 * 1024  # sendPhoto's; a bigger picture goes as a document
DOWNLOAD_TIMEOUT_SECONDS = 120
# What a message may carry besides a photo or a document: named, so the refusal can say what.
OTHER_FILES = ("animation", "voice", "video_note", "video", "audio", "sticker")
RETRY_AFTER_MAX_SECONDS = 30
FAILURE_TEXT = "Не получилось ответить. Попробуйте ещё раз чуть позже."
MENU_COMMANDS = (
    BotCommand(command="start", description="Начать или ввести код приглашения"),
    BotCommand(command="menu", description="Главное меню"),
    BotCommand(command="marks", description="Последние оценки"),
    BotCommand(command="homework", description="Домашнее задание"),
    BotCommand(command="schedule", description="Расписание на сегодня"),
    BotCommand(command="help", description="Что умеет бот"),
    BotCommand(command="forget", description="Удалить привязку и мои данные"),
)

# aiogram reads every answer as Response[<what the method returns>], a generic pydantic model
# that pydantic caches only weakly: each garbage collection frees it and the next request
# builds it again, some 7 ms. The ones this bot's requests use are built once and held here,
# spelled as aiogram's methods declare their results (tests/e2e/test_telegram_session.py
# checks that they still match).
HELD_RESPONSES = (
    Response[list[Update]],  # getUpdates
    Response[File],  # getFile
    Response[Message],  # sendMessage, sendPhoto, sendDocument
    Response[Message | bool],  # editMessageText
    Response[bool],  # answerCallbackQuery
)


def make_bot(token: str, api_url: str) -> Bot:
    # No parse_mode: replies are plain text, so a "<" in a homework text can never break a send.
    return Bot(token, session=AiohttpSession(api=TelegramAPIServer.from_base(api_url)))


def make_dispatcher(handle: Handle, sequencer: ChatSequencer | None = None) -> Dispatcher:
    # The conversation keeps its state in the journal's database: aiogram's FSM stays off.
    dispatcher = Dispatcher(disable_fsm=True)
    dispatcher.include_router(setup_router(handle, sequencer or ChatSequencer()))
    return dispatcher


def setup_router(handle: Handle, sequencer: ChatSequencer | None = None) -> Router:
    sequencer = sequencer or ChatSequencer()
    router = Router(name="journal")
    # Marks and absences are nobody else's business: the bot talks in private chats only.
    router.message.filter(_in_private_chat)

    @router.message()
    async def on_message(message: Message, bot: Bot) -> None:
        user = message.from_user
        if user is None:
            return
        incoming = Incoming(
            platform=Platform.TELEGRAM,
            account_id=str(user.id),
            text=message.text if message.text is not None else (message.caption or ""),
            display_name=user.full_name,
            files=files_of(bot, message),
        )
        async with sequencer.turn(message.chat.id):
            replies = await _replies(handle, incoming)
            await deliver(bot, message.chat.id, replies)

    @router.callback_query()
    async def on_callback(query: CallbackQuery, bot: Bot) -> None:
        incoming = Incoming(
            platform=Platform.TELEGRAM,
            account_id=str(query.from_user.id),
            payload=query.data or "",
            display_name=query.from_user.full_name,
        )
        pressed = query.message
        chat_id = pressed.chat.id if pressed is not None else query.from_user.id
        private = pressed is None or pressed.chat.type == ChatType.PRIVATE
        async with sequencer.turn(chat_id):
            replies: list[Reply] = []
            failed = False
            try:
                if private:
                    replies = await handle(incoming)
            except Exception:
                log.exception("Telegram: handling a button press failed")
                failed = True
            try:
                await query.answer(text=FAILURE_TEXT if failed else None)
            except TelegramAPIError as exc:
                log.warning("Telegram: answerCallbackQuery failed: %s", exc)
            await deliver(bot, chat_id, replies, pressed.message_id if pressed else None)

    return router


async def _in_private_chat(message: Message) -> bool:
    # A coroutine on purpose: aiogram runs a plain function or a magic filter (F.chat.type
    # == ...) in a worker thread, one thread hop per message.
    return message.chat.type == ChatType.PRIVATE


def files_of(bot: Bot, message: Message) -> tuple[IncomingFile, ...]:
    """The message's file, fetched only if the conversation asks (handlers.core.io.Fetch)."""
    if message.photo:
        biggest = message.photo[-1]  # Telegram lists the sizes from the smallest up
        name = f"photo_{biggest.file_unique_id}.jpg"
        fetch = _fetcher(bot, biggest.file_id)
        return (IncomingFile(PHOTO, name, "image/jpeg", biggest.file_size, fetch),)
    for kind in OTHER_FILES:  # before the document: an animation comes as a document, too
        if getattr(message, kind) is not None:
            return (IncomingFile(kind, size=getattr(message, kind).file_size),)
    document = message.document
    if document is not None:
        fetch = _fetcher(bot, document.file_id)
        name, mime = document.file_name or "", document.mime_type or ""
        return (IncomingFile(DOCUMENT, name, mime, document.file_size, fetch),)
    return ()


def _fetcher(bot: Bot, file_id: str) -> Callable[[int], Awaitable[bytes]]:
    async def fetch(limit: int) -> bytes:
        return await download(bot, file_id, limit)

    return fetch


async def download(bot: Bot, file_id: str, limit: int) -> bytes:
    """getFile, then the file itself: at most `limit` bytes, else FileTooLarge."""
    try:
        file = await bot.get_file(file_id)
    except TelegramBadRequest as exc:
        if "too big" in exc.message:
            raise FileTooLarge(file_id) from exc
        raise FileUnavailable(file_id) from exc
    except TelegramAPIError as exc:
        raise FileUnavailable(file_id) from exc
    if file.file_size is not None and file.file_size > limit:
        raise FileTooLarge(file_id)
    if not file.file_path:
        raise FileUnavailable(file_id)
    buffer = io.BytesIO()
    try:
        await bot.download_file(file.file_path, buffer, timeout=DOWNLOAD_TIMEOUT_SECONDS)
    except Exception as exc:  # aiohttp's errors, a timeout, a bad status: the file is not here
        log.warning("Telegram: downloading a file failed: %s", shown_error(exc))
        raise FileUnavailable(file_id) from exc
    content = buffer.getvalue()
    if len(content) > limit:
        raise FileTooLarge(file_id)
    return content


async def _replies(handle: Handle, incoming: Incoming) -> list[Reply]:
    try:
        return await handle(incoming)
    except Exception:
        log.exception("Telegram: handling a message failed")
        return [Reply(FAILURE_TEXT)]


async def deliver(
    bot: Bot, chat_id: int, replies: list[Reply], pressed_message_id: int | None = None
) -> None:
    """Send the replies in order; the first edit=True reply replaces the pressed message."""
    edit_target = pressed_message_id
    for reply in replies:
        try:
            if reply.edit and edit_target is not None and reply.attachment is None:
                target, edit_target = edit_target, None
                if await _edit(bot, chat_id, target, reply):
                    continue
            await _send(bot, chat_id, reply)
        except TelegramForbiddenError as exc:
            log.info("Telegram: chat %s does not accept messages: %s", chat_id, exc.message)
            return
        except TelegramAPIError as exc:
            log.error(
                "Telegram: a reply to chat %s was not delivered: %s", chat_id, shown_error(exc)
            )


async def _edit(bot: Bot, chat_id: int, message_id: int, reply: Reply) -> bool:
    """True if the pressed message now shows the reply; False to send it as a new message."""
    if not reply.text.strip() or len(reply.text.strip()) > TEXT_LIMIT:
        return False
    try:
        await _retrying(
            lambda: bot.edit_message_text(
                text=reply.text.strip(),
                chat_id=chat_id,
                message_id=message_id,
                reply_markup=render_inline(reply.keyboard),
            )
        )
    except TelegramBadRequest as exc:
        if "message is not modified" in exc.message:
            return True  # a second press of the same button: what it shows is already right
        log.info("Telegram: cannot edit message %s (%s), sending anew", message_id, exc.message)
        return False
    return True


async def _send(bot: Bot, chat_id: int, reply: Reply) -> None:
    markup = render_inline(reply.keyboard)
    text = reply.text.strip()
    if reply.attachment is not None:
        caption = text if len(text) <= CAPTION_LIMIT else None
        if caption is None and text:
            await _send(bot, chat_id, Reply(text))
        file = BufferedInputFile(reply.attachment.content, filename=reply.attachment.filename)
        photo = reply.attachment.kind == PHOTO
        if photo and len(reply.attachment.content) <= PHOTO_SEND_LIMIT:
            await _retrying(
                lambda: bot.send_photo(chat_id, file, caption=caption or None, reply_markup=markup)
            )
        else:
            await _retrying(
                lambda: bot.send_document(
                    chat_id, file, caption=caption or None, reply_markup=markup
                )
            )
        return
    chunks = split_text(text, TEXT_LIMIT)
    if not chunks:
        log.error("Telegram: an empty reply without attachment is not sent (chat %s)", chat_id)
        return
    for i, chunk in enumerate(chunks):
        last = i == len(chunks) - 1
        await _retrying(
            partial(bot.send_message, chat_id, chunk, reply_markup=markup if last else None)
        )


async def _retrying(call: Callable[[], Awaitable[T]], attempts: int = 3) -> T:
    for _ in range(attempts - 1):
        try:
            return await call()
        except TelegramRetryAfter as exc:
            if exc.retry_after > RETRY_AFTER_MAX_SECONDS:
                raise
            log.warning("Telegram: flood control, retrying in %s s", exc.retry_after)
            await asyncio.sleep(exc.retry_after)
    return await call()
