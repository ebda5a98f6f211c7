"""The MAX stand-in's API methods, past the schema check: what MAX does with each request."""

from __future__ import annotations

import asyncio
import re
import secrets
import time
from typing import Any

from aiohttp import web

from .max_spec import MaxError, invalid
from .max_state import (
    BOT_USER_ID,
    MaxCallbackAnswer,
    MaxSentMessage,
    MaxWorld,
    StoredMessage,
    StoredUpload,
    millis,
)
from .server import Upload, image_kind

# The keyboard section of MAX's documentation, beyond what the OpenAPI file says.
KEYBOARD_BUTTONS_MAX = 210
KEYBOARD_ROWS_MAX = 30
ROW_BUTTONS_MAX = 7
ROW_LINKS_MAX = 3
WIDE_BUTTONS = frozenset({"link", "open_app", "request_geo_location", "request_contact"})
NOT_READY = MaxError(
    400, "attachment.not.ready", "Key: errors.process.attachment.file.not.processed"
)
SECRET = re.compile(r"[a-zA-Z0-9_-]{5,256}")
LONG_POLL_MAX = 90


def check_keyboard(rows: list[list[dict[str, Any]]]) -> None:
    if not rows:
        raise invalid("inline_keyboard.payload.buttons must have at least one row")
    if len(rows) > KEYBOARD_ROWS_MAX:
        raise invalid(f"a keyboard has at most {KEYBOARD_ROWS_MAX} rows, not {len(rows)}")
    if sum(len(row) for row in rows) > KEYBOARD_BUTTONS_MAX:
        raise invalid(f"a keyboard has at most {KEYBOARD_BUTTONS_MAX} buttons")
    for r, row in enumerate(rows):
        wide = any(b.get("type") in WIDE_BUTTONS for b in row)
        limit = ROW_LINKS_MAX if wide else ROW_BUTTONS_MAX
        if not row or len(row) > limit:
            raise invalid(f"row {r} has {len(row)} buttons (1-{limit} allowed)")


