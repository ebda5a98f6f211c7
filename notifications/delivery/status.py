"""What the delivery queue holds now, for `journal status`: queued, failing since when, given up."""

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from db.models import OutgoingMessage
from notifications.delivery.enqueue import PENDING
from notifications.delivery.outcomes import EXPIRED

GIVEN_UP = ("failed", EXPIRED)
# Given-up messages are shown for this long back.
RECENT = timedelta(days=1)


@dataclass
class PlatformQueue:
    platform: str
    queued: int = 0
    due: int = 0
    oldest_queued: datetime | None = None
    failing: int = 0
    failing_since: datetime | None = None
    last_error: str | None = None


@dataclass
class GivenUp:
    platform: str
    status: str
    reason: str
    count: int
    last: datetime | None


@dataclass
class QueueStatus:
    now: datetime
    platforms: list[PlatformQueue] = field(default_factory=list)
    given_up: list[GivenUp] = field(default_factory=list)


async def queue_status(session: AsyncSession, now: datetime) -> QueueStatus:
    m = OutgoingMessage
    status = QueueStatus(now)
    by_platform: dict[str, PlatformQueue] = {}
    rows = await session.execute(
        select(
            m.platform,
            func.count(),
            func.count().filter(m.next_attempt_at <= now),
            func.min(m.created_at),
            func.count(m.failing_since),
            func.min(m.failing_since),
        )
        .where(m.status == PENDING)
        .group_by(m.platform)
        .order_by(m.platform)
    )
    for platform, queued, due, oldest, failing, since in rows.all():
        by_platform[str(platform)] = PlatformQueue(
            str(platform), queued, due, oldest, failing, since
        )
    errors = await session.execute(
        select(m.platform, m.last_error)
        .where(m.status == PENDING, m.failing_since.is_not(None))
        .order_by(m.next_attempt_at.desc())
    )
    for platform, error in errors.all():
        queue = by_platform[str(platform)]
        queue.last_error = queue.last_error or error
    status.platforms = list(by_platform.values())
    lost = await session.execute(
        # The last try was due at next_attempt_at: given up then, or soon after.
        select(m.platform, m.status, m.last_error, func.count(), func.max(m.next_attempt_at))
        .where(m.status.in_(GIVEN_UP), m.next_attempt_at >= now - RECENT)
        .group_by(m.platform, m.status, m.last_error)
        .order_by(func.count().desc())
        .limit(20)
    )
    status.given_up = [
        GivenUp(str(platform), st, reason or "", count, last)
        for platform, st, reason, count, last in lost.all()
    ]
    return status
