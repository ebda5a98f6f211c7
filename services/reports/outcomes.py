"""Each pupil's result in each subject of a report for one period: the final mark where it is
set, else the forecast from the period's marks (001 §2.7: the journal forecasts), else "not
certified" when the period is over and the marks are too few for a final (001 §5.2); "осв."
where the pupil is exempt from physical education (003 §3.8.1). The results, the forecasts and
the charts count these."""

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property
from typing import NamedTuple

from sqlalchemy import Float, ScalarSelect, cast, func, select

from db.models import Enrollment, FinalMark, Mark, PeExemption, Person, SubgroupMember, Subject
from db.names import full_name
from services.context import Ctx
from services.marks.grading import final_from_average, min_marks_required
from services.reports.gc_pause import gc_paused
from services.reports.scope import Load, ReportScope
from services.schedule.periods import DatedPeriod

EXEMPT = "осв."


class Outcome(NamedTuple):
    """A named tuple rather than a frozen dataclass: a school's quarter is tens of thousands
    of them, and a tuple is made several times faster."""

    pupil_id: int
    load: Load
    value: int | None  # 5..2; None: not certified (too few marks, or "н/а" set)
    exempt: bool
    from_final: bool
    average: float | None
    marks: int
    required: int

    @property
    def certified(self) -> bool:
        return self.value is not None


@dataclass(frozen=True)
class PupilInfo:
    id: int
    full_name: str
    class_id: int


@dataclass(frozen=True)
class Outcomes:
    period: DatedPeriod
    pupils: dict[int, PupilInfo]
    rows: tuple[Outcome, ...]  # exempt ones included, flagged

    @cached_property
    def counted(self) -> list[Outcome]:
        """The rows that count (not exempt); read by every grouping of a report."""
        return [o for o in self.rows if not o.exempt]


async def class_pupils(
    ctx: Ctx, class_ids: list[int]
) -> tuple[dict[int, PupilInfo], dict[int, set[int]]]:
    """The active pupils of the classes, and each one's subgroups."""
    rows = await ctx.session.execute(
        select(
            Person.id, Person.last_name, Person.first_name, Person.middle_name, Enrollment.class_id
        )
        .join(Enrollment, Enrollment.pupil_id == Person.id)
        .where(
            Enrollment.class_id.in_(class_ids),
            Enrollment.is_active.is_(True),
            Person.is_active.is_(True),
        )
        .order_by(Person.last_name, Person.first_name, Person.id)
    )
    pupils = {
        pid: PupilInfo(pid, full_name(last, first, middle), class_id)
        for pid, last, first, middle, class_id in rows.all()
    }
    groups: dict[int, set[int]] = defaultdict(set)
    members = await ctx.session.execute(
        select(SubgroupMember.pupil_id, SubgroupMember.subgroup_id)
        .join(Enrollment, Enrollment.pupil_id == SubgroupMember.pupil_id)
        .where(Enrollment.class_id.in_(class_ids), Enrollment.is_active.is_(True))
    )
    for pupil_id, group_id in members.all():
        groups[pupil_id].add(group_id)
    return pupils, groups


def pupils_by_class(pupils: dict[int, PupilInfo]) -> dict[int, list[int]]:
    found: dict[int, list[int]] = defaultdict(list)
    for p in pupils.values():
        found[p.class_id].append(p.id)
    return found


def pupils_of_load(
    load: Load, by_class: dict[int, list[int]], groups: dict[int, set[int]]
) -> list[int]:
    return [
        p
        for p in by_class.get(load.class_id, ())
        if load.subgroup_id is None or load.subgroup_id in groups.get(p, ())
    ]


async def period_outcomes(ctx: Ctx, scope: ReportScope, period: DatedPeriod) -> Outcomes:
    return (await periods_outcomes(ctx, scope, [period]))[0]


async def periods_outcomes(
    ctx: Ctx, scope: ReportScope, periods: Sequence[DatedPeriod]
) -> list[Outcomes]:
    """The outcomes of several periods of one scope (a report and its comparison, a class's
    year): the pupils, finals and exemptions read once for all of them."""
    # A school's quarter is 60,000 rows read and as many outcomes made, all of them kept.
    with gc_paused():
        return await _read_outcomes(ctx, scope, periods)


