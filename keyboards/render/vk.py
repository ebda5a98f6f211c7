"""Neutral keyboard -> VK inline keyboards (JSON), split so that each one respects VK's limits."""

import json
import logging
from typing import Any

from keyboards.model import Button, Keyboard

log = logging.getLogger(__name__)

INLINE_ROWS_MAX = 6
INLINE_BUTTONS_MAX = 10
BUTTONS_PER_ROW_MAX = 5
LABEL_MAX = 40
PAYLOAD_MAX = 255
PAYLOAD_KEY = "p"

VkButton = dict[str, Any]
VkKeyboard = dict[str, Any]


def pack_payload(payload: str) -> str:
    return json.dumps({PAYLOAD_KEY: payload}, ensure_ascii=False, separators=(",", ":"))


def unpack_payload(raw: object) -> str | None:
    """The neutral payload from a VK button payload (a dict, or its JSON text), or None."""
    if isinstance(raw, str):
        try:
            raw = json.loads(raw)
        except ValueError:
            return None
    if isinstance(raw, dict):
        value = raw.get(PAYLOAD_KEY)
        if isinstance(value, str) and value:
            return value
    return None


def _label(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= LABEL_MAX else text[: LABEL_MAX - 1] + "…"


def render_button(button: Button) -> VkButton | None:
    label = _label(button.label)
    if not label:
        log.error("VK: a button without a label is skipped (payload %r)", button.payload)
        return None
    if button.url:
        return {"action": {"type": "open_link", "link": button.url, "label": label}}
    if not button.payload:
        log.error("VK: button %r without a payload is skipped", label)
        return None
    payload = pack_payload(button.payload)
    if len(payload) > PAYLOAD_MAX:
        log.error(
            "VK: button %r skipped, its payload is %d characters (%d allowed): %r",
            label,
            len(payload),
            PAYLOAD_MAX,
            button.payload,
        )
        return None
    return {"action": {"type": "callback", "label": label, "payload": payload}}


def render_pages(keyboard: Keyboard | None) -> list[VkKeyboard]:
    """One inline keyboard per message: the first goes with the text, the rest follow it."""
    if keyboard is None:
        return []
    rows: list[list[VkButton]] = []
    for buttons in keyboard.rows:
        rendered = [b for b in map(render_button, buttons) if b is not None]
        rows.extend(
            rendered[i : i + BUTTONS_PER_ROW_MAX]
            for i in range(0, len(rendered), BUTTONS_PER_ROW_MAX)
        )
    pages: list[list[list[VkButton]]] = []
    for row in rows:
        page = pages[-1] if pages else None
        if (
            page is None
            or len(page) >= INLINE_ROWS_MAX
            or sum(map(len, page)) + len(row) > INLINE_BUTTONS_MAX
        ):
            pages.append([row])
        else:
            page.append(row)
    return [{"one_time": False, "inline": True, "buttons": page} for page in pages]


def dump_keyboard(keyboard: VkKeyboard) -> str:
    return json.dumps(keyboard, ensure_ascii=False, separators=(",", ":"))
