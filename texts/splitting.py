"""Answers longer than one message are cut at line boundaries, the keyboard kept for the last."""

from dataclasses import replace

from handlers.core.io import Reply
from keyboards.model import Keyboard

MESSAGE_LIMIT = 4096


def units(text: str) -> int:
    """Telegram counts UTF-16 code units: an emoji outside the BMP takes two."""
    return len(text.encode("utf-16-le", "surrogatepass")) // 2


def _cut_line(line: str, limit: int) -> list[str]:
    """A single line too long for one message: cut at spaces, or hard if it has none."""
    pieces: list[str] = []
    while units(line) > limit:
        cut = limit
        while units(line[:cut]) > limit:
            cut -= 1
        space = line.rfind(" ", 0, cut)
        if space > cut // 2:
            cut = space
        pieces.append(line[:cut].rstrip())
        line = line[cut:].lstrip()
    if line:
        pieces.append(line)
    return pieces


def split_text(text: str, limit: int = MESSAGE_LIMIT) -> list[str]:
    chunks: list[str] = []
    current: list[str] = []
    size = 0
    for raw_line in text.split("\n"):
        for line in _cut_line(raw_line, limit) if units(raw_line) > limit else [raw_line]:
            extra = units(line) + (1 if current else 0)
            if current and size + extra > limit:
                chunks.append("\n".join(current))
                current, size = [], 0
                extra = units(line)
            current.append(line)
            size += extra
    if current:
        chunks.append("\n".join(current))
    chunks = [c.strip("\n") for c in chunks]
    return [c for c in chunks if c.strip()] or ["…"]


def split_reply(text: str, keyboard: Keyboard | None = None) -> list[Reply]:
    parts = split_text(text)
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
