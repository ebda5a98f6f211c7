"""Results of a period (001 §2.6, §7.1; 002 §13.1): quality % and success % ("процент
качества, успеваемости") by class, subject and teacher, with the counts behind them and the
change against the previous period: the "analysis by teacher and subject" of 001 §7.

A pupil counts once in a class or the school, by their results in every subject there:
excellent (all 5), good (4 and 5), with one 3, with threes, failing (a 2), not certified
(too few marks, or "н/а"). In a subject's or a teacher's row each pupil's result in that
subject counts once: 5, 4, 3, 2 or not certified. Quality is the share of excellent and good,
success the share of those neither failing nor not certified, both over everyone counted: not
being certified is an academic debt as much as a 2 is."""

from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Protocol

from services.context import Ctx
from services.people.actor import Actor
from services.reports.outcomes import Outcome, Outcomes, periods_outcomes
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


def pupil_category(values: list[int | None]) -> str:
    """A pupil by all their results (never none): one 2 makes them failing, one missing
    certification not certified, else their lowest mark and how many 3s they have."""
    if 2 in values:
        return "failing"
    if None in values:
        return "not_certified"
    lowest = min(v for v in values if v is not None)
    if lowest == 5:
        return "excellent"
    if lowest >= 4:
        return "good"
    return "one_three" if values.count(3) == 1 else "threes"


class Result(Protocol):
    """What a pupil's tally reads of a result: whose it is and the mark (None: not certified)."""

    @property
    def pupil_id(self) -> int: ...

    @property
    def value(self) -> int | None: ...


def tally_pupils(outcomes: Iterable[Result]) -> Tally:
    """Each pupil once, by all their results among `outcomes`."""
    by_pupil: dict[int, list[int | None]] = defaultdict(list)
    for o in outcomes:
        by_pupil[o.pupil_id].append(o.value)
    counts: dict[str, int] = defaultdict(int)
    mark_sum = marks = 0
    for values in by_pupil.values():
        counts[pupil_category(values)] += 1
        numbers = [v for v in values if v is not None]
        mark_sum += sum(numbers)
        marks += len(numbers)
    return Tally(total=len(by_pupil), mark_sum=mark_sum, marks=marks, **counts)


_BY_VALUE = {5: "excellent", 4: "good", 3: "threes", 2: "failing", None: "not_certified"}


def tally_results(outcomes: Iterable[Outcome]) -> Tally:
    """Each pupil's result in a subject once: 5, 4, 3, 2 or not certified."""
    counts: dict[str, int] = defaultdict(int)
    total = mark_sum = marks = 0
    for o in outcomes:
        total += 1
        counts[_BY_VALUE[o.value]] += 1
        if o.value is not None:
            mark_sum, marks = mark_sum + o.value, marks + 1
    return Tally(total=total, mark_sum=mark_sum, marks=marks, **counts)


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


def _grouped(
    scope: ReportScope,
    now: Outcomes,
    before: Outcomes | None,
    key: Callable[[Outcome], int],
    title: Callable[[int], str],
    order: Callable[[int], tuple[object, ...]],
    tally: Callable[[Iterable[Outcome]], Tally],
) -> tuple[ResultRow, ...]:
    groups: dict[int, list[Outcome]] = defaultdict(list)
    for o in now.counted:
        groups[key(o)].append(o)
    earlier: dict[int, list[Outcome]] = defaultdict(list)
    for o in before.counted if before else ():
        earlier[key(o)].append(o)
    return tuple(
        ResultRow(title(k), tally(groups[k]), tally(earlier[k]) if k in earlier else None)
        for k in sorted(groups, key=order)
    )


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
    before = earlier[0] if earlier else None
    subjects, teachers = scope.subjects, scope.teachers

    def rows(
        key: Callable[[Outcome], int],
        title: Callable[[int], str],
        order: Callable[[int], tuple[object, ...]],
        tally: Callable[[Iterable[Outcome]], Tally],
    ) -> tuple[ResultRow, ...]:
        return _grouped(scope, now, before, key, title, order, tally)

    total_before = tally_pupils(before.counted) if before and before.counted else None
    return ResultsReport(
        school_name=scope.school_name,
        scope_title=scope.title,
        period=scope.period.brief,
        previous=previous.brief if previous else None,
        forecast=any(not o.from_final for o in now.counted),
        total=ResultRow("Итого", tally_pupils(now.counted), total_before),
        by_class=rows(lambda o: o.load.class_id, scope.class_title, scope.sort_key, tally_pupils),
        by_subject=rows(
            lambda o: o.load.subject_id,
            lambda k: subjects.get(k, "?"),
            lambda k: (subjects.get(k, ""),),
            tally_results,
        ),
        by_teacher=rows(
            lambda o: o.load.teacher_id,
            lambda k: teachers.get(k, "?"),
            lambda k: (teachers.get(k, ""),),
            tally_results,
        ),
    )
