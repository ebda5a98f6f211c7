"""The monthly printed summary for guardians who refused the electronic journal (001 §4.3.9):
on the last day of the month the class teacher hands each such family the pupil's marks and
absences. This module gathers what the page shows; services.class_teacher.monthly_sheet_pdf
draws it.
"""

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import aliased

from db.enums import AttendanceStatus, LessonStatus, PeriodKind
from db.models import (
    AbsenceReasonReport,
    Attendance,
    Enrollment,
    GuardianLink,
    Lesson,
    Mark,
    Person,
    School,
    SchoolClass,
    Subject,
    WorkType,
)
from db.names import short_name
from services import events
from services.context import Ctx
from services.errors import AccessDenied, RuleViolation
from services.marks.grading import weighted_average
from services.people.access import class_scope
from services.people.actor import Actor
from services.schedule.periods import pick_current, school_calendar, school_today
from services.scoped_queries import AnySelect
from services.views import ABSENCE_REASONS, PeriodBrief

NOT_YOURS = "Сводки для распечатки готовят классный руководитель класса и администрация."
NOT_YET = "Этот месяц ещё не начался: сводку за него сделать нельзя."
UNEXCUSED = AttendanceStatus.ABSENT
MISSED = (AttendanceStatus.ABSENT, AttendanceStatus.ILL, AttendanceStatus.EXCUSED)
MONTHS = (
    "январь", "февраль", "март", "апрель", "май", "июнь",
    "июль", "август", "сентябрь", "октябрь", "ноябрь", "декабрь",
)  # fmt: skip


@dataclass(frozen=True)
class SheetMark:
    day: date
    value: int
    work_type: str  # the short name: "к/р"


@dataclass(frozen=True)
class SheetSubject:
    subject: str
    marks: tuple[SheetMark, ...]  # the month's
    month_average: float | None
    period_average: float | None  # from the period's start to the month's end


@dataclass(frozen=True)
class SheetAbsence:
    day: date
    number: int
    subject: str
    status: AttendanceStatus
    reason: str  # the journal's reason and what the guardians answered, if anything


@dataclass(frozen=True)
class PupilSheet:
    pupil_id: int
    full_name: str
    guardians: tuple[str, ...]  # the ones who refused, full names: they sign the page
    subjects: tuple[SheetSubject, ...]
    absences: tuple[SheetAbsence, ...]

    @property
    def missed(self) -> int:
        return sum(1 for a in self.absences if a.status in MISSED)

    @property
    def unexcused(self) -> int:
        return sum(1 for a in self.absences if a.status == UNEXCUSED)

    @property
    def late(self) -> int:
        return sum(1 for a in self.absences if a.status == AttendanceStatus.LATE)


@dataclass(frozen=True)
class MonthlySheets:
    school_name: str
    class_id: int
    class_title: str
    class_teacher: str  # "Числова М. А."
    month_start: date
    month_end: date
    period: PeriodBrief | None
    marks_kept: bool  # False in the grades kept without marks
    work_types: tuple[tuple[str, str], ...]  # (short, full) of the work types shown
    pupils: tuple[PupilSheet, ...]


def month_bounds(day: date) -> tuple[date, date]:
    start = day.replace(day=1)
    following = (start + timedelta(days=32)).replace(day=1)
    return start, following - timedelta(days=1)


_Guardian = aliased(Person)
_Pupil = aliased(Person)


def _refusals(*columns: Any) -> AnySelect:
    """Enrolled pupils with a guardian who refused the electronic journal, both active."""
    return (
        select(*columns)
        .select_from(Enrollment)
        .join(_Pupil, _Pupil.id == Enrollment.pupil_id)
        .join(GuardianLink, GuardianLink.pupil_id == Enrollment.pupil_id)
        .join(_Guardian, _Guardian.id == GuardianLink.guardian_id)
        .where(
            Enrollment.is_active.is_(True),
            _Pupil.is_active.is_(True),
            _Guardian.is_active.is_(True),
            _Guardian.refused_electronic.is_(True),
        )
    )


_REFUSED = _refusals(Enrollment.class_id, _Pupil, _Guardian)


async def refusals_by_class(ctx: Ctx, school_id: int) -> dict[int, int]:
    """How many pupils of each class have a guardian who refused: for the monthly reminder,
    which names no one (the sheets themselves come from monthly_sheets, access checked)."""
    rows = await ctx.session.execute(
        _refusals(Enrollment.class_id, func.count(func.distinct(Enrollment.pupil_id)))
        .join(SchoolClass, SchoolClass.id == Enrollment.class_id)
        .where(SchoolClass.school_id == school_id)
        .group_by(Enrollment.class_id)
    )
    return {class_id: count for class_id, count in rows.all()}


