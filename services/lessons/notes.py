"""The lesson's topic and homework, entered daily by the teacher (001 §4.4.6, §4.4.10)."""

from collections.abc import Sequence
from datetime import date, timedelta

from sqlalchemy import select

from db.enums import LessonStatus
from db.models import Holiday, Homework, HomeworkTarget, Lesson, TeachingAssignment, TimetableEntry
from services import events
from services.context import Ctx
from services.errors import NotFound, RuleViolation
from services.lessons.homework_files import NewFile, store_files
from services.lessons.timing import class_of
from services.lessons.write_rules import (
    TEXT_LIMIT,
    require_marked_grade,
    require_not_cancelled,
    required_text,
)
from services.people.access import lesson_for_writing, pupils_of_lesson
from services.people.actor import Actor
from services.schedule.periods import school_today

# Homework may be entered late for a lesson of the past week, or ahead for a future lesson.
HOMEWORK_LATE_DAYS = 7
# How far to look for the next school day when the timetable has no next lesson.
SCHOOL_DAY_SEARCH_DAYS = 60
FIVE_DAY_WEEK = frozenset(range(5))


async def set_topic(ctx: Ctx, actor: Actor, lesson_id: int, topic: str) -> None:
    lesson = await lesson_for_writing(ctx, actor, lesson_id)
    require_not_cancelled(lesson)
    lesson.topic = required_text(topic, TEXT_LIMIT, "Тема урока")
    if lesson.topic_set_at is None:
        lesson.topic_set_at = ctx.now
    events.audit(ctx, actor, "topic.set", lesson_id=lesson.id)
    events.emit(
        ctx,
        actor.school_id,
        events.TOPIC_SET,
        {
            "lesson_id": lesson.id,
            "class_id": lesson.class_id,
            "subgroup_id": lesson.subgroup_id,
            "subject_id": lesson.subject_id,
            "date": lesson.date.isoformat(),
            "author_id": actor.person_id,
        },
    )


async def _next_lesson_date(ctx: Ctx, lesson: Lesson) -> date | None:
    return await ctx.session.scalar(
        select(Lesson.date)
        .where(
            Lesson.class_id == lesson.class_id,
            Lesson.subject_id == lesson.subject_id,
            Lesson.subgroup_id.is_(None)
            if lesson.subgroup_id is None
            else Lesson.subgroup_id == lesson.subgroup_id,
            Lesson.date > lesson.date,
            Lesson.status != LessonStatus.CANCELLED,
        )
        .order_by(Lesson.date)
        .limit(1)
    )


async def _next_school_day(ctx: Ctx, lesson: Lesson) -> date:
    """The next day the class has lessons in its weekly timetable and is not on holiday."""
    school_class = await class_of(ctx, lesson)
    weekdays = (
        frozenset(
            (
                await ctx.session.scalars(
                    select(TimetableEntry.weekday)
                    .join(TeachingAssignment, TeachingAssignment.id == TimetableEntry.assignment_id)
                    .where(TeachingAssignment.class_id == school_class.id)
                    .distinct()
                )
            ).all()
        )
        or FIVE_DAY_WEEK
    )
    holidays = (
        await ctx.session.scalars(
            select(Holiday).where(
                Holiday.year_id == school_class.year_id, Holiday.ends_on > lesson.date
            )
        )
    ).all()
    for offset in range(1, SCHOOL_DAY_SEARCH_DAYS + 1):
        day = lesson.date + timedelta(days=offset)
        if day.weekday() in weekdays and not any(
            h.covers(day, school_class.grade) for h in holidays
        ):
            return day
    return lesson.date + timedelta(days=1)


async def _lesson_for_homework(ctx: Ctx, actor: Actor, lesson_id: int) -> Lesson:
    lesson = await lesson_for_writing(ctx, actor, lesson_id)
    require_not_cancelled(lesson)
    await require_marked_grade(ctx, lesson, "домашние задания не задаются")
    today = await school_today(ctx, actor.school_id)
    if lesson.date < today - timedelta(days=HOMEWORK_LATE_DAYS):
        raise RuleViolation(
            f"Домашнее задание вносится за урок не старше {HOMEWORK_LATE_DAYS} дней."
        )
    return lesson


async def set_homework(
    ctx: Ctx,
    actor: Actor,
    lesson_id: int,
    text: str,
    *,
    pupil_ids: Sequence[int] | None = None,
    due_date: date | None = None,
    files: Sequence[NewFile] = (),
) -> int:
    """General homework, or individual for `pupil_ids`, with `files` if any; returns the
    homework's id."""
    lesson = await _lesson_for_homework(ctx, actor, lesson_id)
    body = required_text(text, TEXT_LIMIT, "Домашнее задание")
    targets: list[int] = []
    if pupil_ids is not None:
        targets = list(dict.fromkeys(pupil_ids))
        if not targets:
            raise RuleViolation("Индивидуальное задание: выберите хотя бы одного ученика.")
        if set(targets) - {p.id for p in await pupils_of_lesson(ctx, lesson)}:
            raise RuleViolation("Индивидуальное задание — только ученикам этого урока.")
    if due_date is None:
        due_date = await _next_lesson_date(ctx, lesson) or await _next_school_day(ctx, lesson)
    elif due_date <= lesson.date:
        raise RuleViolation("Срок выполнения задания — после дня урока.")
    homework = Homework(
        lesson_id=lesson.id,
        class_id=lesson.class_id,
        subject_id=lesson.subject_id,
        subgroup_id=lesson.subgroup_id,
        due_date=due_date,
        text=body,
        is_individual=bool(targets),
        author_id=actor.person_id,
        created_at=ctx.now,
    )
    ctx.session.add(homework)
    await ctx.session.flush()
    if files:
        await store_files(ctx, actor, homework, files)
    for pupil_id in targets:
        ctx.session.add(HomeworkTarget(homework_id=homework.id, pupil_id=pupil_id))
        events.audit(ctx, actor, "homework.individual", pupil_id, homework_id=homework.id)
    events.emit(
        ctx,
        actor.school_id,
        events.HOMEWORK_SET,
        {
            "homework_id": homework.id,
            "lesson_id": lesson.id,
            "class_id": lesson.class_id,
            "subgroup_id": lesson.subgroup_id,
            "subject_id": lesson.subject_id,
            "due_date": due_date.isoformat(),
            "is_individual": bool(targets),
            "pupil_ids": targets,
            "files": len(files),
            "author_id": actor.person_id,
        },
    )
    if not targets:  # an individual one is audited per pupil above
        events.audit(ctx, actor, "homework.set", homework_id=homework.id, lesson_id=lesson.id)
    return homework.id


async def attach_files(
    ctx: Ctx, actor: Actor, homework_id: int, files: Sequence[NewFile]
) -> list[str]:
    """More files for homework already set (an album comes one photo a message), under the
    same rules as setting it; returns the stored names."""
    homework = await ctx.session.get(Homework, homework_id)
    if homework is None:
        raise NotFound("Задание не найдено: запишите его заново.")
    await _lesson_for_homework(ctx, actor, homework.lesson_id)
    if not files:
        raise RuleViolation("Пришлите фото или документ.")
    return [stored.filename for stored in await store_files(ctx, actor, homework, files)]
