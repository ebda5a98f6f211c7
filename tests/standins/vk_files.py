"""Files in the VK stand-in: users send documents, photos, stickers and voice messages, whose
objects are checked against the API schema; documents and photos are served on their own
paths as VK serves them on other hosts (vk.com/doc..., sun9-*.userapi.com), with the signature
VK puts in the link."""

from __future__ import annotations

import secrets
from collections.abc import Awaitable, Callable
from typing import Any

from aiohttp import web

from .server import Upload
from .vk_spec import VkSpec
from .vk_state import VkWorld, incoming_message

ATTACHMENT_REF = "../messages/objects.json#/definitions/messages_message_attachment"
_TYPES: dict[str, Any] = {
    "integer": lambda x: isinstance(x, int) and not isinstance(x, bool),
    "number": lambda x: isinstance(x, int | float) and not isinstance(x, bool),
    "boolean": lambda x: isinstance(x, bool),
    "string": lambda x: isinstance(x, str),
    "array": lambda x: isinstance(x, list),
    "object": lambda x: isinstance(x, dict),
}


def check_schema(spec: VkSpec, schema: dict[str, Any], value: Any, where: str) -> None:
    """AssertionError unless `value` fits `schema` (types, enums, required and known fields).
    A reference to a section this copy of the schema lacks is taken on trust."""
    if "$ref" in schema:
        definition = spec.resolve(schema["$ref"])
        if definition is None:
            return
        schema = {**definition, **{k: v for k, v in schema.items() if k != "$ref"}}
        if "$ref" in definition:
            check_schema(spec, schema, value, where)
            return
    kinds = schema.get("type")
    kinds = kinds if isinstance(kinds, list) else [kinds] if kinds else []
    if kinds and not any(_TYPES[k](value) for k in kinds if k in _TYPES):
        raise AssertionError(f"{where} should be {' or '.join(kinds)}, not {value!r}")
    if "enum" in schema and value not in schema["enum"]:
        raise AssertionError(f"{where} should be one of {schema['enum']}, not {value!r}")
    if isinstance(value, list) and "items" in schema:
        for i, item in enumerate(value):
            check_schema(spec, schema["items"], item, f"{where}[{i}]")
    properties = schema.get("properties")
    if isinstance(value, dict) and properties is not None:
        for name, prop in properties.items():
            if prop.get("required") and name not in value:
                raise AssertionError(f"{where}.{name} is required")
        for name, item in value.items():
            if name not in properties:
                raise AssertionError(f"{where}.{name} is not in the schema")
            check_schema(spec, properties[name], item, f"{where}.{name}")


class VkFiles:
    spec: VkSpec
    world: VkWorld
    violations: list[str]
    downloads: list[str]
    signatures: dict[str, str]

    _queue: Callable[[str, dict[str, Any]], Awaitable[dict[str, Any]]]
    add_user: Callable[..., None]

    @property
    def url(self) -> str:
        raise NotImplementedError  # given by LoopbackServer

    def file_routes(self, app: web.Application) -> None:
        app.router.add_get("/doc{key}", self._serve)
        app.router.add_get("/impg/{key}.jpg", self._serve)

    def _link(self, path: str, upload: Upload, query: str) -> str:
        signature = secrets.token_hex(8)
        self.world.saved[path] = upload
        self.signatures[path] = signature
        return f"{self.url}/{path}?{query}{signature}"

    async def _serve(self, request: web.Request) -> web.Response:
        path = request.path.lstrip("/")
        upload = self.world.saved.get(path)
        signed = request.query.get("hash") or request.query.get("sign")
        if upload is None or signed != self.signatures.get(path):
            # VK answers a wrong or stale link with an error page, never with the file.
            self.violations.append(f"download of {request.path_qs}: unknown or unsigned link")
            return web.Response(status=404, text="Not Found")
        self.downloads.append(path)
        return web.Response(body=upload.data, content_type=upload.content_type or "image/jpeg")

    def doc_attachment(self, user_id: int, data: bytes, title: str) -> dict[str, Any]:
        media_id = len(self.world.saved) + 1
        ext = title.rsplit(".", 1)[-1].lower() if "." in title else ""
        url = self._link(f"doc{user_id}_{media_id}", Upload(title, "", data), "hash=")
        doc = {
            "id": media_id,
            "owner_id": user_id,
            "title": title,
            "size": len(data),
            "ext": ext,
            "date": 1_700_000_000,
            "type": 1 if ext in ("txt", "doc", "docx", "pdf", "odt", "rtf") else 8,
            "url": url,
            "access_key": secrets.token_hex(9),
        }
        return {"type": "doc", "doc": doc}

    def photo_attachment(self, user_id: int, data: bytes) -> dict[str, Any]:
        """A photo as VK lists it: several sizes, the full one not necessarily last."""
        media_id = len(self.world.saved) + 1
        small = Upload("t.jpg", "image/jpeg", data[:64])
        thumb = self._link(f"impg/t{media_id}.jpg", small, "sign=")
        full = self._link(f"impg/f{media_id}.jpg", Upload("f.jpg", "image/jpeg", data), "sign=")
        photo = {
            "id": media_id,
            "owner_id": user_id,
            "album_id": -3,
            "date": 1_700_000_000,
            "has_tags": False,
            "access_key": secrets.token_hex(9),
            "sizes": [
                {"type": "w", "url": full, "width": 1280, "height": 960},
                {"type": "s", "url": thumb, "width": 75, "height": 56},
            ],
            "text": "",
        }
        return {"type": "photo", "photo": photo}

    @staticmethod
    def other_attachment(kind: str) -> dict[str, Any]:
        """A sticker or a voice message (VK calls it audio_message)."""
        if kind == "sticker":
            sticker = {"inner_type": "base_sticker_new", "sticker_id": 9}
            return {"type": "sticker", "sticker": sticker}
        link = "https://psv4.userapi.com/c1/voice.ogg"
        voice = {
            "id": 5,
            "owner_id": 1,
            "duration": 3,
            "waveform": [0, 5, 9],
            "link_ogg": link,
            "link_mp3": link.replace(".ogg", ".mp3"),
        }
        return {"type": kind, kind: voice}

    async def user_sends_attachments(
        self, user_id: int, attachments: list[dict[str, Any]], text: str = ""
    ) -> dict[str, Any]:
        """Queue ``message_new`` with `attachments` (see *_attachment), checked by the schema."""
        if user_id not in self.world.known_peers:
            self.add_user(user_id)
        for i, item in enumerate(attachments):
            check_schema(self.spec, {"$ref": ATTACHMENT_REF}, item, f"attachments[{i}]")
        message_id, cmid = self.world.take_ids(user_id)
        event = incoming_message(message_id, cmid, user_id, text, None)
        event["message"]["attachments"] = attachments
        return await self._queue("message_new", event)