class MaxMethods:
    world: MaxWorld
    token: str
    username: str
    sent: list[MaxSentMessage]
    callback_answers: list[MaxCallbackAnswer]
    blocked: set[int]
    require_known_users: bool
    polls_waiting: int
    closing: bool
    changed: asyncio.Condition
    violations: list[str]

    async def notify(self) -> None: ...

    @property
    def url(self) -> str:
        raise NotImplementedError  # given by the stand-in

    @staticmethod
    def upload_of(file: web.FileField) -> Upload:
        return Upload(file.filename, file.content_type, file.file.read())

    async def get_me(self, query: dict[str, Any], body: Any) -> Any:
        return {
            "user_id": BOT_USER_ID,
            "first_name": "Журнал",
            "username": self.username,
            "is_bot": True,
            "last_activity_time": millis(),
            "description": "Бот школьного журнала",
        }

    def _attachments(self, requested: list[dict[str, Any]] | None) -> list[dict[str, Any]]:
        """Request attachments -> what MAX stores and shows (response shapes)."""
        found: list[dict[str, Any]] = []
        requested = requested or []
        files = [a for a in requested if a["type"] == "file"]
        if files and len(requested) > 1:
            raise invalid("a file attachment must be the only attachment of a message")
        for item in requested:
            kind = item["type"]
            if kind == "inline_keyboard":
                check_keyboard(item["payload"]["buttons"])
                found.append({"type": kind, "payload": {"buttons": item["payload"]["buttons"]}})
            elif kind in ("file", "image"):
                found.append(self._uploaded(kind, item.get("payload") or {}))
            else:
                raise invalid(f"the stand-in does not take {kind} attachments from the bot")
        return found

    def _uploaded(self, kind: str, payload: dict[str, Any]) -> dict[str, Any]:
        tokens = [payload.get("token")]
        tokens += [p.get("token") for p in (payload.get("photos") or {}).values()]
        stored = next((self.world.tokens[t] for t in tokens if t in self.world.tokens), None)
        if stored is None or stored.upload is None:
            raise invalid(f"{kind} attachment: unknown token")
        if stored.kind != kind:
            raise invalid(f"a token of an uploaded {stored.kind} sent as {kind}")
        if time.monotonic() < stored.ready_at:
            raise MaxError(NOT_READY.status, NOT_READY.code, NOT_READY.message, benign=True)
        url = f"{self.url}/files/{stored.token[:12]}"
        if kind == "image":
            if image_kind(stored.upload.data) is None:
                raise invalid("image attachment: the file is not an image")
            return {"type": kind, "payload": {"photo_id": 1, "token": stored.token, "url": url}}
        return {
            "type": kind,
            "payload": {"url": url, "token": stored.token},
            "filename": stored.upload.filename,
            "size": len(stored.upload.data),
        }

    def _deny(self, user_id: int) -> None:
        if user_id in self.blocked:
            message = f"Key: error.dialog.suspended, args: [{user_id},]."
            raise MaxError(403, "chat.denied", message, benign=True)
        if self.require_known_users and user_id not in self.world.known:
            raise MaxError(
                404, "chat.not.found", f"Dialog with user {user_id} not found", benign=True
            )

    async def _record(self, method: str, stored: StoredMessage, body: dict[str, Any]) -> None:
        files = [
            (a["type"], self.world.tokens[a["payload"]["token"]].upload)
            for a in stored.attachments
            if a["type"] in ("file", "image")
        ]
        self.sent.append(
            MaxSentMessage(
                method,
                stored.user_id,
                stored.mid,
                stored.text,
                stored.keyboard(),
                [(kind, upload) for kind, upload in files if upload is not None],
                time.time(),
                body,
            )
        )
        await self.notify()

    async def send_message(self, query: dict[str, Any], body: Any) -> Any:
        if "chat_id" in query:
            raise invalid("the stand-in knows dialogs only: send to user_id")
        if "user_id" not in query:
            raise invalid("user_id or chat_id is required")
        user_id = query["user_id"]
        self._deny(user_id)
        attachments = self._attachments(body.get("attachments"))
        if not (body.get("text") or attachments):
            raise invalid("text: message is empty")
        mid, seq = self.world.take_mid()
        stored = StoredMessage(
            user_id, mid, seq, body.get("text") or "", attachments, True, millis()
        )
        self.world.messages[mid] = stored
        await self._record("send", stored, body)
        return {"message": self.world.message(stored)}

    async def _edit(self, stored: StoredMessage, body: dict[str, Any]) -> None:
        if body.get("text") is not None:
            stored.text = body["text"]
        if body.get("attachments") is not None:
            stored.attachments = self._attachments(body["attachments"])
        if not (stored.text or stored.attachments):
            raise invalid("text: message would be empty")
        await self._record("edit", stored, body)

    async def edit_message(self, query: dict[str, Any], body: Any) -> Any:
        stored = self.world.messages.get(query["message_id"])
        if stored is None or not stored.from_bot:
            raise MaxError(404, "not.found", "message not found or not the bot's")
        await self._edit(stored, body)
        return {"success": True}

    async def answer_callback(self, query: dict[str, Any], body: Any) -> Any:
        pending = self.world.callbacks.get(query["callback_id"])
        if pending is None:
            raise invalid("callback_id: unknown callback")
        if pending.answered:
            raise invalid("callback_id: the callback is answered already")
        if not body.get("message") and not body.get("notification"):
            raise invalid("either message or notification must be set: an empty answer")
        if body.get("message"):
            stored = self.world.messages.get(pending.mid or "")
            if stored is None:
                raise invalid("the pressed message is gone: nothing to edit")
            await self._edit(stored, body["message"])
        pending.answered = True
        self.callback_answers.append(
            MaxCallbackAnswer(
                query["callback_id"],
                pending.user_id,
                body.get("notification"),
                bool(body.get("message")),
                time.time(),
            )
        )
        await self.notify()
        return {"success": True}

    async def upload_endpoint(self, query: dict[str, Any], body: Any) -> Any:
        kind = query["type"]
        if kind not in ("file", "image"):
            raise invalid(f"the stand-in takes file and image uploads, not {kind}")
        key = secrets.token_hex(8)
        self.world.uploads[key] = StoredUpload(kind)
        return {"url": f"{self.url}/upload/{key}"}

    async def get_updates(self, query: dict[str, Any], body: Any) -> Any:
        if self.world.subscriptions:
            raise MaxError(405, "method.not.allowed", "Long polling is off while subscribed")
        marker = query.get("marker")
        start = self.world.acknowledged if marker is None else int(marker)
        self.world.acknowledged = max(self.world.acknowledged, start)
        wait = min(int(query.get("timeout", 30)), LONG_POLL_MAX)
        limit = int(query.get("limit", 100))
        types = set(query.get("types") or [])
        deadline = time.monotonic() + wait

        def window() -> list[dict[str, Any]]:
            return self.world.updates[start : start + limit]

        def wanted() -> list[dict[str, Any]]:
            return [u for u in window() if not types or u["update_type"] in types]

        self.polls_waiting += 1
        try:
            async with self.changed:
                self.changed.notify_all()
                while not wanted() and not self.closing:
                    remaining = deadline - time.monotonic()
                    if remaining <= 0:
                        break
                    try:
                        await asyncio.wait_for(self.changed.wait(), remaining)
                    except TimeoutError:
                        break
        finally:
            self.polls_waiting -= 1
        return {"updates": wanted(), "marker": start + len(window())}

    async def get_subscriptions(self, query: dict[str, Any], body: Any) -> Any:
        return {"subscriptions": list(self.world.subscriptions)}

    async def subscribe(self, query: dict[str, Any], body: Any) -> Any:
        if not body["url"].startswith("https://"):
            raise invalid("url must start with https://")
        self.world.subscriptions = [s for s in self.world.subscriptions if s["url"] != body["url"]]
        self.world.subscriptions.append(
            {"url": body["url"], "time": millis(), "update_types": body.get("update_types")}
        )
        self.world.secrets[body["url"]] = body.get("secret") or ""
        return {"success": True}

    async def unsubscribe(self, query: dict[str, Any], body: Any) -> Any:
        before = len(self.world.subscriptions)
        self.world.subscriptions = [s for s in self.world.subscriptions if s["url"] != query["url"]]
        return {"success": len(self.world.subscriptions) < before}
