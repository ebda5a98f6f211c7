"""Putting a mark: a value, the work type (required, 001 §4.4.4), an optional comment, then
confirmation. The draft lives in the conversation state (handlers.staff.states); record_mark
and change_mark check everything again when it is saved."""

from typing import TypeVar

from handlers.core.io import Reply
from handlers.core.menu import stale
from handlers.core.turn import Turn
from handlers.staff.marks import list_reply, pupil_of, pupil_reply
from handlers.staff.states import MarkComment, MarkConfirm, MarkDraft, MarkFor, WorkChoice
from keyboards import staff_menus
from keyboards.actions.staff import (
    MarkNoComment,
    MarkPupil,
    MarkSave,
    MarkValue,
    MarkWork,
)
from keyboards.menus import button
from keyboards.model import Button, Keyboard
from services.context import Ctx
from services.lessons.teacher_day import lesson_sheet, work_types
from services.marks.marking import MARK_VALUES, change_mark, record_mark
from services.people.actor import Actor
from services.staff_views import LessonSheet, WorkTypeOption
from texts import phrases, staff_formatting, staff_phrases

Draft = TypeVar("Draft", MarkDraft, MarkComment, MarkConfirm)
Pressed = MarkValue | MarkWork | MarkNoComment | MarkSave


def draft_of(turn: Turn, kind: type[Draft], press: Pressed) -> Draft | None:
    """The mark being put, if the chat is building one for this lesson and pupil."""
    draft = turn.state_as(kind)
    if draft is None or (draft.mark.lesson, draft.mark.pupil) != (press.lesson, press.pupil):
        return None
    return draft


def _cancel(lesson: int, pupil: int) -> Button:
    return button(phrases.CANCEL, MarkPupil(lesson=lesson, pupil=pupil))


async def _sheet_and_kinds(
    ctx: Ctx, actor: Actor, lesson_id: int
) -> tuple[LessonSheet, list[WorkTypeOption]]:
    return await lesson_sheet(ctx, actor, lesson_id), await work_types(ctx, actor)


async def pick_value(turn: Turn, press: MarkValue) -> list[Reply]:
    """A value pressed: the work type comes next (a new mark, or the one being corrected)."""
    if press.value not in MARK_VALUES:
        return await stale(turn)
    sheet, kinds = await turn.run(_sheet_and_kinds, press.lesson)
    pupil = pupil_of(sheet, press.pupil)
    if sheet.marks_note or pupil is None:
        return [list_reply(turn, sheet, note=staff_phrases.NOT_IN_LESSON)]
    if not pupil.may_mark:
        return [pupil_reply(turn, sheet, pupil)]
    before = draft_of(turn, MarkDraft, press)
    mark = MarkFor(
        lesson=sheet.lesson.id,
        pupil=pupil.id,
        pupil_name=pupil.full_name,
        correcting=before.mark.correcting if before else None,
    )
    turn.set_state(MarkDraft(mark=mark, value=press.value))
    rows = staff_menus.rows_of(
        [button(k.name, MarkWork(lesson=mark.lesson, pupil=mark.pupil, work=k.id)) for k in kinds],
        2,
    )
    text = f"{pupil.full_name}\n" + staff_phrases.MARK_PICK_WORK.format(value=press.value)
    return [Reply(text, Keyboard.of(*rows, [_cancel(mark.lesson, mark.pupil)]), edit=turn.pressed)]


async def pick_work(turn: Turn, press: MarkWork) -> list[Reply]:
    draft = draft_of(turn, MarkDraft, press)
    if draft is None or draft.value is None:
        return await _lost(turn, press)
    kinds = await turn.run(work_types)
    kind = next((k for k in kinds if k.id == press.work), None)
    if kind is None:
        return await stale(turn)
    work = WorkChoice(code=kind.code, short_name=kind.short_name)
    turn.set_state(MarkComment(mark=draft.mark, value=draft.value, work=work))
    lesson, pupil = press.lesson, press.pupil
    rows = [[button(staff_phrases.MARK_NO_COMMENT, MarkNoComment(lesson=lesson, pupil=pupil))]]
    correcting = draft.mark.correcting
    if correcting is not None and correcting.comment:
        keep = MarkNoComment(lesson=lesson, pupil=pupil, keep=True)
        rows.append([button(staff_phrases.MARK_KEEP_COMMENT, keep)])
    rows.append([_cancel(lesson, pupil)])
    return [Reply(staff_phrases.MARK_ASK_COMMENT, Keyboard.of(*rows), edit=turn.pressed)]


async def _lost(turn: Turn, press: Pressed) -> list[Reply]:
    sheet = await turn.run(lesson_sheet, press.lesson)
    return [list_reply(turn, sheet, note=staff_phrases.MARK_LOST)]


async def typed_comment(turn: Turn, text: str) -> list[Reply]:
    draft = turn.state_as(MarkComment)
    if draft is None:
        return await stale(turn)
    return await confirm(turn, draft, text)


async def no_comment(turn: Turn, press: MarkNoComment) -> list[Reply]:
    draft = draft_of(turn, MarkComment, press)
    if draft is None:
        return await _lost(turn, press)
    correcting = draft.mark.correcting
    kept = correcting.comment if press.keep and correcting is not None else ""
    return await confirm(turn, draft, kept)


def _shown(draft: MarkComment | MarkConfirm) -> str:
    return f"{draft.value} ({draft.work.short_name})"


async def confirm(turn: Turn, draft: MarkComment, comment: str) -> list[Reply]:
    confirm = MarkConfirm(mark=draft.mark, value=draft.value, work=draft.work, comment=comment)
    turn.set_state(confirm)
    mark, name = _shown(confirm), confirm.mark.pupil_name
    if confirm.mark.correcting is not None:
        was = confirm.mark.correcting.was
        text = staff_phrases.MARK_CONFIRM_EDIT.format(old=was, mark=mark, name=name)
        label = staff_phrases.MARK_SAVE_EDIT
    else:
        text = staff_phrases.MARK_CONFIRM.format(mark=mark, name=name)
        label = staff_phrases.MARK_SAVE
    if comment:
        text += "\n" + staff_phrases.MARK_COMMENT.format(comment=comment)
    lesson, pupil = confirm.mark.lesson, confirm.mark.pupil
    keyboard = Keyboard.of(
        [button(label, MarkSave(lesson=lesson, pupil=pupil)), _cancel(lesson, pupil)]
    )
    return [Reply(text, keyboard, edit=turn.pressed)]


async def _write(ctx: Ctx, actor: Actor, draft: MarkConfirm) -> LessonSheet:
    mark = draft.mark
    if mark.correcting is not None:
        await change_mark(
            ctx,
            actor,
            mark.correcting.mark,
            value=draft.value,
            work_type=draft.work.code,
            comment=draft.comment,
        )
    else:
        await record_mark(
            ctx, actor, mark.lesson, mark.pupil, draft.value, draft.work.code, draft.comment
        )
    return await lesson_sheet(ctx, actor, mark.lesson)


async def save(turn: Turn, press: MarkSave) -> list[Reply]:
    draft = draft_of(turn, MarkConfirm, press)
    if draft is None:
        return await _lost(turn, press)
    sheet = await turn.run(_write, draft)
    turn.clear_state()
    pupil = pupil_of(sheet, press.pupil)
    name = staff_formatting.short(pupil.full_name) if pupil else ""
    done = staff_phrases.MARK_SAVED if draft.mark.correcting is None else staff_phrases.MARK_CHANGED
    return [list_reply(turn, sheet, note=done.format(mark=_shown(draft), name=name))]
