"""The outbox drain: unprocessed events, in id order, become queued messages in one transaction.

Messages and the "processed" marks are committed together, and every message carries a unique
dedup key per (event, chat account), so no event is lost or told twice. Mark events wait out
a grace window and are handed to the rules as one group per mark.
"""

import logging
from collections import Counter, defaultdict
from collections.abc import Callable
from datetime import datetime, timedelta

from sqlalchemy import or_, select, update
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncSession, async_sessionmaker

from db.enums import Platform
from db.models import OutboxEvent, School
from notifications.delivery.enqueue import enqueue
from notifications.delivery.light_commit import LightConnection
from notifications.rules.audience import DELIVERABLE
from notifications.rules.marks import MARK_KINDS
from notifications.rules.notice import RuleContext
from notifications.rules.registry import notices_for
from services.context import Clock, system_clock

log = logging.getLogger(__name__)

MARK_GRACE = timedelta(seconds=60)
# A rule that keeps failing on one event must not stop every alert behind it.
MAX_FAILURES = 3


class OutboxDrain:
    def __init__(
        self,
        session_factory: async_sessionmaker[AsyncSession],
        clock: Clock = system_clock,
        *,
        grace: timedelta = MARK_GRACE,
        batch: int = 200,
        platforms: frozenset[Platform] = DELIVERABLE,
        on_enqueued: Callable[[], None] | None = None,
    ) -> None:
        self._session_factory = session_factory
        self._clock = clock
        self.grace = grace
        self.batch = batch
        self.platforms = platforms
        self.on_enqueued = on_enqueued
        self._failures: Counter[int] = Counter()
        self._light = LightConnection(session_factory.kw["bind"])

    async def _ready(self, session: AsyncSession, now: datetime) -> list[list[OutboxEvent]]:
        """Groups of events to process now: one event each, or all of one mark's events."""
        settled = now - self.grace
        head = list(
            (
                await session.scalars(
                    select(OutboxEvent)
                    .where(
                        OutboxEvent.processed_at.is_(None),
                        or_(OutboxEvent.kind.not_in(MARK_KINDS), OutboxEvent.created_at <= settled),
                    )
                    .order_by(OutboxEvent.id)
                    .limit(self.batch)
                    .with_for_update(skip_locked=True)
                )
            ).all()
        )
        if not any(e.kind in MARK_KINDS for e in head):
            return [[e] for e in head]
        young = (
            await session.scalars(
                select(OutboxEvent)
                .where(
                    OutboxEvent.processed_at.is_(None),
                    OutboxEvent.kind.in_(MARK_KINDS),
                    OutboxEvent.created_at > settled,
                )
                .order_by(OutboxEvent.id)
                .with_for_update(skip_locked=True)
            )
        ).all()
        young_ids = {e.id for e in young}
        by_mark: dict[int, list[OutboxEvent]] = defaultdict(list)
        groups: list[list[OutboxEvent]] = []
        for event in [*head, *young]:
            if event.kind not in MARK_KINDS:
                groups.append([event])
                continue
            mark_id = int(event.payload["mark_id"])
            if mark_id not in by_mark and event.id in young_ids:
                continue  # a mark whose first event is still inside its grace window
            if mark_id not in by_mark:
                groups.append(by_mark[mark_id])
            by_mark[mark_id].append(event)
        return groups

    async def drain_once(self) -> int:
        """Processes what is ready; returns the number of events marked processed."""
        self._current: list[int] = []
        try:
            return await self._drain()
        except Exception:
            # A database error aborts the whole batch: blame the group being processed, and
            # after a few tries set it aside so that the events behind it get through.
            suspect = self._current
            if not suspect:
                raise
            self._failures[suspect[0]] += 1
            log.exception("outbox drain failed on event %s", suspect[0])
            if self._failures[suspect[0]] >= MAX_FAILURES:
                await self._skip(suspect)
            return 0

    async def _skip(self, ids: list[int]) -> None:
        log.error("outbox events %s skipped after %s failures", ids, MAX_FAILURES)
        async with self._session_factory() as session, session.begin():
            await session.execute(
                update(OutboxEvent)
                .where(OutboxEvent.id.in_(ids))
                .values(processed_at=self._clock())
            )

    async def close(self) -> None:
        await self._light.close()

    async def _drain(self) -> int:
        try:
            return await self._drain_on(await self._light.get())
        except BaseException:
            await self._light.close()
            raise

    async def _drain_on(self, conn: AsyncConnection) -> int:
        session = AsyncSession(bind=conn, expire_on_commit=False)
        async with session, session.begin():
            now = self._clock()
            groups = await self._ready(session, now)
            schools: dict[int, School | None] = {}
            done: list[int] = []
            queued = 0
            for group in groups:
                first = group[0]
                self._current = [e.id for e in group]
                if first.school_id not in schools:
                    schools[first.school_id] = await session.get(School, first.school_id)
                school = schools[first.school_id]
                if school is None:
                    done.extend(e.id for e in group)
                    continue
                rc = RuleContext(session, now, school, self.platforms)
                try:
                    notices = await notices_for(rc, group)
                except Exception:
                    self._failures[first.id] += 1
                    log.exception("outbox event %s (%s) failed", first.id, first.kind)
                    if self._failures[first.id] < MAX_FAILURES:
                        continue
                    log.error("outbox event %s skipped after %s failures", first.id, MAX_FAILURES)
                    notices = []
                queued += await enqueue(
                    session, notices, source=f"e{first.id}", now=now, zone=rc.zone
                )
                done.extend(e.id for e in group)
            self._current = []
            for start in range(0, len(done), 500):
                await session.execute(
                    update(OutboxEvent)
                    .where(OutboxEvent.id.in_(done[start : start + 500]))
                    .values(processed_at=now)
                )
        if queued and self.on_enqueued is not None:
            self.on_enqueued()
        return len(done)

    async def drain_all(self, *, keep_open: bool = False) -> int:
        """Drains until nothing is ready; a periodic job keeps its connection between runs."""
        total = 0
        try:
            while processed := await self.drain_once():
                total += processed
        finally:
            if not keep_open:
                await self.close()
        return total
