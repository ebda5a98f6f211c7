"""Loopback stand-in of the Telegram Bot API, driven by tests as a user would."""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import Hashable
from functools import cache
from typing import Any

from aiogram.client.telegram import TelegramAPIServer
from aiohttp import web

from . import telegram_rules as rules
from .server import LoopbackServer
from .telegram_driver import TelegramDriver
from .telegram_files import TelegramFiles
from .telegram_methods import Handler, TelegramMethods
from .telegram_spec import TelegramError, TelegramSpec, Upload
from .telegram_state import (
    EDIT_METHODS,
    SEND_METHODS,
    ApiCall,
    BotState,
    CallbackAnswer,
    SentMessage,
    check_rate,
    now,
)
from .waiting import Waiting

DEFAULT_TOKEN = "123456789:AAFstandInTokenForTests_abcdefghijk"


@cache
def shared_spec() -> TelegramSpec:
    return TelegramSpec()


def _internal(exc: Exception) -> TelegramError:
    return TelegramError(f"Internal Server Error: the stand-in failed with {exc!r}", 500)


class TelegramStandIn(LoopbackServer, TelegramMethods, TelegramDriver, TelegramFiles, Waiting):
    """Serves ``/bot<token>/<method>``; every rejected request lands in ``violations``."""

    def __init__(
        self,
        token: str | None = DEFAULT_TOKEN,
        *,
        username: str = "journal_test_bot",
        first_name: str = "Журнал",
        rate_limits: bool = False,
        require_known_chats: bool = True,
        count_not_modified: bool = False,
    ) -> None:
        LoopbackServer.__init__(self)
        self.spec = shared_spec()
        self.rate_limits = rate_limits
        self.require_known_chats = require_known_chats
        self.count_not_modified = count_not_modified
        self.sent: list[SentMessage] = []
        self.callback_answers: list[CallbackAnswer] = []
        self.violations: list[str] = []
        self.not_modified: list[str] = []
        self.deprecated: list[str] = []
        self.calls: list[ApiCall] = []
        self.downloads: list[str] = []  # file paths the bot downloaded
        self.blocked: set[int] = set()
        self.changed = asyncio.Condition()
        self.platform = "Telegram"
        self.bots: dict[str, BotState] = {}
        self._methods = {name.lower(): name for name in self.spec.methods}
        self._handlers: dict[str, Handler] = {**self.handlers(), "getFile": self.get_file}
        self._injected: dict[str, list[TelegramError]] = {}
        self.cursors: dict[Hashable, int] = {}
        if token:
            self.add_bot(token, username=username, first_name=first_name)

    def add_bot(
        self, token: str, *, username: str = "journal_test_bot", first_name: str = "Журнал"
    ) -> BotState:
        bot_id = int(token.split(":", 1)[0])
        self.bots[token] = BotState(token, bot_id, username, first_name)
        return self.bots[token]

    @property
    def token(self) -> str:
        return next(iter(self.bots))

    def aiogram_server(self) -> TelegramAPIServer:
        """Pass as ``AiohttpSession(api=standin.aiogram_server())``."""
        return TelegramAPIServer.from_base(self.url)

    def routes(self, app: web.Application) -> None:
        app.router.add_route("*", "/bot{token}/{method}", self._handle)
        self.file_routes(app)

    async def release_waiters(self) -> None:
        for bot in self.bots.values():
            async with bot.changed:
                bot.changed.notify_all()

    async def _read_params(
        self, request: web.Request, method: str | None
    ) -> tuple[dict[str, Any], dict[str, Upload]]:
        params: dict[str, Any] = dict(request.query)
        uploads: dict[str, Upload] = {}
        if request.method == "POST" and request.can_read_body:
            if request.content_type == "application/json":
                try:
                    body = await request.json()
                except ValueError:
                    raise TelegramError("Bad Request: can't parse JSON object") from None
                if not isinstance(body, dict):
                    raise TelegramError("Bad Request: JSON object expected")
                params.update(body)
            else:
                form = await request.post()
                for key, value in form.items():
                    if isinstance(value, web.FileField):
                        uploads[key] = Upload(value.filename, value.content_type, value.file.read())
                    else:
                        params[key] = value
        fields = {f.name for f in self.spec.methods.get(method or "", ())}
        for key in uploads:
            if key in fields and key not in params:
                params[key] = f"attach://{key}"
        return params, uploads

    async def _handle(self, request: web.Request) -> web.Response:
        token, name = request.match_info["token"], request.match_info["method"]
        bot = self.bots.get(token)
        if bot is None:
            self.violations.append(f"{name}: request with an unregistered bot token")
            return web.json_response(TelegramError("Unauthorized", 401).payload(), status=401)
        method = self._methods.get(name.lower())
        call = ApiCall(token, method or name, {}, now())
        self.calls.append(call)
        try:
            params, uploads = await self._read_params(request, method)
            call.params = params
            if method is None:
                raise TelegramError("Not Found", 404)
            values = self.spec.validate(method, params, uploads, self.deprecated)
            chat_id = values.get("chat_id")
            check_rate(
                bot,
                method,
                chat_id if isinstance(chat_id, int) else None,
                self.rate_limits,
                self.violations,
            )
            self._raise_injected(bot, method, values)
            handler = self._handlers.get(method)
            if handler is None:
                result: Any = self.spec.default_result(method)
            else:
                result = await handler(bot, values)
        except Exception as exc:
            error = exc if isinstance(exc, TelegramError) else _internal(exc)
            call.status, call.description = error.error_code, error.description
            if not error.benign:
                shown = json.dumps(call.params, ensure_ascii=False, default=str)[:400]
                self.violations.append(f"{call.method}: {error.description} | params={shown}")
            return web.json_response(error.payload(), status=error.error_code)
        return web.json_response({"ok": True, "result": result})

    def _raise_injected(self, bot: BotState, method: str, values: dict[str, Any]) -> None:
        queue = self._injected.get(method)
        if not queue:
            return
        error = queue.pop(0)
        if error.retry_after is not None:
            chat_id = values.get("chat_id")
            scope = ("chat", chat_id) if isinstance(chat_id, int) else ("method", method)
            bot.blocked_until[scope] = time.monotonic() + error.retry_after
        raise error

    def fail_next(
        self,
        method: str,
        error_code: int = 429,
        retry_after: int = 3,
        description: str | None = None,
        times: int = 1,
    ) -> None:
        """Make the next ``times`` calls of ``method`` fail like Telegram fails them."""
        default = {
            429: f"Too Many Requests: retry after {retry_after}",
            403: rules.BLOCKED,
            400: "Bad Request: injected failure",
            500: "Internal Server Error",
            502: "Bad Gateway",
        }.get(error_code, f"Error {error_code}")
        for _ in range(times):
            self._injected.setdefault(method, []).append(
                TelegramError(
                    description or default,
                    error_code,
                    retry_after if error_code == 429 else None,
                    benign=True,
                )
            )

    def messages_to(self, chat_id: int) -> list[SentMessage]:
        return [m for m in self.sent if m.chat_id == chat_id and m.method in SEND_METHODS]

    async def wait_for_messages(
        self,
        chat_id: int,
        count: int = 1,
        timeout: float = 5.0,  # noqa: ASYNC109
    ) -> list[SentMessage]:
        """Messages the bot sent to ``chat_id`` since the previous call (at least ``count``)."""
        return await self.take_new(
            ("message", chat_id),
            lambda: self.messages_to(chat_id),
            count,
            timeout,
            lambda got: f"{count} message(s) to chat {chat_id}, got {[m.plain_text for m in got]}",
        )

    async def wait_for_edits(
        self,
        chat_id: int,
        count: int = 1,
        timeout: float = 5.0,  # noqa: ASYNC109
    ) -> list[SentMessage]:
        """Edits of the bot's messages in ``chat_id`` since the previous call."""
        return await self.take_new(
            ("edit", chat_id),
            lambda: [m for m in self.sent if m.chat_id == chat_id and m.method in EDIT_METHODS],
            count,
            timeout,
            lambda got: f"{count} edit(s) in chat {chat_id}, got {[m.plain_text for m in got]}",
        )

    async def wait_for_callback_answers(
        self,
        count: int = 1,
        timeout: float = 5.0,  # noqa: ASYNC109
    ) -> list[CallbackAnswer]:
        return await self.take_new(
            "answers",
            lambda: self.callback_answers,
            count,
            timeout,
            lambda got: f"{count} callback answer(s), got {len(got)}",
        )
