"""The weekly summary per child, on Saturday after lessons: the week's marks by subject with the
period's averages, absences and lateness of the week, and how much homework is due next week.
Read through the services as the guardian, so it shows only what they may see.
"""

import asyncio
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from db.enums import LessonStatus, Platform
from db.models import Enrollment, Person, School, SchoolClass
from notifications.delivery.enqueue import enqueue, unsent
from notifications.jobs.school_jobs import for_each_school
from notifications.rules.audience import DELIVERABLE, family_recipients
from notifications.rules.notice import DIGEST, Notice
from notifications.rules.prefs import load_prefs
from services.attendance.reading import pupil_attendance
from services.context import Clock, Ctx, system_clock
from services.errors import JournalError, NotFound
from services.lessons.homework_reading import homework_for
from services.marks.reading import period_marks
from services.people.actor import Actor, load_actor
from services.schedule.periods import school_calendar
from services.schedule.reading import pupil_schedule
from services.views import AttendanceView, MarkView, PeriodMarks
from texts import notification_phrases, summaries
from texts.summaries import SubjectWeek

SUMMARY_WEEKDAY = 5  # Saturday
SUMMARY_FROM = time(14, 0)
SUMMARY_UNTIL = time(18, 0)
KIND = "weekly_summary"
WEEK_ABSENCES = frozenset(summaries.WEEK_ATTENDANCE)


@dataclass(frozen=True)
class _Week:
    current: PeriodMarks  # the period the week ends in, for the averages
    marks: list[MarkView]
    subjects: dict[int, str]  # every subject studied, the current period's first
    absences: list[AttendanceView]


async def _week(ctx: Ctx, actor: Actor, pupil_id: int, monday: date, today: date) -> _Week:
    current = await period_marks(ctx, actor, pupil_id)
    calendar = await school_calendar(ctx, actor.school_id)
    # A week may straddle two periods: its first days then belong to the earlier one.
    days = [monday + timedelta(days=n) for n in range(today.weekday() + 1)]
    marks = [m for s in current.subjects for m in s.marks]
    subjects = {s.subject_id: s.subject for s in current.subjects}
    absences: list[AttendanceView] = []
    for period_id in sorted({calendar.current(d).id for d in days}):
        try:
            if period_id != current.period.id:
                earlier = await period_marks(ctx, actor, pupil_id, period_id)
                marks += [m for s in earlier.subjects for m in s.marks]
                subjects |= {s.subject_id: s.subject for s in earlier.subjects}
            absences += await pupil_attendance(ctx, actor, pupil_id, period_id)
        except NotFound:
            continue  # a period of another school year (the week of 1 September)
    return _Week(
        current,
        sorted(
            (m for m in marks if monday <= m.lesson_date <= today),
            key=lambda m: (m.lesson_date, m.id),
        ),
        subjects,
        sorted(
            (a for a in absences if monday <= a.lesson_date <= today and a.status in WEEK_ABSENCES),
            key=lambda a: (a.lesson_date, a.lesson_number, a.lesson_id),
        ),
    )


async def _had_lessons(ctx: Ctx, actor: Actor, pupil_id: int, monday: date, today: date) -> bool:
    days = await pupil_schedule(ctx, actor, pupil_id, monday, today)
    return any(lesson.status != LessonStatus.CANCELLED for d in days for lesson in d.lessons)


async def summary_text(ctx: Ctx, actor: Actor, pupil_id: int, today: date) -> str | None:
    """This week's summary of the pupil as the actor sees it; None for a week without lessons
    and with nothing to tell."""
    monday = today - timedelta(days=today.weekday())
    week = await _week(ctx, actor, pupil_id, monday, today)
    subjects: list[SubjectWeek] | None = None
    homework: int | None = None
    if week.current.subjects:  # a grade without marks has no homework either
        averages = {s.subject_id: s.forecast.average for s in week.current.subjects}
        subjects = []
        for subject_id, name in week.subjects.items():
            marks = tuple(m for m in week.marks if m.subject_id == subject_id)
            if marks or averages.get(subject_id) is not None:
                subjects.append(SubjectWeek(name, marks, averages.get(subject_id)))
        next_monday = monday + timedelta(days=7)
        due = await homework_for(ctx, actor, pupil_id, next_monday, next_monday + timedelta(days=6))
        homework = len(due)
    if not (week.marks or week.absences or homework) and not await _had_lessons(
        ctx, actor, pupil_id, monday, today
    ):
        return None
    pupil = week.current.pupil
    return summaries.weekly_summary(
        notification_phrases.who(pupil.first_name, pupil.class_title),
        monday,
        today,
        week.current.period.name,
        subjects,
        week.absences,
        homework,
    )


async def _pupils(session: AsyncSession, school_id: int) -> list[int]:
    rows = await session.scalars(
        select(Enrollment.pupil_id)
        .join(SchoolClass, SchoolClass.id == Enrollment.class_id)
        .join(Person, Person.id == Enrollment.pupil_id)
        .where(
            SchoolClass.school_id == school_id,
            Enrollment.is_active.is_(True),
            Person.is_active.is_(True),
        )
        .order_by(Enrollment.pupil_id)
    )
    return list(rows.all())


async def _school_summaries(
    ctx: Ctx, school: School, today: date, platforms: frozenset[Platform]
) -> int:
    monday = today - timedelta(days=today.weekday())
    pairs = await family_recipients(
        ctx.session, await _pupils(ctx.session, school.id), platforms=platforms
    )
    prefs = await load_prefs(
        ctx.session, (r.account_id for r, _ in pairs), school.poor_mark_threshold
    )
    made: dict[tuple[int, int], str | None] = {}
    notices: list[tuple[str, Notice]] = []
    for recipient, pupil_id in pairs:
        wanted = prefs.get(recipient.account_id, pupil_id)
        source = f"ws:p{pupil_id}:{monday.isoformat()}"
        if not wanted.weekly_summary or not await unsent(ctx.session, source, [recipient]):
            continue
        key = (recipient.person_id, pupil_id)
        if key not in made:
            await asyncio.sleep(0)  # SQLite reads run on the loop's thread: let the chats in
            try:
                actor = await load_actor(ctx, recipient.person_id)
                made[key] = await summary_text(ctx, actor, pupil_id, today)
            except JournalError:
                made[key] = None  # no longer this person's child, or the account is off
        text = made[key]
        if text is None:
            continue
        notice = Notice(
            recipient=recipient,
            kind=KIND,
            text=text,
            priority=DIGEST,
            quiet=wanted.quiet,
            ref_id=pupil_id,
        )
        notices.append((source, notice))
    # Written together after all the reading, so SQLite's write lock is held briefly.
    queued = 0
    for source, notice in notices:
        queued += await enqueue(
            ctx.session, [notice], source=source, now=ctx.now, zone=ZoneInfo(school.timezone)
        )
    return queued


async def weekly_summaries(
    session_factory: async_sessionmaker[AsyncSession],
    clock: Clock = system_clock,
    platforms: frozenset[Platform] = DELIVERABLE,
) -> int:
    """Queues this week's summaries for every school where it is Saturday afternoon now;
    returns how many messages were queued."""

    async def school_summaries(ctx: Ctx, school: School, local: datetime) -> int:
        if local.weekday() != SUMMARY_WEEKDAY or not SUMMARY_FROM <= local.time() < SUMMARY_UNTIL:
            return 0
        return await _school_summaries(ctx, school, local.date(), platforms)

    return await for_each_school(session_factory, clock, school_summaries)
