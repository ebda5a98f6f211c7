"""The school year: quarters, half-years, holidays and public days off, placed around `today`."""

from dataclasses import dataclass, replace
from datetime import date, timedelta

MAX_SHIFT_WEEKS = 30


@dataclass(frozen=True)
class Span:
    name: str
    starts_on: date
    ends_on: date

    def __contains__(self, day: object) -> bool:
        return isinstance(day, date) and self.starts_on <= day <= self.ends_on

    def shifted(self, days: int) -> "Span":
        delta = timedelta(days=days)
        return replace(self, starts_on=self.starts_on + delta, ends_on=self.ends_on + delta)


@dataclass(frozen=True)
class SchoolCalendar:
    year_name: str
    year: Span
    quarters: tuple[Span, ...]
    half_years: tuple[Span, ...]
    holidays: tuple[Span, ...]  # vacations and public days off alike
    shift_days: int = 0

    def quarter_of(self, day: date) -> Span | None:
        return next((q for q in self.quarters if day in q), None)

    def is_study_day(self, day: date) -> bool:
        """A day in a quarter, not Sunday, not a day off (Saturday counts for six-day grades)."""
        return (
            day.weekday() != 6
            and self.quarter_of(day) is not None
            and not any(day in h for h in self.holidays)
        )

    def shifted(self, days: int) -> "SchoolCalendar":
        return SchoolCalendar(
            year_name=self.year_name,
            year=self.year.shifted(days),
            quarters=tuple(q.shifted(days) for q in self.quarters),
            half_years=tuple(h.shifted(days) for h in self.half_years),
            holidays=tuple(h.shifted(days) for h in self.holidays),
            shift_days=self.shift_days + days,
        )


def _monday_on_or_before(day: date) -> date:
    return day - timedelta(days=day.weekday())


def _not_sunday(day: date, step: int) -> date:
    return day + timedelta(days=step) if day.weekday() == 6 else day


def real_calendar(start_year: int) -> SchoolCalendar:
    """The usual Russian school year starting in September of `start_year`."""
    y = start_year
    autumn_start = _monday_on_or_before(date(y, 10, 28))
    autumn_end = max(autumn_start + timedelta(days=6), date(y, 11, 4))
    spring_start = _monday_on_or_before(date(y + 1, 3, 25))
    spring_end = spring_start + timedelta(days=6)
    quarters = (
        Span("1 четверть", _not_sunday(date(y, 9, 1), 1), autumn_start - timedelta(days=2)),
        Span("2 четверть", _not_sunday(autumn_end + timedelta(days=1), 1),
             _not_sunday(date(y, 12, 29), -1)),
        Span("3 четверть", _not_sunday(date(y + 1, 1, 12), 1), spring_start - timedelta(days=2)),
        Span("4 четверть", spring_end + timedelta(days=1), _not_sunday(date(y + 1, 5, 26), -1)),
    )  # fmt: skip
    halves = (
        Span("1 полугодие", quarters[0].starts_on, quarters[1].ends_on),
        Span("2 полугодие", quarters[2].starts_on, quarters[3].ends_on),
    )
    holidays = (
        Span("Осенние каникулы", autumn_start, autumn_end),
        Span("Зимние каникулы", date(y, 12, 30), date(y + 1, 1, 11)),
        Span("Весенние каникулы", spring_start, spring_end),
        Span("День защитника Отечества", date(y + 1, 2, 23), date(y + 1, 2, 23)),
        Span("Международный женский день", date(y + 1, 3, 8), date(y + 1, 3, 8)),
        Span("Праздник Весны и Труда", date(y + 1, 5, 1), date(y + 1, 5, 1)),
        Span("День Победы", date(y + 1, 5, 9), date(y + 1, 5, 9)),
    )
    year = Span("Учебный год", quarters[0].starts_on, date(y + 1, 5, 31))
    return SchoolCalendar(f"{y}/{y + 1}", year, quarters, halves, holidays)


def shows_content(calendar: SchoolCalendar, today: date) -> bool:
    """Today is in a quarter, and today and tomorrow are study days unless they are Sundays."""
    if calendar.quarter_of(today) is None:
        return False
    return all(
        day.weekday() == 6 or calendar.is_study_day(day)
        for day in (today, today + timedelta(days=1))
    )


def calendar_for(today: date) -> SchoolCalendar:
    """The school year around `today`.

    The demo must show lessons, marks and homework whenever it is run: when today falls in the
    holidays, in summer or on a day off, the whole calendar is moved by whole weeks (weekdays
    stay) until today is a study day inside a quarter. The year keeps its real name.
    """
    best: tuple[int, int, SchoolCalendar] | None = None
    for start_year in (today.year - 1, today.year):
        base = real_calendar(start_year)
        for weeks in range(MAX_SHIFT_WEEKS + 1):
            # Moving the calendar forward by n days is checking the day n days earlier.
            shift = next(
                (7 * w for w in (weeks, -weeks) if shows_content(base, today - timedelta(7 * w))),
                None,
            )
            if shift is not None:
                if best is None or weeks < best[0]:
                    best = (weeks, shift, base)
                break
    if best is None:
        raise ValueError(f"no school calendar shows content on {today}")
    return best[2].shifted(best[1]) if best[1] else best[2]
