"""VK keyboard and message-event rules (vk.com/dev/bots_docs_3), on top of the schema."""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

ACTION_TYPES = ("text", "callback", "open_link", "location", "vkpay", "open_app")
COLORED_ACTIONS = frozenset({"text", "callback"})
FULL_WIDTH_ACTIONS = frozenset({"location", "vkpay", "open_app"})
DOCUMENTED_COLORS = frozenset({"primary", "secondary", "negative", "positive"})
KEYBOARD_KEYS = frozenset({"one_time", "inline", "buttons"})
BUTTON_KEYS = frozenset({"action", "color"})
MAX_ROWS = {False: 10, True: 6}
MAX_BUTTONS = {False: 40, True: 10}
MAX_PER_ROW = 5
MAX_LABEL = 40
MAX_PAYLOAD = 255
MAX_SNACKBAR = 90
EVENT_DATA_REQUIRED = {"show_snackbar": ("text",), "open_link": ("link",), "open_app": ("app_id",)}


class KeyboardError(ValueError):
    pass


def _check_payload(where: str, payload: Any) -> None:
    if not isinstance(payload, str):
        raise KeyboardError(f"{where}.payload must be a string with JSON")
    if len(payload) > MAX_PAYLOAD:
        raise KeyboardError(f"{where}.payload is longer than {MAX_PAYLOAD} characters")
    try:
        json.loads(payload)
    except ValueError:
        raise KeyboardError(f"{where}.payload is not valid JSON") from None


def _check_action(where: str, action: Any, schemas: Mapping[str, Mapping[str, Any]]) -> str:
    if not isinstance(action, dict):
        raise KeyboardError(f"{where}.action must be an object")
    action = {key: value for key, value in action.items() if value is not None}
    kind = action.get("type")
    if kind not in ACTION_TYPES:
        raise KeyboardError(f"{where}.action.type must be one of {', '.join(ACTION_TYPES)}")
    properties = schemas.get(kind, {}).get("properties", {})
    for key, value in action.items():
        if key not in properties:
            raise KeyboardError(f"{where}.action.{key} is not supported for {kind} buttons")
        expected = properties[key].get("type")
        ok = isinstance(value, str) if expected == "string" else not isinstance(value, dict)
        if expected == "integer":
            ok = isinstance(value, int) and not isinstance(value, bool)
        if not ok:
            raise KeyboardError(f"{where}.action.{key} must be of type {expected}")
    for key, prop in properties.items():
        if prop.get("required") and key not in action:
            raise KeyboardError(f"{where}.action.{key} is required for {kind} buttons")
    if "label" in action:
        label = action["label"]
        if not label or len(label) > MAX_LABEL:
            raise KeyboardError(f"{where}.action.label must be 1-{MAX_LABEL} characters")
    if "payload" in action:
        _check_payload(f"{where}.action", action["payload"])
    return str(kind)


def check_vk_keyboard(
    raw: str, action_schemas: Mapping[str, Mapping[str, Any]], colors: tuple[str, ...]
) -> dict[str, Any]:
    """Parsed keyboard, or KeyboardError saying what VK would reject."""
    try:
        keyboard = json.loads(raw)
    except ValueError:
        raise KeyboardError("keyboard is not valid JSON") from None
    if not isinstance(keyboard, dict):
        raise KeyboardError("keyboard must be a JSON object")
    extra = set(keyboard) - KEYBOARD_KEYS
    if extra:
        raise KeyboardError(f"unsupported keyboard fields {sorted(extra)}")
    for flag in ("one_time", "inline"):
        if flag in keyboard and not isinstance(keyboard[flag], bool):
            raise KeyboardError(f"{flag} must be a boolean")
    inline = bool(keyboard.get("inline", False))
    if inline and keyboard.get("one_time"):
        raise KeyboardError("one_time is not supported for inline keyboards")
    rows = keyboard.get("buttons")
    if not isinstance(rows, list) or not all(isinstance(row, list) for row in rows):
        raise KeyboardError("buttons must be an array of arrays")
    if len(rows) > MAX_ROWS[inline]:
        raise KeyboardError(f"too many rows: {len(rows)} > {MAX_ROWS[inline]}")
    total = sum(len(row) for row in rows)
    if total > MAX_BUTTONS[inline]:
        raise KeyboardError(f"too many buttons: {total} > {MAX_BUTTONS[inline]}")
    allowed_colors = DOCUMENTED_COLORS | set(colors)
    for r, row in enumerate(rows):
        if len(row) > MAX_PER_ROW:
            raise KeyboardError(f"too many buttons in row {r}: {len(row)} > {MAX_PER_ROW}")
        for c, button in enumerate(row):
            where = f"buttons[{r}][{c}]"
            if not isinstance(button, dict) or set(button) - BUTTON_KEYS:
                raise KeyboardError(f"{where} must be an object with action and color only")
            kind = _check_action(where, button.get("action"), action_schemas)
            if kind in FULL_WIDTH_ACTIONS and len(row) > 1:
                raise KeyboardError(f"{where}: a {kind} button must be alone in its row")
            if "color" in button:
                if kind not in COLORED_ACTIONS:
                    raise KeyboardError(f"{where}.color is only allowed for text/callback")
                if button["color"] not in allowed_colors:
                    raise KeyboardError(f"{where}.color {button['color']!r} is not supported")
    return keyboard


def check_event_data(raw: str) -> dict[str, Any]:
    """Parsed event_data of messages.sendMessageEventAnswer, or KeyboardError."""
    try:
        data = json.loads(raw)
    except ValueError:
        raise KeyboardError("event_data is not valid JSON") from None
    if not isinstance(data, dict) or data.get("type") not in EVENT_DATA_REQUIRED:
        raise KeyboardError(f"event_data.type must be one of {', '.join(EVENT_DATA_REQUIRED)}")
    for key in EVENT_DATA_REQUIRED[data["type"]]:
        if key not in data:
            raise KeyboardError(f"event_data.{key} is required for {data['type']}")
    text = data.get("text")
    if data["type"] == "show_snackbar" and (not isinstance(text, str) or len(text) > MAX_SNACKBAR):
        raise KeyboardError(
            f"event_data.text must be a string of at most {MAX_SNACKBAR} characters"
        )
    return data
