"""Results of a period (001 §2.6, §7.1; 002 §13.1): quality % and success % ("процент
качества, успеваемости") by class, subject and teacher, with the counts behind them and the
change against the previous period: the "analysis by teacher and subject" of 001 §7.

A pupil counts once in a class or the school, by their results in every subject there:
excellent (all 5), good (4 and 5), with one 3, with threes, failing (a 2), not certified
(too few marks, or "н/а"). In a subject's or a teacher's row each pupil's result in that
subject counts once: 5, 4, 3, 2 or not certified. Quality is the share of excellent and good,
success the share of those neither failing nor not certified, both over everyone counted: not
being certified is an academic debt as much as a 2 is."""

from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import astuple, dataclass
from operator import attrgetter
from typing import Protocol

from services.context import Ctx
from services.people.actor import Actor
from services.reports.gc_pause import gc_paused
from services.reports.outcomes import Outcomes, periods_outcomes
from services.reports.scope import ReportScope, report_scope
from services.views import PeriodBrief


@dataclass(frozen=True)
class Tally:
    total: int = 0
    excellent: int = 0
    good: int = 0
    one_three: int = 0
    threes: int = 0
    failing: int = 0
    not_certified: int = 0
    mark_sum: int = 0  # of the certified results, for the average mark
    marks: int = 0

    @property
    def quality(self) -> float | None:
        return 100.0 * (self.excellent + self.good) / self.total if self.total else None

    @property
    def success(self) -> float | None:
        if not self.total:
            return None
        return 100.0 * (self.total - self.failing - self.not_certified) / self.total

    @property
    def average(self) -> float | None:
        return self.mark_sum / self.marks if self.marks else None

    def __add__(self, other: "Tally") -> "Tally":
        return Tally(*(a + b for a, b in zip(astuple(self), astuple(other), strict=True)))


Value = int | None  # 5..2; None: not certified


def pupil_category(values: Mapping[Value, int]) -> str:
    """A pupil by all their results, as how many of each mark (never none): one 2 makes them
    failing, one missing certification not certified, else their lowest mark and how many 3s
    they have."""
    if 2 in values:
        return "failing"
    if None in values:
        return "not_certified"
    lowest = min(v for v in values if v is not None)
    if lowest == 5:
        return "excellent"
    if lowest >= 4:
        return "good"
    return "one_three" if values.get(3) == 1 else "threes"


class Result(Protocol):
    """What a pupil's tally reads of a result: whose it is and the mark (None: not certified)."""

    @property
    def pupil_id(self) -> int: ...

    @property
    def value(self) -> Value: ...


def tally_pupils(outcomes: Iterable[Result]) -> Tally:
    """Each pupil once, by all their results among `outcomes`."""
    found = _pupil_tallies(Counter((0, o.pupil_id, o.value) for o in outcomes))
    return found.get(0, Tally())


