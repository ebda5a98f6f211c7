"""Homework a pupil has to do: the class's, their subgroup's, and what is set for them alone."""

from datetime import date

from sqlalchemy import bindparam, exists, select

from db.models import Homework, HomeworkTarget, Lesson, Subject
from services.access import pupil_scope
from services.actor import Actor
from services.context import Ctx
from services.scoped_queries import ScopedQuery, any_of
from services.views import HomeworkView

_AIMED_AT_PUPIL = exists().where(
    HomeworkTarget.homework_id == Homework.id, HomeworkTarget.pupil_id == bindparam("pupil_id")
)
_HOMEWORK = ScopedQuery.of(
    select(
        Homework.id,
        Homework.due_date,
        Homework.subject_id,
        Subject.name,
        Homework.text,
        Homework.is_individual,
        Homework.attachment_kind,
        Homework.attachment_ref,
        Lesson.date,
        Lesson.number,
    )
    .join(Subject, Subject.id == Homework.subject_id)
    .join(Lesson, Lesson.id == Homework.lesson_id)
    .where(
        Homework.class_id == bindparam("class_id"),
        Homework.due_date.between(bindparam("start"), bindparam("end")),
        Homework.subgroup_id.is_(None) | any_of(Homework.subgroup_id, "subgroup_ids"),
        Homework.is_individual.is_(False) | _AIMED_AT_PUPIL,
    ),
    Homework.subject_id,
)


async def homework_for(
    ctx: Ctx, actor: Actor, pupil_id: int, start: date, end: date
) -> list[HomeworkView]:
    """Homework due within [start, end], by due date and then in the order it was set."""
    scope = await pupil_scope(ctx, actor, pupil_id)
    if end < start:
        return []
    found = await _HOMEWORK.rows(
        ctx,
        scope.subject_ids,
        pupil_id=pupil_id,
        class_id=scope.school_class.id,
        start=start,
        end=end,
        subgroup_ids=list(scope.subgroup_ids),
    )
    rows = sorted(found, key=lambda r: (r[1], r[8], r[9], r[0]))
    return [HomeworkView(*r[:9]) for r in rows]
