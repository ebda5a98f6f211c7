"""A pupil's absences, lateness and exemptions over a period (present is the silent default)."""

from sqlalchemy import bindparam, select

from db.enums import AttendanceStatus
from db.models import Attendance, Lesson, Subject
from services.context import Ctx
from services.people.access import pupil_scope
from services.people.actor import Actor
from services.schedule.periods import school_calendar
from services.scoped_queries import ScopedQuery
from services.views import AttendanceView

_NOT_PRESENT = ScopedQuery.of(
    select(
        Attendance.lesson_id,
        Attendance.lesson_date,
        Lesson.number,
        Subject.name,
        Attendance.status,
        Attendance.reason,
    )
    .join(Lesson, Lesson.id == Attendance.lesson_id)
    .join(Subject, Subject.id == Lesson.subject_id)
    .where(
        Attendance.pupil_id == bindparam("pupil_id"),
        Attendance.lesson_date.between(bindparam("starts"), bindparam("ends")),
        Attendance.status != AttendanceStatus.PRESENT,
    )
    .order_by(Attendance.lesson_date, Lesson.number, Attendance.lesson_id),
    Lesson.subject_id,
)


async def pupil_attendance(
    ctx: Ctx, actor: Actor, pupil_id: int, period_id: int | None = None
) -> list[AttendanceView]:
    """Everything but "present", in the period (the current one by default)."""
    scope = await pupil_scope(ctx, actor, pupil_id)
    calendar = await school_calendar(ctx, actor.school_id, scope.school_class.year_id)
    period = calendar.resolve(period_id, ctx.now)
    found = await _NOT_PRESENT.rows(
        ctx, scope.subject_ids, pupil_id=pupil_id, starts=period.starts_on, ends=period.ends_on
    )
    return [AttendanceView(*row) for row in found]