def _pupil_tallies(counts: Mapping[tuple[int, int, Value], int]) -> dict[int, Tally]:
    """counts: how many of each mark a pupil has within a group (a class); each pupil once in
    their group's tally."""
    by_pupil: dict[tuple[int, int], dict[Value, int]] = defaultdict(dict)
    for (group, pupil, value), n in counts.items():
        by_pupil[group, pupil][value] = n
    categories: dict[int, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    sums: dict[int, list[int]] = defaultdict(lambda: [0, 0, 0])  # pupils, mark sum, marks
    for (group, _), values in by_pupil.items():
        categories[group][pupil_category(values)] += 1
        found = sums[group]
        found[0] += 1
        for value, n in values.items():
            if value is not None:
                found[1] += value * n
                found[2] += n
    return {
        group: Tally(total=total, mark_sum=mark_sum, marks=marks, **categories[group])
        for group, (total, mark_sum, marks) in sums.items()
    }


_BY_VALUE = {5: "excellent", 4: "good", 3: "threes", 2: "failing", None: "not_certified"}


def tally_results(outcomes: Iterable[Result]) -> Tally:
    """Each pupil's result in a subject once: 5, 4, 3, 2 or not certified."""
    return _result_tallies(Counter((0, o.value) for o in outcomes)).get(0, Tally())


def _result_tallies(counts: Mapping[tuple[int, Value], int]) -> dict[int, Tally]:
    """counts: how many of each mark within a group (a subject, a teacher)."""
    by_group: dict[int, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    sums: dict[int, list[int]] = defaultdict(lambda: [0, 0, 0])  # results, mark sum, marks
    for (group, value), n in counts.items():
        by_group[group][_BY_VALUE[value]] += n
        found = sums[group]
        found[0] += n
        if value is not None:
            found[1] += value * n
            found[2] += n
    return {
        group: Tally(total=total, mark_sum=mark_sum, marks=marks, **by_group[group])
        for group, (total, mark_sum, marks) in sums.items()
    }


@dataclass(frozen=True)
class ResultRow:
    title: str
    tally: Tally
    previous: Tally | None

    def change(self, measure: Callable[[Tally], float | None]) -> float | None:
        if self.previous is None:
            return None
        now, before = measure(self.tally), measure(self.previous)
        return now - before if now is not None and before is not None else None

    @property
    def quality_change(self) -> float | None:
        return self.change(lambda t: t.quality)

    @property
    def success_change(self) -> float | None:
        return self.change(lambda t: t.success)


@dataclass(frozen=True)
class ResultsReport:
    school_name: str
    scope_title: str
    period: PeriodBrief
    previous: PeriodBrief | None
    forecast: bool  # some results are forecasts: final marks are not all set yet
    total: ResultRow
    by_class: tuple[ResultRow, ...]
    by_subject: tuple[ResultRow, ...]
    by_teacher: tuple[ResultRow, ...]


@dataclass(frozen=True)
class _Tallies:
    """A period's tallies by class, subject and teacher, from one pass over its results."""

    by_class: dict[int, Tally]
    by_subject: dict[int, Tally]
    by_teacher: dict[int, Tally]

    @property
    def total(self) -> Tally:
        # Each pupil is in one class: the school's pupils are the sum of its classes'.
        return sum(self.by_class.values(), Tally())


def _tallies(outcomes: Outcomes) -> _Tallies:
    # Counted at C speed, a Counter over zipped columns: a school's quarter is 60,000 results.
    counted = outcomes.counted
    values = [o.value for o in counted]

    def column(name: str) -> Iterable[int]:
        return map(attrgetter(name), counted)

    return _Tallies(
        by_class=_pupil_tallies(
            Counter(zip(column("load.class_id"), column("pupil_id"), values, strict=True))
        ),
        by_subject=_result_tallies(Counter(zip(column("load.subject_id"), values, strict=True))),
        by_teacher=_result_tallies(Counter(zip(column("load.teacher_id"), values, strict=True))),
    )


def _rows(
    now: dict[int, Tally],
    before: dict[int, Tally] | None,
    title: Callable[[int], str],
    order: Callable[[int], tuple[object, ...]],
) -> tuple[ResultRow, ...]:
    earlier = before or {}
    return tuple(ResultRow(title(k), now[k], earlier.get(k)) for k in sorted(now, key=order))


async def results_report(
    ctx: Ctx, actor: Actor, period_id: int | None = None, class_id: int | None = None
) -> ResultsReport:
    scope = await report_scope(ctx, actor, period_id, class_id)
    return await results_of_scope(ctx, scope)


async def results_of_scope(ctx: Ctx, scope: ReportScope) -> ResultsReport:
    previous = scope.previous
    now, *earlier = await periods_outcomes(
        ctx, scope, [scope.period, previous] if previous else [scope.period]
    )
    with gc_paused():
        now_tallies = _tallies(now)
        before = _tallies(earlier[0]) if earlier else None
    subjects, teachers = scope.subjects, scope.teachers
    total_before = before.total if before and before.by_class else None
    return ResultsReport(
        school_name=scope.school_name,
        scope_title=scope.title,
        period=scope.period.brief,
        previous=previous.brief if previous else None,
        forecast=any(not o.from_final for o in now.counted),
        total=ResultRow("Итого", now_tallies.total, total_before),
        by_class=_rows(
            now_tallies.by_class,
            before.by_class if before else None,
            scope.class_title,
            scope.sort_key,
        ),
        by_subject=_rows(
            now_tallies.by_subject,
            before.by_subject if before else None,
            lambda k: subjects.get(k, "?"),
            lambda k: (subjects.get(k, ""),),
        ),
        by_teacher=_rows(
            now_tallies.by_teacher,
            before.by_teacher if before else None,
            lambda k: teachers.get(k, "?"),
            lambda k: (teachers.get(k, ""),),
        ),
    )
