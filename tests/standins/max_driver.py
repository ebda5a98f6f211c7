"""The MAX stand-in's people: what tests make them do. Every update is checked by the schema."""

from __future__ import annotations

import secrets
from typing import Any

import aiohttp

from .max_spec import MaxError, MaxSpec
from .max_state import MaxWorld, PendingCallback, StoredMessage, millis
from .server import Upload

SECRET_HEADER = "X-Max-Bot-Api-Secret"
OTHER_KINDS = ("sticker", "audio", "video", "contact", "location")


class MaxDriver:
    world: MaxWorld
    spec: MaxSpec
    blocked: set[int]
    injected: dict[str, list[MaxError]]
    webhook_target: str | None
    webhook_statuses: list[int]

    async def notify(self) -> None: ...

    async def _queue(self, update: dict[str, Any]) -> dict[str, Any]:
        try:
            self.spec.check(self.spec.schema("Update"), update, "update")
        except MaxError as exc:
            raise AssertionError(f"the stand-in built an update off the schema: {exc}") from None
        subscribed = self.world.subscriptions
        if subscribed and self.webhook_target:
            secret = self.world.secrets.get(subscribed[0]["url"], "")
            async with (
                aiohttp.ClientSession() as session,
                session.post(
                    self.webhook_target, json=update, headers={SECRET_HEADER: secret}
                ) as response,
            ):
                self.webhook_statuses.append(response.status)
            return update
        self.world.updates.append(update)
        await self.notify()
        return update

    @property
    def url(self) -> str:
        raise NotImplementedError  # given by the stand-in

    def add_user(self, user_id: int, first_name: str = "Тест", last_name: str = "") -> None:
        """A person who has started the bot (so the bot may write to them)."""
        self.world.users[user_id] = (first_name, last_name or f"Пользователь{user_id}")
        self.world.known.add(user_id)

    def block_user(self, user_id: int) -> None:
        self.blocked.add(user_id)

    def unblock_user(self, user_id: int) -> None:
        self.blocked.discard(user_id)

    def fail_next(
        self, route: str, status: int = 429, code: str = "too.many.requests", times: int = 1
    ) -> None:
        """The next `times` calls of `route` ("POST /messages") fail as MAX fails them."""
        for _ in range(times):
            error = MaxError(status, code, f"injected {code}", benign=True)
            if status == 429:
                error.headers["Retry-After"] = "1"
            self.injected.setdefault(route, []).append(error)

    def _known(self, user_id: int) -> None:
        if user_id not in self.world.users:
            self.add_user(user_id)
        self.world.known.add(user_id)

    async def user_starts(self, user_id: int, payload: str | None = None) -> dict[str, Any]:
        """The person opens the bot ("Начать"), maybe from a link max.ru/<bot>?start=<payload>."""
        self._known(user_id)
        update: dict[str, Any] = {
            "update_type": "bot_started",
            "timestamp": millis(),
            "chat_id": self.world.recipient(user_id)["chat_id"],
            "user": self.world.user(user_id),
            "user_locale": "ru",
        }
        if payload is not None:
            update["payload"] = payload
        return await self._queue(update)

    async def _message(
        self, user_id: int, text: str, attachments: list[dict[str, Any]]
    ) -> dict[str, Any]:
        self._known(user_id)
        mid, seq = self.world.take_mid()
        stored = StoredMessage(user_id, mid, seq, text, attachments, False, millis())
        self.world.messages[mid] = stored
        update = {
            "update_type": "message_created",
            "timestamp": millis(),
            "message": self.world.message(stored),
            "user_locale": "ru",
        }
        return await self._queue(update)

    async def user_sends_text(self, user_id: int, text: str) -> dict[str, Any]:
        return await self._message(user_id, text, [])

    def _file_url(self, upload: Upload) -> tuple[str, str]:
        key = secrets.token_hex(8)
        self.world.files[key] = upload
        return f"{self.url}/files/{key}", secrets.token_urlsafe(16)

    async def user_sends_file(
        self, user_id: int, data: bytes, filename: str, text: str = ""
    ) -> dict[str, Any]:
        url, token = self._file_url(Upload(filename, "application/octet-stream", data))
        item = {
            "type": "file",
            "payload": {"url": url, "token": token},
            "filename": filename,
            "size": len(data),
        }
        return await self._message(user_id, text, [item])

    async def user_sends_image(self, user_id: int, data: bytes, text: str = "") -> dict[str, Any]:
        url, token = self._file_url(Upload("image.jpg", "image/jpeg", data))
        item = {
            "type": "image",
            "payload": {"photo_id": len(self.world.files), "url": url, "token": token},
        }
        return await self._message(user_id, text, [item])

    async def user_sends_other(self, user_id: int, kind: str) -> dict[str, Any]:
        """A sticker or a voice message (MAX sends voice as audio), shaped by the schema."""
        payloads: dict[str, dict[str, Any]] = {
            "sticker": {
                "payload": {"url": f"{self.url}/s.webp", "code": "x1"},
                "width": 64,
                "height": 64,
            },
            "audio": {"payload": {"url": f"{self.url}/v.ogg", "token": "a1"}},
        }
        if kind not in payloads:
            raise AssertionError(f"the stand-in sends {sorted(payloads)}, not {kind}")
        return await self._message(user_id, "", [{"type": kind, **payloads[kind]}])

    async def user_presses(self, user_id: int, label: str) -> dict[str, Any]:
        """Press `label` in the newest keyboard the bot sent this person."""
        newest = self.world.newest_keyboard(user_id)
        rows = newest.keyboard() if newest else None
        for button in [b for row in rows or [] for b in row]:
            if button["text"] != label:
                continue
            if button["type"] != "callback":
                raise AssertionError(f"button {label!r} is a {button['type']} button")
            assert newest is not None
            return await self.user_presses_payload(user_id, button["payload"], newest.mid)
        labels = [b["text"] for row in rows or [] for b in row]
        raise AssertionError(f"no button {label!r} for {user_id}: the newest keyboard has {labels}")

    async def user_presses_payload(
        self, user_id: int, payload: str, mid: str | None = None
    ) -> dict[str, Any]:
        """A press with any, possibly forged, payload (on message `mid`, or a deleted one)."""
        self._known(user_id)
        callback_id = secrets.token_urlsafe(12)
        self.world.callbacks[callback_id] = PendingCallback(user_id, mid)
        stored = self.world.messages.get(mid or "")
        update = {
            "update_type": "message_callback",
            "timestamp": millis(),
            "callback": {
                "timestamp": millis(),
                "callback_id": callback_id,
                "payload": payload,
                "user": self.world.user(user_id),
            },
            "message": self.world.message(stored) if stored else None,
            "user_locale": "ru",
        }
        return await self._queue(update)

    def unanswered_callbacks(self) -> list[str]:
        return [cid for cid, c in self.world.callbacks.items() if not c.answered]
