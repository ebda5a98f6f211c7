"""VK API method implementations of the VK stand-in."""

from __future__ import annotations

import asyncio
import re
import secrets
import time
from collections.abc import Awaitable, Callable
from typing import Any

from .keyboard_rules import KeyboardError, check_event_data
from .server import Upload
from .vk_spec import VkError, invalid
from .vk_state import CHAT_START_ID, EventAnswer, StoredVkMessage, VkSentMessage, VkWorld

VkHandler = Callable[[dict[str, Any]], Awaitable[Any]]
ATTACHMENT = re.compile(r"(photo|doc|video|audio|wall|market|poll|link|story)-?\d+_\d+(_\w+)?")
DEDUP_SECONDS = 3600
TARGETS = ("peer_ids", "peer_id", "user_id", "chat_id", "domain")


def _numeric(value: Any, default: int) -> int:
    text = str(value).removeprefix("id").removeprefix("club")
    return int(text) if text.lstrip("-").isdigit() else default


class VkMethods:
    group_id: int
    group_name: str
    world: VkWorld
    sent: list[VkSentMessage]
    event_answers: list[EventAnswer]
    deduplicated: list[tuple[int, int]]
    blocked: set[int]
    require_known_peers: bool
    max_message_length: int
    changed: asyncio.Condition
    lp_key: str

    @property
    def url(self) -> str:
        raise NotImplementedError  # given by LoopbackServer

    def handlers(self) -> dict[str, VkHandler]:
        return {
            "groups.getLongPollServer": self.get_long_poll_server,
            "groups.getById": self.get_group,
            "users.get": self.get_users,
            "messages.send": self.send,
            "messages.edit": self.edit,
            "messages.sendMessageEventAnswer": self.answer_event,
            "photos.getMessagesUploadServer": self.photo_upload_server,
            "docs.getMessagesUploadServer": self.doc_upload_server,
            "photos.saveMessagesPhoto": self.save_photo,
            "docs.save": self.save_doc,
        }

    def _own_group(self, group_id: Any) -> None:
        if group_id is not None and group_id != self.group_id:
            raise VkError(15, f"Access denied: no access to group {group_id}")

    async def get_long_poll_server(self, v: dict[str, Any]) -> Any:
        self._own_group(v["group_id"])
        server = f"{self.url}/whp/{self.group_id}"
        return {"key": self.lp_key, "server": server, "ts": str(self.world.next_ts)}

    async def get_group(self, v: dict[str, Any]) -> Any:
        ids = [_numeric(g, self.group_id) for g in v.get("group_ids") or [v.get("group_id")]]
        groups = [
            {
                "id": gid,
                "name": self.group_name if gid == self.group_id else f"Group {gid}",
                "screen_name": f"club{gid}",
                "is_closed": 0,
                "type": "group",
            }
            for gid in ids
        ]
        return {"groups": groups, "profiles": []}

    async def get_users(self, v: dict[str, Any]) -> Any:
        return [self.world.user(_numeric(uid, 0)) for uid in v.get("user_ids", [])]

    def _peers(self, v: dict[str, Any]) -> list[int]:
        if "domain" in v:
            raise invalid("domain is not supported by the stand-in; use peer_id")
        if "peer_ids" in v:
            return [int(p) for p in v["peer_ids"]]
        if "peer_id" in v:
            return [v["peer_id"]]
        if "user_id" in v:
            return [v["user_id"]]
        if "chat_id" in v:
            return [CHAT_START_ID + v["chat_id"]]
        raise invalid("peer_id is undefined")

    def _check_text(self, v: dict[str, Any]) -> None:
        if len(v.get("message", "")) > self.max_message_length:
            raise VkError(914, "Message is too long")
        for item in filter(None, v.get("attachment", "").split(",")):
            if not ATTACHMENT.fullmatch(item.strip()):
                raise invalid(f"attachment {item!r} is invalid")

    def _deny(self, peer_id: int) -> VkError | None:
        unknown = self.require_known_peers and peer_id not in self.world.known_peers
        if peer_id in self.blocked or (unknown and 0 < peer_id < CHAT_START_ID):
            return VkError(901, "Can't send messages for users without permission", benign=True)
        return None

    async def send(self, v: dict[str, Any]) -> Any:
        self._own_group(v.get("group_id"))
        peers = self._peers(v)
        if not any(v.get(k) for k in ("message", "attachment", "forward_messages", "sticker_id")):
            raise invalid("message is empty or invalid")
        self._check_text(v)
        results: list[dict[str, Any]] = []
        for peer_id in peers:
            denied = self._deny(peer_id)
            if denied is not None:
                if "peer_ids" not in v:
                    raise denied
                error = {"code": denied.code, "description": denied.message}
                results.append({"peer_id": peer_id, "error": error})
                continue
            message_id, cmid = await self._deliver(peer_id, v)
            results.append(
                {"peer_id": peer_id, "message_id": message_id, "conversation_message_id": cmid}
            )
        return results if "peer_ids" in v else results[0]["message_id"]

    async def _deliver(self, peer_id: int, v: dict[str, Any]) -> tuple[int, int]:
        random_id = v["random_id"]
        moment = time.time()
        previous = self.world.random_ids.get((peer_id, random_id))
        if random_id and previous and moment - previous[1] < DEDUP_SECONDS:
            self.deduplicated.append((peer_id, random_id))
            stored = self.world.messages[previous[0]]
            return stored.message_id, stored.conversation_message_id
        message_id, cmid = self.world.take_ids(peer_id)
        self.world.random_ids[(peer_id, random_id)] = (message_id, moment)
        keyboard = v.get("keyboard")
        stored = StoredVkMessage(peer_id, message_id, cmid, v.get("message", ""), keyboard)
        self.world.messages[message_id] = stored
        if keyboard is not None and not keyboard.get("inline"):
            if keyboard.get("buttons"):
                self.world.keyboards[peer_id] = keyboard
            else:
                self.world.keyboards.pop(peer_id, None)
        await self._record("messages.send", stored, v)
        return message_id, cmid

    async def _record(self, method: str, stored: StoredVkMessage, v: dict[str, Any]) -> None:
        attachments = [a.strip() for a in v.get("attachment", "").split(",") if a.strip()]
        self.sent.append(
            VkSentMessage(
                method=method,
                peer_id=stored.peer_id,
                message_id=stored.message_id,
                conversation_message_id=stored.conversation_message_id,
                text=stored.text,
                keyboard=stored.keyboard,
                attachments=attachments,
                files=[self.world.saved[a] for a in attachments if a in self.world.saved],
                random_id=v.get("random_id"),
                timestamp=time.time(),
                params=dict(v),
            )
        )
        async with self.changed:
            self.changed.notify_all()

    async def edit(self, v: dict[str, Any]) -> Any:
        self._own_group(v.get("group_id"))
        self._check_text(v)
        peer_id = v["peer_id"]
        if "message_id" in v:
            stored = self.world.messages.get(v["message_id"])
        elif "cmid" in v:
            stored = next(
                (
                    m
                    for m in self.world.messages.values()
                    if m.peer_id == peer_id and m.conversation_message_id == v["cmid"]
                ),
                None,
            )
        else:
            raise invalid("message_id or cmid is a required parameter")
        if stored is None or stored.peer_id != peer_id:
            raise invalid("message not found")
        if "message" in v:
            stored.text = v["message"]
        if "keyboard" in v:
            stored.keyboard = v["keyboard"]
        await self._record("messages.edit", stored, v)
        return 1

    async def answer_event(self, v: dict[str, Any]) -> Any:
        pending = self.world.pending_events.get(v["event_id"])
        if pending is None or pending.answered:
            raise invalid("event_id is invalid or already answered")
        if (pending.user_id, pending.peer_id) != (v["user_id"], v["peer_id"]):
            raise invalid("user_id and peer_id must be those of the event")
        data = None
        if v.get("event_data"):
            try:
                data = check_event_data(v["event_data"])
            except KeyboardError as exc:
                raise invalid(str(exc)) from None
        pending.answered = True
        self.event_answers.append(
            EventAnswer(v["event_id"], v["user_id"], v["peer_id"], data, time.time())
        )
        async with self.changed:
            self.changed.notify_all()
        return 1

    async def photo_upload_server(self, v: dict[str, Any]) -> Any:
        return {
            "album_id": -64,
            "upload_url": f"{self.url}/upload/photo",
            "user_id": 0,
            "group_id": self.group_id,
        }

    async def doc_upload_server(self, v: dict[str, Any]) -> Any:
        if "peer_id" not in v:
            raise invalid("peer_id is a required parameter for community tokens")
        return {"upload_url": f"{self.url}/upload/doc"}

    def store_upload(self, upload: Upload) -> str:
        key = secrets.token_hex(8)
        self.world.uploads[key] = upload
        return key

    def _saved(self, key: str, kind: str) -> tuple[int, Upload]:
        upload = self.world.uploads.pop(key, None)
        if upload is None:
            raise invalid(f"{kind} is undefined or already saved")
        media_id = len(self.world.saved) + 1
        self.world.saved[f"{kind}-{self.group_id}_{media_id}"] = upload
        return media_id, upload

    async def save_photo(self, v: dict[str, Any]) -> Any:
        media_id, _ = self._saved(v["photo"], "photo")
        return [
            {
                "id": media_id,
                "owner_id": -self.group_id,
                "album_id": -64,
                "date": int(time.time()),
                "sizes": [],
                "text": "",
                "has_tags": False,
            }
        ]

    async def save_doc(self, v: dict[str, Any]) -> Any:
        media_id, upload = self._saved(v["file"], "doc")
        title = v.get("title") or upload.filename
        return {
            "type": "doc",
            "doc": {
                "id": media_id,
                "owner_id": -self.group_id,
                "title": title,
                "size": len(upload.data),
                "ext": title.rsplit(".", 1)[-1] if "." in title else "",
                "date": int(time.time()),
                "type": 8,
                "url": f"{self.url}/doc/{media_id}",
            },
        }
