"""The class teacher's weekly attendance check (001 §4.3.11): once the class's last lesson of the
week is over (Friday, or Saturday for a six-day week), its class teacher gets the week's absences
and lateness per pupil with the reasons guardians gave, the unexcused ones flagged, and a button
to the week's screen where they are corrected. A week without absences gets one short line, so
the teacher knows the check was made.
"""

from collections import defaultdict
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from db.enums import AttendanceStatus, LessonStatus, Platform
from db.models import BellSlot, Lesson, School, SchoolClass
from keyboards.actions.staff import ClassWeekOpen
from keyboards.menus import button
from keyboards.model import Keyboard
from notifications.delivery.enqueue import unsent
from notifications.jobs.school_jobs import for_each_school, queue_for_morning_if_quiet
from notifications.rules.audience import DELIVERABLE, accounts_of
from services.attendance.absence_reasons import absence_reasons_for_class
from services.class_teacher.overview import class_week_attendance
from services.context import Clock, Ctx, system_clock
from services.errors import JournalError
from services.people.actor import load_actor
from services.staff_views import AttendanceEntry, WeekAttendance
from texts import notification_phrases
from texts.formatting import day_span, plural
from texts.phrases import ATTENDANCE_STATUS
from texts.staff_phrases import PUPILS_GENITIVE

SUMMARY_AFTER = timedelta(minutes=30)  # the last lesson's roll call has settled
NO_BELL_END = time(18, 0)  # a lesson whose number has no bell slot
OPEN_WEEK = "Открыть посещаемость недели"
LESSONS = ("урок", "урока", "уроков")


def _entry(e: AttendanceEntry, answers: list[str]) -> str:
    status = ATTENDANCE_STATUS.get(e.status.value, e.status.value)
    line = f"  {notification_phrases.day(e.date)}, {e.number}-й урок, {e.subject}: {status}"
    if e.reason:
        line += f" ({e.reason})"
    if e.status == AttendanceStatus.ABSENT:
        line += " ❗ без уважительной причины"
    return "; ".join([line, *answers])


def summary_text(week: WeekAttendance, answers: dict[tuple[int, int], list[str]]) -> str:
    span = day_span(week.week_start, week.week_end)
    if not week.pupils:
        lines = [f"Посещаемость {week.class_title} за {span}: всё без пропусков и опозданий."]
    else:
        lines = [
            f"Посещаемость {week.class_title} за {span}: проверьте пропуски и при "
            "необходимости исправьте их вместе с учителями-предметниками."
        ]
    unexcused: set[int] = set()
    count = 0
    for pupil in week.pupils:
        lines += ["", pupil.full_name]
        for e in pupil.entries:
            lines.append(_entry(e, answers.get((e.lesson_id, pupil.pupil_id), [])))
            if e.status == AttendanceStatus.ABSENT:
                unexcused.add(pupil.pupil_id)
                count += 1
    if count:
        pupils = plural(len(unexcused), PUPILS_GENITIVE)
        lines += [
            "",
            f"Без уважительной причины: {count} {plural(count, LESSONS)} "
            f"у {len(unexcused)} {pupils}.",
        ]
    if week.missing_roll_calls:
        lines += ["", "Перекличка не проведена:"]
        for m in week.missing_roll_calls:
            lines.append(
                f"  {notification_phrases.day(m.date)}, {m.number}-й урок, "
                f"{m.subject} — {m.teacher}"
            )
    return "\n".join(lines)


async def _summary(ctx: Ctx, teacher_id: int, cls: SchoolClass, monday: date) -> str | None:
    try:
        teacher = await load_actor(ctx, teacher_id)
        week = await class_week_attendance(ctx, teacher, cls.id, monday)
        reported = await absence_reasons_for_class(ctx, teacher, cls.id, monday)
    except JournalError:
        return None  # no longer this class's teacher, or switched off
    answers: dict[tuple[int, int], list[str]] = defaultdict(list)
    for r in reported:
        if r.lesson_date <= week.week_end:
            answers[(r.lesson_id, r.pupil_id)].append(f"родитель: «{r.reason}» ({r.reported_by})")
    return summary_text(week, answers)


async def _classes_done(
    session: AsyncSession, school: School, local: datetime
) -> list[SchoolClass]:
    """The school's classes whose last lesson of this week ended SUMMARY_AFTER ago or more."""
    zone = ZoneInfo(school.timezone)
    monday = local.date() - timedelta(days=local.weekday())
    days = await session.execute(
        select(Lesson.class_id, Lesson.date, func.max(Lesson.number))
        .join(SchoolClass, SchoolClass.id == Lesson.class_id)
        .where(
            SchoolClass.school_id == school.id,
            SchoolClass.class_teacher_id.is_not(None),
            Lesson.date.between(monday, monday + timedelta(days=6)),
            Lesson.status != LessonStatus.CANCELLED,
        )
        .group_by(Lesson.class_id, Lesson.date)
    )
    last: dict[int, tuple[date, int]] = {}
    for class_id, day, number in days:
        last[class_id] = max(last.get(class_id, (day, number)), (day, number))
    if not last:
        return []
    bells = await session.execute(
        select(BellSlot.shift, BellSlot.number, BellSlot.ends_at).where(
            BellSlot.school_id == school.id
        )
    )
    ends = {(shift, number): at for shift, number, at in bells}
    classes = await session.scalars(
        select(SchoolClass).where(SchoolClass.id.in_(list(last))).order_by(SchoolClass.id)
    )
    done = []
    for cls in classes:
        day, number = last[cls.id]
        over = datetime.combine(day, ends.get((cls.shift, number), NO_BELL_END), zone)
        if over + SUMMARY_AFTER <= local:
            done.append(cls)
    return done


async def class_attendance_summaries(
    session_factory: async_sessionmaker[AsyncSession],
    clock: Clock = system_clock,
    platforms: frozenset[Platform] = DELIVERABLE,
) -> int:
    """Queues the week's summary for every class whose week is over; returns how many."""

    async def school_summaries(ctx: Ctx, school: School, local: datetime) -> int:
        queued = 0
        monday = local.date() - timedelta(days=local.weekday())
        classes = await _classes_done(ctx.session, school, local)
        accounts = await accounts_of(
            ctx.session, (c.class_teacher_id for c in classes if c.class_teacher_id), platforms
        )
        for cls in classes:
            teacher_id = cls.class_teacher_id or 0
            source = f"cw{cls.id}:{monday.isoformat()}"
            recipients = await unsent(ctx.session, source, accounts.get(teacher_id, []))
            text = await _summary(ctx, teacher_id, cls, monday) if recipients else None
            if text is None:
                continue
            keyboard = Keyboard.of([button(OPEN_WEEK, ClassWeekOpen(class_id=cls.id, day=monday))])
            queued += await queue_for_morning_if_quiet(
                ctx,
                recipients,
                source,
                kind="class_week",
                text=text,
                keyboard=keyboard,
                ref_id=cls.id,
                zone=ZoneInfo(school.timezone),
            )
        return queued

    return await for_each_school(session_factory, clock, school_summaries)
