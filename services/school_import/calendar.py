"""Which days a class studies: its grade's periods, less its grade's holidays, Sundays and, for a
five-day week, Saturdays; and which week and term of the year a day falls in."""

from dataclasses import dataclass
from datetime import date, timedelta

from db.enums import PeriodKind
from db.models import Holiday, Period, SchoolYear


@dataclass(frozen=True)
class Span:
    starts_on: date
    ends_on: date
    grades: frozenset[int] = frozenset()

    def __contains__(self, day: object) -> bool:
        return isinstance(day, date) and self.starts_on <= day <= self.ends_on

    def of_grade(self, grade: int) -> bool:
        return not self.grades or grade in self.grades


@dataclass(frozen=True)
class StudyCalendar:
    starts_on: date
    ends_on: date
    periods: tuple[Span, ...]  # certifying periods, sorted by start; the year itself excluded
    holidays: tuple[Span, ...]

    @classmethod
    def of(
        cls, year: SchoolYear, periods: list[Period], holidays: list[Holiday]
    ) -> "StudyCalendar":
        return cls(
            year.starts_on,
            year.ends_on,
            tuple(
                sorted(
                    (
                        Span(p.starts_on, p.ends_on, p.grade_set())
                        for p in periods
                        if p.kind != PeriodKind.YEAR
                    ),
                    key=lambda s: s.starts_on,
                )
            ),
            tuple(Span(h.starts_on, h.ends_on, h.grade_set()) for h in holidays),
        )

    def periods_of(self, grade: int) -> tuple[Span, ...]:
        """A grade named by some period goes by those; the others by the periods for all."""
        named = tuple(p for p in self.periods if grade in p.grades)
        return named or tuple(p for p in self.periods if not p.grades)

    def study_days(self, grade: int, start: date, six_days: bool) -> list[tuple[date, int]]:
        """Each study day from start with the index of its period (for aSc's terms)."""
        periods = self.periods_of(grade)
        holidays = [h for h in self.holidays if h.of_grade(grade)]
        days = []
        day = max(start, self.starts_on)
        while day <= self.ends_on:
            weekday = day.weekday()
            if weekday < (6 if six_days else 5) and not any(day in h for h in holidays):
                term = next((i for i, p in enumerate(periods) if day in p), None)
                if term is not None:
                    days.append((day, term))
            day += timedelta(days=1)
        return days

    def week_of(self, day: date) -> int:
        first_monday = self.starts_on - timedelta(days=self.starts_on.weekday())
        return (day - first_monday).days // 7


def bit_on(bits: str, index: int) -> bool:
    """aSc's bit strings repeat: "10" is every other week."""
    return not bits or "1" not in bits or bits[index % len(bits)] == "1"
