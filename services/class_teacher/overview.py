"""The class teacher's weekly check of the class's attendance (001 §4.3.5, §4.3.11), and the
pupils and guardians still outside the chat with their invite codes
(services.invites.class_invites).

Guardians' reasons for absences: services.attendance.absence_reasons.absence_reasons_for_class.
"""

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import aliased

from db.enums import AttendanceStatus, LessonStatus
from db.models import Attendance, BellSlot, Enrollment, Lesson, Person, SchoolClass, Subject
from db.names import short_name
from services.attendance.roll_call import CLASS_TEACHER_CORRECTION_DAYS
from services.context import Ctx
from services.errors import AccessDenied
from services.invites.class_invites import reissue_invite, unlinked_people
from services.lessons.timing import school_of
from services.people.access import class_scope
from services.people.actor import Actor
from services.schedule.periods import school_today
from services.staff_views import AttendanceEntry, MissingRollCall, PupilWeek, WeekAttendance

__all__ = ["class_week_attendance", "reissue_invite", "unlinked_people"]

_Pupil = aliased(Person)


async def class_week_attendance(
    ctx: Ctx, actor: Actor, class_id: int, week_start: date
) -> WeekAttendance:
    """Every absence, lateness and exemption of the class in the week containing week_start."""
    scope = await class_scope(ctx, actor, class_id)
    if scope.subject_ids is not None:
        raise AccessDenied(
            "Посещаемость класса за неделю проверяют классный руководитель и администрация."
        )
    cls = scope.school_class
    monday = week_start - timedelta(days=week_start.weekday())
    sunday = monday + timedelta(days=6)
    today = await school_today(ctx, actor.school_id)
    correctable_from = today - timedelta(days=CLASS_TEACHER_CORRECTION_DAYS)
    rows = await ctx.session.execute(
        select(Attendance, Lesson, Subject.name, _Pupil)
        .join(Lesson, Lesson.id == Attendance.lesson_id)
        .join(Subject, Subject.id == Lesson.subject_id)
        .join(_Pupil, _Pupil.id == Attendance.pupil_id)
        .join(
            Enrollment,
            (Enrollment.pupil_id == _Pupil.id)
            & (Enrollment.class_id == class_id)
            & Enrollment.is_active.is_(True),
        )
        .where(
            Lesson.class_id == class_id,
            Lesson.date.between(monday, sunday),
            Lesson.status != LessonStatus.CANCELLED,
            Attendance.status != AttendanceStatus.PRESENT,
        )
        .order_by(_Pupil.last_name, _Pupil.first_name, _Pupil.id, Lesson.date, Lesson.number)
    )
    pupils: dict[int, tuple[str, list[AttendanceEntry]]] = {}
    for record, lesson, subject, pupil in rows.all():
        own = lesson.acting_teacher_id == actor.person_id
        leads = class_id in actor.class_teacher_of and lesson.date >= correctable_from
        entry = AttendanceEntry(
            lesson.id,
            lesson.date,
            lesson.number,
            subject,
            record.status,
            record.reason,
            own or leads,
        )
        pupils.setdefault(pupil.id, (pupil.full_name, []))[1].append(entry)
    return WeekAttendance(
        class_id=cls.id,
        class_title=cls.title,
        week_start=monday,
        week_end=sunday,
        pupils=tuple(PupilWeek(pid, name, tuple(e)) for pid, (name, e) in pupils.items()),
        missing_roll_calls=await _missing_roll_calls(ctx, cls, monday, sunday),
    )


async def _missing_roll_calls(
    ctx: Ctx, cls: SchoolClass, monday: date, sunday: date
) -> tuple[MissingRollCall, ...]:
    school = await school_of(ctx, cls.school_id)
    zone = ZoneInfo(school.timezone)
    found = await ctx.session.execute(
        select(Lesson, Subject.name, BellSlot.starts_at)
        .join(Subject, Subject.id == Lesson.subject_id)
        .outerjoin(
            BellSlot,
            (BellSlot.school_id == cls.school_id)
            & (BellSlot.shift == cls.shift)
            & (BellSlot.number == Lesson.number),
        )
        .where(
            Lesson.class_id == cls.id,
            Lesson.date.between(monday, sunday),
            Lesson.status != LessonStatus.CANCELLED,
            Lesson.roll_call_done.is_(False),
        )
        .order_by(Lesson.date, Lesson.number, Lesson.id)
    )
    begun = [
        (lesson, subject)
        for lesson, subject, starts in found.all()
        if datetime.combine(lesson.date, starts or time(0, 0), zone).astimezone(UTC) <= ctx.now
    ]
    teachers = await _names(ctx, {lesson.acting_teacher_id for lesson, _ in begun})
    return tuple(
        MissingRollCall(
            lesson.id,
            lesson.date,
            lesson.number,
            subject,
            teachers.get(lesson.acting_teacher_id, ""),
        )
        for lesson, subject in begun
    )


async def _names(ctx: Ctx, ids: set[int]) -> dict[int, str]:
    if not ids:
        return {}
    people = await ctx.session.scalars(select(Person).where(Person.id.in_(ids)))
    return {p.id: short_name(p.last_name, p.first_name, p.middle_name) for p in people}
