"""Cancellations, substitutions, room changes and moves: the deputy's job (001 §4.6, 004 §7)."""

from datetime import date, datetime
from typing import Any

from sqlalchemy import exists, or_, select

from db.enums import LessonStatus
from db.models import Attendance, Holiday, Lesson, Mark, Person, SchoolClass, StaffPosition
from services import events
from services.context import Ctx
from services.errors import AccessDenied, RuleViolation
from services.lessons.timing import class_of, slot_interval
from services.people.access import lesson_in_school, require_open_year
from services.people.actor import Actor, Role
from services.plain_text import shown_text

NOTE_LIMIT = 200
ROOM_LIMIT = 20


def _note(note: str) -> str:
    return shown_text(note).strip()


def _require_scheduler(actor: Actor) -> None:
    if not actor.has(Role.DEPUTY, Role.ADMIN):
        raise AccessDenied(
            "Изменения в расписание вносят заместитель директора или администратор журнала."
        )


async def _lesson_to_change(ctx: Ctx, actor: Actor, lesson_id: int, note: str) -> Lesson:
    _require_scheduler(actor)
    lesson = await lesson_in_school(ctx, actor, lesson_id)
    await require_open_year(ctx, lesson.class_id)
    if lesson.status == LessonStatus.CANCELLED:
        raise RuleViolation("Урок уже отменён.")
    if len(_note(note)) > NOTE_LIMIT:
        raise RuleViolation(f"Пояснение к изменению — не длиннее {NOTE_LIMIT} символов.")
    return lesson


async def _has_records(ctx: Ctx, lesson: Lesson) -> bool:
    marks = exists().where(Mark.lesson_id == lesson.id, Mark.is_deleted.is_(False))
    attendance = exists().where(Attendance.lesson_id == lesson.id)
    return bool(await ctx.session.scalar(select(or_(marks, attendance))))


async def _interval(ctx: Ctx, lesson: Lesson, on: date, number: int) -> tuple[datetime, datetime]:
    interval = await slot_interval(ctx, await class_of(ctx, lesson), on, number)
    if interval is None:
        raise RuleViolation(f"В расписании звонков нет {number}-го урока для смены этого класса.")
    return interval


async def _clashes(ctx: Ctx, lesson: Lesson, on: date, number: int, *, who: Any) -> list[Lesson]:
    """Other lessons matching `who` whose time overlaps lesson `number` of the class on `on`."""
    start, end = await _interval(ctx, lesson, on, number)
    candidates = await ctx.session.scalars(
        select(Lesson).where(
            Lesson.date == on, Lesson.id != lesson.id, Lesson.status != LessonStatus.CANCELLED, who
        )
    )
    found = []
    for other in candidates.all():
        other_slot = await slot_interval(ctx, await class_of(ctx, other), on, other.number)
        overlaps = (
            other.number == number
            if other_slot is None
            else other_slot[0] < end and start < other_slot[1]
        )
        if overlaps:
            found.append(other)
    return found


def _teaches(teacher_id: int) -> Any:
    return or_(
        Lesson.substitute_teacher_id == teacher_id,
        (Lesson.teacher_id == teacher_id) & Lesson.substitute_teacher_id.is_(None),
    )


async def _require_teacher_free(
    ctx: Ctx, lesson: Lesson, teacher_id: int, on: date, number: int
) -> None:
    if await _clashes(ctx, lesson, on, number, who=_teaches(teacher_id)):
        teacher = await ctx.session.get(Person, teacher_id)
        name = teacher.short_name if teacher else "учитель"
        raise RuleViolation(f"{name} в это время ведёт другой урок.")


async def _require_room_free(ctx: Ctx, lesson: Lesson, room: str, on: date, number: int) -> None:
    if room and await _clashes(ctx, lesson, on, number, who=Lesson.room == room):
        raise RuleViolation(f"Кабинет {room} в это время занят другим уроком.")


async def _require_class_free(ctx: Ctx, lesson: Lesson, on: date, number: int) -> None:
    for other in await _clashes(ctx, lesson, on, number, who=Lesson.class_id == lesson.class_id):
        # Two groups of one class may have their lessons at the same time.
        parallel_groups = (
            lesson.subgroup_id is not None
            and other.subgroup_id is not None
            and other.subgroup_id != lesson.subgroup_id
        )
        if not parallel_groups:
            raise RuleViolation("У класса в это время уже есть другой урок.")


def _emit(ctx: Ctx, actor: Actor, lesson: Lesson, change: str, **extra: Any) -> None:
    payload = {
        "lesson_id": lesson.id,
        "change": change,
        "class_id": lesson.class_id,
        "subgroup_id": lesson.subgroup_id,
        "subject_id": lesson.subject_id,
        "date": lesson.date.isoformat(),
        "number": lesson.number,
        "note": lesson.change_note,
        "changed_by": actor.person_id,
    }
    events.emit(ctx, actor.school_id, events.LESSON_CHANGED, payload | extra)
    # A substitution gives the substitute the right to write into the lesson: who changed
    # the timetable, and how, is kept with the other changes of access.
    details: dict[str, Any] = {
        k: v
        for k, v in (payload | extra).items()
        if k not in ("changed_by", "note", "told_in_summary")
    }
    events.audit(ctx, actor, f"lesson.{change}", **details)


