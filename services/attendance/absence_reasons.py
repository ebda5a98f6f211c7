"""A guardian answers an absence alert with a reason; the class teacher is told and can list them.

`record_absence_reason` is a service operation (run it with `journal.run`); the button on the
alert carries a payload parsed by keyboards.notification_buttons; the class teacher is told by
notifications.rules.absence_reasons.
"""

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import aliased

from db.enums import AttendanceStatus
from db.models import AbsenceReasonReport, Attendance, Lesson, Person
from db.names import short_name
from services import events
from services.context import Ctx
from services.errors import AccessDenied, NotFound, RuleViolation
from services.people.access import class_scope
from services.people.actor import Actor, Role
from services.views import ABSENCE_REASONS

ABSENCE_REASON_REPORTED = "absence_reason.reported"


async def record_absence_reason(
    ctx: Ctx, actor: Actor, lesson_id: int, pupil_id: int, reason: str
) -> str:
    """Records (or replaces) the guardian's reason and returns the confirmation to show."""
    if not actor.has(Role.GUARDIAN) or pupil_id not in actor.children:
        raise AccessDenied("Сообщить причину пропуска может только родитель этого ученика.")
    if reason not in ABSENCE_REASONS:
        raise RuleViolation("Такой причины нет: выберите одну из кнопок под сообщением.")
    lesson = await ctx.session.get(Lesson, lesson_id)
    record = await ctx.session.scalar(
        select(Attendance).where(Attendance.lesson_id == lesson_id, Attendance.pupil_id == pupil_id)
    )
    if lesson is None or record is None:
        raise NotFound("Отметка о пропуске не найдена: возможно, её уже исправили.")
    if record.status == AttendanceStatus.PRESENT:
        raise RuleViolation("Отметка об отсутствии на этом уроке уже снята.")
    report = await ctx.session.scalar(
        select(AbsenceReasonReport).where(
            AbsenceReasonReport.lesson_id == lesson_id,
            AbsenceReasonReport.pupil_id == pupil_id,
            AbsenceReasonReport.reported_by == actor.person_id,
        )
    )
    if report is None:
        report = AbsenceReasonReport(
            lesson_id=lesson_id,
            pupil_id=pupil_id,
            class_id=lesson.class_id,
            lesson_date=lesson.date,
            reported_by=actor.person_id,
            reason=reason,
            reported_at=ctx.now,
        )
        ctx.session.add(report)
    elif report.reason == reason:
        return _thanks(reason)
    report.reason, report.reported_at, report.seen_at = reason, ctx.now, None
    await ctx.session.flush()
    payload = {"report_id": report.id, "lesson_id": lesson_id, "pupil_id": pupil_id}
    events.emit(ctx, actor.school_id, ABSENCE_REASON_REPORTED, payload)
    events.audit(ctx, actor, "absence_reason.reported", pupil_id, lesson_id=lesson_id)
    return _thanks(reason)


def _thanks(reason: str) -> str:
    label = ABSENCE_REASONS[reason]
    return f"Спасибо! Классный руководитель узнает причину: «{label}»."


@dataclass(frozen=True)
class AbsenceReasonView:
    pupil_id: int
    pupil_name: str
    lesson_id: int
    lesson_date: date
    lesson_number: int
    reason: str
    reported_by: str
    reported_at: datetime


async def absence_reasons_for_class(
    ctx: Ctx, actor: Actor, class_id: int, since: date
) -> list[AbsenceReasonView]:
    scope = await class_scope(ctx, actor, class_id)
    if scope.subject_ids is not None:
        raise AccessDenied("Причины пропусков видят классный руководитель и администрация.")
    guardian, pupil = aliased(Person), aliased(Person)
    rows = await ctx.session.execute(
        select(AbsenceReasonReport, Lesson.number, pupil.last_name, pupil.first_name)
        .add_columns(guardian.last_name, guardian.first_name, guardian.middle_name)
        .join(Lesson, Lesson.id == AbsenceReasonReport.lesson_id)
        .join(pupil, pupil.id == AbsenceReasonReport.pupil_id)
        .join(guardian, guardian.id == AbsenceReasonReport.reported_by)
        .where(AbsenceReasonReport.class_id == class_id, AbsenceReasonReport.lesson_date >= since)
        .order_by(AbsenceReasonReport.lesson_date, Lesson.number, AbsenceReasonReport.id)
    )
    return [
        AbsenceReasonView(
            pupil_id=r.pupil_id,
            pupil_name=f"{p_last} {p_first}",
            lesson_id=r.lesson_id,
            lesson_date=r.lesson_date,
            lesson_number=number,
            reason=ABSENCE_REASONS.get(r.reason, r.reason),
            reported_by=short_name(g_last, g_first, g_middle),
            reported_at=r.reported_at,
        )
        for r, number, p_last, p_first, g_last, g_first, g_middle in rows.all()
    ]
