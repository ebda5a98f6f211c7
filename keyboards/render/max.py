"""Neutral keyboard -> MAX inline keyboard attachment (JSON), never one MAX would refuse.

The OpenAPI description limits a label to 128 characters, a callback payload to 1,024 and a
link to 2,048; the keyboard section of MAX's documentation adds at most 210 buttons in 30 rows,
7 to a row and 3 to a row of links.
"""

import logging
from functools import lru_cache
from typing import Any

from keyboards.model import Button, Keyboard

log = logging.getLogger(__name__)

LABEL_MAX = 128
PAYLOAD_MAX = 1024
URL_MAX = 2048
BUTTONS_PER_ROW = 7
LINKS_PER_ROW = 3
ROWS_MAX = 30
BUTTONS_MAX = 210

MaxButton = dict[str, Any]
MaxAttachment = dict[str, Any]


def _label(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= LABEL_MAX else text[: LABEL_MAX - 1] + "…"


def render_button(button: Button) -> MaxButton | None:
    """The MAX button, or None (logged) when it cannot be sent as it is."""
    label = _label(button.label)
    if not label:
        log.error("MAX: a button without a label is skipped (payload %r)", button.payload)
        return None
    if button.url:
        if len(button.url) > URL_MAX:
            log.error("MAX: link button %r skipped, its URL is too long", label)
            return None
        return {"type": "link", "text": label, "url": button.url}
    if not 1 <= len(button.payload) <= PAYLOAD_MAX:
        log.error(
            "MAX: button %r skipped, its payload is %d characters (1-%d allowed): %.80r",
            label,
            len(button.payload),
            PAYLOAD_MAX,
            button.payload,
        )
        return None
    return {"type": "callback", "text": label, "payload": button.payload}


def _split(row: list[MaxButton]) -> list[list[MaxButton]]:
    """A row cut into rows MAX shows: fewer to a row once a link is among them."""
    width = LINKS_PER_ROW if any(b["type"] == "link" for b in row) else BUTTONS_PER_ROW
    return [row[i : i + width] for i in range(0, len(row), width)]


def render_keyboard(keyboard: Keyboard | None) -> MaxAttachment | None:
    """The inline_keyboard attachment of a message, or None for no (or an empty) keyboard."""
    return None if keyboard is None else _rendered(keyboard)


# Menus come back again and again, each the same down to the payloads: the last ones are kept.
@lru_cache(maxsize=2048)
def _rendered(keyboard: Keyboard) -> MaxAttachment | None:
    rows: list[list[MaxButton]] = []
    total = 0
    for row in keyboard.rows:
        for part in _split([b for b in map(render_button, row) if b is not None]):
            part = part[: BUTTONS_MAX - total]
            if part and len(rows) < ROWS_MAX:
                rows.append(part)
                total += len(part)
    dropped = len(keyboard.buttons()) - total
    if dropped and (total >= BUTTONS_MAX or len(rows) >= ROWS_MAX):
        log.error("MAX: keyboard over its limits, %d buttons dropped", dropped)
    if not rows:
        return None
    return {"type": "inline_keyboard", "payload": {"buttons": rows}}
