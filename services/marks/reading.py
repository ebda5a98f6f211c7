"""A pupil's marks: the latest, a period's with averages and forecasts, and final marks."""

from sqlalchemy import bindparam, select

from db.models import FinalMark, Mark, Period, Subject, TeachingAssignment, WorkType
from services import events
from services.context import Ctx
from services.marks.grading import forecast, min_marks_required
from services.people.access import PupilScope, pupil_scope
from services.people.actor import Actor
from services.schedule.periods import school_calendar
from services.scoped_queries import AnyRow, ScopedQuery, any_of, whole_class_or_subgroup_of_pupil
from services.views import (
    FinalMarkView,
    MarkView,
    PeriodBrief,
    PeriodMarks,
    PupilBrief,
    SubjectMarks,
)

MAX_RECENT = 50

_MARKS = (
    select(
        Mark.id,
        Mark.lesson_date,
        Mark.subject_id,
        Subject.name,
        Mark.value,
        WorkType.name,
        WorkType.short_name,
        Mark.weight,
        Mark.comment,
        Mark.created_at,
    )
    .join(Subject, Subject.id == Mark.subject_id)
    .join(WorkType, WorkType.id == Mark.work_type_id)
    .where(Mark.pupil_id == bindparam("pupil_id"), Mark.is_deleted.is_(False))
)
_RECENT = ScopedQuery.of(
    _MARKS.order_by(Mark.created_at.desc(), Mark.id.desc()).limit(bindparam("limit")),
    Mark.subject_id,
)
_IN_PERIOD = ScopedQuery.of(
    _MARKS.where(Mark.lesson_date.between(bindparam("starts"), bindparam("ends"))).order_by(
        Mark.lesson_date, Mark.id
    ),
    Mark.subject_id,
)
# The subjects the pupil studies (for a subject taught in groups, their own group's load)
# with the hours a week and the final mark of the period, if set.
_LOAD = ScopedQuery.of(
    select(
        TeachingAssignment.subject_id,
        Subject.name,
        TeachingAssignment.hours_per_week,
        FinalMark.value,
    )
    .join(Subject, Subject.id == TeachingAssignment.subject_id)
    .outerjoin(
        FinalMark,
        (FinalMark.pupil_id == bindparam("pupil_id"))
        & (FinalMark.subject_id == TeachingAssignment.subject_id)
        & (FinalMark.period_id == bindparam("period_id")),
    )
    .where(
        TeachingAssignment.class_id == bindparam("class_id"),
        whole_class_or_subgroup_of_pupil(TeachingAssignment.subgroup_id),
    ),
    TeachingAssignment.subject_id,
)
_FINALS_OF = select(FinalMark.subject_id, FinalMark.value).where(
    FinalMark.pupil_id == bindparam("pupil_id"),
    FinalMark.period_id == bindparam("period_id"),
    any_of(FinalMark.subject_id, "subject_ids"),
)
_FINALS_OF_YEAR = ScopedQuery.of(
    select(
        Period.id,
        Period.name,
        Period.starts_on,
        Period.ends_on,
        FinalMark.subject_id,
        Subject.name,
        FinalMark.value,
    )
    .join(Period, Period.id == FinalMark.period_id)
    .join(Subject, Subject.id == FinalMark.subject_id)
    .where(FinalMark.pupil_id == bindparam("pupil_id"), Period.year_id == bindparam("year_id")),
    FinalMark.subject_id,
)


def pupil_brief(scope: PupilScope) -> PupilBrief:
    return PupilBrief(
        id=scope.pupil.id,
        full_name=scope.pupil.full_name,
        first_name=scope.pupil.first_name,
        class_id=scope.school_class.id,
        class_title=scope.school_class.title,
        gender=scope.pupil.gender,
    )


async def recent_marks(ctx: Ctx, actor: Actor, pupil_id: int, limit: int = 10) -> list[MarkView]:
    scope = await pupil_scope(ctx, actor, pupil_id)
    events.staff_read(ctx, actor, pupil_id, "recent_marks")
    limit = max(1, min(limit, MAX_RECENT))
    found = await _RECENT.rows(ctx, scope.subject_ids, pupil_id=pupil_id, limit=limit)
    return [MarkView(*row) for row in found]


