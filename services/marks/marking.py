"""Putting, changing and removing marks (001 §4.4.4), each change kept in the mark's history."""

from sqlalchemy import select

from db.enums import ChangeAction
from db.models import Lesson, Mark, MarkChange, Person, WorkType
from services import events
from services.context import Ctx
from services.errors import AccessDenied, NotFound, RuleViolation
from services.lessons.write_rules import (
    mark_held,
    require_marked_grade,
    require_not_cancelled,
    require_started,
)
from services.people.access import (
    lesson_for_writing,
    lesson_in_school,
    pupil_scope,
    pupils_of_lesson,
)
from services.people.actor import Actor
from services.plain_text import shown_text
from services.serial import lock_row
from services.write_views import MarkChangeView

MARK_VALUES = range(1, 6)
COMMENT_LIMIT = 500
MARK_NOT_FOUND = "Отметка не найдена: возможно, её уже удалили."


def encode_mark(value: int, work_type: WorkType) -> str:
    return f"{value} ({work_type.short_name})"


def _check_value(value: object) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value not in MARK_VALUES:
        raise RuleViolation("Отметка — целое число от 1 до 5.")
    return value


def _check_comment(comment: str) -> str:
    cleaned = shown_text(comment).strip()
    if len(cleaned) > COMMENT_LIMIT:
        raise RuleViolation(f"Комментарий к отметке — не длиннее {COMMENT_LIMIT} символов.")
    return cleaned


async def _work_type(ctx: Ctx, school_id: int, code: str) -> WorkType:
    if not (code or "").strip():
        raise RuleViolation("Укажите вид работы: отметка ставится только с ним.")
    work_type = await ctx.session.scalar(
        select(WorkType).where(WorkType.school_id == school_id, WorkType.code == code.strip())
    )
    if work_type is None:
        raise RuleViolation(f"Вида работы «{code}» нет в этой школе.")
    return work_type


def _payload(mark: Mark, work_type: WorkType) -> dict[str, object]:
    return {
        "mark_id": mark.id,
        "pupil_id": mark.pupil_id,
        "lesson_id": mark.lesson_id,
        "subject_id": mark.subject_id,
        "value": mark.value,
        "work_type": work_type.code,
        "lesson_date": mark.lesson_date.isoformat(),
        "author_id": mark.author_id,
    }


async def record_mark(
    ctx: Ctx,
    actor: Actor,
    lesson_id: int,
    pupil_id: int,
    value: int,
    work_type: str,
    comment: str = "",
) -> int:
    lesson = await lesson_for_writing(ctx, actor, lesson_id)
    require_not_cancelled(lesson)
    await require_marked_grade(ctx, lesson, "отметки не ставятся")
    await require_started(ctx, lesson, "отметки")
    value = _check_value(value)
    comment = _check_comment(comment)
    kind = await _work_type(ctx, actor.school_id, work_type)
    if pupil_id not in {p.id for p in await pupils_of_lesson(ctx, lesson)}:
        raise RuleViolation("Этот ученик не занимается на этом уроке.")
    mark = Mark(
        lesson_id=lesson.id,
        pupil_id=pupil_id,
        subject_id=lesson.subject_id,
        lesson_date=lesson.date,
        value=value,
        work_type_id=kind.id,
        weight=kind.weight,
        comment=comment,
        author_id=actor.person_id,
        created_at=ctx.now,
        updated_at=ctx.now,
    )
    ctx.session.add(mark)
    mark_held(lesson)
    await ctx.session.flush()
    ctx.session.add(
        MarkChange(
            mark_id=mark.id,
            action=ChangeAction.CREATED,
            changed_by=actor.person_id,
            changed_at=ctx.now,
            old_value=None,
            new_value=encode_mark(value, kind),
        )
    )
    events.emit(ctx, actor.school_id, events.MARK_RECORDED, _payload(mark, kind))
    events.audit(ctx, actor, "mark.recorded", pupil_id, mark_id=mark.id, value=value)
    return mark.id