async def monthly_sheets(ctx: Ctx, actor: Actor, class_id: int, month: date) -> MonthlySheets:
    """One sheet per pupil of the class whose guardian refused the electronic journal, for the
    month containing `month` (up to today if it is the current one)."""
    scope = await class_scope(ctx, actor, class_id)
    if scope.subject_ids is not None:
        raise AccessDenied(NOT_YOURS)
    cls = scope.school_class
    start, end = month_bounds(month)
    if start > await school_today(ctx, actor.school_id):
        raise RuleViolation(NOT_YET)
    calendar = await school_calendar(ctx, actor.school_id, cls.year_id)
    periods = [p.brief for p in calendar.periods if p.kind != PeriodKind.YEAR]
    period = pick_current(periods, end)
    refused: dict[int, tuple[str, list[str]]] = {}
    for _, pupil, guardian in await ctx.session.execute(
        _REFUSED.where(Enrollment.class_id == class_id).order_by(
            _Pupil.last_name, _Pupil.first_name, _Pupil.id, _Guardian.id
        )
    ):
        refused.setdefault(pupil.id, (pupil.full_name, []))[1].append(guardian.full_name)
    ids = list(refused)
    marks_kept = cls.grade not in calendar.unmarked_grades
    subjects, work_types = (
        await _marks(ctx, ids, start, end, period) if marks_kept and ids else ({}, {})
    )
    absences = await _absences(ctx, ids, start, end) if ids else {}
    school = await ctx.session.get(School, cls.school_id)
    teacher = await ctx.session.get(Person, cls.class_teacher_id) if cls.class_teacher_id else None
    if ids:
        events.audit(
            ctx,
            actor,
            "monthly_sheet.made",
            None,
            class_id=class_id,
            month=start.isoformat(),
            pupils=ids,
        )
    return MonthlySheets(
        school_name=school.name if school else "",
        class_id=cls.id,
        class_title=cls.title,
        class_teacher=teacher.short_name if teacher else "",
        month_start=start,
        month_end=end,
        period=period,
        marks_kept=marks_kept,
        work_types=tuple(sorted(work_types.items())),
        pupils=tuple(
            PupilSheet(
                pid,
                name,
                tuple(guardians),
                tuple(subjects.get(pid, ())),
                tuple(absences.get(pid, ())),
            )
            for pid, (name, guardians) in refused.items()
        ),
    )


async def _marks(
    ctx: Ctx, pupil_ids: list[int], start: date, end: date, period: PeriodBrief | None
) -> tuple[dict[int, list[SheetSubject]], dict[str, str]]:
    since = min(start, period.starts_on) if period else start
    rows = await ctx.session.execute(
        select(Mark, Subject.name, WorkType.short_name, WorkType.name)
        .join(Subject, Subject.id == Mark.subject_id)
        .join(WorkType, WorkType.id == Mark.work_type_id)
        .where(
            Mark.pupil_id.in_(pupil_ids),
            Mark.is_deleted.is_(False),
            Mark.lesson_date.between(since, end),
        )
        .order_by(Subject.name, Mark.lesson_date, Mark.id)
    )
    by_subject: dict[int, dict[str, list[tuple[Mark, str]]]] = defaultdict(dict)
    work_types: dict[str, str] = {}
    for mark, subject, short, name in rows:
        by_subject[mark.pupil_id].setdefault(subject, []).append((mark, short))
        if mark.lesson_date >= start:
            work_types[short] = name
    found: dict[int, list[SheetSubject]] = {}
    for pupil_id, subjects in by_subject.items():
        found[pupil_id] = []
        for subject, marks in subjects.items():
            month = [(m, short) for m, short in marks if m.lesson_date >= start]
            in_period = [m for m, _ in marks if _within(m.lesson_date, period)]
            found[pupil_id].append(
                SheetSubject(
                    subject,
                    tuple(SheetMark(m.lesson_date, m.value, short) for m, short in month),
                    weighted_average([(m.value, m.weight) for m, _ in month]),
                    weighted_average([(m.value, m.weight) for m in in_period]),
                )
            )
    return found, work_types


def _within(day: date, period: PeriodBrief | None) -> bool:
    return period is not None and period.starts_on <= day <= period.ends_on


async def _absences(
    ctx: Ctx, pupil_ids: list[int], start: date, end: date
) -> dict[int, list[SheetAbsence]]:
    answers: dict[tuple[int, int], list[str]] = defaultdict(list)
    reports = await ctx.session.execute(
        select(AbsenceReasonReport, _Guardian.last_name, _Guardian.first_name)
        .add_columns(_Guardian.middle_name)
        .join(_Guardian, _Guardian.id == AbsenceReasonReport.reported_by)
        .where(
            AbsenceReasonReport.pupil_id.in_(pupil_ids),
            AbsenceReasonReport.lesson_date.between(start, end),
        )
        .order_by(AbsenceReasonReport.id)
    )
    for report, last, first, middle in reports:
        label = ABSENCE_REASONS.get(report.reason, report.reason)
        answers[(report.lesson_id, report.pupil_id)].append(
            f"родитель: «{label}» ({short_name(last, first, middle)})"
        )
    rows = await ctx.session.execute(
        select(Attendance, Lesson.number, Subject.name)
        .join(Lesson, Lesson.id == Attendance.lesson_id)
        .join(Subject, Subject.id == Lesson.subject_id)
        .where(
            Attendance.pupil_id.in_(pupil_ids),
            Attendance.lesson_date.between(start, end),
            Attendance.status != AttendanceStatus.PRESENT,
            Lesson.status != LessonStatus.CANCELLED,
        )
        .order_by(Attendance.lesson_date, Lesson.number, Attendance.id)
    )
    found: dict[int, list[SheetAbsence]] = defaultdict(list)
    for record, number, subject in rows:
        reasons = [record.reason] if record.reason else []
        reasons += answers.get((record.lesson_id, record.pupil_id), [])
        found[record.pupil_id].append(
            SheetAbsence(record.lesson_date, number, subject, record.status, "; ".join(reasons))
        )
    return found