def _subject_marks(
    subject_id: int, name: str, hours: int, rule: str, marks: list[MarkView], final: str | None
) -> SubjectMarks:
    required = min_marks_required(rule, hours)
    return SubjectMarks(
        subject_id=subject_id,
        subject=name,
        marks=tuple(marks),
        forecast=forecast([(m.value, m.weight) for m in marks], required),
        final_mark=final,
    )


async def period_marks(
    ctx: Ctx, actor: Actor, pupil_id: int, period_id: int | None = None
) -> PeriodMarks:
    """Every subject the pupil studies, with the period's marks, weighted average, forecast
    (the minimum number of marks from the school's rule and the subject's hours) and final."""
    scope = await pupil_scope(ctx, actor, pupil_id)
    calendar = await school_calendar(ctx, actor.school_id, scope.school_class.year_id)
    period = calendar.resolve(period_id, ctx.now)
    brief = pupil_brief(scope)
    if scope.school_class.grade in calendar.unmarked_grades:
        return PeriodMarks(brief, period, ())
    load: dict[int, tuple[str, int, str | None]] = {}
    for subject_id, name, hours, final in await _LOAD.rows(
        ctx,
        scope.subject_ids,
        pupil_id=pupil_id,
        period_id=period.id,
        class_id=scope.school_class.id,
    ):
        # Two assignments of one subject (rare): the larger load sets the rule.
        if subject_id not in load or hours > load[subject_id][1]:
            load[subject_id] = (name, hours, final)
    marks: dict[int, list[MarkView]] = {}
    for row in await _IN_PERIOD.rows(
        ctx, scope.subject_ids, pupil_id=pupil_id, starts=period.starts_on, ends=period.ends_on
    ):
        view = MarkView(*row)
        marks.setdefault(view.subject_id, []).append(view)
    load.update(await _outside_load(ctx, pupil_id, period.id, marks, load))
    subjects = tuple(
        _subject_marks(sid, name, hours, calendar.min_marks_rule, marks.get(sid, []), final)
        for sid, (name, hours, final) in sorted(load.items(), key=lambda i: (i[1][0], i[0]))
    )
    return PeriodMarks(brief, period, subjects)


async def _outside_load(
    ctx: Ctx,
    pupil_id: int,
    period_id: int,
    marks: dict[int, list[MarkView]],
    load: dict[int, tuple[str, int, str | None]],
) -> dict[int, tuple[str, int, str | None]]:
    """Marks of a subject no longer in the pupil's load (moved class or group) still count."""
    extra = {sid: views[0].subject for sid, views in marks.items() if sid not in load}
    if not extra:
        return {}
    result = await ctx.session.execute(
        _FINALS_OF, {"pupil_id": pupil_id, "period_id": period_id, "subject_ids": list(extra)}
    )
    finals: dict[int, str] = {r[0]: r[1] for r in result.all()}
    return {sid: (name, 0, finals.get(sid)) for sid, name in extra.items()}


def _final_view(r: AnyRow) -> FinalMarkView:
    return FinalMarkView(PeriodBrief(r[0], r[1], r[2], r[3]), r[4], r[5], r[6])


async def final_marks(ctx: Ctx, actor: Actor, pupil_id: int) -> list[FinalMarkView]:
    """The final marks of the pupil's current school year, in the order the periods close."""
    scope = await pupil_scope(ctx, actor, pupil_id)
    events.staff_read(ctx, actor, pupil_id, "final_marks")
    found = await _FINALS_OF_YEAR.rows(
        ctx, scope.subject_ids, pupil_id=pupil_id, year_id=scope.school_class.year_id
    )
    rows = sorted(found, key=lambda r: (r[3], -r[2].toordinal(), r[5]))
    return [_final_view(r) for r in rows]
