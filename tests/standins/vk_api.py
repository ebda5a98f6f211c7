"""Loopback stand-in of the VK API and its Bots Long Poll server, driven by tests."""

from __future__ import annotations

import asyncio
import secrets
import time
from collections import deque
from collections.abc import Hashable
from functools import cache
from typing import Any

from aiohttp import web

from .server import LoopbackServer, Upload, image_kind
from .vk_driver import VkDriver
from .vk_files import VkFiles
from .vk_methods import VkHandler, VkMethods
from .vk_spec import VkError, VkSpec
from .vk_state import EventAnswer, VkCall, VkSentMessage, VkWorld
from .waiting import Waiting

DEFAULT_VK_TOKEN = "vk1.a.standin-group-token"
DEFAULT_GROUP_ID = 1001
API_VERSION = "5.199"
MAX_REQUESTS_PER_SECOND = 20


def _internal(exc: Exception) -> VkError:
    return VkError(10, f"Internal server error: the stand-in failed with {exc!r}")


@cache
def shared_spec() -> VkSpec:
    return VkSpec()


class VkStandIn(LoopbackServer, VkMethods, VkDriver, VkFiles, Waiting):
    """Serves ``/method/<name>`` and the Bots Long Poll server it hands out."""

    def __init__(
        self,
        token: str = DEFAULT_VK_TOKEN,
        group_id: int = DEFAULT_GROUP_ID,
        *,
        group_name: str = "Классный журнал",
        rate_limit: bool = False,
        require_known_peers: bool = True,
        max_message_length: int = 4096,
    ) -> None:
        LoopbackServer.__init__(self)
        self.spec = shared_spec()
        self.token = token
        self.group_id = group_id
        self.group_name = group_name
        self.api_version = API_VERSION
        self.rate_limit = rate_limit
        self.require_known_peers = require_known_peers
        self.max_message_length = max_message_length
        self.world = VkWorld()
        self.sent: list[VkSentMessage] = []
        self.event_answers: list[EventAnswer] = []
        self.deduplicated: list[tuple[int, int]] = []
        self.violations: list[str] = []
        self.calls: list[VkCall] = []
        self.downloads: list[str] = []  # links to users' files the bot followed
        self.signatures: dict[str, str] = {}
        self.blocked: set[int] = set()
        self.changed = asyncio.Condition()
        self.platform = "VK"
        self.lp_key = secrets.token_hex(16)
        self.polls_waiting = 0
        self._handlers: dict[str, VkHandler] = self.handlers()
        self.injected: dict[str, list[VkError]] = {}
        self._recent: deque[float] = deque()
        self.cursors: dict[Hashable, int] = {}

    @property
    def api_url(self) -> str:
        """Value for ``make_vk_session`` / the ``VK_API_URL`` setting."""
        return f"{self.url}/"

    def routes(self, app: web.Application) -> None:
        app.router.add_route("*", "/method/{name}", self._handle)
        app.router.add_get("/whp/{group_id}", self._long_poll)
        app.router.add_post("/upload/{kind}", self._upload)
        self.file_routes(app)

    async def release_waiters(self) -> None:
        async with self.changed:
            self.changed.notify_all()

    async def end_long_polls(self) -> None:
        """Long polls are answered at once from now on, as when the stand-in closes: a bot
        being stopped need not wait out the one its thread is in (`wait` seconds)."""
        self.closing = True
        await self.release_waiters()

    async def _handle(self, request: web.Request) -> web.Response:
        name = request.match_info["name"]
        params: dict[str, str] = dict(request.query)
        if request.method == "POST":
            form = await request.post()
            params.update({k: v for k, v in form.items() if isinstance(v, str)})
        call = VkCall(name, params, time.time())
        self.calls.append(call)
        try:
            result = await self._dispatch(name, params)
        except Exception as exc:
            error = exc if isinstance(exc, VkError) else _internal(exc)
            call.error_code, call.error_msg = error.code, error.message
            if not error.benign:
                params_shown = {k: v for k, v in params.items() if k != "access_token"}
                self.violations.append(
                    f"{name}: error {error.code} {error.message} | params={params_shown}"
                )
            return web.json_response(error.payload(name, params))
        return web.json_response({"response": result})

    async def _dispatch(self, name: str, params: dict[str, str]) -> Any:
        token = params.get("access_token")
        if not token:
            raise VkError(5, "User authorization failed: no access_token passed.")
        if token != self.token:
            raise VkError(5, "User authorization failed: invalid access_token (4).")
        version = params.get("v")
        if not version:
            raise VkError(8, "Invalid request: v (version) is required")
        if version != API_VERSION:
            self.violations.append(
                f"{name}: API version {version}, the stand-in speaks {API_VERSION}"
            )
        method = self.spec.methods.get(name)
        if method is None:
            raise VkError(3, "Unknown method passed")
        if "group" not in method.token_types:
            raise VkError(27, "Group authorization failed: method is unavailable with group auth.")
        self._check_rate()
        values, unknown = self.spec.validate(name, params)
        for param in unknown:
            self.violations.append(f"{name}: unknown parameter {param!r} (VK ignores it)")
        queue = self.injected.get(name)
        if queue:
            raise queue.pop(0)
        handler = self._handlers.get(name)
        return 1 if handler is None else await handler(values)

    def _check_rate(self) -> None:
        if not self.rate_limit:
            return
        moment = time.monotonic()
        while self._recent and moment - self._recent[0] >= 1.0:
            self._recent.popleft()
        if len(self._recent) >= MAX_REQUESTS_PER_SECOND:
            raise VkError(6, "Too many requests per second", benign=True)
        self._recent.append(moment)

    async def _long_poll(self, request: web.Request) -> web.Response:
        query = request.query
        if query.get("act") != "a_check" or query.get("key") != self.lp_key:
            return web.json_response({"failed": 2})
        try:
            ts = int(query.get("ts", ""))
            wait = min(max(int(query.get("wait", "25")), 0), 90)
        except ValueError:
            return web.json_response({"failed": 1, "ts": str(self.world.next_ts)})
        if ts > self.world.next_ts:
            return web.json_response({"failed": 1, "ts": str(self.world.next_ts)})
        deadline = time.monotonic() + wait

        def ready() -> list[dict[str, Any]]:
            return [event for number, event in self.world.events if number >= ts]

        self.polls_waiting += 1
        try:
            async with self.changed:
                self.changed.notify_all()
                while not ready() and not self.closing:
                    remaining = deadline - time.monotonic()
                    if remaining <= 0:
                        break
                    try:
                        await asyncio.wait_for(self.changed.wait(), remaining)
                    except TimeoutError:
                        break
        finally:
            self.polls_waiting -= 1
        return web.json_response({"ts": str(self.world.next_ts), "updates": ready()})

    async def _upload(self, request: web.Request) -> web.Response:
        form = await request.post()
        files = [v for v in form.values() if isinstance(v, web.FileField)]
        if not files:
            return web.json_response({"error": "ERR_UPLOAD_FILE_NOT_UPLOADED: file not uploaded"})
        upload = Upload(files[0].filename, files[0].content_type, files[0].file.read())
        key = self.store_upload(upload)
        if request.match_info["kind"] == "photo":
            photo = key if image_kind(upload.data) else "[]"
            return web.json_response({"server": 1, "photo": photo, "hash": secrets.token_hex(8)})
        return web.json_response({"file": key})

    def messages_to(self, peer_id: int) -> list[VkSentMessage]:
        return [m for m in self.sent if m.peer_id == peer_id and m.method == "messages.send"]

    async def wait_for_poller(self, timeout: float = 5.0) -> None:  # noqa: ASYNC109
        """Wait until the bot is inside a long poll (events queued earlier are not delivered)."""
        await self.wait_until(lambda: self.polls_waiting > 0, timeout, lambda: "a long poll")

    async def _take(
        self,
        method: str,
        peer_id: int,
        count: int,
        timeout: float,  # noqa: ASYNC109
    ) -> list[VkSentMessage]:
        return await self.take_new(
            (method, peer_id),
            lambda: [m for m in self.sent if m.peer_id == peer_id and m.method == method],
            count,
            timeout,
            lambda got: f"{count} {method} to peer {peer_id}, got {[m.text for m in got]}",
        )

    async def wait_for_messages(
        self,
        peer_id: int,
        count: int = 1,
        timeout: float = 5.0,  # noqa: ASYNC109
    ) -> list[VkSentMessage]:
        """Messages sent to ``peer_id`` since the previous call (at least ``count``)."""
        return await self._take("messages.send", peer_id, count, timeout)

    async def wait_for_edits(
        self,
        peer_id: int,
        count: int = 1,
        timeout: float = 5.0,  # noqa: ASYNC109
    ) -> list[VkSentMessage]:
        return await self._take("messages.edit", peer_id, count, timeout)

    async def wait_for_event_answers(
        self,
        count: int = 1,
        timeout: float = 5.0,  # noqa: ASYNC109
    ) -> list[EventAnswer]:
        return await self.take_new(
            "answers",
            lambda: self.event_answers,
            count,
            timeout,
            lambda got: f"{count} event answer(s), got {len(got)}",
        )
