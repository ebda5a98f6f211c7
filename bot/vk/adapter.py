"""vk-api adapter: Bots Long Poll event -> Incoming -> handle -> replies -> VK API calls.

vk-api blocks, so every call runs in a dedicated thread pool and the long poll in its own
thread; the event loop only ever awaits them.
"""

import asyncio
import hashlib
import io
import json
import logging
from collections.abc import Awaitable, Callable
from concurrent.futures import ThreadPoolExecutor
from functools import partial
from typing import Any, TypeVar, TypeVarTuple

import requests
from vk_api import VkApi, VkUpload
from vk_api.exceptions import ApiError, ApiHttpError, VkApiError

from bot.chat_sequencing import ChatSequencer
from bot.secrets_in_logs import shown_error
from db.enums import Platform
from handlers.core.io import (
    DOCUMENT,
    PHOTO,
    Attachment,
    Fetch,
    FileTooLarge,
    FileUnavailable,
    Incoming,
    IncomingFile,
    Reply,
)
from keyboards.render.vk import VkKeyboard, dump_keyboard, render_pages, unpack_payload
from texts.splitting import split_text

log = logging.getLogger(__name__)
Result = TypeVar("Result")
Arguments = TypeVarTuple("Arguments")

Handle = Callable[[Incoming], Awaitable[list[Reply]]]

TEXT_LIMIT = 4096
FAILURE_TEXT = "Не получилось ответить. Попробуйте ещё раз чуть позже."
MORE_BUTTONS_TEXT = "Ещё:"
START_PAYLOAD = {"command": "start"}
EMPTY_KEYBOARD = dump_keyboard({"one_time": False, "inline": True, "buttons": []})
DELIVERY_ERRORS = (VkApiError, requests.RequestException, ValueError, KeyError)
# One VK message: text, attachment ("doc-1_2" or ""), inline keyboard.
Message = tuple[str, str, VkKeyboard | None]
# Downloads a VK file URL: at most `limit` bytes, else FileTooLarge (VkCalls.download).
Download = Callable[[str, int], Awaitable[bytes]]
DOWNLOAD_TIMEOUT_SECONDS = 120
DOWNLOAD_CHUNK = 64 * 1024


def random_id(peer_id: int, event_key: str, reply_index: int, part: int) -> int:
    """The same message of the same answer always gets the same id, so VK drops a resend."""
    seed = f"{peer_id}:{event_key}:{reply_index}:{part}".encode()
    value = int.from_bytes(hashlib.blake2b(seed, digest_size=8).digest(), "big") & 0x7FFFFFFF
    return value or 1


def _fetcher(download: Download | None, url: object) -> Fetch | None:
    if download is None or not isinstance(url, str) or not url:
        return None

    async def fetch(limit: int) -> bytes:
        return await download(url, limit)

    return fetch


def _photo_file(photo: dict[str, Any], download: Download | None) -> IncomingFile:
    sizes = [s for s in photo.get("sizes") or [] if isinstance(s, dict) and s.get("url")]
    biggest = max(sizes, key=lambda s: int(s.get("width", 0)) * int(s.get("height", 0)), default={})
    name = f"photo_{photo.get('owner_id', 0)}_{photo.get('id', 0)}.jpg"
    return IncomingFile(PHOTO, name, "image/jpeg", None, _fetcher(download, biggest.get("url")))


def _doc_file(doc: dict[str, Any], download: Download | None) -> IncomingFile:
    title, ext = str(doc.get("title") or ""), str(doc.get("ext") or "")
    name = title if not ext or title.lower().endswith(f".{ext.lower()}") else f"{title}.{ext}"
    size = doc.get("size")
    fetch = _fetcher(download, doc.get("url"))
    return IncomingFile(DOCUMENT, name, "", size if isinstance(size, int) else None, fetch)


def files_of(message: dict[str, Any], download: Download | None) -> tuple[IncomingFile, ...]:
    """A message's attachments: photos and documents with their URLs, anything else by kind."""
    files = []
    for item in message.get("attachments") or []:
        kind = item.get("type") if isinstance(item, dict) else None
        body = item.get(kind) if isinstance(kind, str) else None
        if kind == "photo" and isinstance(body, dict):
            files.append(_photo_file(body, download))
        elif kind == "doc" and isinstance(body, dict):
            files.append(_doc_file(body, download))
        elif isinstance(kind, str):
            files.append(IncomingFile(kind))
    return tuple(files)


