"""Answers longer than one message are cut at line boundaries, the keyboard kept for the last."""

from dataclasses import replace

from handlers.core.io import Reply
from keyboards.model import Keyboard
from texts.splitting import MESSAGE_LIMIT, split_text, units


def split_reply(text: str, keyboard: Keyboard | None = None) -> list[Reply]:
    parts = split_text(text) or ["…"]
    return [Reply(p, keyboard if i == len(parts) - 1 else None) for i, p in enumerate(parts)]


def fit(replies: list[Reply]) -> list[Reply]:
    """Every reply within the message limit and never empty; a split one loses `edit`, since
    several messages cannot replace one."""
    fitted: list[Reply] = []
    for reply in replies:
        text = reply.text if reply.text.strip() else "…"
        if units(text) <= MESSAGE_LIMIT:
            fitted.append(replace(reply, text=text))
            continue
        parts = split_reply(text, reply.keyboard)
        parts[-1] = replace(parts[-1], attachment=reply.attachment)
        fitted.extend(parts)
    return fitted
