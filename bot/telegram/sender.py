"""Notifications out through the Telegram Bot API (aiogram), its errors mapped to delivery's."""

from aiogram import Bot
from aiogram.exceptions import (
    TelegramAPIError,
    TelegramBadRequest,
    TelegramForbiddenError,
    TelegramNetworkError,
    TelegramNotFound,
    TelegramRetryAfter,
    TelegramServerError,
    TelegramUnauthorizedError,
)

from db.enums import Platform
from keyboards.model import Keyboard
from keyboards.render.telegram import render_inline
from notifications.delivery.rate import Pacer
from notifications.delivery.sending import Blocked, Permanent, RetryAfter, Transient

# Telegram: about 30 messages a second overall and 1 a second per chat.
TELEGRAM_PER_SECOND = 30
TELEGRAM_PER_CHAT_SECONDS = 1.0
GONE_CHAT = ("chat not found", "user is deactivated", "peer_id_invalid")


def telegram_pacer(per_second: int = TELEGRAM_PER_SECOND) -> Pacer:
    return Pacer(per_second, TELEGRAM_PER_CHAT_SECONDS)


class TelegramSender:
    platform = Platform.TELEGRAM

    def __init__(self, bot: Bot, request_timeout: float = 15.0) -> None:
        self._bot = bot
        self._timeout = request_timeout

    async def send(self, chat_id: str, text: str, keyboard: Keyboard | None, *, ref: str) -> str:
        try:
            message = await self._bot.send_message(
                chat_id=int(chat_id),
                text=text,
                reply_markup=render_inline(keyboard),
                request_timeout=int(self._timeout),
            )
        except TelegramRetryAfter as exc:
            raise RetryAfter(float(exc.retry_after)) from exc
        except TelegramForbiddenError as exc:
            raise Blocked(exc.message) from exc
        except TelegramBadRequest as exc:
            if any(words in exc.message.lower() for words in GONE_CHAT):
                raise Blocked(exc.message) from exc
            raise Permanent(exc.message) from exc
        except (TelegramNetworkError, TelegramServerError, TimeoutError) as exc:
            raise Transient(str(exc)) from exc
        except (TelegramUnauthorizedError, TelegramNotFound) as exc:
            # A wrong token or API address: nothing a retry later would not also hit, but the
            # messages must survive until the settings are fixed.
            raise Transient(str(exc)) from exc
        except TelegramAPIError as exc:
            raise Transient(str(exc)) from exc
        return str(message.message_id)