def incoming_from_message(
    message: dict[str, Any], download: Download | None = None
) -> Incoming | None:
    """message_new -> Incoming; None for anything but a person's private dialog."""
    peer_id, from_id = int(message.get("peer_id", 0)), int(message.get("from_id", 0))
    if from_id <= 0 or peer_id != from_id:
        return None  # the journal talks in private dialogs only
    account = str(from_id)
    payload = unpack_payload(message.get("payload"))
    if payload is not None:  # a text button of ours
        return Incoming(Platform.VK, account, payload=payload)
    if message.get("ref"):  # opened from a link vk.me/<group>?ref=<code>
        return Incoming(Platform.VK, account, text=f"/start {message['ref']}")
    if _is_start(message.get("payload")):  # VK's own "Начать" button
        return Incoming(Platform.VK, account, text="/start")
    files = files_of(message, download)
    return Incoming(Platform.VK, account, text=message.get("text") or "", files=files)


def _is_start(raw: object) -> bool:
    try:
        return isinstance(raw, str) and json.loads(raw) == START_PAYLOAD
    except ValueError:
        return False


class VkCalls:
    """VK API methods, awaited; each runs on the dedicated pool, never on the event loop."""

    def __init__(self, vk: VkApi, executor: ThreadPoolExecutor) -> None:
        self.vk = vk
        self._executor = executor

    async def run(self, fn: Callable[[*Arguments], Result], *args: *Arguments) -> Result:
        return await asyncio.get_running_loop().run_in_executor(self._executor, fn, *args)

    async def __call__(self, method: str, **values: Any) -> Any:
        return await self.run(partial(self.vk.method, method, values))

    async def download(self, url: str, limit: int) -> bytes:
        return await self.run(self._download, url, limit)

    def _download(self, url: str, limit: int) -> bytes:
        """A file VK links to: on its own hosts, not the API's, yet fetched through the API's
        HTTP session (bot.vk.transport), so the same proxies and TLS settings apply."""
        try:
            with self.vk.http.get(url, stream=True, timeout=DOWNLOAD_TIMEOUT_SECONDS) as response:
                response.raise_for_status()
                announced = response.headers.get("Content-Length", "")
                if announced.isdigit() and int(announced) > limit:
                    raise FileTooLarge(url)
                content = bytearray()
                for chunk in response.iter_content(DOWNLOAD_CHUNK):
                    content += chunk
                    if len(content) > limit:
                        raise FileTooLarge(url)
        except requests.RequestException as exc:
            log.warning("VK: downloading a file failed: %s", shown_error(exc))
            raise FileUnavailable(url) from exc
        return bytes(content)

    async def upload(self, peer_id: int, attachment: Attachment) -> str:
        """The attachment string for messages.send ("doc1_2", "photo1_2")."""
        upload = VkUpload(self.vk)
        content = io.BytesIO(attachment.content)
        content.name = attachment.filename
        if attachment.kind == PHOTO:
            saved = await self.run(upload.photo_messages, content, peer_id)
            photo = saved[0]
            return f"photo{photo['owner_id']}_{photo['id']}"
        saved = await self.run(
            partial(upload.document_message, content, title=attachment.filename, peer_id=peer_id)
        )
        doc = saved.get("doc") or saved
        return f"doc{doc['owner_id']}_{doc['id']}"


