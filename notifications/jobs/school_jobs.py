"""The frame of the scheduled jobs that go school by school: one transaction
(services.context.Journal), each school at its own local time."""

from collections.abc import Awaitable, Callable, Sequence
from datetime import datetime
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from db.models import School
from keyboards.model import Keyboard
from notifications.delivery.enqueue import enqueue
from notifications.rules.audience import Recipient
from notifications.rules.notice import DIGEST, quiet_notices
from services.context import Clock, Ctx, Journal

# (ctx, school, the school's local now) -> how many messages it queued
SchoolJob = Callable[[Ctx, School, datetime], Awaitable[int]]


async def _each_school(ctx: Ctx, job: SchoolJob) -> int:
    queued = 0
    for school in (await ctx.session.scalars(select(School).order_by(School.id))).all():
        queued += await job(ctx, school, ctx.now.astimezone(ZoneInfo(school.timezone)))
    return queued


async def for_each_school(
    session_factory: async_sessionmaker[AsyncSession], clock: Clock, job: SchoolJob
) -> int:
    """Runs `job` for every school in one transaction; returns how many messages were queued."""
    return await Journal(session_factory, clock).run(_each_school, job)


async def queue_for_morning_if_quiet(
    ctx: Ctx,
    recipients: Sequence[Recipient],
    source: str,
    *,
    kind: str,
    text: str,
    keyboard: Keyboard | None,
    ref_id: int,
    zone: ZoneInfo,
) -> int:
    """One message of `source` to each recipient; in their quiet hours it waits for the
    morning digest. Returns how many were queued."""
    notices = await quiet_notices(
        ctx.session,
        recipients,
        kind=kind,
        text=text,
        ref_id=ref_id,
        keyboard=keyboard,
        priority=DIGEST,
    )
    return await enqueue(ctx.session, notices, source=source, now=ctx.now, zone=zone)
