"""Notifications out through the MAX Bot API (bot.max.client), errors mapped to delivery's."""

from bot.max.client import MaxApiError, MaxClient, MaxNetworkError, message_body
from db.enums import Platform
from keyboards.model import Keyboard
from keyboards.render.max import render_keyboard
from notifications.delivery.rate import Pacer
from notifications.delivery.sending import (
    Blocked,
    DeliveryError,
    Permanent,
    RetryAfter,
    Transient,
)
from texts.splitting import split_text

# MAX: "максимальное количество запросов в секунду на platform-api.max.ru — 30 rps" per bot,
# with no limit of its own per chat.
MAX_PER_SECOND = 30
TEXT_LIMIT = 4000
CUT_MARK = "\n…"
# A 403 from POST /messages means the person stopped or blocked the bot ("chat.denied",
# "error.dialog.suspended"); a dialog or user MAX no longer knows is as gone.
GONE_CODES = frozenset({"chat.denied", "chat.not.found", "user.not.found", "dialog.not.found"})


def max_pacer(per_second: int = MAX_PER_SECOND) -> Pacer:
    return Pacer(per_second, per_chat_interval=0.0)


def fitted(text: str) -> str:
    """Within MAX's 4,000 characters: a longer notice (an announcement near its own limit under
    its title) is cut at a line, since one queued message must stay one request."""
    if len(text) <= TEXT_LIMIT:
        return text
    return split_text(text, TEXT_LIMIT - len(CUT_MARK))[0] + CUT_MARK


def delivery_error(exc: MaxApiError) -> DeliveryError:
    if exc.status == 429:
        return RetryAfter(exc.retry_after if exc.retry_after is not None else 1.0)
    if exc.status == 403 or exc.code in GONE_CODES:
        return Blocked(f"{exc.code}: {exc.message}")
    if exc.status == 400:
        return Permanent(f"{exc.code}: {exc.message}")
    # 401 (a wrong token), 5xx, "not.success": the messages wait until MAX or the settings
    # are right again.
    return Transient(str(exc))


class MaxSender:
    platform = Platform.MAX

    def __init__(self, client: MaxClient) -> None:
        self._client = client

    async def send(self, chat_id: str, text: str, keyboard: Keyboard | None, *, ref: str) -> str:
        buttons = render_keyboard(keyboard)
        body = message_body(fitted(text), [buttons] if buttons else [])
        try:
            message = await self._client.send(int(chat_id), body)
        except MaxApiError as exc:
            raise delivery_error(exc) from exc
        except MaxNetworkError as exc:
            raise Transient(str(exc)) from exc
        mid = (message.get("body") or {}).get("mid")
        return str(mid or "")
