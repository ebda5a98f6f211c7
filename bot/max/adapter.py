"""MAX adapter: Bot API update -> Incoming -> handle -> replies -> MAX API calls.

A button press is answered through POST /answers, which MAX requires to say something: the
first reply that edits the pressed message goes there (MAX replaces the message with it), and
otherwise a short notification does.
"""

import asyncio
import logging
from collections.abc import Awaitable, Callable
from typing import Any

import aiohttp

from bot.chat_sequencing import ChatSequencer
from bot.max.client import (
    FileTooBig,
    Json,
    MaxApiError,
    MaxClient,
    MaxNetworkError,
    message_body,
    send_retrying_not_ready,
)
from bot.secrets_in_logs import shown_error
from db.enums import Platform
from handlers.core.io import (
    DOCUMENT,
    PHOTO,
    Fetch,
    FileTooLarge,
    FileUnavailable,
    Incoming,
    IncomingFile,
    Reply,
)
from keyboards.render.max import render_keyboard
from texts.splitting import split_text

log = logging.getLogger(__name__)

Handle = Callable[[Incoming], Awaitable[list[Reply]]]
# Downloads a file MAX links to: at most `limit` bytes, else FileTooBig (MaxClient.download).
Download = Callable[[str, int], Awaitable[bytes]]

TEXT_LIMIT = 4000
NOTIFICATION_LIMIT = 200
FAILURE_TEXT = "Не получилось ответить. Попробуйте ещё раз чуть позже."
PRESSED_TEXT = "Готово"
# A document must be a message's only attachment, so its buttons follow in a message of their own.
BUTTONS_AFTER_FILE = "Что дальше?"
UPDATE_TYPES = ["message_created", "message_callback", "bot_started"]
RETRY_AFTER_MAX_SECONDS = 30
DELIVERY_ERRORS = (MaxApiError, MaxNetworkError)


def _fetcher(download: Download | None, url: object) -> Fetch | None:
    if download is None or not isinstance(url, str) or not url:
        return None

    async def fetch(limit: int) -> bytes:
        try:
            return await download(url, limit)
        except FileTooBig as exc:
            raise FileTooLarge(url) from exc
        except (aiohttp.ClientError, TimeoutError) as exc:
            log.warning("MAX: downloading a file failed: %s", shown_error(exc))
            raise FileUnavailable(url) from exc

    return fetch


def files_of(body: Json, download: Download | None = None) -> tuple[IncomingFile, ...]:
    """A message's attachments: images and files with their URLs, anything else by kind."""
    files = []
    for item in body.get("attachments") or []:
        kind = item.get("type") if isinstance(item, dict) else None
        payload = item.get("payload") if isinstance(item, dict) else None
        payload = payload if isinstance(payload, dict) else {}
        if kind == "image":
            name = f"photo_{payload.get('photo_id', 0)}.jpg"
            fetch = _fetcher(download, payload.get("url"))
            files.append(IncomingFile(PHOTO, name, "image/jpeg", None, fetch))
        elif kind == "file":
            size = item.get("size") if isinstance(item.get("size"), int) else None
            fetch = _fetcher(download, payload.get("url"))
            name = str(item.get("filename") or "")
            files.append(IncomingFile(DOCUMENT, name, "", size, fetch))
        elif isinstance(kind, str) and kind != "inline_keyboard":
            files.append(IncomingFile(kind))
    return tuple(files)


def _name(user: Json) -> str:
    return " ".join(str(user.get(k) or "") for k in ("first_name", "last_name")).strip()


def _in_dialog(message: object) -> bool:
    recipient = message.get("recipient") if isinstance(message, dict) else None
    return isinstance(recipient, dict) and recipient.get("chat_type") == "dialog"


def incoming_from_update(update: Json, download: Download | None = None) -> Incoming | None:
    """message_created or bot_started -> Incoming; None for anything but a person's dialog."""
    kind = update.get("update_type")
    if kind == "bot_started":  # opened the bot, maybe from a link max.ru/<bot>?start=<code>
        user = update.get("user") or {}
        payload = update.get("payload")
        text = f"/start {payload}" if payload else "/start"
        account = str(user.get("user_id", ""))
        return Incoming(Platform.MAX, account, text=text, display_name=_name(user))
    if kind != "message_created":
        return None
    message = update.get("message") or {}
    sender = message.get("sender") or {}
    if not _in_dialog(message) or sender.get("is_bot") or not sender.get("user_id"):
        return None  # the journal talks in private dialogs only
    body = message.get("body") or {}
    return Incoming(
        Platform.MAX,
        str(sender["user_id"]),
        text=body.get("text") or "",
        display_name=_name(sender),
        files=files_of(body, download),
    )


