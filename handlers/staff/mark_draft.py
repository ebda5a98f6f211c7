"""Putting a mark: a value, the work type (required, 001 §4.4.4), an optional comment, then
confirmation. The draft lives in the conversation state; record_mark and change_mark check
everything again when it is saved."""

from typing import Any

from handlers.core.io import Reply
from handlers.core.menu import stale
from handlers.core.turn import Turn
from handlers.staff import states
from handlers.staff.marks import list_reply, pupil_of, pupil_reply
from keyboards import staff_menus
from keyboards.model import Keyboard
from keyboards.payloads import Action, Payload
from services.context import Ctx
from services.lessons.teacher_day import lesson_sheet, work_types
from services.marks.marking import MARK_VALUES, change_mark, record_mark
from services.people.actor import Actor
from services.staff_views import LessonSheet, WorkTypeOption
from texts import phrases, staff_formatting, staff_phrases

Draft = dict[str, Any]


def draft_of(turn: Turn, names: tuple[str, ...], payload: Payload) -> Draft | None:
    """The mark being put, if the chat is building one for this lesson and pupil."""
    state, data = turn.state
    if state not in names or payload.item is None or payload.pupil is None:
        return None
    if (states.data_int(data, "lesson"), states.data_int(data, "pupil")) != (
        payload.item,
        payload.pupil,
    ):
        return None
    return dict(data)


async def _sheet_and_kinds(
    ctx: Ctx, actor: Actor, lesson_id: int
) -> tuple[LessonSheet, list[WorkTypeOption]]:
    return await lesson_sheet(ctx, actor, lesson_id), await work_types(ctx, actor)


async def pick_value(turn: Turn, payload: Payload) -> list[Reply]:
    """A value pressed: the work type comes next (a new mark, or the one being corrected)."""
    if payload.item is None or payload.pupil is None or payload.value not in MARK_VALUES:
        return await stale(turn)
    sheet, kinds = await turn.run(_sheet_and_kinds, payload.item)
    pupil = pupil_of(sheet, payload.pupil)
    if sheet.marks_note or pupil is None:
        return [list_reply(turn, sheet, note=staff_phrases.NOT_IN_LESSON)]
    if not pupil.may_mark:
        return [pupil_reply(turn, sheet, pupil)]
    draft = draft_of(turn, (states.MARK_DRAFT,), payload) or {}
    kept = {k: v for k, v in draft.items() if k in ("mark", "old", "comment_was")}
    draft = {
        "lesson": sheet.lesson.id,
        "pupil": pupil.id,
        "name": pupil.full_name,
        "value": payload.value,
    } | kept
    await turn.set_state(states.MARK_DRAFT, draft)
    rows = staff_menus.rows_of(
        [
            staff_menus.button(
                k.name, Action.MARK_WORK, item=sheet.lesson.id, pupil=pupil.id, value=n
            )
            for n, k in enumerate(kinds, 1)
        ],
        2,
    )
    cancel = staff_menus.button(
        phrases.CANCEL, Action.MARK_PUPIL, item=sheet.lesson.id, pupil=pupil.id
    )
    text = f"{pupil.full_name}\n" + staff_phrases.MARK_PICK_WORK.format(value=payload.value)
    return [Reply(text, Keyboard.of(*rows, [cancel]), edit=turn.pressed)]


