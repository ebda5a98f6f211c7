"""Reminders to teachers (004 row 8, 001 §4.4.6): a roll call not taken 10 minutes into the
lesson, and today's topics or homework still empty after 15:00 (first shift) or 20:00 (second);
the minutes and the hours are the school's settings (services.settings.school_rules).
"""

from collections import defaultdict
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import exists, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from db.enums import LessonStatus, Platform
from db.models import BellSlot, Homework, Lesson, School, SchoolClass, Subject
from notifications.delivery.enqueue import enqueue
from notifications.jobs.school_jobs import for_each_school
from notifications.rules.audience import DELIVERABLE, accounts_of
from notifications.rules.notice import PERSONAL, Notice
from services.context import Clock, Ctx, system_clock
from services.settings.school_rules import rules_of

ROLL_CALL_UNTIL = timedelta(minutes=45)  # once the lesson is over, the teacher hears of it later
# Re-checked every few minutes within this window; each reminder goes out at most once.
NOTES_WINDOW = timedelta(hours=2)
Due = dict[str, tuple[int, str]]


def _title(cls: SchoolClass, lesson: Lesson, subject: str) -> str:
    return f"{cls.title}, {lesson.number}-й урок ({subject})"


async def _todays_lessons(
    session: AsyncSession, school: School, today: date
) -> list[tuple[Lesson, SchoolClass, str, time]]:
    rows = await session.execute(
        select(Lesson, SchoolClass, Subject.name, BellSlot.starts_at)
        .join(SchoolClass, SchoolClass.id == Lesson.class_id)
        .join(Subject, Subject.id == Lesson.subject_id)
        .join(
            BellSlot,
            (BellSlot.school_id == SchoolClass.school_id)
            & (BellSlot.shift == SchoolClass.shift)
            & (BellSlot.number == Lesson.number),
        )
        .where(
            SchoolClass.school_id == school.id,
            Lesson.date == today,
            Lesson.status != LessonStatus.CANCELLED,
        )
        .order_by(Lesson.number, Lesson.id)
    )
    return list(rows.all())


async def _school_reminders(session: AsyncSession, school: School, now: datetime) -> Due:
    """(teacher, text) per dedup source: one per missing roll call, one per teacher's day notes."""
    zone = ZoneInfo(school.timezone)
    local = now.astimezone(zone)
    found: Due = {}
    notes: dict[int, list[str]] = defaultdict(list)
    rules = rules_of(school)
    roll_call_after = timedelta(minutes=rules.roll_call_minutes)
    unmarked = rules.unmarked_grades
    for lesson, cls, subject, starts in await _todays_lessons(session, school, local.date()):
        started = datetime.combine(lesson.date, starts, zone)
        teacher = lesson.acting_teacher_id
        if not lesson.roll_call_done and (
            started + roll_call_after <= local < started + ROLL_CALL_UNTIL
        ):
            found[f"rc{lesson.id}"] = (
                teacher,
                f"Не отмечена посещаемость: {_title(cls, lesson, subject)}, "
                f"урок начался в {starts:%H:%M}.",
            )
        deadline = datetime.combine(local.date(), rules.notes_deadline(cls.shift), zone)
        if not deadline <= local < deadline + NOTES_WINDOW or local < started:
            continue
        missing = [] if lesson.topic.strip() else ["тема"]
        has_homework = await session.scalar(select(exists().where(Homework.lesson_id == lesson.id)))
        if not has_homework and cls.grade not in unmarked:
            missing.append("домашнее задание")
        if missing:
            notes[teacher].append(f"• {_title(cls, lesson, subject)}: {', '.join(missing)}")
    for teacher, lines in notes.items():
        text = "Не заполнено в журнале за сегодня:\n" + "\n".join(lines)
        found[f"notes{teacher}:{local.date().isoformat()}"] = (teacher, text)
    return found


async def teacher_reminders(
    session_factory: async_sessionmaker[AsyncSession],
    clock: Clock = system_clock,
    platforms: frozenset[Platform] = DELIVERABLE,
) -> int:
    """Queues every reminder due now (each at most once); returns how many were queued."""

    async def school_reminders(ctx: Ctx, school: School, local: datetime) -> int:
        due = await _school_reminders(ctx.session, school, ctx.now)
        accounts = await accounts_of(ctx.session, {t for t, _ in due.values()}, platforms)
        queued = 0
        for source, (teacher, text) in due.items():
            notices = [
                Notice(recipient=acc, kind="reminder", text=text, priority=PERSONAL)
                for acc in accounts.get(teacher, [])
            ]
            zone = ZoneInfo(school.timezone)
            queued += await enqueue(
                ctx.session, notices, source=f"r:{source}", now=ctx.now, zone=zone
            )
        return queued

    return await for_each_school(session_factory, clock, school_reminders)
