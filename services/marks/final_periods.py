"""Which period a class is certified for now (quarters, or half-years where the school grades
grades 10-11 so: Period.grades), and the days its final marks are accepted, told up front."""

from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import select

from db.enums import PeriodKind
from db.models import Period, SchoolClass, SchoolYear, TeachingAssignment
from services.context import Ctx
from services.errors import NotFound
from services.marks.finals import FINAL_CLOSES_DAYS_AFTER_END, FINAL_OPENS_DAYS_BEFORE_END
from services.marks.period_grades import certifies
from services.people.actor import Actor
from services.schedule.periods import NO_PERIODS, pick_current, school_today
from services.views import PeriodBrief


def final_window(period: PeriodBrief) -> tuple[date, date]:
    """The first and the last day the period's final marks are accepted."""
    return (
        period.ends_on - timedelta(days=FINAL_OPENS_DAYS_BEFORE_END),
        period.ends_on + timedelta(days=FINAL_CLOSES_DAYS_AFTER_END),
    )


@dataclass(frozen=True)
class FinalWindow:
    period: PeriodBrief
    opens: date
    closes: date
    is_open: bool
    # The actor's classes certified for this period, e.g. ("5А", "5Б").
    classes: tuple[str, ...]


async def _periods(ctx: Ctx, school_id: int) -> list[Period]:
    found = await ctx.session.scalars(
        select(Period)
        .join(SchoolYear, SchoolYear.id == Period.year_id)
        .where(SchoolYear.school_id == school_id, Period.kind != PeriodKind.YEAR)
    )
    return list(found.all())


def _for_grade(periods: list[Period], grade: int, today: date) -> PeriodBrief:
    """Of the periods certifying the grade (half-years "10,11"), the current one."""
    chosen = [p for p in periods if certifies(p, periods, grade)]
    brief = pick_current([PeriodBrief(p.id, p.name, p.starts_on, p.ends_on) for p in chosen], today)
    if brief is None:
        raise NotFound(NO_PERIODS)
    return brief


async def grading_period(ctx: Ctx, school_id: int, grade: int) -> PeriodBrief:
    """The period a class of this grade is certified for now (in holidays, the one just over)."""
    today = await school_today(ctx, school_id)
    return _for_grade(await _periods(ctx, school_id), grade, today)


async def final_windows(ctx: Ctx, actor: Actor) -> list[FinalWindow]:
    """The periods the actor's classes are certified for now, with the days finals are taken."""
    rows = await ctx.session.execute(
        select(SchoolClass.grade, SchoolClass.letter)
        .join(TeachingAssignment, TeachingAssignment.class_id == SchoolClass.id)
        .where(
            TeachingAssignment.teacher_id == actor.person_id,
            SchoolClass.school_id == actor.school_id,
        )
        .distinct()
        .order_by(SchoolClass.grade, SchoolClass.letter)
    )
    today = await school_today(ctx, actor.school_id)
    periods = await _periods(ctx, actor.school_id)
    classes: dict[PeriodBrief, list[str]] = {}
    for grade, letter in rows.all():
        try:
            period = _for_grade(periods, grade, today)
        except NotFound:
            continue
        classes.setdefault(period, []).append(f"{grade}{letter}")
    windows = []
    for period, titles in classes.items():
        opens, closes = final_window(period)
        windows.append(FinalWindow(period, opens, closes, opens <= today <= closes, tuple(titles)))
    return sorted(windows, key=lambda w: (w.opens, w.period.name))