async def pick_work(turn: Turn, payload: Payload) -> list[Reply]:
    draft = draft_of(turn, (states.MARK_DRAFT,), payload)
    if draft is None or payload.value is None:
        return await _lost(turn, payload)
    kinds = await turn.run(work_types)
    if not 0 < payload.value <= len(kinds):
        return await stale(turn)
    kind = kinds[payload.value - 1]
    draft |= {"work": kind.code, "short": kind.short_name}
    await turn.set_state(states.MARK_COMMENT, draft)
    item, pupil = payload.item, payload.pupil
    rows = [
        [
            staff_menus.button(
                staff_phrases.MARK_NO_COMMENT, Action.MARK_NO_COMMENT, item=item, pupil=pupil
            )
        ]
    ]
    if draft.get("comment_was"):
        keep = staff_menus.button(
            staff_phrases.MARK_KEEP_COMMENT, Action.MARK_NO_COMMENT, item=item, pupil=pupil, value=1
        )
        rows.append([keep])
    rows.append([staff_menus.button(phrases.CANCEL, Action.MARK_PUPIL, item=item, pupil=pupil)])
    return [Reply(staff_phrases.MARK_ASK_COMMENT, Keyboard.of(*rows), edit=turn.pressed)]


async def _lost(turn: Turn, payload: Payload) -> list[Reply]:
    if payload.item is None:
        return await stale(turn)
    sheet = await turn.run(lesson_sheet, payload.item)
    return [list_reply(turn, sheet, note=staff_phrases.MARK_LOST)]


async def typed_comment(turn: Turn, text: str) -> list[Reply]:
    _, data = turn.state
    return await _confirm(turn, dict(data) | {"comment": text})


async def no_comment(turn: Turn, payload: Payload) -> list[Reply]:
    draft = draft_of(turn, (states.MARK_COMMENT,), payload)
    if draft is None:
        return await _lost(turn, payload)
    keep = payload.value == 1 and draft.get("comment_was")
    return await _confirm(turn, draft | {"comment": draft["comment_was"] if keep else ""})


async def _confirm(turn: Turn, draft: Draft) -> list[Reply]:
    await turn.set_state(states.MARK_CONFIRM, draft)
    lesson, pupil = draft.get("lesson"), draft.get("pupil")
    mark = f"{draft.get('value')} ({draft.get('short')})"
    name = str(draft.get("name", ""))
    if draft.get("mark"):
        text = staff_phrases.MARK_CONFIRM_EDIT.format(
            old=draft.get("old", ""), mark=mark, name=name
        )
        label = staff_phrases.MARK_SAVE_EDIT
    else:
        text, label = (
            staff_phrases.MARK_CONFIRM.format(mark=mark, name=name),
            staff_phrases.MARK_SAVE,
        )
    if draft.get("comment"):
        text += "\n" + staff_phrases.MARK_COMMENT.format(comment=draft["comment"])
    keyboard = Keyboard.of(
        [
            staff_menus.button(label, Action.MARK_SAVE, item=lesson, pupil=pupil),
            staff_menus.button(phrases.CANCEL, Action.MARK_PUPIL, item=lesson, pupil=pupil),
        ]
    )
    return [Reply(text, keyboard, edit=turn.pressed)]


async def _write(ctx: Ctx, actor: Actor, draft: Draft) -> LessonSheet:
    lesson, pupil = int(draft["lesson"]), int(draft["pupil"])
    value, work, comment = int(draft["value"]), str(draft["work"]), str(draft.get("comment", ""))
    if draft.get("mark"):
        await change_mark(
            ctx, actor, int(draft["mark"]), value=value, work_type=work, comment=comment
        )
    else:
        await record_mark(ctx, actor, lesson, pupil, value, work, comment)
    return await lesson_sheet(ctx, actor, lesson)


async def save(turn: Turn, payload: Payload) -> list[Reply]:
    draft = draft_of(turn, (states.MARK_CONFIRM,), payload)
    if draft is None or not {"value", "work"} <= set(draft):
        return await _lost(turn, payload)
    sheet = await turn.run(_write, draft)
    await turn.clear_state()
    pupil = pupil_of(sheet, payload.pupil)
    name = staff_formatting.short(pupil.full_name) if pupil else ""
    mark = f"{draft['value']} ({draft.get('short')})"
    done = staff_phrases.MARK_CHANGED if draft.get("mark") else staff_phrases.MARK_SAVED
    return [list_reply(turn, sheet, note=done.format(mark=mark, name=name))]