async def _read_outcomes(
    ctx: Ctx, scope: ReportScope, periods: Sequence[DatedPeriod]
) -> list[Outcomes]:
    s = ctx.session
    unmarked = scope.rules.unmarked_grades
    loads = [ld for ld in scope.loads if scope.classes[ld.class_id].grade not in unmarked]
    class_ids = sorted({ld.class_id for ld in loads})
    pupils, groups = await class_pupils(ctx, class_ids)
    on_roll = (
        select(Enrollment.pupil_id)
        .where(Enrollment.class_id.in_(class_ids), Enrollment.is_active.is_(True))
        .scalar_subquery()
    )
    subject_ids = sorted({ld.subject_id for ld in loads})
    marks = [await _mark_sums(ctx, on_roll, p) for p in periods]
    index: dict[int, list[int]] = defaultdict(list)
    for i, period in enumerate(periods):
        index[period.brief.id].append(i)
    finals_of = select(
        FinalMark.period_id, FinalMark.pupil_id, FinalMark.subject_id, FinalMark.value
    ).where(FinalMark.pupil_id.in_(on_roll), FinalMark.period_id.in_(list(index)))
    if not set(class_ids) <= scope.whole_classes:
        # Some subjects only (a subject teacher's). Whole classes need no filter, and SQLite
        # would seek the (pupil, subject, period) key once for every triple, twice the time;
        # the finals of a subject without a load here are never looked up.
        finals_of = finals_of.where(FinalMark.subject_id.in_(subject_ids))
    finals: list[dict[tuple[int, int], str]] = [{} for _ in periods]
    for period_id, p, subj, value in await s.execute(finals_of):
        for i in index[period_id]:
            finals[i][(p, subj)] = value
    exempt_pupils: list[set[int]] = [set() for _ in periods]
    for period_id, p in await s.execute(
        select(PeExemption.period_id, PeExemption.pupil_id).where(
            PeExemption.pupil_id.in_(on_roll), PeExemption.period_id.in_(list(index))
        )
    ):
        for i in index[period_id]:
            exempt_pupils[i].add(p)
    exemptible = set(
        (
            await s.scalars(
                select(Subject.id).where(
                    Subject.id.in_(subject_ids), Subject.allows_exemption.is_(True)
                )
            )
        ).all()
    )
    today = scope.calendar.today(ctx.now)
    by_class = pupils_by_class(pupils)
    return [
        _outcomes(
            scope,
            period,
            loads,
            pupils,
            groups,
            by_class,
            marks[i],
            finals[i],
            exempt_pupils[i],
            exemptible,
            ongoing=period.brief.ends_on >= today,
        )
        for i, period in enumerate(periods)
    ]


async def _mark_sums(
    ctx: Ctx, on_roll: ScalarSelect[int], period: DatedPeriod
) -> dict[tuple[int, int], tuple[int, float, float]]:
    """(count, sum of value × weight, sum of weights) of each pupil's marks in each subject of
    the period. Summed in the database from the marks' covering index: a school's quarter is
    a hundred thousand marks. One statement a period: a CASE sorting the marks of several
    periods in one pass costs more than reading each pupil's index entries again."""
    rows = await ctx.session.execute(
        select(
            Mark.pupil_id,
            Mark.subject_id,
            func.count(),
            # As floats on both databases: PostgreSQL would sum a NUMERIC into a Decimal.
            cast(func.sum(Mark.value * Mark.weight), Float),
            cast(func.sum(Mark.weight), Float),
        )
        .where(
            # No filter by subject: SQLite would then seek the index once for every pair; by
            # pupil alone it reads each pupil's entries in one run, already grouped.
            Mark.pupil_id.in_(on_roll),
            Mark.is_deleted.is_(False),
            Mark.lesson_date.between(period.brief.starts_on, period.brief.ends_on),
        )
        .group_by(Mark.pupil_id, Mark.subject_id)
    )
    return {(p, subj): (n, vw or 0.0, w or 0.0) for p, subj, n, vw, w in rows}


def _outcomes(
    scope: ReportScope,
    period: DatedPeriod,
    loads: list[Load],
    pupils: dict[int, PupilInfo],
    groups: dict[int, set[int]],
    by_class: dict[int, list[int]],
    marks: dict[tuple[int, int], tuple[int, float, float]],
    finals: dict[tuple[int, int], str],
    exempt_pupils: set[int],
    exemptible: set[int],
    *,
    ongoing: bool,
) -> Outcomes:
    rows: list[Outcome] = []
    assessed: dict[tuple[int, int], bool] = {}
    no_marks = (0, 0.0, 0.0)
    for load in loads:
        class_id, subject = load.class_id, load.subject_id
        if (class_id, subject) not in assessed:
            # A subject nobody in the class has a mark or a final for is not marked there
            # (ОРКСЭ is pass/fail), or not begun: it is left out rather than counted as "not
            # certified".
            assessed[class_id, subject] = any(
                (p, subject) in marks or (p, subject) in finals for p in by_class.get(class_id, ())
            )
        if not assessed[class_id, subject]:
            continue
        required = min_marks_required(scope.rules.min_marks_rule, load.hours)
        may_be_exempt = subject in exemptible
        for pupil_id in pupils_of_load(load, by_class, groups):
            key = (pupil_id, subject)
            count, weighted, weight = marks.get(key, no_marks)
            average = weighted / weight if weight > 0 else None
            final = finals.get(key)
            if final is None:
                exempt = may_be_exempt and pupil_id in exempt_pupils
                # While the period goes on, the forecast is the mark the average so far would
                # give; once it is over, too few marks leave the pupil not certified.
                value = (
                    final_from_average(average)
                    if average is not None and (ongoing or count >= required) and not exempt
                    else None
                )
                rows.append(Outcome(pupil_id, load, value, exempt, False, average, count, required))
            elif final == EXEMPT:
                rows.append(Outcome(pupil_id, load, None, True, False, average, count, required))
            else:
                value = int(final) if final.isdigit() else None
                rows.append(Outcome(pupil_id, load, value, False, True, average, count, required))
    return Outcomes(period, pupils, tuple(rows))
