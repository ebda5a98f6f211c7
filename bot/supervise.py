"""Each messenger on its own: one that cannot connect retries with back-off while the others
(and the notification sender) run; only a refused token stops it, with a clear message."""

import asyncio
import contextlib
import logging
from typing import Protocol

from aiogram.exceptions import TelegramUnauthorizedError
from vk_api.exceptions import ApiError

from bot.max.client import MaxApiError
from bot.secrets_in_logs import shown_error

log = logging.getLogger("journal.run")

FIRST_DELAY = 1.0
MAX_DELAY = 60.0
# A run that lasted this long was up: its next failure starts the back-off afresh.
STEADY_SECONDS = 60.0
VK_AUTH_FAILED = 5


class Messenger(Protocol):
    async def run(self, stop: asyncio.Event) -> None: ...


class TokenRefused(Exception):
    """The messenger refused the bot's token: this messenger stays stopped."""


def refused_token(exc: BaseException) -> bool:
    if isinstance(exc, TelegramUnauthorizedError):
        return True
    if isinstance(exc, ApiError):
        return bool(exc.code == VK_AUTH_FAILED)
    return isinstance(exc, MaxApiError) and exc.status == 401


async def keep_running(
    name: str,
    messenger: Messenger,
    stop: asyncio.Event,
    *,
    first_delay: float = FIRST_DELAY,
    max_delay: float = MAX_DELAY,
) -> None:
    """Runs the messenger until `stop`, starting it again after each failure.

    One log line per failed attempt, without a traceback: a messenger out of reach is an
    everyday event (Telegram throttled), not a bug. Raises TokenRefused on a refused token.
    """
    loop = asyncio.get_running_loop()
    delay = first_delay
    while not stop.is_set():
        started = loop.time()
        try:
            await messenger.run(stop)
        except Exception as exc:
            if refused_token(exc):
                log.error(
                    "%s: токен бота отклонён (%s). Этот мессенджер остановлен, остальные "
                    "работают; проверьте токен в настройках и перезапустите бота.",
                    name,
                    shown_error(exc),
                )
                raise TokenRefused(name) from None
            problem = shown_error(exc)
        else:
            if stop.is_set():
                return
            problem = "остановился сам по себе"
        if loop.time() - started > STEADY_SECONDS:
            delay = first_delay
        log.warning("%s: нет связи (%s), повтор через %.0f с", name, problem, delay)
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(stop.wait(), delay)
        delay = min(delay * 2, max_delay)
