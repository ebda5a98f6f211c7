"""The MAX bot's life: a webhook with MAX's secret header (production), or long polling of
GET /updates (development only, as MAX says), and a stop that loses no reply."""

import asyncio
import contextlib
import hmac
import logging
import re
from typing import Any
from urllib.parse import urlparse

from aiohttp import web

from bot.chat_sequencing import ChatSequencer
from bot.max.adapter import UPDATE_TYPES, Handle, MaxConversationBridge
from bot.max.client import Json, MaxApiError, MaxClient, MaxNetworkError
from bot.secrets_in_logs import shown_error
from bot.settings import Settings

log = logging.getLogger(__name__)

# POST /subscriptions: "Разрешены только символы A-Z, a-z, 0-9, и дефис", 5-256 of them.
SECRET = re.compile(r"[A-Za-z0-9_-]{5,256}")
SECRET_HEADER = "X-Max-Bot-Api-Secret"
BACKOFF_MAX_SECONDS = 60.0


def webhook_problem(url: str | None, secret: str | None) -> str | None:
    """Why MAX would not deliver to this webhook (in Russian, for the log), or None."""
    if not url:
        return None
    parts = urlparse(url)
    if parts.scheme != "https" or parts.port not in (None, 443):
        return "MAX доставляет webhook только по HTTPS на порт 443: MAX_WEBHOOK_URL вида https://…"
    if not (secret and SECRET.fullmatch(secret)):
        return "Для webhook MAX нужен MAX_WEBHOOK_SECRET: 5-256 символов A-Z, a-z, 0-9, _ и -."
    return None


def make_webhook_app(
    bridge: MaxConversationBridge, secret: str, path: str, sequencer: ChatSequencer
) -> web.Application:
    """aiohttp app that takes updates only with MAX's secret header (else 401)."""

    async def endpoint(request: web.Request) -> web.StreamResponse:
        # Any header, even one that is not ASCII, is compared as bytes: 401, not 500.
        given = request.headers.get(SECRET_HEADER, "").encode("utf-8", "surrogateescape")
        if not hmac.compare_digest(given, secret.encode()):
            return web.Response(status=401, text="wrong secret")
        try:
            update = await request.json()
        except ValueError:  # not JSON, or not UTF-8
            update = None
        if not (isinstance(update, dict) and isinstance(update.get("update_type"), str)):
            # The body itself is never logged: it may carry a person's message.
            log.warning(
                "MAX: webhook request refused, not an update (%s bytes)", request.content_length
            )
            return web.Response(status=400, text="not an update")
        # Answered after the update is handled: MAX waits 30 s, and a crash meanwhile means
        # MAX delivers it again instead of it being lost.
        async with sequencer.tracked():
            try:
                await bridge.on_update(update)
            except Exception:
                log.exception("MAX: update %s failed", update.get("update_type"))
        return web.json_response({"ok": True})

    async def drain(_app: web.Application) -> None:
        if not await sequencer.drained(30):
            log.warning("MAX: %d updates still in flight at shutdown", sequencer.in_flight)

    app = web.Application()
    app.router.add_post(path, endpoint)
    app.on_shutdown.append(drain)
    return app


