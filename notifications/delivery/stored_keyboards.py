"""Keyboards kept with a queued message: stored as JSON, rebuilt when it is sent."""

from typing import Any

from keyboards.model import Button, Keyboard

KeyboardJson = list[list[dict[str, Any]]]


def keyboard_to_json(keyboard: Keyboard | None) -> KeyboardJson | None:
    if keyboard is None:
        return None
    return [
        [{"label": b.label, "payload": b.payload, "url": b.url} for b in row]
        for row in keyboard.rows
    ]


def keyboard_from_json(data: KeyboardJson | None) -> Keyboard | None:
    if not data:
        return None
    return Keyboard.of(
        *([Button(b["label"], b.get("payload") or "", b.get("url")) for b in row] for row in data)
    )
