"""The Telegram bot's life: start, long polling or a webhook, and a stop that loses no reply."""

import asyncio
import contextlib
import hmac
import logging
import re
from urllib.parse import urlparse

from aiogram import Bot, Dispatcher
from aiogram.exceptions import TelegramAPIError
from aiogram.types import Update
from aiogram.webhook.aiohttp_server import SimpleRequestHandler, setup_application
from aiohttp import web

from bot.chat_sequencing import ChatSequencer
from bot.telegram.adapter import MENU_COMMANDS, Handle, make_bot, make_dispatcher

log = logging.getLogger(__name__)

SECRET_TOKEN = re.compile(r"[A-Za-z0-9_-]{1,256}")
SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"


def make_webhook_app(
    dispatcher: Dispatcher, bot: Bot, secret: str, path: str, sequencer: ChatSequencer
) -> web.Application:
    """aiohttp app that accepts updates only with the secret header (else 401), and only
    updates (else 400); the body of a refused request is never logged."""
    handler = SimpleRequestHandler(dispatcher, bot, handle_in_background=False, secret_token=secret)
    expected = secret.encode()

    # Counted from the first byte, so shutdown waits for updates still inside aiogram.
    async def endpoint(request: web.Request) -> web.StreamResponse:
        async with sequencer.tracked():
            # Any header, even one that is not ASCII, is compared as bytes: 401, not 500.
            given = request.headers.get(SECRET_HEADER, "").encode("utf-8", "surrogateescape")
            if not hmac.compare_digest(given, expected):
                return web.Response(status=401, text="Unauthorized")
            try:
                update = Update.model_validate(await request.json(), context={"bot": bot})
            except ValueError as exc:  # not JSON, not UTF-8, or not an Update (pydantic)
                log.warning(
                    "Telegram: webhook request refused, not an update (%s, %s bytes)",
                    type(exc).__name__,
                    request.content_length,
                )
                return web.Response(status=400, text="Bad Request")
            try:
                update.event_type  # noqa: B018 - raises for a kind this aiogram does not know
            except LookupError:
                # A newer Bot API's kind of update: taken (else Telegram repeats it), unread.
                log.info("Telegram: update %s of an unknown kind ignored", update.update_id)
                return web.Response(text="ok")
            return await handler.handle(request)

    async def drain(_app: web.Application) -> None:
        if not await sequencer.drained(30):
            log.warning("Telegram: %d updates still in flight at shutdown", sequencer.in_flight)

    app = web.Application()
    app.router.add_post(path, endpoint)
    app.on_shutdown.append(drain)
    setup_application(app, dispatcher, bot=bot)
    return app


class TelegramBot:
    def __init__(
        self,
        handle: Handle,
        *,
        token: str,
        api_url: str,
        webhook_url: str | None = None,
        webhook_secret: str | None = None,
        webhook_host: str = "127.0.0.1",
        webhook_port: int = 8080,
        polling_timeout: int = 10,
        drain_timeout: float = 30.0,
    ) -> None:
        if webhook_url and not (webhook_secret and SECRET_TOKEN.fullmatch(webhook_secret)):
            raise ValueError(
                "webhook needs a secret token of 1-256 characters A-Z, a-z, 0-9, _ and -"
            )
        self._handle = handle
        self._token = token
        self._api_url = api_url
        self._webhook_url = webhook_url
        self._webhook_secret = webhook_secret or ""
        self._webhook_host = webhook_host
        self._webhook_port = webhook_port
        self._polling_timeout = polling_timeout
        self._drain_timeout = drain_timeout

    @property
    def mode(self) -> str:
        return "webhook" if self._webhook_url else "long polling"

    async def run(self, stop: asyncio.Event) -> None:
        bot = make_bot(self._token, self._api_url)
        sequencer = ChatSequencer()
        dispatcher = make_dispatcher(self._handle, sequencer)
        try:
            me = await bot.get_me()
            log.info("Telegram: @%s connected, %s", me.username, self.mode)
            try:
                await bot.set_my_commands(list(MENU_COMMANDS))
            except TelegramAPIError as exc:  # the menu is a convenience, not a reason to stay down
                log.error("Telegram: setMyCommands failed: %s", exc)
            if self._webhook_url:
                await self._serve_webhook(bot, dispatcher, sequencer, stop)
            else:
                await self._poll(bot, dispatcher, stop)
        finally:
            if not await sequencer.drained(self._drain_timeout):
                log.warning("Telegram: gave up on %d updates at shutdown", sequencer.in_flight)
            await bot.session.close()
            log.info("Telegram: stopped")

    async def _poll(self, bot: Bot, dispatcher: Dispatcher, stop: asyncio.Event) -> None:
        # getUpdates is refused while a webhook is set, e.g. after switching modes.
        await bot.delete_webhook(drop_pending_updates=False)
        polling = asyncio.create_task(
            dispatcher.start_polling(
                bot,
                polling_timeout=self._polling_timeout,
                handle_signals=False,
                close_bot_session=False,
            ),
            name="telegram-polling",
        )
        stopping = asyncio.create_task(stop.wait(), name="telegram-stop")
        await asyncio.wait({polling, stopping}, return_when=asyncio.FIRST_COMPLETED)
        if polling.done():
            stopping.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await stopping
            await polling  # polling ended by itself: let its error (if any) surface
            return
        try:
            await dispatcher.stop_polling()
        except RuntimeError:  # not started yet
            polling.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await polling

    async def _serve_webhook(
        self, bot: Bot, dispatcher: Dispatcher, sequencer: ChatSequencer, stop: asyncio.Event
    ) -> None:
        assert self._webhook_url is not None
        path = urlparse(self._webhook_url).path or "/"
        app = make_webhook_app(dispatcher, bot, self._webhook_secret, path, sequencer)
        runner = web.AppRunner(app, handle_signals=False)
        await runner.setup()
        try:
            site = web.TCPSite(runner, self._webhook_host, self._webhook_port)
            await site.start()
            await bot.set_webhook(
                self._webhook_url,
                secret_token=self._webhook_secret,
                allowed_updates=dispatcher.resolve_used_update_types(),
            )
            log.info(
                "Telegram: webhook %s, listening on %s:%s%s",
                self._webhook_url,
                self._webhook_host,
                self._webhook_port,
                path,
            )
            await stop.wait()
        finally:
            await runner.cleanup()
