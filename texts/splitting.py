"""Long texts cut into messages a messenger accepts, at line breaks where possible."""

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
    """The text in messages of at most `limit` UTF-16 units (Telegram's count, and never less
    than VK's count of characters), cut at line breaks, else at spaces; none for a blank text."""
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
    return [c for c in chunks if c.strip()]
