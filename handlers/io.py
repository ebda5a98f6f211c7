"""Neutral events in and replies out: the conversation never sees a messenger's types."""

from dataclasses import dataclass

from db.enums import Platform
from keyboards.model import Keyboard


@dataclass(frozen=True)
class Incoming:
    platform: Platform
    account_id: str  # the messenger's user id, as a string
    text: str | None = None
    payload: str | None = None  # a pressed button's payload
    display_name: str = ""


@dataclass(frozen=True)
class Attachment:
    filename: str
    content: bytes
    kind: str = "document"  # or "photo"


@dataclass(frozen=True)
class Reply:
    text: str
    keyboard: Keyboard | None = None
    attachment: Attachment | None = None
    # For a button press: replace the message with the button instead of sending a new one.
    edit: bool = False
