"""The notification process: APScheduler jobs and the delivery loops, run by exactly one process.

The process that holds the sender lock (bot/sender_lock.py) runs them; the others answer chats
only, and take over if it goes away.
"""

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import partial

from apscheduler.schedulers.asyncio import AsyncIOScheduler
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from bot.sender_lock import LeaderLock
from db.enums import Platform
from notifications.delivery.drain import OutboxDrain
from notifications.delivery.loop import DeliveryWorker
from notifications.delivery.rate import Pacer
from notifications.delivery.sending import Sender
from notifications.delivery.wakeup import install_outbox_wakeup
from notifications.jobs.class_week import class_attendance_summaries
from notifications.jobs.digest import release_digests
from notifications.jobs.evening import evening_cards
from notifications.jobs.final_risk import final_risk_alerts
from notifications.jobs.housekeeping import purge_old_attempts
from notifications.jobs.monthly_filling import monthly_filling_reports
from notifications.jobs.monthly_printouts import refused_journal_reminders
from notifications.jobs.question_reminders import question_reminders
from notifications.jobs.reminders import teacher_reminders
from notifications.jobs.weekly_summary import weekly_summaries
from services.context import Clock, system_clock

log = logging.getLogger(__name__)

DRAIN_JOB = "outbox-drain"
# APScheduler logs two INFO lines for every run of every job ("Running job", "executed
# successfully"; the drain runs each second) and one for each job it adds: ticks, not events.
# Its warnings (a missed or skipped run) and errors still reach the log.
APSCHEDULER_LOGGER = "apscheduler"

PeriodicJob = Callable[
    [async_sessionmaker[AsyncSession], Clock, frozenset[Platform]], Awaitable[int]
]
PERIODIC_JOBS: dict[str, PeriodicJob] = {
    "evening-cards": evening_cards,
    "weekly-summaries": weekly_summaries,
    "final-risk-alerts": final_risk_alerts,
    "class-attendance-summaries": class_attendance_summaries,
    "refused-journal-printouts": refused_journal_reminders,
    "monthly-filling-control": monthly_filling_reports,
    "question-reminders": question_reminders,
    "invite-attempts-purge": purge_old_attempts,
}


@dataclass
class NotificationRuntime:
    scheduler: AsyncIOScheduler
    drain: OutboxDrain
    workers: list[DeliveryWorker]
    _tasks: list[asyncio.Task[None]] = field(default_factory=list)

    def wake_drain(self) -> None:
        """Runs the drain now instead of at its next tick (called on the event loop)."""
        if self.scheduler.running:
            with contextlib.suppress(Exception):
                self.scheduler.modify_job(DRAIN_JOB, next_run_time=datetime.now(UTC))

    async def start(self) -> None:
        self.scheduler.start()
        self._tasks = [asyncio.create_task(w.run()) for w in self.workers]

    async def stop(self) -> None:
        self.scheduler.shutdown(wait=False)
        for worker in self.workers:
            worker.stop()
        await asyncio.gather(*self._tasks, return_exceptions=True)
        await self.drain.close()


def _guarded(name: str, job: Callable[[], Awaitable[object]]) -> Callable[[], Awaitable[None]]:
    async def run() -> None:
        try:
            await job()
        except Exception:
            log.exception("notification job %s failed", name)

    return run


def _discarding(job: Callable[[], Awaitable[object]]) -> Callable[[], Awaitable[None]]:
    async def run() -> None:
        await job()

    return run


def quiet_scheduler_ticks() -> None:
    """APScheduler's INFO lines out of the log, unless the operator set its level."""
    logger = logging.getLogger(APSCHEDULER_LOGGER)
    if logger.level == logging.NOTSET:
        logger.setLevel(logging.WARNING)


def build_notifications(
    session_factory: async_sessionmaker[AsyncSession],
    senders: Sequence[tuple[Sender, Pacer]],
    *,
    clock: Clock = system_clock,
    drain_seconds: float = 1.0,
    digest_seconds: float = 60.0,
    jobs_seconds: float = 300.0,
    reminder_seconds: float = 60.0,
    in_flight: int = 1,
    extra_jobs: Sequence[tuple[str, Callable[[], Awaitable[object]]]] = (),
) -> NotificationRuntime:
    """extra_jobs: (name, job) run every jobs_seconds, each deciding itself whether it is time
    (the nightly backup)."""
    workers = [
        DeliveryWorker(session_factory, sender, pacer, clock=clock, in_flight=in_flight)
        for sender, pacer in senders
    ]
    platforms = frozenset(sender.platform for sender, _ in senders)

    def wake_workers() -> None:
        for worker in workers:
            worker.wake()

    drain = OutboxDrain(session_factory, clock, platforms=platforms, on_enqueued=wake_workers)
    quiet_scheduler_ticks()
    scheduler = AsyncIOScheduler(timezone=UTC)
    runtime = NotificationRuntime(scheduler, drain, workers)
    every = {"max_instances": 1, "coalesce": True, "misfire_grace_time": None}
    now = datetime.now(UTC)
    scheduler.add_job(
        _guarded("drain", partial(drain.drain_all, keep_open=True)),
        "interval",
        seconds=drain_seconds,
        id=DRAIN_JOB,
        next_run_time=now,
        **every,
    )

    async def digests() -> None:
        if await release_digests(session_factory, clock):
            wake_workers()

    def queueing(job: PeriodicJob) -> Callable[[], Awaitable[None]]:
        async def run() -> None:
            if await job(session_factory, clock, platforms):
                wake_workers()

        return run

    jobs: list[tuple[str, Callable[[], Awaitable[None]], float]] = [
        ("digests", digests, digest_seconds),
        ("teacher-reminders", queueing(teacher_reminders), reminder_seconds),
    ]
    # Each of these decides itself whether it is time (its local hour, day of the week, month's
    # end) and remembers what it sent, so running it often costs little and sends nothing twice.
    jobs += [(name, queueing(job), jobs_seconds) for name, job in PERIODIC_JOBS.items()]
    jobs += [(name, _discarding(job), jobs_seconds) for name, job in extra_jobs]
    for name, job, seconds in jobs:
        scheduler.add_job(
            _guarded(name, job), "interval", seconds=seconds, id=name, next_run_time=now, **every
        )
    install_outbox_wakeup(session_factory, runtime.wake_drain)
    return runtime


async def run_notifications(
    engine: AsyncEngine,
    build: Callable[[], NotificationRuntime],
    stop: asyncio.Event,
    *,
    retry_seconds: float = 5.0,
) -> None:
    """Runs the notification runtime while this process is the leader, until `stop` is set."""
    lock = LeaderLock(engine)
    told = False
    while not stop.is_set():
        if not await lock.try_acquire():
            if not told:
                log.info(
                    "notifications: another process on this database sends them; this one "
                    "answers chats only and takes over if that one stops"
                )
                told = True
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(stop.wait(), retry_seconds)
            continue
        log.info("notifications: this process sends them")
        runtime = build()
        await runtime.start()
        try:
            while not stop.is_set() and await lock.still_held():
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(stop.wait(), retry_seconds)
        finally:
            await runtime.stop()
            await lock.release()
