"""The roll call of a lesson (004 row 8) and the class teacher's weekly corrections (001 §4.3.5)."""

from collections.abc import Mapping
from datetime import timedelta

from sqlalchemy import select

from db.enums import AttendanceStatus, ChangeAction
from db.models import Attendance, AttendanceChange, Lesson, Mark, Subgroup, Subject, WorkType
from services import events
from services.context import Ctx
from services.errors import AccessDenied, RuleViolation
from services.lessons.timing import class_of, lesson_starts_at
from services.lessons.write_rules import (
    REASON_LIMIT,
    is_unmarked_grade,
    mark_held,
    require_not_cancelled,
    require_started,
)
from services.marks.marking import encode_mark
from services.people.access import lesson_for_writing, lesson_in_school, pupils_of_lesson
from services.people.actor import Actor
from services.plain_text import shown_text
from services.schedule.periods import school_today
from services.serial import lock_row
from services.write_views import LessonBrief, RollCallResult, Roster, RosterPupil

# The class teacher checks the attendance weekly; two weeks leave room for a missed check.
CLASS_TEACHER_CORRECTION_DAYS = 14


def encode_attendance(status: AttendanceStatus, reason: str) -> str:
    return f"{status.value}: {reason}" if reason else status.value


def _status(value: str) -> AttendanceStatus:
    try:
        return AttendanceStatus(value)
    except ValueError:
        raise RuleViolation(f"Неизвестная отметка посещаемости: «{value}».") from None


def _reason(reason: str | None) -> str:
    cleaned = shown_text(reason).strip()
    if len(cleaned) > REASON_LIMIT:
        raise RuleViolation(f"Причина — не длиннее {REASON_LIMIT} символов.")
    return cleaned


async def _one_roll_call_at_a_time(ctx: Ctx, lesson: Lesson) -> None:
    """A roll call saved twice at once (two chats, two workers) is saved one after the other:
    the second sees the first's records and changes them, with a true history."""
    await lock_row(ctx, Lesson, lesson.id)


async def _records(ctx: Ctx, lesson: Lesson) -> dict[int, Attendance]:
    rows = await ctx.session.scalars(
        select(Attendance)
        .where(Attendance.lesson_id == lesson.id)
        .execution_options(populate_existing=True)
    )
    return {a.pupil_id: a for a in rows.all()}


async def _apply(
    ctx: Ctx,
    actor: Actor,
    lesson: Lesson,
    pupil_id: int,
    record: Attendance | None,
    status: AttendanceStatus,
    reason: str,
) -> bool:
    """Writes one pupil's status with its history; True if the status itself changed.

    A pupil with no row is present: rows exist only for pupils ever marked otherwise.
    """
    old_status = record.status if record else AttendanceStatus.PRESENT
    old_reason = record.reason if record else ""
    if (status, reason) == (old_status, old_reason):
        return False
    if record is None:
        record = Attendance(
            lesson_id=lesson.id,
            pupil_id=pupil_id,
            lesson_date=lesson.date,
            status=status,
            reason=reason,
            author_id=actor.person_id,
            updated_at=ctx.now,
        )
        ctx.session.add(record)
        await ctx.session.flush()
        action, old = ChangeAction.CREATED, None
    else:
        record.status, record.reason = status, reason
        record.author_id, record.updated_at = actor.person_id, ctx.now
        action, old = ChangeAction.UPDATED, encode_attendance(old_status, old_reason)
    ctx.session.add(
        AttendanceChange(
            attendance_id=record.id,
            action=action,
            changed_by=actor.person_id,
            changed_at=ctx.now,
            old_value=old,
            new_value=encode_attendance(status, reason),
        )
    )
    events.audit(
        ctx, actor, "attendance.changed", pupil_id, lesson_id=lesson.id, status=status.value
    )
    if status == old_status:
        return False
    events.emit(
        ctx,
        actor.school_id,
        events.ATTENDANCE_RECORDED,
        {
            "lesson_id": lesson.id,
            "pupil_id": pupil_id,
            "status": status.value,
            "previous_status": old_status.value,
            "lesson_date": lesson.date.isoformat(),
            "lesson_number": lesson.number,
            "subject_id": lesson.subject_id,
            "author_id": actor.person_id,
        },
    )
    return True


async def _lesson_brief(ctx: Ctx, lesson: Lesson) -> LessonBrief:
    school_class = await class_of(ctx, lesson)
    subject = await ctx.session.get(Subject, lesson.subject_id)
    subgroup = await ctx.session.get(Subgroup, lesson.subgroup_id) if lesson.subgroup_id else None
    return LessonBrief(
        id=lesson.id,
        date=lesson.date,
        number=lesson.number,
        starts_at=await lesson_starts_at(ctx, lesson),
        class_id=school_class.id,
        class_title=school_class.title,
        subject_id=lesson.subject_id,
        subject=subject.name if subject else "",
        subgroup=subgroup.name if subgroup else None,
        status=lesson.status,
        topic=lesson.topic,
        roll_call_done=lesson.roll_call_done,
        marks_allowed=not await is_unmarked_grade(ctx, lesson),
    )


