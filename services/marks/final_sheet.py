"""The teacher's sheet for final marks of the current period (001 §5.2-5.3): the pupils of one
class and subject with their forecast, marks against the required number, and the final set."""

from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from sqlalchemy import select

from db.models import (
    Enrollment,
    FinalMark,
    Mark,
    Person,
    SchoolClass,
    Subgroup,
    SubgroupMember,
    Subject,
    TeachingAssignment,
)
from services.context import Ctx
from services.errors import AccessDenied, RuleViolation
from services.lessons.timing import school_of
from services.marks.final_periods import final_window, grading_period
from services.marks.grading import Forecast, forecast, min_marks_required
from services.people.actor import Actor
from services.people.health import exempt_pupils
from services.schedule.periods import school_today
from services.views import PeriodBrief

NOT_YOUR_LOAD = "Итоговые отметки ставит учитель, который ведёт этот предмет по нагрузке."


@dataclass(frozen=True)
class FinalRow:
    pupil_id: int
    full_name: str
    forecast: Forecast
    final: str | None
    # Exempt from physical education for the period (the medical worker's record): "осв."
    exempt: bool = False


@dataclass(frozen=True)
class FinalSheet:
    assignment_id: int
    class_title: str
    subject_id: int
    subject: str
    subgroup: str | None
    period: PeriodBrief
    # The days final marks for the period are accepted (services.marks.finals).
    opens: date
    closes: date
    is_open: bool
    allows_exemption: bool
    rows: tuple[FinalRow, ...]


async def final_sheet(ctx: Ctx, actor: Actor, assignment_id: int) -> FinalSheet:
    s = ctx.session
    assignment = await s.get(TeachingAssignment, assignment_id)
    cls = await s.get(SchoolClass, assignment.class_id) if assignment else None
    if assignment is None or cls is None or cls.school_id != actor.school_id:
        raise AccessDenied(NOT_YOUR_LOAD)
    if assignment.teacher_id != actor.person_id:
        raise AccessDenied(NOT_YOUR_LOAD)
    school = await school_of(ctx, actor.school_id)
    if cls.grade in school.unmarked_grade_set():
        raise RuleViolation(f"В {cls.grade}-м классе отметки не ставятся: обучение безотметочное.")
    subject = await s.get(Subject, assignment.subject_id)
    group = await s.get(Subgroup, assignment.subgroup_id) if assignment.subgroup_id else None
    period = await grading_period(ctx, actor.school_id, cls.grade)
    pupils = (
        select(Person)
        .join(Enrollment, Enrollment.pupil_id == Person.id)
        .where(Enrollment.class_id == cls.id, Enrollment.is_active.is_(True))
        .order_by(Person.last_name, Person.first_name, Person.id)
    )
    if assignment.subgroup_id is not None:
        pupils = pupils.join(SubgroupMember, SubgroupMember.pupil_id == Person.id).where(
            SubgroupMember.subgroup_id == assignment.subgroup_id
        )
    people = (await s.scalars(pupils)).all()
    ids = [p.id for p in people]
    marks: dict[int, list[tuple[int, float]]] = defaultdict(list)
    found = await s.execute(
        select(Mark.pupil_id, Mark.value, Mark.weight).where(
            Mark.pupil_id.in_(ids),
            Mark.subject_id == assignment.subject_id,
            Mark.is_deleted.is_(False),
            Mark.lesson_date.between(period.starts_on, period.ends_on),
        )
    )
    for pupil_id, value, weight in found.all():
        marks[pupil_id].append((int(value), float(weight)))
    finals = dict(
        (
            await s.execute(
                select(FinalMark.pupil_id, FinalMark.value).where(
                    FinalMark.pupil_id.in_(ids),
                    FinalMark.subject_id == assignment.subject_id,
                    FinalMark.period_id == period.id,
                )
            )
        ).all()
    )
    exempt = (
        await exempt_pupils(ctx, ids, period.id)
        if subject and subject.allows_exemption
        else frozenset()
    )
    required = min_marks_required(school.min_marks_rule, assignment.hours_per_week)
    today = await school_today(ctx, actor.school_id)
    opens, closes = final_window(period)
    return FinalSheet(
        assignment_id=assignment.id,
        class_title=f"{cls.grade}{cls.letter}",
        subject_id=assignment.subject_id,
        subject=subject.name if subject else "",
        subgroup=group.name if group else None,
        period=period,
        opens=opens,
        closes=closes,
        is_open=opens <= today <= closes,
        allows_exemption=bool(subject and subject.allows_exemption),
        rows=tuple(
            FinalRow(
                p.id,
                p.full_name,
                forecast(marks[p.id], required),
                finals.get(p.id),
                p.id in exempt,
            )
            for p in people
        ),
    )
