"""The school's calendar: today in the school's time zone, and its quarters or half-years."""

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import Select, bindparam, select

from db.enums import PeriodKind
from db.models import Period, School, SchoolYear
from services.context import Ctx
from services.errors import NotFound
from services.views import PeriodBrief

NO_PERIODS = "В школе ещё не заведены учебные периоды."
PERIOD_NOT_FOUND = "Учебный период не найден."
SCHOOL_NOT_FOUND = "Школа не найдена."


def local_date(moment: datetime, timezone: str) -> date:
    return moment.astimezone(ZoneInfo(timezone)).date()


@dataclass(frozen=True)
class DatedPeriod:
    brief: PeriodBrief
    kind: PeriodKind
    year_id: int
    year_starts_on: date
    year_ends_on: date


@dataclass(frozen=True)
class SchoolCalendar:
    """A school's rules the read side needs, with its periods, read in one statement."""

    timezone: str
    min_marks_rule: str
    unmarked_grades: frozenset[int]
    periods: tuple[DatedPeriod, ...]

    def today(self, now: datetime) -> date:
        return local_date(now, self.timezone)

    def current(self, on: date) -> PeriodBrief:
        chosen = pick_current([p.brief for p in self.periods if p.kind != PeriodKind.YEAR], on)
        if chosen is None:
            raise NotFound(NO_PERIODS)
        return chosen

    def resolve(self, period_id: int | None, now: datetime) -> PeriodBrief:
        """The asked-for period if it is one of these, else the current one."""
        if period_id is None:
            return self.current(self.today(now))
        for p in self.periods:
            if p.brief.id == period_id:
                return p.brief
        raise NotFound(PERIOD_NOT_FOUND)


def _calendar_query(year_filter: bool) -> Select[*tuple[Any, ...]]:
    year_join = SchoolYear.school_id == School.id
    if year_filter:
        year_join &= SchoolYear.id == bindparam("year_id")
    return (
        select(
            School.timezone,
            School.min_marks_rule,
            School.unmarked_grades,
            Period.id,
            Period.name,
            Period.starts_on,
            Period.ends_on,
            Period.kind,
            SchoolYear.id,
            SchoolYear.starts_on,
            SchoolYear.ends_on,
        )
        .select_from(School)
        .outerjoin(SchoolYear, year_join)
        .outerjoin(Period, Period.year_id == SchoolYear.id)
        .where(School.id == bindparam("school_id"))
    )


_CALENDAR = _calendar_query(year_filter=False)
_CALENDAR_OF_YEAR = _calendar_query(year_filter=True)


async def school_calendar(ctx: Ctx, school_id: int, year_id: int | None = None) -> SchoolCalendar:
    """year_id narrows the periods to one school year (e.g. the pupil's class's)."""
    if year_id is None:
        result = await ctx.session.execute(_CALENDAR, {"school_id": school_id})
    else:
        result = await ctx.session.execute(
            _CALENDAR_OF_YEAR, {"school_id": school_id, "year_id": year_id}
        )
    rows = result.all()
    if not rows:
        raise NotFound(SCHOOL_NOT_FOUND)
    periods = tuple(
        DatedPeriod(PeriodBrief(r[3], r[4], r[5], r[6]), r[7], r[8], r[9], r[10])
        for r in rows
        if r[3] is not None
    )
    grades = frozenset(int(g) for g in rows[0][2].split(",") if g.strip())
    return SchoolCalendar(rows[0][0], rows[0][1], grades, periods)


async def school_today(ctx: Ctx, school_id: int) -> date:
    school = await ctx.session.get(School, school_id)
    if school is None:
        raise NotFound(SCHOOL_NOT_FOUND)
    return local_date(ctx.now, school.timezone)


def _length(p: PeriodBrief) -> int:
    return (p.ends_on - p.starts_on).days


def pick_current(periods: list[PeriodBrief], on: date) -> PeriodBrief | None:
    """The shortest period containing the date (a quarter rather than its half-year);
    in holidays the one just ended; before the first, the first."""
    containing = [p for p in periods if p.starts_on <= on <= p.ends_on]
    if containing:
        return min(containing, key=lambda p: (_length(p), p.starts_on))
    ended = [p for p in periods if p.ends_on < on]
    if ended:
        return max(ended, key=lambda p: (p.ends_on, -_length(p)))
    if periods:
        return min(periods, key=lambda p: (p.starts_on, _length(p)))
    return None


async def current_period(
    ctx: Ctx, school_id: int, on: date | None = None, year_id: int | None = None
) -> PeriodBrief:
    calendar = await school_calendar(ctx, school_id, year_id)
    return calendar.current(on if on is not None else calendar.today(ctx.now))


async def periods_of_year(ctx: Ctx, school_id: int) -> list[PeriodBrief]:
    """The periods of the current school year (the one just ended in summer), the year last."""
    calendar = await school_calendar(ctx, school_id)
    years = {
        p.year_id: PeriodBrief(p.year_id, "", p.year_starts_on, p.year_ends_on)
        for p in calendar.periods
    }
    year = pick_current(list(years.values()), calendar.today(ctx.now))
    if year is None:
        raise NotFound(NO_PERIODS)
    mine = [p for p in calendar.periods if p.year_id == year.id]
    # In the order they close: a quarter before the half-year that ends with it.
    mine.sort(
        key=lambda p: (p.kind == PeriodKind.YEAR, p.brief.ends_on, -p.brief.starts_on.toordinal())
    )
    return [p.brief for p in mine]


async def resolve_period(
    ctx: Ctx, school_id: int, period_id: int | None, year_id: int | None = None
) -> PeriodBrief:
    """The asked-for period if it belongs to the school (and year), else the current one."""
    calendar = await school_calendar(ctx, school_id, year_id)
    return calendar.resolve(period_id, ctx.now)
