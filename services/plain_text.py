"""Text typed in a chat, as the journal keeps it and shows it to other people.

One cleaner for file names and free text alike: no control characters (a NUL is refused by
PostgreSQL and kept by SQLite, so the same text would behave differently on each), no
invisible format characters such as the bidi overrides (U+202E turns "exe.txt" into
"txt.exe" on the reader's screen), and no VK mention markup ("[id1|…]" pings or disguises a
link to someone the writer picked, in a message sent in the school's name)."""

import re
import unicodedata

# Line breaks and tabs belong to a text; the joiners hold emoji sequences together (👨‍👩‍👧).
TEXT_KEEPS = frozenset("\n\t\u200c\u200d")
_VK_MARKUP = re.compile(r"\[(?:id|club|public|event)\d+\|([^\[\]]*)\]", re.IGNORECASE)
_VK_MENTION = re.compile(r"(?<![\w@*])[@*]((?:id|club|public|event)\d+)", re.IGNORECASE)


def without_controls(text: str, keep: frozenset[str] = frozenset()) -> str:
    """NFC, without control, format, surrogate, private-use or unassigned characters (Unicode
    category C), except those in `keep`."""
    normal = unicodedata.normalize("NFC", text)
    return "".join(c for c in normal if c in keep or unicodedata.category(c)[0] != "C")


def kept_text(text: str | None) -> str:
    """Free text as stored: line breaks as "\\n", no other control or format characters."""
    unified = (text or "").replace("\r\n", "\n").replace("\r", "\n")
    return without_controls(unified, TEXT_KEEPS)


def shown_text(text: str | None) -> str:
    """Free text that other people will read: kept_text(), and VK mentions as plain words
    ("[id1|Иван]" reads "Иван", "@id1" reads "id1")."""
    return unmentioned(kept_text(text))


def unmentioned(text: str) -> str:
    """VK mention markup as plain words."""
    cleaned = text
    while True:  # markup inside markup: "[id1|[club2|…]]"
        unwrapped = _VK_MARKUP.sub(r"\1", cleaned)
        if unwrapped == cleaned:
            break
        cleaned = unwrapped
    return _VK_MENTION.sub(r"\1", cleaned)
