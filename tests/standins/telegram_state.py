"""What the Telegram stand-in remembers: bots, chats, messages, updates, answers."""

from __future__ import annotations

import asyncio
import hashlib
import math
import time
from collections import deque
from dataclasses import dataclass, field
from typing import Any

from .server import Upload, image_kind
from .telegram_rules import DEFAULT_ALLOWED_UPDATES
from .telegram_types import TelegramError

SEND_METHODS = frozenset(
    {"sendMessage", "sendDocument", "sendPhoto", "copyMessage", "forwardMessage"}
)
MAX_UPLOAD = 50 * 1024 * 1024
MAX_PHOTO_UPLOAD = 10 * 1024 * 1024  # sendPhoto: "The photo must be at most 10 MB in size"
HONOUR_TOLERANCE = 0.05
EDIT_METHODS = frozenset({"editMessageText", "editMessageReplyMarkup", "editMessageCaption"})


@dataclass
class SentMessage:
    """One message the bot sent or edited (``method`` tells which)."""

    token: str
    method: str
    chat_id: int
    message_id: int
    text: str | None
    plain_text: str | None
    parse_mode: str | None
    reply_markup: dict[str, Any] | None
    document: Upload | None
    timestamp: float
    params: dict[str, Any]

    def button_rows(self) -> list[list[str]]:
        """Labels of the inline keyboard (or reply keyboard) buttons, row by row."""
        markup = self.reply_markup or {}
        rows = markup.get("inline_keyboard") or markup.get("keyboard") or []
        return [[b["text"] if isinstance(b, dict) else str(b) for b in row] for row in rows]

    def button_labels(self) -> list[str]:
        return [label for row in self.button_rows() for label in row]


@dataclass
class CallbackAnswer:
    callback_query_id: str
    user_id: int
    data: str | None
    text: str | None
    show_alert: bool
    url: str | None
    timestamp: float


@dataclass
class ApiCall:
    token: str
    method: str
    params: dict[str, Any]
    timestamp: float
    status: int = 200
    description: str | None = None


@dataclass
class StoredMessage:
    chat_id: int
    message_id: int
    kind: str
    text: str | None
    parse_mode: str | None
    reply_markup: dict[str, Any] | None
    payload: dict[str, Any]


@dataclass
class PendingQuery:
    user_id: int
    chat_id: int
    message_id: int
    data: str
    answered: bool = False


@dataclass
class BotState:
    token: str
    bot_id: int
    username: str
    first_name: str
    updates: list[dict[str, Any]] = field(default_factory=list)
    last_update_id: int = 0
    allowed_updates: frozenset[str] = DEFAULT_ALLOWED_UPDATES
    dropped_updates: list[dict[str, Any]] = field(default_factory=list)
    changed: asyncio.Condition = field(default_factory=asyncio.Condition)
    poll_generation: int = 0
    webhook_url: str = ""
    commands: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    messages: dict[tuple[int, int], StoredMessage] = field(default_factory=dict)
    next_message_id: dict[int, int] = field(default_factory=dict)
    queries: dict[str, PendingQuery] = field(default_factory=dict)
    known_chats: set[int] = field(default_factory=set)
    reply_keyboards: dict[int, dict[str, Any]] = field(default_factory=dict)
    files: dict[str, Upload] = field(default_factory=dict)
    paths: dict[str, Upload] = field(default_factory=dict)  # getFile's file_path -> file
    user_names: dict[int, str] = field(default_factory=dict)
    blocked_until: dict[tuple[str, Any], float] = field(default_factory=dict)
    recent_sends: deque[tuple[float, int]] = field(default_factory=deque)

    def me(self) -> dict[str, Any]:
        return {
            "id": self.bot_id,
            "is_bot": True,
            "first_name": self.first_name,
            "username": self.username,
            "can_join_groups": True,
            "can_read_all_group_messages": False,
            "supports_inline_queries": False,
            "can_connect_to_business": False,
            "has_main_web_app": False,
        }

    def take_message_id(self, chat_id: int) -> int:
        self.next_message_id[chat_id] = self.next_message_id.get(chat_id, 0) + 1
        return self.next_message_id[chat_id]

    def chat(self, chat_id: int) -> dict[str, Any]:
        if chat_id > 0:
            name = self.user_names.get(chat_id, "Тест")
            return {"id": chat_id, "type": "private", "first_name": name}
        return {"id": chat_id, "type": "supergroup", "title": f"Chat {chat_id}"}

    def user(self, user_id: int) -> dict[str, Any]:
        name = self.user_names.get(user_id, "Тест")
        return {"id": user_id, "is_bot": False, "first_name": name, "language_code": "ru"}

    async def queue(self, kind: str, body: dict[str, Any]) -> dict[str, Any]:
        self.last_update_id += 1
        update = {"update_id": self.last_update_id, kind: body}
        if kind in self.allowed_updates:
            self.updates.append(update)
        else:
            self.dropped_updates.append(update)
        async with self.changed:
            self.changed.notify_all()
        return update


