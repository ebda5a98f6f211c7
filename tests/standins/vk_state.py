"""What the VK stand-in remembers, and the Bots Long Poll event shapes of API 5.199."""

from __future__ import annotations

import secrets
import time
from dataclasses import dataclass, field
from typing import Any

from .server import Upload

CHAT_START_ID = 2_000_000_000
CLIENT_INFO = {
    "button_actions": [
        "text",
        "vkpay",
        "open_app",
        "location",
        "open_link",
        "callback",
        "intent_subscribe",
        "intent_unsubscribe",
    ],
    "keyboard": True,
    "inline_keyboard": True,
    "carousel": True,
    "lang_id": 0,
}


@dataclass
class VkSentMessage:
    """One message the group sent (``messages.send``) or edited (``messages.edit``)."""

    method: str
    peer_id: int
    message_id: int
    conversation_message_id: int
    text: str
    keyboard: dict[str, Any] | None
    attachments: list[str]
    files: list[Upload]
    random_id: int | None
    timestamp: float
    params: dict[str, Any]

    def button_rows(self) -> list[list[str]]:
        rows = (self.keyboard or {}).get("buttons", [])
        return [[b["action"].get("label", b["action"]["type"]) for b in row] for row in rows]

    def button_labels(self) -> list[str]:
        return [label for row in self.button_rows() for label in row]


@dataclass
class EventAnswer:
    event_id: str
    user_id: int
    peer_id: int
    event_data: dict[str, Any] | None
    timestamp: float


@dataclass
class VkCall:
    method: str
    params: dict[str, str]
    timestamp: float
    error_code: int | None = None
    error_msg: str | None = None


@dataclass
class StoredVkMessage:
    peer_id: int
    message_id: int
    conversation_message_id: int
    text: str
    keyboard: dict[str, Any] | None


@dataclass
class PendingEvent:
    user_id: int
    peer_id: int
    answered: bool = False


@dataclass
class VkWorld:
    next_message_id: int = 0
    cmids: dict[int, int] = field(default_factory=dict)
    messages: dict[int, StoredVkMessage] = field(default_factory=dict)
    keyboards: dict[int, dict[str, Any]] = field(default_factory=dict)
    random_ids: dict[tuple[int, int], tuple[int, float]] = field(default_factory=dict)
    events: list[tuple[int, dict[str, Any]]] = field(default_factory=list)
    next_ts: int = 1
    pending_events: dict[str, PendingEvent] = field(default_factory=dict)
    uploads: dict[str, Upload] = field(default_factory=dict)
    saved: dict[str, Upload] = field(default_factory=dict)
    users: dict[int, tuple[str, str]] = field(default_factory=dict)
    known_peers: set[int] = field(default_factory=set)

    def take_ids(self, peer_id: int) -> tuple[int, int]:
        self.next_message_id += 1
        self.cmids[peer_id] = self.cmids.get(peer_id, 0) + 1
        return self.next_message_id, self.cmids[peer_id]

    def newest_inline(self, peer_id: int) -> StoredVkMessage | None:
        inline = [
            m
            for m in self.messages.values()
            if m.peer_id == peer_id and m.keyboard and m.keyboard.get("inline")
        ]
        return max(inline, key=lambda m: m.message_id, default=None)

    def user(self, user_id: int) -> dict[str, Any]:
        first, last = self.users.get(user_id, ("Тест", f"Пользователь{user_id}"))
        return {
            "id": user_id,
            "first_name": first,
            "last_name": last,
            "can_access_closed": True,
            "is_closed": False,
        }


def event_envelope(
    group_id: int, api_version: str, kind: str, obj: dict[str, Any]
) -> dict[str, Any]:
    return {
        "group_id": group_id,
        "type": kind,
        "event_id": secrets.token_hex(20),
        "v": api_version,
        "object": obj,
    }


def incoming_message(
    message_id: int, cmid: int, user_id: int, text: str, payload: str | None
) -> dict[str, Any]:
    message: dict[str, Any] = {
        "date": int(time.time()),
        "from_id": user_id,
        "id": message_id,
        "out": 0,
        "version": message_id,
        "attachments": [],
        "conversation_message_id": cmid,
        "fwd_messages": [],
        "important": False,
        "is_hidden": False,
        "peer_id": user_id,
        "random_id": 0,
        "text": text,
    }
    if payload is not None:
        message["payload"] = payload
    return {"message": message, "client_info": dict(CLIENT_INFO)}
