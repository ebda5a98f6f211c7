"""A class's results for a period: quality % and success % (001 §7, 002 §13.1)."""

from collections import defaultdict

from sqlalchemy import select

from db.models import Enrollment, FinalMark, Mark, Person, SubgroupMember, TeachingAssignment
from db.names import full_name
from services.context import Ctx
from services.errors import AccessDenied
from services.marks.grading import forecast, min_marks_required, quality_and_success
from services.people.access import NO_ACCESS_TO_CLASS, class_scope
from services.people.actor import Actor
from services.schedule.periods import school_calendar
from services.views import ClassResults

EXEMPT = "осв."
NOT_YOUR_SUBJECT = "Нет доступа к результатам по этому предмету в этом классе."


async def class_results(
    ctx: Ctx, actor: Actor, class_id: int, period_id: int, subject_id: int | None = None
) -> ClassResults:
    """Set final marks where they exist, otherwise the forecast, over pupils with enough marks.
    Without a subject a pupil counts by their lowest mark (the usual school reckoning)."""
    scope = await class_scope(ctx, actor, class_id)
    cls = scope.school_class
    if subject_id is not None and not scope_allows(scope.subject_ids, subject_id):
        raise AccessDenied(NOT_YOUR_SUBJECT if scope.subject_ids else NO_ACCESS_TO_CLASS)
    calendar = await school_calendar(ctx, actor.school_id, cls.year_id)
    period = calendar.resolve(period_id, ctx.now)
    s = ctx.session

    on_roll = select(Enrollment.pupil_id).where(
        Enrollment.class_id == class_id, Enrollment.is_active.is_(True)
    )
    pupils = (
        await s.execute(
            select(Person.id, Person.last_name, Person.first_name, Person.middle_name).where(
                Person.id.in_(on_roll)
            )
        )
    ).all()
    groups: dict[int, set[int]] = defaultdict(set)
    for pupil_id, group_id in (
        await s.execute(
            select(SubgroupMember.pupil_id, SubgroupMember.subgroup_id).where(
                SubgroupMember.pupil_id.in_(on_roll)
            )
        )
    ).all():
        groups[pupil_id].add(group_id)
    load = (
        await s.execute(
            select(
                TeachingAssignment.subject_id,
                TeachingAssignment.subgroup_id,
                TeachingAssignment.hours_per_week,
            ).where(TeachingAssignment.class_id == class_id)
        )
    ).all()
    # A subject teacher counts only the pupils they teach (their own subgroup, not the other).
    mine = {(t.subject_id, t.subgroup_id) for t in actor.teaching if t.class_id == class_id}

    def hours(pupil_id: int, subj: int) -> int | None:
        best = None
        for a_subject, a_group, a_hours in load:
            if a_subject != subj or (a_group is not None and a_group not in groups[pupil_id]):
                continue
            if scope.subject_ids is not None and (subj, a_group) not in mine:
                continue
            best = max(best or 0, a_hours)
        return best

    subjects = {a[0] for a in load if subject_id in (None, a[0])}
    if scope.subject_ids is not None:
        subjects &= scope.subject_ids
    marks: dict[tuple[int, int], list[tuple[int, float]]] = defaultdict(list)
    for pupil_id, subj, value, weight in (
        await s.execute(
            select(Mark.pupil_id, Mark.subject_id, Mark.value, Mark.weight).where(
                Mark.pupil_id.in_(on_roll),
                Mark.subject_id.in_(subjects),
                Mark.is_deleted.is_(False),
                Mark.lesson_date.between(period.starts_on, period.ends_on),
            )
        )
    ).all():
        marks[(pupil_id, subj)].append((value, weight))
    finals = {
        (p, subj): value
        for p, subj, value in (
            await s.execute(
                select(FinalMark.pupil_id, FinalMark.subject_id, FinalMark.value).where(
                    FinalMark.pupil_id.in_(on_roll),
                    FinalMark.subject_id.in_(subjects),
                    FinalMark.period_id == period.id,
                )
            )
        ).all()
    }

    counted: list[int] = []
    not_certifiable: list[str] = []
    for pupil_id, last, first, middle in sorted(pupils, key=lambda r: (r[1], r[2], r[0])):
        results: list[int] = []
        short = False
        for subj in sorted(subjects):
            h = hours(pupil_id, subj)
            if h is None:
                continue
            final = finals.get((pupil_id, subj))
            if final is not None:
                if final.isdigit():
                    results.append(int(final))
                elif final != EXEMPT:
                    short = True
                continue
            required = min_marks_required(calendar.min_marks_rule, h)
            f = forecast(marks[(pupil_id, subj)], required)
            if f.enough_marks and f.predicted is not None:
                results.append(f.predicted)
            else:
                short = True
        if short:
            not_certifiable.append(full_name(last, first, middle))
        elif results:
            counted.append(min(results))
    quality, success = quality_and_success(counted)
    return ClassResults(
        class_id=class_id,
        class_title=cls.title,
        period=period,
        subject_id=subject_id,
        quality_percent=quality,
        success_percent=success,
        pupils_counted=len(counted),
        not_certifiable=tuple(not_certifiable),
    )


def scope_allows(subject_ids: frozenset[int] | None, subject_id: int) -> bool:
    return subject_ids is None or subject_id in subject_ids
