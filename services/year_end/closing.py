"""Closing a school year: with its finals in place, read-only from then on (001 §4.1.12)."""

from dataclasses import dataclass
from datetime import date

from sqlalchemy import and_, func, select

from db.enums import PeriodKind
from db.models import (
    Enrollment,
    FinalMark,
    Period,
    School,
    SchoolClass,
    SchoolYear,
    Subject,
    TeachingAssignment,
)
from services import events
from services.context import Ctx
from services.errors import RuleViolation
from services.people.actor import Actor
from services.year_end.common import require_admin, year_of_school

SHOWN_GAPS = 10


@dataclass(frozen=True)
class MissingFinal:
    class_title: str
    subject: str
    pupils: int


async def missing_year_finals(ctx: Ctx, actor: Actor, year_id: int) -> list[MissingFinal]:
    """For each class and subject of its load, how many pupils have no final for the year
    (grades without marks are not counted)."""
    year = await year_of_school(ctx, actor, year_id)
    school = await ctx.session.get(School, year.school_id)
    unmarked = school.unmarked_grade_set() if school else frozenset()
    year_period = await ctx.session.scalar(
        select(Period.id).where(Period.year_id == year.id, Period.kind == PeriodKind.YEAR)
    )
    if year_period is None:
        raise RuleViolation(f"У года {year.name} нет периода «год»: годовые отметки негде ставить.")
    rows = await ctx.session.execute(
        select(SchoolClass, Subject.name, Enrollment.pupil_id)
        .join(TeachingAssignment, TeachingAssignment.class_id == SchoolClass.id)
        .join(Subject, Subject.id == TeachingAssignment.subject_id)
        .join(
            Enrollment,
            and_(Enrollment.class_id == SchoolClass.id, Enrollment.is_active.is_(True)),
        )
        .outerjoin(
            FinalMark,
            and_(
                FinalMark.pupil_id == Enrollment.pupil_id,
                FinalMark.subject_id == TeachingAssignment.subject_id,
                FinalMark.period_id == year_period,
            ),
        )
        .where(SchoolClass.year_id == year.id, FinalMark.id.is_(None))
        .order_by(SchoolClass.grade, SchoolClass.letter, Subject.name)
    )
    gaps: dict[tuple[str, str], set[int]] = {}
    order: list[tuple[int, str, str]] = []
    for cls, subject, pupil in rows:
        if cls.grade in unmarked:
            continue
        key = (cls.title, subject)
        if key not in gaps:
            gaps[key] = set()
            order.append((cls.grade, cls.title, subject))
        gaps[key].add(pupil)
    return [MissingFinal(t, subject, len(gaps[(t, subject)])) for _, t, subject in order]


async def close_year(ctx: Ctx, actor: Actor, year_id: int) -> None:
    """Closes the year if every pupil has the year's finals; from then on its journal is
    read only (marks, attendance, topics, homework, finals, schedule changes)."""
    require_admin(actor)
    year = await year_of_school(ctx, actor, year_id)
    if year.is_closed:
        raise RuleViolation(f"Учебный год {year.name} уже закрыт.")
    missing = await missing_year_finals(ctx, actor, year_id)
    if missing:
        listed = "; ".join(
            f"{m.class_title}, {m.subject}: {m.pupils}" for m in missing[:SHOWN_GAPS]
        )
        more = f" и ещё {len(missing) - SHOWN_GAPS}" if len(missing) > SHOWN_GAPS else ""
        raise RuleViolation(
            f"Год {year.name} нельзя закрыть: не у всех учеников стоят годовые отметки "
            f"(класс, предмет: сколько учеников без отметки) — {listed}{more}."
        )
    year.is_closed = True
    events.audit(ctx, actor, "year.closed", year_id=year.id, name=year.name)


@dataclass(frozen=True)
class YearBrief:
    id: int
    name: str
    starts_on: date
    ends_on: date
    is_closed: bool
    has_next: bool
    # Pupils still in the classes of a closed year: the promotion is yet to be made.
    to_promote: int = 0


async def school_years(ctx: Ctx, actor: Actor) -> list[YearBrief]:
    """The school's years, oldest first, for the administrator's year-end screen."""
    require_admin(actor)
    years = (
        await ctx.session.scalars(
            select(SchoolYear)
            .where(SchoolYear.school_id == actor.school_id)
            .order_by(SchoolYear.starts_on)
        )
    ).all()
    staying = dict(
        (
            await ctx.session.execute(
                select(SchoolClass.year_id, func.count(Enrollment.id))
                .join(Enrollment, Enrollment.class_id == SchoolClass.id)
                .where(SchoolClass.school_id == actor.school_id, Enrollment.is_active.is_(True))
                .group_by(SchoolClass.year_id)
            )
        ).all()
    )
    return [
        YearBrief(
            y.id,
            y.name,
            y.starts_on,
            y.ends_on,
            y.is_closed,
            any(other.starts_on > y.ends_on for other in years),
            staying.get(y.id, 0) if y.is_closed else 0,
        )
        for y in years
    ]
