import asyncio
import logging
import time
from datetime import date, timedelta

import pytest
from apscheduler.events import EVENT_JOB_ERROR, EVENT_JOB_EXECUTED, JobExecutionEvent
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from bot.scheduler import (
    APSCHEDULER_LOGGER,
    DRAIN_JOB,
    PERIODIC_JOBS,
    build_notifications,
)
from bot.sender_lock import LeaderLock, sender_running
from db.enums import AttendanceStatus, Platform
from notifications.delivery.rate import Pacer
from notifications.jobs.evening import evening_cards
from notifications.jobs.reminders import teacher_reminders
from services.attendance.roll_call import save_roll_call
from services.context import Journal
from services.lessons.notes import set_homework
from services.marks.marking import record_mark
from tests.conftest import FakeClock
from tests.notifications.fakes import FakeSender, RunningClock
from tests.notifications.support import link_accounts, queued, set_prefs, texts_by_account
from tests.notifications.telegram_support import on_sqlite
from tests.tiny_school import TinySchool
from tests.write_support import actor, moscow


@on_sqlite
async def test_an_absence_written_in_this_process_is_sent_without_waiting_for_the_poll(
    tiny: TinySchool, session_factory: async_sessionmaker[AsyncSession], clock: FakeClock
) -> None:
    journal = Journal(session_factory, clock)
    await link_accounts(journal, tiny, ["g1"])
    sender = FakeSender()
    runtime = build_notifications(
        session_factory,
        [(sender, Pacer(100, 0))],
        clock=RunningClock(clock),
        drain_seconds=60,
        digest_seconds=600,
        jobs_seconds=600,
        reminder_seconds=600,
    )
    first_ticks = asyncio.Event()
    jobs = {job.id for job in runtime.scheduler.get_jobs()}
    ran: set[str] = set()

    def executed(event: JobExecutionEvent) -> None:
        ran.add(event.job_id)
        if ran == jobs:
            first_ticks.set()

    runtime.scheduler.add_listener(executed, EVENT_JOB_EXECUTED | EVENT_JOB_ERROR)
    await runtime.start()
    try:
        await asyncio.wait_for(first_ticks.wait(), 10)  # the first ticks of every job have run
        teacher = await actor(journal, tiny, "math")
        started = time.monotonic()
        statuses = {tiny.people["a1"]: AttendanceStatus.ABSENT}
        await journal.run(save_roll_call, teacher, tiny.lessons["math-today"], statuses)
        await asyncio.wait_for(sender.arrived.wait(), 5)
        assert time.monotonic() - started < 2
        assert sender.sent[0][1].startswith("Иван (5А) отсутствует на 1-м уроке")
    finally:
        await runtime.stop()


async def test_evening_card_once_per_evening_for_those_who_want_it(
    journal: Journal,
    tiny: TinySchool,
    session_factory: async_sessionmaker[AsyncSession],
    clock: FakeClock,
) -> None:
    acc = await link_accounts(journal, tiny, ["g1", "g2"])
    await set_prefs(journal, acc["g1"], tiny.people["a1"], evening_card=True)
    math = await actor(journal, tiny, "math")
    await journal.run(
        set_homework, math, tiny.lessons["math-today"], "№ 5, 6", due_date=date(2026, 11, 19)
    )
    await journal.run(record_mark, math, tiny.lessons["math-today"], tiny.people["a1"], 5, "answer")
    assert await evening_cards(session_factory, clock) == 0  # noon: not yet
    clock.now = moscow(2026, 11, 18, 19, 30)
    assert await evening_cards(session_factory, clock) == 1
    assert await evening_cards(session_factory, clock) == 0
    [card] = await queued(journal)
    assert card.chat_account_id == acc["g1"]
    assert card.text == (
        "Завтра, чт, 19 ноября — Иван (5А)\n\n"
        "1. 08:30 Русский язык, каб. 21\n\n"
        "Домашнее задание:\n• Математика: № 5, 6\n\n"
        "Оценки сегодня: Математика 5"
    )


