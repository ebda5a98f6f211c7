"""Files in the Telegram stand-in: users send photos, documents and the like, the bot asks
getFile and downloads ``/file/bot<token>/<file_path>``, with Telegram's limits."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from typing import Any

from aiohttp import web

from .server import Upload
from .telegram_spec import TelegramError, TelegramSpec
from .telegram_state import BotState, now

# "For the moment, bots can download files of up to 20MB in size" (getFile).
DOWNLOAD_LIMIT = 20 * 1024 * 1024
TOO_BIG = "Bad Request: file is too big"
INVALID_FILE_ID = "Bad Request: invalid file_id"
# What else a user may send, as Telegram describes it (fields of Message).
OTHER_KINDS: dict[str, dict[str, Any]] = {
    "voice": {"duration": 3, "mime_type": "audio/ogg"},
    "sticker": {
        "type": "regular",
        "width": 512,
        "height": 512,
        "is_animated": False,
        "is_video": False,
        "emoji": "👍",
    },
    "video_note": {"length": 240, "duration": 3},
}


class TelegramFiles:
    bots: dict[str, BotState]
    spec: TelegramSpec
    violations: list[str]
    downloads: list[str]

    _bot: Callable[[str | None], BotState]

    def file_routes(self, app: web.Application) -> None:
        app.router.add_get("/file/bot{token}/{path:.+}", self._download)

    @staticmethod
    def _register(bot: BotState, kind: str, upload: Upload) -> tuple[str, str]:
        digest = hashlib.sha1(upload.data + upload.filename.encode()).hexdigest()
        file_id = f"{kind[:3].upper()}u{digest[:30]}"
        bot.files[file_id] = upload
        return file_id, digest[:16]

    async def get_file(self, bot: BotState, v: dict[str, Any]) -> Any:
        upload = bot.files.get(v["file_id"])
        if upload is None:
            raise TelegramError(INVALID_FILE_ID)
        if len(upload.data) > DOWNLOAD_LIMIT:
            raise TelegramError(TOO_BIG)
        extension = upload.filename.rsplit(".", 1)[-1] if "." in upload.filename else "bin"
        path = f"documents/file_{len(bot.paths) + 1}.{extension}"
        bot.paths[path] = upload
        unique = hashlib.sha1(upload.data).hexdigest()[:16]
        return {
            "file_id": v["file_id"],
            "file_unique_id": unique,
            "file_size": len(upload.data),
            "file_path": path,
        }

    async def _download(self, request: web.Request) -> web.Response:
        token, path = request.match_info["token"], request.match_info["path"]
        bot = self.bots.get(token)
        upload = bot.paths.get(path) if bot is not None else None
        if upload is None:
            self.violations.append(f"file download of an unknown path {path!r}")
            body = {"ok": False, "error_code": 404, "description": "Not Found"}
            return web.json_response(body, status=404)
        self.downloads.append(path)
        return web.Response(body=upload.data, content_type="application/octet-stream")

    def _user_message(self, bot: BotState, user_id: int, fields: dict[str, Any]) -> dict[str, Any]:
        bot.known_chats.add(user_id)
        message = {
            "message_id": bot.take_message_id(user_id),
            "from": bot.user(user_id),
            "chat": bot.chat(user_id),
            "date": int(now()),
            **fields,
        }
        # What the stand-in sends must be a Message as the Bot API describes it.
        self.spec._check_object("Message", json.loads(json.dumps(message)), {})
        return message

    async def user_sends_photo(
        self, user_id: int, data: bytes, caption: str = "", *, token: str | None = None
    ) -> dict[str, Any]:
        """A photo, as Telegram sends it: a small thumbnail size first, the full one last."""
        bot = self._bot(token)
        thumb_id, thumb_unique = self._register(bot, "photo", Upload("thumb.jpg", "", data[:64]))
        full_id, full_unique = self._register(bot, "photo", Upload("photo.jpg", "", data))
        sizes = [
            {
                "file_id": thumb_id,
                "file_unique_id": thumb_unique,
                "file_size": min(64, len(data)),
                "width": 90,
                "height": 67,
            },
            {
                "file_id": full_id,
                "file_unique_id": full_unique,
                "file_size": len(data),
                "width": 1280,
                "height": 960,
            },
        ]
        fields: dict[str, Any] = {"photo": sizes, **({"caption": caption} if caption else {})}
        return await bot.queue("message", self._user_message(bot, user_id, fields))

    async def user_sends_document(
        self,
        user_id: int,
        data: bytes,
        filename: str,
        mime_type: str = "application/pdf",
        caption: str = "",
        *,
        token: str | None = None,
    ) -> dict[str, Any]:
        bot = self._bot(token)
        file_id, unique = self._register(bot, "document", Upload(filename, mime_type, data))
        document = {
            "file_id": file_id,
            "file_unique_id": unique,
            "file_name": filename,
            "mime_type": mime_type,
            "file_size": len(data),
        }
        fields: dict[str, Any] = {"document": document}
        if caption:
            fields["caption"] = caption
        return await bot.queue("message", self._user_message(bot, user_id, fields))

    async def user_sends_other(
        self, user_id: int, kind: str, *, token: str | None = None
    ) -> dict[str, Any]:
        """A voice message, a sticker or a round video (``OTHER_KINDS``)."""
        bot = self._bot(token)
        file_id, unique = self._register(bot, kind, Upload(kind, "", b"\x00" * 128))
        body = {"file_id": file_id, "file_unique_id": unique, "file_size": 128, **OTHER_KINDS[kind]}
        return await bot.queue("message", self._user_message(bot, user_id, {kind: body}))