def _notification(replies: list[Reply]) -> str:
    """What the toast of a press says when nothing is edited: the answer's first line."""
    first = next((r.text.strip() for r in replies if r.text.strip()), "")
    line = first.splitlines()[0] if first else PRESSED_TEXT
    return line if len(line) <= NOTIFICATION_LIMIT else line[: NOTIFICATION_LIMIT - 1] + "…"


class MaxConversationBridge:
    """Turns updates into Incoming and the replies into messages, one person at a time."""

    def __init__(self, handle: Handle, client: MaxClient, sequencer: ChatSequencer) -> None:
        self._handle = handle
        self._client = client
        self._sequencer = sequencer

    async def on_update(self, update: Json) -> None:
        if update.get("update_type") == "message_callback":
            await self._on_press(update)
            return
        incoming = incoming_from_update(update, self._client.download)
        if incoming is None or not incoming.account_id:
            return
        user_id = int(incoming.account_id)
        async with self._sequencer.turn(user_id):
            try:
                replies = await self._handle(incoming)
            except Exception:
                log.exception("MAX: handling a message failed")
                replies = [Reply(FAILURE_TEXT)]
            await self.deliver(user_id, replies)

    async def _on_press(self, update: Json) -> None:
        callback = update.get("callback") or {}
        user = callback.get("user") or {}
        user_id, callback_id = int(user.get("user_id") or 0), str(callback.get("callback_id") or "")
        message = update.get("message")
        incoming = Incoming(
            Platform.MAX,
            str(user_id),
            payload=str(callback.get("payload") or ""),
            display_name=_name(user),
        )
        async with self._sequencer.turn(user_id):
            replies: list[Reply] = []
            failed = False
            if message is None or _in_dialog(message):
                try:
                    replies = await self._handle(incoming)
                except Exception:
                    log.exception("MAX: handling a button press failed")
                    failed = True
            rest = await self._answer(callback_id, replies, failed)
            await self.deliver(user_id, rest)

    async def _answer(self, callback_id: str, replies: list[Reply], failed: bool) -> list[Reply]:
        """Answers the press; returns the replies still to be sent as new messages."""
        first = replies[0] if replies else None
        answer: dict[str, Any]
        rest = replies
        if failed:
            answer = {"notification": FAILURE_TEXT}
        elif (
            first is not None
            and first.edit
            and first.attachment is None
            and 0 < len(first.text.strip()) <= TEXT_LIMIT
        ):
            keyboard = render_keyboard(first.keyboard)
            answer = {"message": message_body(first.text.strip(), [keyboard] if keyboard else [])}
            rest = replies[1:]
        else:
            answer = {"notification": _notification(replies)}
        try:
            await self._client.answer(callback_id, answer)
        except DELIVERY_ERRORS as exc:
            log.warning("MAX: answering a button press failed: %s", exc)
            return replies  # whatever the answer carried goes out as a new message
        return rest

    async def deliver(self, user_id: int, replies: list[Reply]) -> None:
        for reply in replies:
            try:
                for body in await self._bodies(reply):
                    await self._send(user_id, body)
            except MaxApiError as exc:
                log.error("MAX: a reply to %s was not delivered: %s", user_id, shown_error(exc))
                if exc.status == 403:  # the person stopped the bot: nothing more gets through
                    return
            except MaxNetworkError as exc:
                log.error("MAX: a reply to %s was not delivered: %s", user_id, shown_error(exc))

    async def _bodies(self, reply: Reply) -> list[Json]:
        """The reply as MAX messages: text cut to size, the file with the last part."""
        keyboard = render_keyboard(reply.keyboard)
        buttons = [keyboard] if keyboard else []
        chunks = split_text(reply.text.strip(), TEXT_LIMIT)
        if reply.attachment is None:
            if not chunks:
                log.error("MAX: an empty reply is not sent")
                return []
            return [message_body(c) for c in chunks[:-1]] + [message_body(chunks[-1], buttons)]
        attachment = reply.attachment
        kind = "image" if attachment.kind == PHOTO else "file"
        payload = await self._client.upload(kind, attachment.filename, attachment.content)
        file = {"type": kind, "payload": payload}
        caption = chunks[-1] if chunks else ""
        bodies = [message_body(c) for c in chunks[:-1]]
        if kind == "image":
            return [*bodies, message_body(caption, [file, *buttons])]
        bodies.append(message_body(caption, [file]))
        if buttons:
            bodies.append(message_body(BUTTONS_AFTER_FILE, buttons))
        return bodies

    async def _send(self, user_id: int, body: Json, attempts: int = 3) -> None:
        for _ in range(attempts - 1):
            try:
                await send_retrying_not_ready(self._client, user_id, body)
                return
            except MaxApiError as exc:
                wait = exc.retry_after if exc.retry_after is not None else 1.0
                if exc.status != 429 or wait > RETRY_AFTER_MAX_SECONDS:
                    raise
                log.warning("MAX: too many requests, retrying in %s s", wait)
                await asyncio.sleep(wait)
        await send_retrying_not_ready(self._client, user_id, body)
