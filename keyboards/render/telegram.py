"""Neutral keyboard -> Telegram inline keyboard, never producing a request Telegram would refuse."""

import logging
from functools import lru_cache

from aiogram.types import InlineKeyboardButton, InlineKeyboardMarkup

from keyboards.model import Button, Keyboard

log = logging.getLogger(__name__)

CALLBACK_DATA_MAX_BYTES = 64
# Telegram clients show at most 8 buttons in a row and accept at most 100 in a keyboard.
BUTTONS_PER_ROW = 8
BUTTONS_MAX = 100


def render_button(button: Button) -> InlineKeyboardButton | None:
    """The inline button, or None (logged) when the button cannot be sent as it is."""
    label = button.label.strip()
    if not label:
        log.error("Telegram: a button without a label is skipped (payload %r)", button.payload)
        return None
    if button.url:
        return InlineKeyboardButton(text=label, url=button.url)
    size = len(button.payload.encode("utf-8"))
    if not 1 <= size <= CALLBACK_DATA_MAX_BYTES:
        log.error(
            "Telegram: button %r skipped, its payload is %d bytes (1-%d allowed): %r",
            label,
            size,
            CALLBACK_DATA_MAX_BYTES,
            button.payload,
        )
        return None
    return InlineKeyboardButton(text=label, callback_data=button.payload)


def render_inline(keyboard: Keyboard | None) -> InlineKeyboardMarkup | None:
    return None if keyboard is None else _rendered(keyboard)


# A person's menus come back again and again, each the same down to the payloads, and building
# aiogram's buttons costs some 5 µs each: the last keyboards built are kept (never changed).
@lru_cache(maxsize=2048)
def _rendered(keyboard: Keyboard) -> InlineKeyboardMarkup | None:
    rows: list[list[InlineKeyboardButton]] = []
    total = 0
    for row in keyboard.rows:
        rendered = [b for b in map(render_button, row) if b is not None]
        for start in range(0, len(rendered), BUTTONS_PER_ROW):
            chunk = rendered[start : start + BUTTONS_PER_ROW][: BUTTONS_MAX - total]
            if chunk:
                rows.append(chunk)
                total += len(chunk)
    dropped = len(keyboard.buttons()) - total
    if total >= BUTTONS_MAX and dropped:
        log.error("Telegram: keyboard over %d buttons, %d dropped", BUTTONS_MAX, dropped)
    return InlineKeyboardMarkup(inline_keyboard=rows) if rows else None
