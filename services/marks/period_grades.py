"""Which periods certify a class of a grade (001 §5.2): the year always; of a year's quarters,
trimesters and half-years, those naming the grade in Period.grades (half-years "10,11"), or,
where none of that year's names it, those for every grade."""

from collections.abc import Sequence

from db.enums import PeriodKind
from db.models import Period

# "Класс 10А аттестуется по полугодиям".
BY_KIND = {
    PeriodKind.QUARTER: "четвертям",
    PeriodKind.TRIMESTER: "триместрам",
    PeriodKind.HALF_YEAR: "полугодиям",
}


def certifies(period: Period, periods: Sequence[Period], grade: int) -> bool:
    """`periods`: the school's periods, those of the period's year among them."""
    if period.kind == PeriodKind.YEAR:
        return True
    same_year = [p for p in periods if p.year_id == period.year_id and p.kind != PeriodKind.YEAR]
    if any(grade in p.grade_set() for p in same_year):
        return grade in period.grade_set()
    return not period.grade_set()


def certified_by(periods: Sequence[Period], grade: int) -> str:
    """How a class of the grade is certified, in words for «аттестуется по …»: "полугодиям"."""
    kinds = {p.kind for p in periods if p.kind in BY_KIND and certifies(p, periods, grade)}
    return " и ".join(BY_KIND[k] for k in BY_KIND if k in kinds)