class MaxBot:
    def __init__(
        self,
        handle: Handle,
        *,
        token: str,
        api_url: str,
        webhook_url: str | None = None,
        webhook_secret: str | None = None,
        webhook_host: str = "127.0.0.1",
        webhook_port: int = 8081,
        polling_timeout: int = 30,
        drain_timeout: float = 30.0,
    ) -> None:
        problem = webhook_problem(webhook_url, webhook_secret)
        if problem:
            raise ValueError(problem)
        self._handle = handle
        self._token = token
        self._api_url = api_url
        self._webhook_url = webhook_url
        self._webhook_secret = webhook_secret or ""
        self._webhook_host = webhook_host
        self._webhook_port = webhook_port
        self._polling_timeout = polling_timeout
        self._drain_timeout = drain_timeout
        self._tasks: set[asyncio.Task[None]] = set()

    @property
    def mode(self) -> str:
        return "webhook" if self._webhook_url else "long polling"

    async def run(self, stop: asyncio.Event) -> None:
        client = MaxClient(self._token, self._api_url)
        sequencer = ChatSequencer()
        bridge = MaxConversationBridge(self._handle, client, sequencer)
        try:
            me = await client.me()
            log.info("MAX: @%s connected, %s", me.get("username"), self.mode)
            if self._webhook_url:
                await self._serve_webhook(client, bridge, sequencer, stop)
            else:
                await self._poll(client, bridge, stop)
        finally:
            if not await sequencer.drained(self._drain_timeout):
                log.warning("MAX: gave up on %d updates at shutdown", sequencer.in_flight)
            if self._tasks:
                await asyncio.gather(*self._tasks, return_exceptions=True)
            await client.close()
            log.info("MAX: stopped")

    async def _poll(
        self, client: MaxClient, bridge: MaxConversationBridge, stop: asyncio.Event
    ) -> None:
        # "При активной подписке Long Polling не работает": drop a webhook left from before.
        for subscription in await client.subscriptions():
            await client.unsubscribe(str(subscription.get("url")))
        marker: int | None = None
        delay = 1.0
        stopping = asyncio.create_task(stop.wait(), name="max-stop")
        try:
            while not stop.is_set():
                poll = asyncio.create_task(
                    client.updates(marker, self._polling_timeout, UPDATE_TYPES), name="max-poll"
                )
                await asyncio.wait({poll, stopping}, return_when=asyncio.FIRST_COMPLETED)
                if not poll.done():
                    poll.cancel()
                    with contextlib.suppress(asyncio.CancelledError):
                        await poll
                    break
                try:
                    answer: Json = poll.result()
                except (MaxApiError, MaxNetworkError) as exc:
                    log.warning(
                        "MAX: long poll failed (%s), retrying in %.0f s", shown_error(exc), delay
                    )
                    with contextlib.suppress(TimeoutError):
                        await asyncio.wait_for(stop.wait(), delay)
                    delay = min(delay * 2, BACKOFF_MAX_SECONDS)
                    continue
                delay = 1.0
                if isinstance(answer.get("marker"), int):
                    marker = answer["marker"]
                for update in answer.get("updates") or []:
                    if isinstance(update, dict):
                        self._spawn(bridge, update)
        finally:
            stopping.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await stopping

    def _spawn(self, bridge: MaxConversationBridge, update: dict[str, Any]) -> None:
        task = asyncio.create_task(self._guarded(bridge, update))
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    @staticmethod
    async def _guarded(bridge: MaxConversationBridge, update: dict[str, Any]) -> None:
        try:
            await bridge.on_update(update)
        except Exception:
            log.exception("MAX: update %s failed", update.get("update_type"))

    async def _serve_webhook(
        self,
        client: MaxClient,
        bridge: MaxConversationBridge,
        sequencer: ChatSequencer,
        stop: asyncio.Event,
    ) -> None:
        assert self._webhook_url is not None
        path = urlparse(self._webhook_url).path or "/"
        app = make_webhook_app(bridge, self._webhook_secret, path, sequencer)
        runner = web.AppRunner(app, handle_signals=False)
        await runner.setup()
        try:
            site = web.TCPSite(runner, self._webhook_host, self._webhook_port)
            await site.start()
            # Kept at stop: MAX holds updates for a webhook that is down (up to 8 hours).
            await client.subscribe(self._webhook_url, self._webhook_secret, UPDATE_TYPES)
            log.info(
                "MAX: webhook %s, listening on %s:%s%s",
                self._webhook_url,
                self._webhook_host,
                self._webhook_port,
                path,
            )
            await stop.wait()
        finally:
            await runner.cleanup()


def _secret(settings: Settings) -> str | None:
    secret = settings.max_webhook_secret
    return secret.get_secret_value() if secret else None


def max_settings_problem(settings: Settings) -> str | None:
    if not settings.max_bot_token:
        return None
    return webhook_problem(settings.max_webhook_url, _secret(settings))


def max_bot(settings: Settings, handle: Handle) -> MaxBot:
    assert settings.max_bot_token is not None
    return MaxBot(
        handle,
        token=settings.max_bot_token.get_secret_value(),
        api_url=settings.max_api_url,
        webhook_url=settings.max_webhook_url,
        webhook_secret=_secret(settings),
        webhook_host=settings.max_webhook_host,
        webhook_port=settings.max_webhook_port,
    )
