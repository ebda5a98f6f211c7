"""Homework a pupil has to do: the class's, their subgroup's, and what is set for them alone."""

from collections import defaultdict
from dataclasses import replace
from datetime import date

from sqlalchemy import bindparam, exists, select

from db.models import Homework, HomeworkAttachment, HomeworkTarget, Lesson, Subject
from services.context import Ctx
from services.errors import NotFound
from services.people.access import PupilScope, pupil_scope
from services.people.actor import Actor
from services.scoped_queries import ScopedQuery, whole_class_or_subgroup_of_pupil
from services.views import HomeworkFile, HomeworkFileBrief, HomeworkView

NO_FILE = "Файл не найден: возможно, задание изменили. Откройте домашнее задание заново."

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
        Lesson.date,
        Lesson.number,
        exists().where(HomeworkAttachment.homework_id == Homework.id),
    )
    .join(Subject, Subject.id == Homework.subject_id)
    .join(Lesson, Lesson.id == Homework.lesson_id)
    .where(
        Homework.class_id == bindparam("class_id"),
        Homework.due_date.between(bindparam("start"), bindparam("end")),
        whole_class_or_subgroup_of_pupil(Homework.subgroup_id),
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
    )
    rows = sorted(found, key=lambda r: (r[1], r[6], r[7], r[0]))
    views = [HomeworkView(*r[:7]) for r in rows]
    # The files' own query only when there are some: most homework has none.
    files = await _file_briefs(ctx, [r[0] for r in rows if r[8]])
    return [replace(v, files=tuple(files[v.id])) if v.id in files else v for v in views]


async def _file_briefs(ctx: Ctx, homework_ids: list[int]) -> dict[int, list[HomeworkFileBrief]]:
    found: dict[int, list[HomeworkFileBrief]] = defaultdict(list)
    if not homework_ids:
        return found
    rows = await ctx.session.execute(
        select(
            HomeworkAttachment.homework_id,
            HomeworkAttachment.id,
            HomeworkAttachment.kind,
            HomeworkAttachment.filename,
            HomeworkAttachment.size,
        )
        .where(HomeworkAttachment.homework_id.in_(homework_ids))
        .order_by(HomeworkAttachment.id)
    )
    for homework_id, file_id, kind, filename, size in rows:
        found[homework_id].append(HomeworkFileBrief(file_id, kind, filename, size))
    return found


async def _aimed_at(ctx: Ctx, homework_id: int, pupil_id: int) -> bool:
    target = await ctx.session.scalar(
        select(HomeworkTarget.id).where(
            HomeworkTarget.homework_id == homework_id, HomeworkTarget.pupil_id == pupil_id
        )
    )
    return target is not None


def _in_scope(scope: PupilScope, homework: Homework) -> bool:
    return (
        homework.class_id == scope.school_class.id
        and (homework.subgroup_id is None or homework.subgroup_id in scope.subgroup_ids)
        and scope.allows_subject(homework.subject_id)
    )


async def homework_file(ctx: Ctx, actor: Actor, pupil_id: int, attachment_id: int) -> HomeworkFile:
    """A file of homework the pupil has to do, checked as homework_for checks the homework:
    a button's ids are never taken on trust."""
    scope = await pupil_scope(ctx, actor, pupil_id)
    found = (
        await ctx.session.execute(
            select(HomeworkAttachment, Homework, Subject.name)
            .join(Homework, Homework.id == HomeworkAttachment.homework_id)
            .join(Subject, Subject.id == Homework.subject_id)
            .where(HomeworkAttachment.id == attachment_id)
        )
    ).one_or_none()
    if found is None:
        raise NotFound(NO_FILE)
    attachment, homework, subject = found
    if not _in_scope(scope, homework) or (
        homework.is_individual and not await _aimed_at(ctx, homework.id, pupil_id)
    ):
        raise NotFound(NO_FILE)  # the same answer as for no file: ids are not probed
    content = await ctx.session.scalar(
        select(HomeworkAttachment.content).where(HomeworkAttachment.id == attachment.id)
    )
    return HomeworkFile(
        attachment.kind, attachment.filename, content or b"", subject, homework.due_date
    )
