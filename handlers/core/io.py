"""Neutral events in and replies out: the conversation never sees a messenger's types."""

from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field

from db.enums import Platform
from keyboards.model import Keyboard

PHOTO = "photo"
DOCUMENT = "document"


class FileUnavailable(Exception):
    """The messenger did not hand the file over (expired, a network failure)."""


class FileTooLarge(FileUnavailable):
    """The file is over the limit asked for: nothing past the limit was read."""


# Fetches the file's bytes, at most `limit` of them (else FileTooLarge). Lazy: a file sent
# where the conversation takes none is never downloaded.
Fetch = Callable[[int], Awaitable[bytes]]


@dataclass(frozen=True)
class IncomingFile:
    # PHOTO, DOCUMENT, or the messenger's own word for anything else ("voice", "sticker").
    kind: str
    filename: str = ""
    mime: str = ""
    size: int | None = None  # as the messenger announced it; None when it does not say
    fetch: Fetch | None = field(default=None, compare=False, repr=False)


@dataclass(frozen=True)
class Incoming:
    platform: Platform
    account_id: str  # the messenger's user id, as a string
    text: str | None = None  # typed text, or a file's caption
    payload: str | None = None  # a pressed button's payload
    display_name: str = ""
    files: tuple[IncomingFile, ...] = ()


@dataclass(frozen=True)
class Attachment:
    filename: str
    content: bytes
    kind: str = DOCUMENT  # or PHOTO


@dataclass(frozen=True)
class Reply:
    text: str
    keyboard: Keyboard | None = None
    attachment: Attachment | None = None
    # For a button press: replace the message with the button instead of sending a new one.
    edit: bool = False
