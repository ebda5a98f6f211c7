"""Loopback stand-in of the MAX Bot API, driven by tests as people would drive MAX.

Every request is checked against the OpenAPI description (tests/standins/max_spec.py) and
MAX's documented rules: the token, 30 requests a second (with `rate_limit`), a message only to
a person who started the bot, an answer to a press that says something, a file attachment
alone in its message and not before MAX has processed it. A refusal the bot caused lands in
`violations`; one a person or the test caused (a blocked bot, an injected error) does not.
"""

from __future__ import annotations

import asyncio
import secrets
import time
from collections import deque
from collections.abc import Awaitable, Callable, Hashable
from functools import cache
from typing import Any

from aiohttp import web

from .max_driver import MaxDriver
from .max_methods import MaxMethods
from .max_spec import MaxError, MaxSpec
from .max_state import MaxCall, MaxCallbackAnswer, MaxSentMessage, MaxWorld
from .server import LoopbackServer
from .waiting import Waiting

DEFAULT_MAX_TOKEN = "max-standin-token-0123456789abcdef"
MAX_REQUESTS_PER_SECOND = 30
Handler = Callable[[dict[str, Any], Any], Awaitable[Any]]
# Routes the stand-in serves: (method, OpenAPI path) -> handler name in MaxMethods.
ROUTES = {
    ("GET", "/me"): "get_me",
    ("POST", "/messages"): "send_message",
    ("PUT", "/messages"): "edit_message",
    ("POST", "/answers"): "answer_callback",
    ("POST", "/uploads"): "upload_endpoint",
    ("GET", "/updates"): "get_updates",
    ("GET", "/subscriptions"): "get_subscriptions",
    ("POST", "/subscriptions"): "subscribe",
    ("DELETE", "/subscriptions"): "unsubscribe",
}


@cache
def shared_spec() -> MaxSpec:
    return MaxSpec()


