"""What the charts show (services.documents.charts draws them): a pupil's average per subject
beside the median of the class, for the pupil and their guardians; a class's quality and
success over the periods of the year, for the class teacher and the administration."""

import statistics
from collections import defaultdict
from dataclasses import dataclass

from sqlalchemy import func, select

from db.enums import PeriodKind
from db.models import Enrollment, Mark, Subject, TeachingAssignment
from services.context import Ctx
from services.people.access import pupil_scope
from services.people.actor import Actor
from services.reports.filling import attestation_kinds
from services.reports.outcomes import periods_outcomes
from services.reports.results import tally_pupils
from services.reports.scope import report_scope
from services.schedule.periods import school_calendar
from services.views import PeriodBrief


@dataclass(frozen=True)
class SubjectComparison:
    subject: str
    short: str
    average: float | None  # the pupil's weighted average
    class_median: float | None  # the median of the classmates' averages (the pupil among them)


@dataclass(frozen=True)
class PupilVsClass:
    pupil: str
    first_name: str
    class_title: str
    period: PeriodBrief
    subjects: tuple[SubjectComparison, ...]


async def pupil_vs_class(
    ctx: Ctx, actor: Actor, pupil_id: int, period_id: int | None = None
) -> PupilVsClass:
    seen = await pupil_scope(ctx, actor, pupil_id)
    cls = seen.school_class
    calendar = await school_calendar(ctx, actor.school_id, cls.year_id)
    period = calendar.resolve(period_id, ctx.now)
    classmates = select(Enrollment.pupil_id).where(
        Enrollment.class_id == cls.id, Enrollment.is_active.is_(True)
    )
    sums = await ctx.session.execute(
        select(Mark.pupil_id, Mark.subject_id, func.sum(Mark.value * Mark.weight))
        .add_columns(func.sum(Mark.weight))
        .where(
            Mark.pupil_id.in_(classmates),
            Mark.is_deleted.is_(False),
            Mark.lesson_date.between(period.starts_on, period.ends_on),
        )
        .group_by(Mark.pupil_id, Mark.subject_id)
    )
    averages: dict[int, dict[int, float]] = defaultdict(dict)
    for p, subject_id, weighted, weight in sums:
        if weight:
            averages[subject_id][p] = float(weighted) / float(weight)
    subjects = await ctx.session.execute(
        select(Subject.id, Subject.name, Subject.short_name)
        .join(TeachingAssignment, TeachingAssignment.subject_id == Subject.id)
        .where(TeachingAssignment.class_id == cls.id)
        .distinct()
        .order_by(Subject.name)
    )
    rows = []
    for subject_id, name, short in subjects:
        if not seen.allows_subject(subject_id) or subject_id not in averages:
            continue
        found = averages[subject_id]
        rows.append(
            SubjectComparison(
                name, short or name, found.get(pupil_id), statistics.median(found.values())
            )
        )
    return PupilVsClass(seen.pupil.full_name, seen.pupil.first_name, cls.title, period, tuple(rows))


@dataclass(frozen=True)
class PeriodResult:
    name: str
    quality: float | None
    success: float | None
    pupils: int


@dataclass(frozen=True)
class ClassProgress:
    class_id: int
    class_title: str
    periods: tuple[PeriodResult, ...]


async def class_progress(ctx: Ctx, actor: Actor, class_id: int) -> ClassProgress:
    """Quality and success of the class in each period of the year begun so far, by the
    periods the class is certified in (quarters, or half-years)."""
    scope = await report_scope(ctx, actor, class_id=class_id)
    kinds = await attestation_kinds(ctx, [class_id], scope.period.year_id)
    kind = PeriodKind(kinds.get(class_id, PeriodKind.QUARTER.value))
    today = scope.calendar.today(ctx.now)
    periods = sorted(
        (
            p
            for p in scope.calendar.periods
            if p.year_id == scope.period.year_id and p.kind == kind and p.brief.starts_on <= today
        ),
        key=lambda p: p.brief.starts_on,
    )
    results = []
    for outcomes in await periods_outcomes(ctx, scope, periods):
        tally = tally_pupils(outcomes.counted)
        results.append(
            PeriodResult(outcomes.period.brief.name, tally.quality, tally.success, tally.total)
        )
    return ClassProgress(class_id, scope.class_title(class_id), tuple(results))
