"""Composition root: settings -> database -> journal -> conversation -> messengers with tokens."""

import asyncio
import contextlib
import gc
import logging
import signal
from collections.abc import Awaitable, Callable

from bot.links import bot_links
from bot.max.runtime import max_bot, max_settings_problem
from bot.notifications_runtime import NotificationsPart
from bot.secrets_in_logs import install as hide_secrets_in_log
from bot.settings import Settings
from bot.supervise import FIRST_DELAY, Messenger, TokenRefused, keep_running
from bot.telegram.runtime import SECRET_TOKEN, TelegramBot
from bot.vk.adapter import Handle
from bot.vk.runtime import VkBot
from db.engine import make_engine, make_session_factory
from db.migrate import upgrade_to_head_async
from handlers.core.conversation import Conversation
from services.context import Journal

log = logging.getLogger("journal.run")
NOTIFICATIONS = "уведомления"

NO_TOKENS = (
    "Не задан ни один мессенджер: укажите TELEGRAM_BOT_TOKEN, MAX_BOT_TOKEN "
    "или VK_GROUP_TOKEN вместе с VK_GROUP_ID (в окружении или в файле .env)."
)


class ConfigurationError(Exception):
    """The settings cannot start anything; the message says what to fix."""


def check_settings(settings: Settings) -> None:
    if bool(settings.vk_group_token) != bool(settings.vk_group_id):
        raise ConfigurationError("Для VK нужны оба параметра: VK_GROUP_TOKEN и VK_GROUP_ID.")
    if not (settings.telegram_bot_token or settings.vk_group_token or settings.max_bot_token):
        raise ConfigurationError(NO_TOKENS)
    secret = settings.telegram_webhook_secret
    if settings.telegram_webhook_url and not (
        secret and SECRET_TOKEN.fullmatch(secret.get_secret_value())
    ):
        raise ConfigurationError(
            "Для webhook нужен TELEGRAM_WEBHOOK_SECRET: 1-256 символов A-Z, a-z, 0-9, _ и -."
        )
    if problem := max_settings_problem(settings):
        raise ConfigurationError(problem)


def build_messengers(settings: Settings, handle: Handle) -> dict[str, Messenger]:
    check_settings(settings)
    messengers: dict[str, Messenger] = {}
    if settings.telegram_bot_token:
        secret = settings.telegram_webhook_secret
        messengers["Telegram"] = TelegramBot(
            handle,
            token=settings.telegram_bot_token.get_secret_value(),
            api_url=settings.telegram_api_url,
            webhook_url=settings.telegram_webhook_url,
            webhook_secret=secret.get_secret_value() if secret else None,
            webhook_host=settings.telegram_webhook_host,
            webhook_port=settings.telegram_webhook_port,
        )
    if settings.vk_group_token and settings.vk_group_id:
        messengers["VK"] = VkBot(
            handle,
            token=settings.vk_group_token.get_secret_value(),
            group_id=settings.vk_group_id,
            api_url=settings.vk_api_url,
            wait=settings.vk_longpoll_wait,
        )
    if settings.max_bot_token:
        messengers["MAX"] = max_bot(settings, handle)
    return messengers


async def run_until_stopped(
    messengers: dict[str, Messenger], stop: asyncio.Event, *, first_delay: float = FIRST_DELAY
) -> int:
    """Run every messenger, each on its own: one out of reach is retried while the others
    run; one whose token is refused stops alone. 0 after a clean stop; 1 when every chat
    messenger was refused."""
    tasks = {
        asyncio.create_task(
            keep_running(name, m, stop, first_delay=first_delay), name=f"messenger-{name}"
        ): name
        for name, m in messengers.items()
    }
    chats = {name for name in messengers if name != NOTIFICATIONS}
    log.info("Запущено: %s", ", ".join(messengers))
    pending: set[asyncio.Task[None]] = set(tasks)
    refused: set[str] = set()
    while pending:
        done, pending = await asyncio.wait(pending, return_when=asyncio.FIRST_COMPLETED)
        for task in done:
            error = task.exception()
            if isinstance(error, TokenRefused):
                refused.add(tasks[task])
            elif error is not None:  # keep_running lets nothing else out; just in case
                log.error("%s остановился с ошибкой", tasks[task], exc_info=error)
                refused.add(tasks[task])
        if chats and chats <= refused and not stop.is_set():
            log.error("Ни один мессенджер не работает: бот останавливается.")
            stop.set()
    return 1 if chats and chats <= refused else 0


def _install_signal_handlers(stop: asyncio.Event) -> Callable[[], None]:
    loop = asyncio.get_running_loop()

    def request_stop(sig: signal.Signals) -> None:
        log.info("Получен %s, останавливаюсь…", sig.name)
        stop.set()

    installed = []
    for sig in (signal.SIGINT, signal.SIGTERM):
        with contextlib.suppress(NotImplementedError, RuntimeError):
            loop.add_signal_handler(sig, request_stop, sig)
            installed.append(sig)

    def remove() -> None:
        for sig in installed:
            loop.remove_signal_handler(sig)

    return remove


async def serve(
    settings: Settings,
    *,
    stop: asyncio.Event | None = None,
    make_handle: Callable[[Journal], Awaitable[Handle]] | None = None,
) -> int:
    """Everything the bots need, built here and torn down here; returns the exit code."""
    stop = stop or asyncio.Event()
    await upgrade_to_head_async(settings.database_url)
    engine = make_engine(settings.database_url)
    try:
        session_factory = make_session_factory(engine)
        journal = Journal(session_factory)
        if make_handle:
            handle = await make_handle(journal)
        else:
            handle = Conversation(journal, links=await bot_links(settings)).handle
        messengers = build_messengers(settings, handle)
        messengers[NOTIFICATIONS] = NotificationsPart(settings, engine, session_factory)
        # What is built by now lives as long as the process (modules, aiogram's models):
        # kept out of the collector's full passes, each of which otherwise stalls every chat
        # for a quarter of a second.
        gc.collect()
        gc.freeze()
        remove_handlers = _install_signal_handlers(stop)
        try:
            return await run_until_stopped(messengers, stop)
        finally:
            remove_handlers()
    finally:
        await engine.dispose()


def main() -> int:
    logging.basicConfig(
        level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s"
    )
    settings = Settings()
    hide_secrets_in_log(settings.secret_values())
    try:
        check_settings(settings)  # before touching the database
    except ConfigurationError as exc:
        log.error("%s", exc)
        return 2
    return asyncio.run(serve(settings))