async def cancel_lesson(ctx: Ctx, actor: Actor, lesson_id: int, note: str = "") -> None:
    lesson = await _lesson_to_change(ctx, actor, lesson_id, note)
    if await _has_records(ctx, lesson):
        raise RuleViolation("На уроке уже есть отметки или посещаемость: отменить его нельзя.")
    lesson.status, lesson.change_note = LessonStatus.CANCELLED, _note(note)
    _emit(ctx, actor, lesson, "cancelled")


async def restore_lesson(ctx: Ctx, actor: Actor, lesson_id: int) -> None:
    """Undoes a cancellation: the lesson takes place after all, if its time, teacher and
    room are still free (something may have been moved into them meanwhile)."""
    _require_scheduler(actor)
    lesson = await lesson_in_school(ctx, actor, lesson_id)
    if lesson.status != LessonStatus.CANCELLED:
        raise RuleViolation("Урок не отменён.")
    await _require_class_free(ctx, lesson, lesson.date, lesson.number)
    await _require_teacher_free(ctx, lesson, lesson.acting_teacher_id, lesson.date, lesson.number)
    await _require_room_free(ctx, lesson, lesson.room, lesson.date, lesson.number)
    lesson.status, lesson.change_note = LessonStatus.PLANNED, ""
    _emit(ctx, actor, lesson, "restored")


async def substitute_teacher(
    ctx: Ctx,
    actor: Actor,
    lesson_id: int,
    teacher_id: int,
    note: str = "",
    *,
    told_in_summary: bool = False,
) -> None:
    """Hands the lesson to another teacher; naming the lesson's own teacher ends a substitution.
    The substitutes hear of it through the outbox, unless the caller tells them in one summary
    (told_in_summary: a substitution for several days)."""
    lesson = await _lesson_to_change(ctx, actor, lesson_id, note)
    if teacher_id == lesson.acting_teacher_id:
        raise RuleViolation("Этот учитель уже ведёт этот урок.")
    teacher = await ctx.session.get(Person, teacher_id)
    is_staff = await ctx.session.scalar(
        select(exists().where(StaffPosition.person_id == teacher_id))
    )
    if (
        teacher is None
        or teacher.school_id != actor.school_id
        or not teacher.is_active
        or not is_staff
    ):
        raise RuleViolation("Замещать может только работающий учитель этой школы.")
    await _require_teacher_free(ctx, lesson, teacher_id, lesson.date, lesson.number)
    previous = lesson.substitute_teacher_id
    lesson.substitute_teacher_id = None if teacher_id == lesson.teacher_id else teacher_id
    lesson.change_note = _note(note)
    _emit(
        ctx,
        actor,
        lesson,
        "substituted",
        teacher_id=lesson.teacher_id,
        substitute_teacher_id=lesson.substitute_teacher_id,
        previous_substitute_id=previous,
        told_in_summary=told_in_summary,
    )


async def change_room(ctx: Ctx, actor: Actor, lesson_id: int, room: str, note: str = "") -> None:
    lesson = await _lesson_to_change(ctx, actor, lesson_id, note)
    room = shown_text(room).strip()
    if not room or len(room) > ROOM_LIMIT:
        raise RuleViolation(f"Укажите кабинет (не длиннее {ROOM_LIMIT} символов).")
    if room == lesson.room:
        raise RuleViolation(f"Урок и так проходит в кабинете {room}.")
    await _require_room_free(ctx, lesson, room, lesson.date, lesson.number)
    previous = lesson.room
    if lesson.original_room is None:
        lesson.original_room = previous
    elif lesson.original_room == room:
        lesson.original_room = None
    lesson.room, lesson.change_note = room, _note(note)
    _emit(ctx, actor, lesson, "room", room=room, previous_room=previous)


async def move_lesson(
    ctx: Ctx, actor: Actor, lesson_id: int, new_date: date, new_number: int, note: str = ""
) -> None:
    lesson = await _lesson_to_change(ctx, actor, lesson_id, note)
    if (new_date, new_number) == (lesson.date, lesson.number):
        raise RuleViolation("Урок и так стоит в это время.")
    if await _has_records(ctx, lesson):
        raise RuleViolation("На уроке уже есть отметки или посещаемость: перенести его нельзя.")
    start, _end = await _interval(ctx, lesson, new_date, new_number)
    if start <= ctx.now:
        raise RuleViolation("Перенести урок можно только на время, которое ещё не наступило.")
    school_class = await ctx.session.get(SchoolClass, lesson.class_id)
    assert school_class is not None
    holidays = await ctx.session.scalars(
        select(Holiday).where(
            Holiday.year_id == school_class.year_id,
            Holiday.starts_on <= new_date,
            Holiday.ends_on >= new_date,
        )
    )
    if any(h.covers(new_date, school_class.grade) for h in holidays):
        raise RuleViolation("В этот день каникулы.")
    await _require_class_free(ctx, lesson, new_date, new_number)
    await _require_teacher_free(ctx, lesson, lesson.acting_teacher_id, new_date, new_number)
    await _require_room_free(ctx, lesson, lesson.room, new_date, new_number)
    from_date, from_number = lesson.date, lesson.number
    if lesson.moved_from_date is None:
        lesson.moved_from_date, lesson.moved_from_number = from_date, from_number
    elif (lesson.moved_from_date, lesson.moved_from_number) == (new_date, new_number):
        lesson.moved_from_date, lesson.moved_from_number = None, None
    lesson.date, lesson.number, lesson.change_note = new_date, new_number, _note(note)
    _emit(
        ctx,
        actor,
        lesson,
        "moved",
        from_date=from_date.isoformat(),
        from_number=from_number,
    )