async def _mark_for_editing(ctx: Ctx, actor: Actor, mark_id: int) -> tuple[Mark, Lesson]:
    # Locked until the commit, and read as last committed: the same mark saved from two chats
    # at once is changed one after the other, each change's "old value" the true one.
    await lock_row(ctx, Mark, mark_id)
    mark = await ctx.session.get(Mark, mark_id, populate_existing=True)
    if mark is None or mark.is_deleted:
        raise NotFound(MARK_NOT_FOUND)
    try:
        lesson = await lesson_in_school(ctx, actor, mark.lesson_id)
    except NotFound:
        raise NotFound(MARK_NOT_FOUND) from None
    if actor.person_id not in (mark.author_id, lesson.acting_teacher_id):
        raise AccessDenied(
            "Исправить или удалить отметку может только поставивший её учитель "
            "или учитель, который ведёт этот урок."
        )
    return mark, lesson


async def change_mark(
    ctx: Ctx,
    actor: Actor,
    mark_id: int,
    *,
    value: int | None = None,
    work_type: str | None = None,
    comment: str | None = None,
) -> None:
    mark, _lesson = await _mark_for_editing(ctx, actor, mark_id)
    old_kind = await ctx.session.get(WorkType, mark.work_type_id)
    assert old_kind is not None
    new_value = mark.value if value is None else _check_value(value)
    new_kind = old_kind if work_type is None else await _work_type(ctx, actor.school_id, work_type)
    new_comment = mark.comment if comment is None else _check_comment(comment)
    if (new_value, new_kind.id, new_comment) == (mark.value, old_kind.id, mark.comment):
        return
    old_value = mark.value
    mark.value, mark.work_type_id, mark.weight = new_value, new_kind.id, new_kind.weight
    mark.comment, mark.updated_at = new_comment, ctx.now
    ctx.session.add(
        MarkChange(
            mark_id=mark.id,
            action=ChangeAction.UPDATED,
            changed_by=actor.person_id,
            changed_at=ctx.now,
            old_value=encode_mark(old_value, old_kind),
            new_value=encode_mark(new_value, new_kind),
        )
    )
    payload = _payload(mark, new_kind) | {
        "old_value": old_value,
        "old_work_type": old_kind.code,
        "changed_by": actor.person_id,
    }
    events.emit(ctx, actor.school_id, events.MARK_CHANGED, payload)
    events.audit(
        ctx, actor, "mark.changed", mark.pupil_id, mark_id=mark.id, old=old_value, new=new_value
    )


async def delete_mark(ctx: Ctx, actor: Actor, mark_id: int) -> None:
    mark, _lesson = await _mark_for_editing(ctx, actor, mark_id)
    kind = await ctx.session.get(WorkType, mark.work_type_id)
    assert kind is not None
    mark.is_deleted, mark.updated_at = True, ctx.now
    ctx.session.add(
        MarkChange(
            mark_id=mark.id,
            action=ChangeAction.DELETED,
            changed_by=actor.person_id,
            changed_at=ctx.now,
            old_value=encode_mark(mark.value, kind),
            new_value=None,
        )
    )
    payload = _payload(mark, kind) | {"deleted_by": actor.person_id}
    events.emit(ctx, actor.school_id, events.MARK_DELETED, payload)
    events.audit(ctx, actor, "mark.deleted", mark.pupil_id, mark_id=mark.id, old=mark.value)


async def _corrects(ctx: Ctx, actor: Actor, mark: Mark) -> bool:
    """Put the mark, or gives its lesson (a substitute teacher among them)."""
    if actor.person_id == mark.author_id:
        return True
    lesson = await ctx.session.get(Lesson, mark.lesson_id)
    return lesson is not None and lesson.acting_teacher_id == actor.person_id


async def mark_history(ctx: Ctx, actor: Actor, mark_id: int) -> list[MarkChangeView]:
    """The mark's changes, oldest first: for those who may read the pupil's marks in its
    subject, and for those who may correct it (shown when they do)."""
    mark = await ctx.session.get(Mark, mark_id)
    if mark is None:
        raise NotFound(MARK_NOT_FOUND)
    if not await _corrects(ctx, actor, mark):
        scope = await pupil_scope(ctx, actor, mark.pupil_id)
        if not scope.allows_subject(mark.subject_id):
            raise AccessDenied("Нет доступа к отметкам ученика по этому предмету.")
    rows = await ctx.session.execute(
        select(MarkChange, Person)
        .join(Person, Person.id == MarkChange.changed_by)
        .where(MarkChange.mark_id == mark_id)
        .order_by(MarkChange.changed_at, MarkChange.id)
    )
    return [
        MarkChangeView(c.action, p.full_name, c.changed_at, c.old_value, c.new_value)
        for c, p in rows.all()
    ]