def now() -> float:
    return time.time()


def _too_many(wait: int) -> TelegramError:
    return TelegramError(f"Too Many Requests: retry after {wait}", 429, wait, benign=True)


def check_rate(
    bot: BotState, method: str, chat_id: int | None, enforce: bool, violations: list[str]
) -> None:
    """429 while a retry_after is running (a violation) or, if ``enforce``, past the limits."""
    moment = time.monotonic()
    scopes: list[tuple[str, Any]] = [("chat", chat_id), ("method", method)]
    if method in SEND_METHODS:
        scopes.append(("global", None))
    for scope in scopes:
        until = bot.blocked_until.get(scope, 0.0)
        if moment < until - HONOUR_TOLERANCE:
            wait = math.ceil(until - moment)
            violations.append(
                f"429 not honoured: {method} to {scope[0]} {scope[1]} "
                f"{wait}s before retry_after elapsed"
            )
            raise _too_many(wait)
    if not enforce or method not in SEND_METHODS:
        return
    while bot.recent_sends and moment - bot.recent_sends[0][0] >= 1.0:
        bot.recent_sends.popleft()
    same_chat = [t for t, chat in bot.recent_sends if chat == chat_id]
    if same_chat or len(bot.recent_sends) >= 30:
        first = same_chat[0] if same_chat else bot.recent_sends[0][0]
        wait = max(1, math.ceil(first + 1.0 - moment))
        scope = ("chat", chat_id) if same_chat else ("global", None)
        bot.blocked_until[scope] = moment + wait
        raise _too_many(wait)
    bot.recent_sends.append((moment, chat_id or 0))


def file_payload(bot: BotState, kind: str, file: Upload | str) -> dict[str, Any]:
    """The Document / PhotoSize part of a Message; checks the upload like Telegram does."""
    remote = isinstance(file, str) and file.startswith(("http://", "https://"))
    if isinstance(file, str):
        if remote:
            file = Upload(file.rsplit("/", 1)[-1] or "file", "application/octet-stream", b"")
        elif file in bot.files:
            file = bot.files[file]
        else:
            raise TelegramError("Bad Request: wrong file identifier/HTTP URL specified")
    if len(file.data) > MAX_UPLOAD:
        raise TelegramError("Request Entity Too Large", 413)
    if not remote and not file.data:
        raise TelegramError("Bad Request: file must be non-empty")
    if kind == "photo" and len(file.data) > MAX_PHOTO_UPLOAD:
        raise TelegramError("Bad Request: PHOTO_SAVE_FILE_INVALID")
    if kind == "photo" and not remote and image_kind(file.data) is None:
        raise TelegramError("Bad Request: IMAGE_PROCESS_FAILED")
    digest = hashlib.sha1(file.data + file.filename.encode()).hexdigest()
    file_id = f"{kind[:3].upper()}{digest[:30]}"
    bot.files[file_id] = file
    info = {"file_id": file_id, "file_unique_id": digest[:16], "file_size": len(file.data)}
    if kind == "photo":
        return {"photo": [{**info, "width": 320, "height": 240}]}
    return {"document": {**info, "file_name": file.filename, "mime_type": file.content_type}}