async def test_teachers_are_reminded_of_a_missing_roll_call_and_empty_notes_once(
    journal: Journal,
    tiny: TinySchool,
    session_factory: async_sessionmaker[AsyncSession],
    clock: FakeClock,
) -> None:
    acc = await link_accounts(journal, tiny, ["math", "rus"])
    clock.now = moscow(2026, 11, 18, 8, 39)
    await teacher_reminders(session_factory, clock)
    assert await queued(journal) == []
    clock.now = moscow(2026, 11, 18, 8, 41)
    await teacher_reminders(session_factory, clock)
    await teacher_reminders(session_factory, clock)
    roll_call = "Не отмечена посещаемость: 5А, 1-й урок (Математика), урок начался в 08:30."
    assert texts_by_account(await queued(journal)) == {acc["math"]: [roll_call]}
    clock.now = moscow(2026, 11, 18, 15, 5)
    await teacher_reminders(session_factory, clock)
    await teacher_reminders(session_factory, clock)
    texts = texts_by_account(await queued(journal))
    assert texts[acc["math"]][1] == (
        "Не заполнено в журнале за сегодня:\n"
        "• 5А, 1-й урок (Математика): тема, домашнее задание\n"
        "• 5Б, 3-й урок (Математика): тема, домашнее задание\n"
        "• 5А, 5-й урок (Математика): тема, домашнее задание"
    )
    assert len(texts[acc["math"]]) == 2
    assert len(texts[acc["rus"]]) == 1


@on_sqlite
async def test_the_log_shows_no_scheduler_ticks(
    tiny: TinySchool,
    session_factory: async_sessionmaker[AsyncSession],
    clock: FakeClock,
    caplog: pytest.LogCaptureFixture,
) -> None:
    apscheduler_log = logging.getLogger(APSCHEDULER_LOGGER)
    configured = apscheduler_log.level
    apscheduler_log.setLevel(logging.NOTSET)  # as in a fresh process
    caplog.set_level(logging.INFO)  # as `journal run` logs
    runtime = build_notifications(
        session_factory, [(FakeSender(), Pacer(100, 0))], clock=clock, drain_seconds=0.05
    )
    drained = asyncio.Event()
    runs: list[str] = []

    def executed(event: JobExecutionEvent) -> None:
        if event.job_id == DRAIN_JOB:
            runs.append(event.job_id)
            if len(runs) == 5:
                drained.set()

    runtime.scheduler.add_listener(executed, EVENT_JOB_EXECUTED)
    await runtime.start()
    try:
        await asyncio.wait_for(drained.wait(), 10)  # five ticks of the drain
        executor_log = logging.getLogger(f"{APSCHEDULER_LOGGER}.executors.default")
        assert executor_log.isEnabledFor(logging.WARNING)  # a missed run still shows
    finally:
        await runtime.stop()
        apscheduler_log.setLevel(configured)
    ticks = [r for r in caplog.records if r.name.startswith(APSCHEDULER_LOGGER)]
    assert [r.getMessage() for r in ticks if r.levelno < logging.WARNING] == []


async def test_only_one_process_holds_the_notifications_lock(engine: AsyncEngine) -> None:
    first, second = LeaderLock(engine), LeaderLock(engine)
    assert not await sender_running(engine)
    assert await first.try_acquire()
    assert not await second.try_acquire()  # on SQLite too: a lock file beside the database
    assert await first.still_held() and await sender_running(engine)
    await first.release()
    assert not await sender_running(engine)
    assert await second.try_acquire()
    await second.release()


async def test_every_periodic_job_is_scheduled_and_runs_on_the_school(
    tiny: TinySchool, session_factory: async_sessionmaker[AsyncSession], clock: FakeClock
) -> None:
    journal = Journal(session_factory, clock)
    await link_accounts(journal, tiny, ["g1"])
    runtime = build_notifications(session_factory, [(FakeSender(), Pacer(100, 0))], clock=clock)
    scheduled = {job.id for job in runtime.scheduler.get_jobs()}
    assert set(PERIODIC_JOBS) | {"digests", "teacher-reminders", DRAIN_JOB} <= scheduled
    queued_by = dict.fromkeys(PERIODIC_JOBS, 0)
    for _ in range(0, 24 * 8, 5):  # a week and a day, through every hour of the clock
        for name, job in PERIODIC_JOBS.items():
            queued_by[name] += await job(session_factory, clock, frozenset(Platform))
        clock.now += timedelta(hours=5)
    assert queued_by["weekly-summaries"] == 2  # Saturday: one for each of her two children