async def lesson_roster(ctx: Ctx, actor: Actor, lesson_id: int) -> Roster:
    """The pupils with their attendance and marks, for the lesson's teacher and class teacher."""
    lesson = await lesson_in_school(ctx, actor, lesson_id)
    if lesson.class_id not in actor.class_teacher_of:
        await lesson_for_writing(ctx, actor, lesson_id)
    records = await _records(ctx, lesson)
    marks: dict[int, list[str]] = {}
    rows = await ctx.session.execute(
        select(Mark, WorkType)
        .join(WorkType, WorkType.id == Mark.work_type_id)
        .where(Mark.lesson_id == lesson.id, Mark.is_deleted.is_(False))
        .order_by(Mark.created_at, Mark.id)
    )
    for mark, kind in rows.all():
        marks.setdefault(mark.pupil_id, []).append(encode_mark(mark.value, kind))
    pupils = tuple(
        RosterPupil(
            id=p.id,
            full_name=p.full_name,
            status=records[p.id].status if p.id in records else AttendanceStatus.PRESENT,
            reason=records[p.id].reason if p.id in records else "",
            marks=tuple(marks.get(p.id, ())),
        )
        for p in await pupils_of_lesson(ctx, lesson)
    )
    return Roster(await _lesson_brief(ctx, lesson), pupils)


async def save_roll_call(
    ctx: Ctx,
    actor: Actor,
    lesson_id: int,
    statuses: Mapping[int, AttendanceStatus],
    reasons: Mapping[int, str] | None = None,
) -> RollCallResult:
    """Saves the whole roll call: every pupil left out of `statuses` is present."""
    lesson = await lesson_for_writing(ctx, actor, lesson_id)
    require_not_cancelled(lesson)
    await require_started(ctx, lesson, "посещаемость")
    pupil_ids = [p.id for p in await pupils_of_lesson(ctx, lesson)]
    reasons = reasons or {}
    strangers = (set(statuses) | set(reasons)) - set(pupil_ids)
    if strangers:
        raise RuleViolation("В списке есть ученики, которые не занимаются на этом уроке.")
    wanted = {pid: _status(statuses.get(pid, AttendanceStatus.PRESENT)) for pid in pupil_ids}
    why = {pid: _reason(reasons.get(pid)) for pid in pupil_ids}
    await _one_roll_call_at_a_time(ctx, lesson)
    records = await _records(ctx, lesson)
    changed = [
        pid
        for pid in pupil_ids
        if await _apply(ctx, actor, lesson, pid, records.get(pid), wanted[pid], why[pid])
    ]
    lesson.roll_call_done = True
    if lesson.roll_call_at is None:
        lesson.roll_call_at = ctx.now
    mark_held(lesson)
    counts = {status: 0 for status in AttendanceStatus}
    for status in wanted.values():
        counts[status] += 1
    return RollCallResult(lesson.id, counts, tuple(changed))


async def correct_attendance(
    ctx: Ctx,
    actor: Actor,
    lesson_id: int,
    pupil_id: int,
    status: AttendanceStatus,
    reason: str = "",
) -> None:
    lesson = await lesson_in_school(ctx, actor, lesson_id)
    if lesson.acting_teacher_id != actor.person_id:
        if lesson.class_id not in actor.class_teacher_of:
            await lesson_for_writing(ctx, actor, lesson_id)  # raises the usual refusal
            raise AccessDenied("Нет права исправлять посещаемость на этом уроке.")
        today = await school_today(ctx, actor.school_id)
        if lesson.date < today - timedelta(days=CLASS_TEACHER_CORRECTION_DAYS):
            raise RuleViolation(
                "Классный руководитель исправляет посещаемость за последние "
                f"{CLASS_TEACHER_CORRECTION_DAYS} дней; более ранние записи — через учителя урока."
            )
    require_not_cancelled(lesson)
    await require_started(ctx, lesson, "посещаемость")
    if pupil_id not in {p.id for p in await pupils_of_lesson(ctx, lesson)}:
        raise RuleViolation("Этот ученик не занимается на этом уроке.")
    new_status, new_reason = _status(status), _reason(reason)
    await _one_roll_call_at_a_time(ctx, lesson)
    records = await _records(ctx, lesson)
    await _apply(ctx, actor, lesson, pupil_id, records.get(pupil_id), new_status, new_reason)
