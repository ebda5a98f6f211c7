"""The port between delivery and the messengers: what a sender does and how it may fail."""

from collections.abc import Mapping, Sequence
from typing import Protocol, runtime_checkable

from db.enums import Platform
from keyboards.model import Keyboard


class DeliveryError(Exception):
    pass


class RetryAfter(DeliveryError):
    """The platform asks to wait (Telegram 429 retry_after, VK error 6): the sender pauses."""

    def __init__(self, seconds: float) -> None:
        super().__init__(f"retry after {seconds} s")
        self.seconds = seconds


class Blocked(DeliveryError):
    """The user blocked the bot (Telegram 403, VK 901): stop writing to this chat."""


class Transient(DeliveryError):
    """Network trouble or a server error: try again later."""


class Permanent(DeliveryError):
    """The platform refuses this message for good (a bad request)."""


class Sender(Protocol):
    platform: Platform

    async def send(self, chat_id: str, text: str, keyboard: Keyboard | None, *, ref: str) -> str:
        """Sends one message and returns the platform's message id.

        `ref` is the same for every resend of one queued message (and for every recipient of
        one broadcast), so a platform with idempotency keys (VK's random_id) drops a repeat.
        """
        ...


@runtime_checkable
class BatchSender(Protocol):
    """A sender that can send one text to many chats in one request (VK peer_ids)."""

    platform: Platform
    batch_limit: int

    async def send(
        self, chat_id: str, text: str, keyboard: Keyboard | None, *, ref: str
    ) -> str: ...

    async def send_batch(
        self, chat_ids: Sequence[str], text: str, keyboard: Keyboard | None, *, ref: str
    ) -> Mapping[str, str | DeliveryError]:
        """Each chat's message id, or the error for that chat; raises for the whole request."""
        ...