class VkConversationBridge:
    """Turns long poll events into Incoming and the replies into messages, one chat at a time."""

    def __init__(self, handle: Handle, calls: VkCalls, sequencer: ChatSequencer) -> None:
        self._handle = handle
        self._calls = calls
        self._sequencer = sequencer

    async def on_event(self, raw: dict[str, Any]) -> None:
        kind, obj = raw.get("type"), raw.get("object") or {}
        if kind == "message_new":
            await self._on_message(raw, obj.get("message") or {})
        elif kind == "message_event":
            await self._on_button(raw, obj)

    async def _on_message(self, raw: dict[str, Any], message: dict[str, Any]) -> None:
        incoming = incoming_from_message(message, self._calls.download)
        if incoming is None:
            return
        peer_id = int(message["peer_id"])
        key = str(raw.get("event_id") or f"message:{message.get('id')}")
        async with self._sequencer.turn(peer_id):
            try:
                replies = await self._handle(incoming)
            except Exception:
                log.exception("VK: handling a message failed")
                replies = [Reply(FAILURE_TEXT)]
            await self.deliver(peer_id, key, replies)

    async def _on_button(self, raw: dict[str, Any], obj: dict[str, Any]) -> None:
        user_id, peer_id = int(obj.get("user_id", 0)), int(obj.get("peer_id", 0))
        event_id = str(obj.get("event_id", ""))
        # A press is a press: a payload that is not ours still goes in, to be found stale.
        payload = unpack_payload(obj.get("payload")) or json.dumps(obj.get("payload"))
        incoming = Incoming(Platform.VK, str(user_id), payload=payload)
        async with self._sequencer.turn(peer_id):
            replies: list[Reply] = []
            failed = False
            if peer_id == user_id:
                try:
                    replies = await self._handle(incoming)
                except Exception:
                    log.exception("VK: handling a button press failed")
                    failed = True
            await self._answer(event_id, user_id, peer_id, failed)
            key = str(raw.get("event_id") or f"event:{event_id}")
            await self.deliver(peer_id, key, replies, obj.get("conversation_message_id"))

    async def _answer(self, event_id: str, user_id: int, peer_id: int, failed: bool) -> None:
        values: dict[str, Any] = {"event_id": event_id, "user_id": user_id, "peer_id": peer_id}
        if failed:
            values["event_data"] = json.dumps({"type": "show_snackbar", "text": FAILURE_TEXT})
        try:
            await self._calls("messages.sendMessageEventAnswer", **values)
        except DELIVERY_ERRORS as exc:
            log.warning("VK: sendMessageEventAnswer failed: %s", exc)

    async def deliver(
        self, peer_id: int, key: str, replies: list[Reply], pressed_cmid: int | None = None
    ) -> None:
        edit_target = pressed_cmid
        for index, reply in enumerate(replies):
            try:
                messages = await self._messages(peer_id, reply)
                if not messages:
                    log.error("VK: an empty reply is not sent (peer %s)", peer_id)
                    continue
                first = 0
                if reply.edit and edit_target is not None and not messages[0][1]:
                    target, edit_target = edit_target, None
                    first = 1 if await self._edit(peer_id, target, messages[0]) else 0
                for part in range(first, len(messages)):
                    await self._send(peer_id, random_id(peer_id, key, index, part), messages[part])
            except ApiError as exc:
                log.error("VK: a reply to %s was not delivered: %s", peer_id, shown_error(exc))
                if exc.code == 901:  # the person has not allowed messages from the community
                    return
            except DELIVERY_ERRORS as exc:
                log.error("VK: a reply to %s was not delivered: %s", peer_id, shown_error(exc))

    async def _messages(self, peer_id: int, reply: Reply) -> list[Message]:
        """The reply as VK messages: text cut to size, the file, then extra keyboard pages."""
        pages = render_pages(reply.keyboard)
        attachment = ""
        if reply.attachment is not None:
            attachment = await self._calls.upload(peer_id, reply.attachment)
        chunks = split_text(reply.text, TEXT_LIMIT) or ([""] if attachment else [])
        if not chunks:
            return []
        messages: list[Message] = [(chunk, "", None) for chunk in chunks[:-1]]
        messages.append((chunks[-1], attachment, pages[0] if pages else None))
        messages.extend((MORE_BUTTONS_TEXT, "", page) for page in pages[1:])
        return messages

    async def _edit(self, peer_id: int, cmid: int, message: Message) -> bool:
        text, _, keyboard = message
        try:
            await self._calls(
                "messages.edit",
                peer_id=peer_id,
                cmid=cmid,
                message=text,
                keyboard=dump_keyboard(keyboard) if keyboard else EMPTY_KEYBOARD,
            )
        except (ApiError, ApiHttpError) as exc:
            log.info("VK: cannot edit message %s (%s), sending anew", cmid, exc)
            return False
        return True

    async def _send(self, peer_id: int, random: int, message: Message) -> None:
        text, attachment, keyboard = message
        values: dict[str, Any] = {"peer_id": peer_id, "random_id": random, "message": text}
        if attachment:
            values["attachment"] = attachment
        if keyboard is not None:
            values["keyboard"] = dump_keyboard(keyboard)
        await self._calls("messages.send", **values)
