"""One queued message in flight, and how each outcome of its send is recorded (one commit each)."""

import asyncio
import logging
import random
import re
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from sqlalchemy.sql import Executable

from db.models import ChatAccount, OutgoingMessage
from keyboards.model import Keyboard
from notifications.delivery.enqueue import PENDING
from notifications.delivery.light_commit import LightConnection
from notifications.delivery.stored_keyboards import KeyboardJson, keyboard_from_json
from services.context import Clock

log = logging.getLogger(__name__)
EXPIRED = "expired"
# How long a message without a date of its own (a mark, an answer) is retried through an outage.
DEFAULT_RELEVANCE = timedelta(days=7)
_ACCOUNT_PART = re.compile(r":a\d+")


@dataclass(frozen=True)
class Job:
    id: int
    chat_account_id: int
    chat_id: str
    text: str
    keyboard: Keyboard | None
    attempts: int
    # The dedup key without its account: one per queued message and chat, shared by a broadcast.
    ref: str
    # Transient failures are retried until then; the first failure of the current run.
    expires_at: datetime
    failing_since: datetime | None = None

    @classmethod
    def of(
        cls,
        id: int,
        chat_account_id: int,
        chat_id: str,
        text: str,
        keyboard: KeyboardJson | None,
        attempts: int,
        dedup_key: str,
        created_at: datetime,
        expires_at: datetime | None,
        failing_since: datetime | None,
    ) -> "Job":
        ref = _ACCOUNT_PART.sub("", dedup_key)
        return cls(
            id,
            chat_account_id,
            chat_id,
            text,
            keyboard_from_json(keyboard),
            attempts,
            ref,
            expires_at or created_at + DEFAULT_RELEVANCE,
            failing_since,
        )

    def same_message(self, other: "Job") -> bool:
        return (self.ref, self.text, self.keyboard) == (other.ref, other.text, other.keyboard)


class Outcomes:
    def __init__(
        self,
        session_factory: async_sessionmaker[AsyncSession],
        clock: Clock,
        *,
        backoff_base: float = 2.0,
        backoff_max: float = 300.0,
    ) -> None:
        self._light = LightConnection(session_factory.kw["bind"])
        self._clock = clock
        self.backoff_base, self.backoff_max = backoff_base, backoff_max

    async def close(self) -> None:
        await self._light.close()

    async def _write(self, *statements: Executable) -> None:
        # The send has happened: retry the commit rather than let the message go out twice.
        for attempt in range(5):
            try:
                conn = await self._light.get()
                try:
                    for statement in statements:
                        await conn.execute(statement)
                    await conn.commit()
                except Exception:
                    await self.close()
                    raise
                return
            except Exception:
                log.exception("recording a delivery outcome failed (attempt %s)", attempt + 1)
                await asyncio.sleep(0.2 * 2**attempt)

    async def finish(
        self, job: Job, status: str, *, platform_id: str | None = None, error: str | None = None
    ) -> None:
        values: dict[str, object] = {"status": status, "attempts": job.attempts + 1}
        if status == "sent" and job.failing_since is not None:
            log.info("message %s delivered after failing since %s", job.id, job.failing_since)
        if status == "sent":
            values |= {"sent_at": self._clock(), "platform_message_id": platform_id}
        if error:
            values["last_error"] = error[:300]
        await self._write(
            update(OutgoingMessage).where(OutgoingMessage.id == job.id).values(**values)
        )

    async def retry(self, job: Job, delay: float, error: str, *, count: bool = True) -> None:
        values: dict[str, object] = {
            "next_attempt_at": self._clock() + timedelta(seconds=delay),
            "attempts": job.attempts + (1 if count else 0),
            "last_error": error[:300],
        }
        if count and job.failing_since is None:
            values["failing_since"] = self._clock()
        await self._write(
            update(OutgoingMessage).where(OutgoingMessage.id == job.id).values(**values)
        )

    async def backoff(self, job: Job, exc: Exception) -> None:
        """Network trouble: tried again, less and less often (capped), while the message matters."""
        now = self._clock()
        since = job.failing_since or now
        if now >= job.expires_at:
            log.error(
                "message %s expired unsent: failing since %s, %s attempts, last error: %s",
                job.id,
                f"{since:%Y-%m-%d %H:%M} UTC",
                job.attempts + 1,
                exc,
            )
            await self.finish(job, EXPIRED, error=repr(exc))
            return
        if job.failing_since is None:  # one line per message and outage, not one per try
            log.warning("message %s not delivered, will retry: %r", job.id, exc)
        delay = min(self.backoff_max, self.backoff_base * 2 ** min(job.attempts, 30))
        await self.retry(job, delay * random.uniform(0.8, 1.2), repr(exc))

    async def network_back(self, platform: str) -> None:
        """A message that had been failing went out: the others waiting out their back-off
        go now, in their order (absences first), instead of up to `backoff_max` later."""
        now = self._clock()
        await self._write(
            update(OutgoingMessage)
            .where(
                OutgoingMessage.platform == platform,
                OutgoingMessage.status == PENDING,
                OutgoingMessage.failing_since.is_not(None),
                OutgoingMessage.next_attempt_at > now,
            )
            .values(next_attempt_at=now)
        )

    async def blocked(self, job: Job, error: str) -> None:
        log.warning(
            "chat account %s refused for good (%s): its queue is dropped",
            job.chat_account_id,
            error,
        )
        await self._write(
            update(ChatAccount)
            .where(ChatAccount.id == job.chat_account_id)
            .values(is_blocked=True),
            update(OutgoingMessage)
            .where(OutgoingMessage.id == job.id)
            .values(status="failed", attempts=job.attempts + 1, last_error=error[:300]),
            update(OutgoingMessage)
            .where(
                OutgoingMessage.chat_account_id == job.chat_account_id,
                OutgoingMessage.status == PENDING,
            )
            .values(status="cancelled"),
        )
