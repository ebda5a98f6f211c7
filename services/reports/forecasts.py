"""Forecasts for the period's end per class (001 §2.7; 002 §13.1 "прогнозирование проблемных
ситуаций"): who, with the marks so far, would get a 2, and who, at the pace their marks come,
will have too few for a final by the end (001 §5.2) and so is at risk of not being certified.
Finals already set are facts, not forecasts, and are left out."""

from dataclasses import dataclass
from typing import NamedTuple

from services.context import Ctx
from services.people.actor import Actor
from services.reports.gc_pause import gc_paused
from services.reports.outcomes import Outcomes, period_outcomes
from services.reports.scope import ReportScope, report_scope
from services.views import PeriodBrief

FAILING = "failing"
SHORT = "short"


class Risk(NamedTuple):
    """A named tuple, as an Outcome: a school's forecast may list tens of thousands."""

    pupil: str
    subject: str
    teacher: str
    kind: str  # FAILING or SHORT
    average: float | None
    marks: int
    required: int


@dataclass(frozen=True)
class ClassRisks:
    class_id: int
    class_title: str
    pupils: int  # on the class list
    risks: tuple[Risk, ...]

    def count(self, kind: str) -> int:
        return len({r.pupil for r in self.risks if r.kind == kind})


@dataclass(frozen=True)
class ForecastReport:
    school_name: str
    scope_title: str
    period: PeriodBrief
    classes: tuple[ClassRisks, ...]

    @property
    def risks(self) -> int:
        return sum(len(c.risks) for c in self.classes)


async def forecast_report(
    ctx: Ctx, actor: Actor, period_id: int | None = None, class_id: int | None = None
) -> ForecastReport:
    scope = await report_scope(ctx, actor, period_id, class_id)
    outcomes = await period_outcomes(ctx, scope, scope.period)
    brief = scope.period.brief
    today = scope.calendar.today(ctx.now)
    length = (brief.ends_on - brief.starts_on).days + 1
    elapsed = max(1, min(length, (today - brief.starts_on).days + 1))
    with gc_paused():
        classes = _class_risks(scope, outcomes, length, elapsed)
    return ForecastReport(scope.school_name, scope.title, scope.period.brief, classes)


def _class_risks(
    scope: ReportScope, outcomes: Outcomes, length: int, elapsed: int
) -> tuple[ClassRisks, ...]:
    by_class: dict[int, list[Risk]] = {c: [] for c in {o.load.class_id for o in outcomes.rows}}
    for o in outcomes.counted:
        if o.from_final:
            continue
        # At the pace so far, will the marks reach the number a final needs by the end?
        if o.marks * length / elapsed < o.required:
            kind = SHORT
        elif o.value == 2:
            kind = FAILING
        else:
            continue
        by_class[o.load.class_id].append(
            Risk(
                outcomes.pupils[o.pupil_id].full_name,
                scope.subjects.get(o.load.subject_id, "?"),
                scope.teachers.get(o.load.teacher_id, ""),
                kind,
                o.average,
                o.marks,
                o.required,
            )
        )
    sizes: dict[int, int] = {}
    for p in outcomes.pupils.values():
        sizes[p.class_id] = sizes.get(p.class_id, 0) + 1
    return tuple(
        ClassRisks(
            c,
            scope.class_title(c),
            sizes.get(c, 0),
            tuple(sorted(risks, key=lambda r: (r.pupil, r.subject))),
        )
        for c, risks in sorted(by_class.items(), key=lambda item: scope.sort_key(item[0]))
    )
