"""Delivery: queued messages go out through one sender per bot token, paced and retried.

A message is marked sent only after the platform accepted it, in its own commit right after
the send, so a crash re-sends at most the requests then in flight (`in_flight`, 1 by default).
"""

import asyncio
import contextlib
import logging

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from db.models import OutgoingMessage
from notifications.delivery.enqueue import PENDING
from notifications.delivery.outcomes import Job, Outcomes
from notifications.delivery.rate import Pacer
from notifications.delivery.sending import (
    BatchSender,
    Blocked,
    DeliveryError,
    Permanent,
    RetryAfter,
    Sender,
    Transient,
)
from services.context import Clock, system_clock

__all__ = [
    "Blocked",
    "DeliveryError",
    "DeliveryWorker",
    "Permanent",
    "RetryAfter",
    "Sender",
    "Transient",
]

log = logging.getLogger(__name__)


class DeliveryWorker:
    def __init__(
        self,
        session_factory: async_sessionmaker[AsyncSession],
        sender: Sender,
        pacer: Pacer,
        *,
        clock: Clock = system_clock,
        in_flight: int = 1,
        fetch: int = 30,
        refetch_after: float = 0.2,
        idle_poll: float = 1.0,
        backoff_base: float = 2.0,
        backoff_max: float = 300.0,
    ) -> None:
        self._engine = session_factory.kw["bind"]
        self.sender = sender
        self.pacer = pacer
        self._clock = clock
        self._slots = asyncio.Semaphore(in_flight)
        self._fetch, self._refetch_after, self._idle_poll = fetch, refetch_after, idle_poll
        self.outcomes = Outcomes(
            session_factory,
            clock,
            backoff_base=backoff_base,
            backoff_max=backoff_max,
        )
        self._batch = sender.batch_limit if isinstance(sender, BatchSender) else 1
        self._fetch = max(self._fetch, self._batch)
        self._busy: set[int] = set()
        self._blocked_accounts: set[int] = set()
        self._tasks: set[asyncio.Task[None]] = set()
        self._wake = asyncio.Event()
        self._stopping = False

    def wake(self) -> None:
        self._wake.set()

    async def _due(self) -> list[Job]:
        cooling = self.pacer.cooling_chats()
        m = OutgoingMessage
        query = (
            select(m.id, m.chat_account_id, m.chat_external_id, m.text, m.keyboard)
            .add_columns(m.attempts, m.dedup_key, m.created_at, m.expires_at, m.failing_since)
            .where(
                m.platform == self.sender.platform,
                m.status == PENDING,
                m.next_attempt_at <= self._clock(),
            )
            .order_by(m.priority, m.id)
            .limit(self._fetch + len(self._busy))
        )
        if cooling:
            query = query.where(m.chat_external_id.not_in(cooling))
        async with self._engine.connect() as conn:
            rows = (await conn.execute(query)).all()
        return [Job.of(*row) for row in rows if row[0] not in self._busy]

    def _units(self, jobs: list[Job]) -> list[list[Job]]:
        """Single jobs, or runs of one broadcast's jobs for a sender that batches them."""
        units: list[list[Job]] = []
        chats: set[str] = set()
        for job in jobs:
            if job.chat_id in chats or not self.pacer.chat_ready(job.chat_id):
                continue
            chats.add(job.chat_id)
            unit = units[-1] if units else None
            if unit and len(unit) < self._batch and unit[0].same_message(job):
                unit.append(job)
            else:
                units.append([job])
        return units

    async def deliver_once(self) -> int:
        """Starts sending what is due now; returns how many messages it started."""
        started = 0
        self._blocked_accounts.clear()  # the queue read below already reflects earlier blocks
        loop = asyncio.get_running_loop()
        deadline = loop.time() + self._refetch_after
        for unit in self._units(await self._due()):
            await self._slots.acquire()
            unit = [j for j in unit if j.chat_account_id not in self._blocked_accounts]
            if not unit:
                self._slots.release()  # blocked while this job waited for its turn
                continue
            await self.pacer.take([j.chat_id for j in unit])  # one request, however many chats
            self._busy.update(j.id for j in unit)
            task = asyncio.create_task(self._send(unit))
            self._tasks.add(task)
            task.add_done_callback(self._tasks.discard)
            started += len(unit)
            # Refetch often: an absence queued meanwhile goes before the rest of a broadcast.
            if loop.time() > deadline:
                break
        return started

    async def drain(self) -> None:
        """Waits for the sends in flight."""
        while self._tasks:
            await asyncio.gather(*list(self._tasks), return_exceptions=True)

    async def run(self) -> None:
        try:
            while not self._stopping:
                # Cleared before looking, not after: a wake() while deliver_once looks (a message
                # just queued, or stop()) is kept, not lost to a whole idle poll.
                self._wake.clear()
                if await self.deliver_once():
                    continue
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(self._wake.wait(), self._idle_poll)
        finally:
            await self.close()

    async def close(self) -> None:
        """Waits for the sends in flight and lets go of the database connection."""
        await self.drain()
        await self.outcomes.close()

    def stop(self) -> None:
        self._stopping = True
        self._wake.set()

    async def _send(self, unit: list[Job]) -> None:
        first, chats = unit[0], [j.chat_id for j in unit]
        answered = False
        try:
            results: dict[str, str | Exception]
            try:
                if len(unit) == 1:
                    sent = await self.sender.send(
                        first.chat_id, first.text, first.keyboard, ref=first.ref
                    )
                    results = {first.chat_id: sent}
                else:
                    assert isinstance(self.sender, BatchSender)
                    batch = await self.sender.send_batch(
                        chats, first.text, first.keyboard, ref=first.ref
                    )
                    results = {chat: batch.get(chat, Transient("no result")) for chat in chats}
            except Exception as exc:  # the whole request failed
                results = {j.chat_id: exc for j in unit}
            self.pacer.done(chats)
            answered = True
            for job in unit:
                await self._settle(job, results[job.chat_id])
        finally:
            if not answered:
                self.pacer.done(chats)
            self._busy.difference_update(j.id for j in unit)
            self._slots.release()

    async def _settle(self, job: Job, result: str | Exception) -> None:
        if isinstance(result, str):
            await self.outcomes.finish(job, "sent", platform_id=result)
            if job.failing_since is not None:
                await self.outcomes.network_back(self.sender.platform)
        elif isinstance(result, RetryAfter):
            self.pacer.pause(result.seconds)
            await self.outcomes.retry(job, result.seconds, str(result), count=False)
        elif isinstance(result, Blocked):
            self._blocked_accounts.add(job.chat_account_id)
            await self.outcomes.blocked(job, str(result) or "blocked")
        elif isinstance(result, Permanent):
            log.error("message %s refused for good: %s", job.id, result)
            await self.outcomes.finish(job, "failed", error=str(result))
        else:  # Transient, or anything unforeseen: back off and retry
            await self.outcomes.backoff(job, result)
