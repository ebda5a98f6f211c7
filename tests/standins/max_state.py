"""What the MAX stand-in remembers, and the shapes of the objects it hands out (v0.0.32)."""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import Any

from .server import Upload

BOT_USER_ID = 9_000_001
DIALOG_BASE = 70_000_000_000  # a dialog's chat_id is not the person's user_id in MAX


def millis() -> int:
    return int(time.time() * 1000)


@dataclass
class MaxSentMessage:
    """A message the bot sent, or its new content after an edit (`method` tells which)."""

    method: str  # "send" or "edit"
    user_id: int
    mid: str
    text: str
    keyboard: list[list[dict[str, Any]]] | None
    files: list[tuple[str, Upload]]  # ("file" or "image", the uploaded file)
    timestamp: float
    body: dict[str, Any]

    def button_rows(self) -> list[list[str]]:
        return [[b["text"] for b in row] for row in self.keyboard or []]

    def button_labels(self) -> list[str]:
        return [label for row in self.button_rows() for label in row]


@dataclass
class MaxCallbackAnswer:
    callback_id: str
    user_id: int
    notification: str | None
    edited: bool
    timestamp: float


@dataclass
class MaxCall:
    method: str
    path: str
    query: dict[str, str]
    body: Any
    timestamp: float
    status: int = 200
    code: str | None = None


@dataclass
class StoredMessage:
    user_id: int
    mid: str
    seq: int
    text: str
    attachments: list[dict[str, Any]]  # as MAX lists them (response shapes)
    from_bot: bool
    timestamp: int

    def keyboard(self) -> list[list[dict[str, Any]]] | None:
        for item in self.attachments:
            if item["type"] == "inline_keyboard":
                rows: list[list[dict[str, Any]]] = item["payload"]["buttons"]
                return rows
        return None


@dataclass
class StoredUpload:
    kind: str
    upload: Upload | None = None  # None until the file itself is posted
    ready_at: float = 0.0
    token: str = ""


@dataclass
class PendingCallback:
    user_id: int
    mid: str | None
    answered: bool = False


@dataclass
class MaxWorld:
    users: dict[int, tuple[str, str]] = field(default_factory=dict)
    known: set[int] = field(default_factory=set)  # people who started the bot
    messages: dict[str, StoredMessage] = field(default_factory=dict)
    next_seq: int = 0
    updates: list[dict[str, Any]] = field(default_factory=list)
    acknowledged: int = 0  # updates before this index were read by the bot
    uploads: dict[str, StoredUpload] = field(default_factory=dict)  # by upload key
    tokens: dict[str, StoredUpload] = field(default_factory=dict)  # by attachment token
    files: dict[str, Upload] = field(default_factory=dict)  # people's files, by URL key
    callbacks: dict[str, PendingCallback] = field(default_factory=dict)
    subscriptions: list[dict[str, Any]] = field(default_factory=list)
    secrets: dict[str, str] = field(default_factory=dict)  # a subscription's secret, by URL

    def user(self, user_id: int) -> dict[str, Any]:
        first, last = self.users.get(user_id, ("Тест", f"Пользователь{user_id}"))
        return {
            "user_id": user_id,
            "first_name": first,
            "last_name": last,
            "username": None,
            "is_bot": False,
            "last_activity_time": millis(),
            "name": None,
        }

    def recipient(self, user_id: int) -> dict[str, Any]:
        return {"chat_id": DIALOG_BASE + user_id, "chat_type": "dialog", "user_id": user_id}

    def take_mid(self) -> tuple[str, int]:
        self.next_seq += 1
        return f"mid.{self.next_seq:016x}", self.next_seq

    def message(self, stored: StoredMessage) -> dict[str, Any]:
        """The Message object as MAX hands it out."""
        sender = self.user(stored.user_id)
        if stored.from_bot:
            sender = {
                "user_id": BOT_USER_ID,
                "first_name": "Журнал",
                "username": "school_journal_bot",
                "is_bot": True,
                "last_activity_time": stored.timestamp,
                "name": None,
            }
        recipient = self.recipient(stored.user_id)
        if not stored.from_bot:
            recipient = {**recipient, "user_id": BOT_USER_ID}
        return {
            "sender": sender,
            "recipient": recipient,
            "timestamp": stored.timestamp,
            "body": {
                "mid": stored.mid,
                "seq": stored.seq,
                "text": stored.text,
                "attachments": stored.attachments,
            },
        }

    def newest_keyboard(self, user_id: int) -> StoredMessage | None:
        boards = [
            m
            for m in self.messages.values()
            if m.user_id == user_id and m.from_bot and m.keyboard()
        ]
        return max(boards, key=lambda m: m.seq, default=None)