class MaxStandIn(LoopbackServer, MaxMethods, MaxDriver, Waiting):
    def __init__(
        self,
        token: str = DEFAULT_MAX_TOKEN,
        *,
        username: str = "school_journal_bot",
        rate_limit: bool = False,
        require_known_users: bool = True,
        not_ready_for: float = 0.2,
    ) -> None:
        LoopbackServer.__init__(self)
        self.spec = shared_spec()
        self.token = token
        self.username = username
        self.rate_limit = rate_limit
        self.require_known_users = require_known_users
        self.not_ready_for = not_ready_for  # seconds a fresh upload stays "not ready"
        self.world = MaxWorld()
        self.sent: list[MaxSentMessage] = []
        self.callback_answers: list[MaxCallbackAnswer] = []
        self.calls: list[MaxCall] = []
        self.violations: list[str] = []
        self.downloads: list[str] = []
        self.blocked: set[int] = set()
        self.injected: dict[str, list[MaxError]] = {}
        self.changed = asyncio.Condition()
        self.platform = "MAX"
        self.cursors: dict[Hashable, int] = {}
        self.polls_waiting = 0
        self.webhook_target: str | None = None  # where pushed updates really go, in tests
        self.webhook_statuses: list[int] = []
        self._recent: deque[float] = deque()

    @property
    def api_url(self) -> str:
        """Value for the MAX_API_URL setting."""
        return self.url

    def routes(self, app: web.Application) -> None:
        app.router.add_post("/upload/{key}", self._upload_file)
        app.router.add_get("/files/{key}", self._serve_file)
        app.router.add_route("*", "/{path:.*}", self._handle)

    async def release_waiters(self) -> None:
        async with self.changed:
            self.changed.notify_all()

    async def notify(self) -> None:
        async with self.changed:
            self.changed.notify_all()

    async def _handle(self, request: web.Request) -> web.Response:
        path = "/" + request.match_info["path"]
        body: Any = None
        if request.can_read_body:
            try:
                body = await request.json()
            except ValueError:
                body = "<not JSON>"
        call = MaxCall(request.method, path, dict(request.query), body, time.time())
        self.calls.append(call)
        try:
            result = await self._dispatch(request, path, call)
        except Exception as exc:
            error = exc if isinstance(exc, MaxError) else MaxError(500, "internal", repr(exc))
            call.status, call.code = error.status, error.code
            if not error.benign:
                shown = f"{str(call.body)[:300]}" if call.body is not None else ""
                self.violations.append(
                    f"{request.method} {path}: {error.status} {error.code} {error.message} "
                    f"| query={call.query} body={shown}"
                )
            return web.json_response(error.payload(), status=error.status, headers=error.headers)
        return web.json_response(result)

    def _authorized(self, request: web.Request) -> bool:
        given = request.headers.get("Authorization") or request.query.get("access_token")
        return given == self.token

    async def _dispatch(self, request: web.Request, path: str, call: MaxCall) -> Any:
        if not self._authorized(request):
            raise MaxError(401, "verify.token", "Invalid access_token")
        operation = self.spec.operations.get((request.method, path))
        name = ROUTES.get((request.method, path))
        if operation is None or name is None:
            if any(route == path for _, route in self.spec.operations):
                raise MaxError(405, "method.not.allowed", f"{request.method} is not allowed")
            raise MaxError(404, "not.found", f"{path} not found")
        self._check_rate()
        values, unknown = self.spec.query(operation, dict(request.query))
        for param in unknown:
            self.violations.append(f"{request.method} {path}: unknown query parameter {param!r}")
        if operation.body is not None:
            if call.body is None:
                raise MaxError(400, "proto.payload", "request body is required")
            self.spec.check(operation.body, call.body, "body")
        queue = self.injected.get(f"{request.method} {path}")
        if queue:
            raise queue.pop(0)
        handler: Handler = getattr(self, name)
        return await handler(values, call.body)

    def _check_rate(self) -> None:
        if not self.rate_limit:
            return
        moment = time.monotonic()
        while self._recent and moment - self._recent[0] >= 1.0:
            self._recent.popleft()
        if len(self._recent) >= MAX_REQUESTS_PER_SECOND:
            raise MaxError(429, "too.many.requests", "Too many requests", benign=True)
        self._recent.append(moment)

    async def _upload_file(self, request: web.Request) -> web.Response:
        stored = self.world.uploads.get(request.match_info["key"])
        form = await request.post()
        files = [v for v in form.values() if isinstance(v, web.FileField)]
        if stored is None or stored.upload is not None or not files or "data" not in form:
            self.violations.append(f"upload to {request.path}: unknown URL, used twice or no data")
            return web.json_response({"error": "upload failed"}, status=400)
        stored.upload = self.upload_of(files[0])
        stored.ready_at = time.monotonic() + self.not_ready_for
        stored.token = secrets.token_urlsafe(24)
        self.world.tokens[stored.token] = stored
        if stored.kind == "image":
            photo_id = str(len(self.world.tokens))
            return web.json_response({"photos": {photo_id: {"token": stored.token}}})
        return web.json_response({"token": stored.token})

    async def _serve_file(self, request: web.Request) -> web.Response:
        key = request.match_info["key"]
        upload = self.world.files.get(key)
        if upload is None:
            self.violations.append(f"download of {request.path}: unknown file")
            return web.Response(status=404)
        self.downloads.append(key)
        return web.Response(body=upload.data, content_type=upload.content_type or "image/jpeg")

    def messages_to(self, user_id: int) -> list[MaxSentMessage]:
        return [m for m in self.sent if m.user_id == user_id and m.method == "send"]

    async def wait_for_messages(
        self,
        user_id: int,
        count: int = 1,
        timeout: float = 5.0,  # noqa: ASYNC109
    ) -> list[MaxSentMessage]:
        """Messages sent to `user_id` since the previous call (at least `count`)."""
        return await self.take_new(
            ("send", user_id),
            lambda: self.messages_to(user_id),
            count,
            timeout,
            lambda got: f"{count} message(s) to {user_id}, got {[m.text for m in got]}",
        )

    async def wait_for_edits(
        self,
        user_id: int,
        count: int = 1,
        timeout: float = 5.0,  # noqa: ASYNC109
    ) -> list[MaxSentMessage]:
        return await self.take_new(
            ("edit", user_id),
            lambda: [m for m in self.sent if m.user_id == user_id and m.method == "edit"],
            count,
            timeout,
            lambda got: f"{count} edit(s) for {user_id}, got {[m.text for m in got]}",
        )

    async def wait_for_answers(
        self,
        count: int = 1,
        timeout: float = 5.0,  # noqa: ASYNC109
    ) -> list[MaxCallbackAnswer]:
        return await self.take_new(
            "answers",
            lambda: self.callback_answers,
            count,
            timeout,
            lambda got: f"{count} callback answer(s), got {len(got)}",
        )

    async def wait_for_poller(self, timeout: float = 5.0) -> None:  # noqa: ASYNC109
        await self.wait_until(lambda: self.polls_waiting > 0, timeout, lambda: "a long poll")
