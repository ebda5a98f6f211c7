"""The VK stand-in's user side: what tests make users do."""

from __future__ import annotations

import asyncio
import json
import secrets
from typing import Any

from .vk_spec import VkError, VkSpec
from .vk_state import PendingEvent, VkWorld, event_envelope, incoming_message


class VkDriver:
    group_id: int
    api_version: str
    world: VkWorld
    blocked: set[int]
    changed: asyncio.Condition
    spec: VkSpec
    lp_key: str
    injected: dict[str, list[VkError]]

    async def _queue(self, kind: str, obj: dict[str, Any]) -> dict[str, Any]:
        event = event_envelope(self.group_id, self.api_version, kind, obj)
        self.world.events.append((self.world.next_ts, event))
        self.world.next_ts += 1
        async with self.changed:
            self.changed.notify_all()
        return event

    def add_user(self, user_id: int, first_name: str = "Тест", last_name: str = "") -> None:
        """A user who has written to the group (so the group may message them)."""
        self.world.users[user_id] = (first_name, last_name or f"Пользователь{user_id}")
        self.world.known_peers.add(user_id)

    def block_user(self, user_id: int) -> None:
        self.blocked.add(user_id)

    def unblock_user(self, user_id: int) -> None:
        self.blocked.discard(user_id)

    def fail_next(
        self, method: str, error_code: int = 6, error_msg: str | None = None, times: int = 1
    ) -> None:
        """Make the next ``times`` calls of ``method`` fail with a VK error."""
        message = error_msg or self.spec.error_text(error_code)
        for _ in range(times):
            self.injected.setdefault(method, []).append(VkError(error_code, message, benign=True))

    def expire_long_poll_key(self) -> None:
        """The next long poll answers ``{"failed": 2}``, as when VK rotates the key."""
        self.lp_key = secrets.token_hex(16)

    async def user_sends_text(
        self, user_id: int, text: str, payload: str | dict[str, Any] | None = None
    ) -> dict[str, Any]:
        """Queue ``message_new`` from a private chat with ``user_id``."""
        if user_id not in self.world.known_peers:
            self.add_user(user_id)
        if isinstance(payload, dict):
            payload = json.dumps(payload, ensure_ascii=False)
        message_id, cmid = self.world.take_ids(user_id)
        return await self._queue(
            "message_new", incoming_message(message_id, cmid, user_id, text, payload)
        )

    async def user_sends_text_with_payload(
        self, user_id: int, text: str, payload: str | dict[str, Any]
    ) -> dict[str, Any]:
        return await self.user_sends_text(user_id, text, payload)

    async def user_presses(self, user_id: int, label: str) -> dict[str, Any]:
        """Press ``label`` in the newest inline keyboard or the current keyboard of the chat."""
        newest = self.world.newest_inline(user_id)
        boards = [(newest.keyboard if newest else None), self.world.keyboards.get(user_id)]
        for board in boards:
            for button in [b for row in (board or {}).get("buttons", []) for b in row]:
                action = button["action"]
                if action.get("label") != label:
                    continue
                if action["type"] == "text":
                    if board is not None and board.get("one_time"):
                        self.world.keyboards.pop(user_id, None)
                    return await self.user_sends_text(user_id, label, action.get("payload"))
                if action["type"] != "callback":
                    raise AssertionError(f"button {label!r} is a {action['type']} button")
                cmid = newest.conversation_message_id if newest and board is newest.keyboard else 0
                payload = json.loads(action["payload"]) if "payload" in action else None
                return await self.user_presses_payload(user_id, payload, cmid)
        labels = [
            [b["action"].get("label") for row in (board or {}).get("buttons", []) for b in row]
            for board in boards
        ]
        raise AssertionError(
            f"no button {label!r} for peer {user_id}: newest inline keyboard has {labels[0]}, "
            f"current keyboard has {labels[1]}"
        )

    async def user_presses_payload(
        self, user_id: int, payload: Any, conversation_message_id: int = 0
    ) -> dict[str, Any]:
        """Queue a ``message_event`` (callback button press) with any, possibly forged, payload."""
        event_id = secrets.token_hex(6)
        self.world.pending_events[event_id] = PendingEvent(user_id, user_id)
        obj: dict[str, Any] = {"user_id": user_id, "peer_id": user_id, "event_id": event_id}
        if payload is not None:
            obj["payload"] = payload
        if conversation_message_id:
            obj["conversation_message_id"] = conversation_message_id
        return await self._queue("message_event", obj)

    def unanswered_events(self) -> list[str]:
        return [eid for eid, e in self.world.pending_events.items() if not e.answered]
