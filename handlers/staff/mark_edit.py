"""Correcting and deleting a mark on a lesson: change_mark and delete_mark keep its history
and check that the one correcting it put it or gives the lesson."""

from handlers.core.io import Reply
from handlers.core.menu import stale
from handlers.core.turn import Turn
from handlers.staff import states
from handlers.staff.marks import list_reply, pupil_of, value_buttons
from keyboards import staff_menus
from keyboards.model import Keyboard
from keyboards.payloads import Action, Payload
from services.context import Ctx
from services.lessons.teacher_day import lesson_sheet
from services.marks.marking import MARK_NOT_FOUND, delete_mark
from services.people.actor import Actor
from services.staff_views import LessonSheet, SheetMark, SheetPupil
from texts import phrases, staff_formatting, staff_phrases


async def _found(
    turn: Turn, payload: Payload
) -> tuple[LessonSheet, SheetPupil | None, SheetMark | None] | None:
    if payload.item is None or payload.pupil is None or payload.value is None:
        return None
    sheet = await turn.run(lesson_sheet, payload.item)
    pupil = pupil_of(sheet, payload.pupil)
    mark = next((m for m in pupil.marks if m.id == payload.value), None) if pupil else None
    return sheet, pupil, mark


def _shown(mark: SheetMark) -> str:
    return f"{mark.value} ({mark.work_type_short})"


async def edit(turn: Turn, payload: Payload) -> list[Reply]:
    found = await _found(turn, payload)
    if found is None:
        return await stale(turn)
    sheet, pupil, mark = found
    if pupil is None or mark is None:
        return [list_reply(turn, sheet, note=MARK_NOT_FOUND)]
    draft = {
        "lesson": sheet.lesson.id,
        "pupil": pupil.id,
        "name": pupil.full_name,
        "mark": mark.id,
        "old": _shown(mark),
        "comment_was": mark.comment,
    }
    await turn.set_state(states.MARK_DRAFT, draft)
    cancel = staff_menus.button(
        phrases.CANCEL, Action.MARK_PUPIL, item=sheet.lesson.id, pupil=pupil.id
    )
    text = staff_phrases.MARK_EDIT_VALUE.format(name=pupil.full_name, mark=_shown(mark))
    keyboard = Keyboard.of(value_buttons(sheet.lesson.id, pupil.id), [cancel])
    return [Reply(text, keyboard, edit=turn.pressed)]


async def ask_delete(turn: Turn, payload: Payload) -> list[Reply]:
    found = await _found(turn, payload)
    if found is None:
        return await stale(turn)
    sheet, pupil, mark = found
    if pupil is None or mark is None:
        return [list_reply(turn, sheet, note=MARK_NOT_FOUND)]
    lesson = sheet.lesson.id
    keyboard = Keyboard.of(
        [
            staff_menus.button(
                staff_phrases.MARK_DELETE_YES,
                Action.MARK_DELETE_YES,
                item=lesson,
                pupil=pupil.id,
                value=mark.id,
            ),
            staff_menus.button(phrases.CANCEL, Action.MARK_PUPIL, item=lesson, pupil=pupil.id),
        ]
    )
    text = staff_phrases.MARK_DELETE_ASK.format(name=pupil.full_name, mark=_shown(mark))
    return [Reply(text, keyboard, edit=turn.pressed)]


async def _delete(ctx: Ctx, actor: Actor, mark_id: int, lesson_id: int) -> LessonSheet:
    await delete_mark(ctx, actor, mark_id)
    return await lesson_sheet(ctx, actor, lesson_id)


async def delete(turn: Turn, payload: Payload) -> list[Reply]:
    found = await _found(turn, payload)
    if found is None:
        return await stale(turn)
    sheet, pupil, mark = found
    if pupil is None or mark is None:
        return [list_reply(turn, sheet, note=MARK_NOT_FOUND)]
    sheet = await turn.run(_delete, mark.id, sheet.lesson.id)
    note = staff_phrases.MARK_DELETED.format(
        mark=_shown(mark), name=staff_formatting.short(pupil.full_name)
    )
    return [list_reply(turn, sheet, note=note)]
