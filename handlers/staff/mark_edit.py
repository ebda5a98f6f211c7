"""Correcting and deleting a mark on a lesson: change_mark and delete_mark keep its history
(shown when correcting) and check that the one correcting it put it or gives the lesson."""

from db.enums import ChangeAction
from handlers.core.io import Reply
from handlers.core.turn import Turn
from handlers.staff.marks import list_reply, pupil_of, value_buttons
from handlers.staff.states import Correcting, MarkDraft, MarkFor
from keyboards.actions.staff import MarkDelete, MarkDeleteYes, MarkEdit, MarkPupil
from keyboards.menus import button
from keyboards.model import Keyboard
from services.context import Ctx
from services.errors import AccessDenied
from services.lessons.teacher_day import lesson_sheet
from services.marks.marking import MARK_NOT_FOUND, delete_mark, mark_history
from services.people.actor import Actor
from services.staff_views import LessonSheet, SheetMark, SheetPupil
from services.write_views import MarkChangeView
from texts import formatting, phrases, staff_formatting, staff_phrases

Found = tuple[LessonSheet, SheetPupil | None, SheetMark | None]


async def _found(turn: Turn, press: MarkEdit | MarkDelete | MarkDeleteYes) -> Found:
    sheet = await turn.run(lesson_sheet, press.lesson)
    pupil = pupil_of(sheet, press.pupil)
    mark = next((m for m in pupil.marks if m.id == press.mark), None) if pupil else None
    return sheet, pupil, mark


def _shown(mark: SheetMark) -> str:
    return f"{mark.value} ({mark.work_type_short})"


async def _history(ctx: Ctx, actor: Actor, mark_id: int) -> list[MarkChangeView]:
    """What the service lets this teacher see of the mark's history (they may correct it)."""
    try:
        return await mark_history(ctx, actor, mark_id)
    except AccessDenied:
        return []


def _history_lines(turn: Turn, changes: list[MarkChangeView]) -> list[str]:
    lines = []
    for change in changes:
        moment = turn.viewer.local_time(change.changed_at)
        when = f"{formatting.day(moment.date())}, {formatting.clock(moment.time())}"
        who = staff_formatting.short(change.changed_by)
        if change.action == ChangeAction.CREATED:
            line = staff_phrases.MARK_HISTORY_CREATED.format(
                when=when, who=who, new=change.new_value
            )
        elif change.action == ChangeAction.UPDATED:
            line = staff_phrases.MARK_HISTORY_CHANGED.format(
                when=when, who=who, old=change.old_value, new=change.new_value
            )
        else:
            continue
        lines.append(f"• {line}")
    return ["", staff_phrases.MARK_HISTORY, *lines] if lines else []


async def edit(turn: Turn, press: MarkEdit) -> list[Reply]:
    sheet, pupil, mark = await _found(turn, press)
    if pupil is None or mark is None:
        return [list_reply(turn, sheet, note=MARK_NOT_FOUND)]
    correcting = Correcting(mark=mark.id, was=_shown(mark), comment=mark.comment)
    draft = MarkFor(
        lesson=sheet.lesson.id, pupil=pupil.id, pupil_name=pupil.full_name, correcting=correcting
    )
    turn.set_state(MarkDraft(mark=draft))
    changes = await turn.run(_history, mark.id)
    cancel = button(phrases.CANCEL, MarkPupil(lesson=sheet.lesson.id, pupil=pupil.id))
    lines = [staff_phrases.MARK_EDIT_VALUE.format(name=pupil.full_name, mark=_shown(mark))]
    lines += _history_lines(turn, changes)
    keyboard = Keyboard.of(value_buttons(sheet.lesson.id, pupil.id), [cancel])
    return [Reply("\n".join(lines), keyboard, edit=turn.pressed)]


async def ask_delete(turn: Turn, press: MarkDelete) -> list[Reply]:
    sheet, pupil, mark = await _found(turn, press)
    if pupil is None or mark is None:
        return [list_reply(turn, sheet, note=MARK_NOT_FOUND)]
    lesson = sheet.lesson.id
    keyboard = Keyboard.of(
        [
            button(
                staff_phrases.MARK_DELETE_YES,
                MarkDeleteYes(lesson=lesson, pupil=pupil.id, mark=mark.id),
            ),
            button(phrases.CANCEL, MarkPupil(lesson=lesson, pupil=pupil.id)),
        ]
    )
    text = staff_phrases.MARK_DELETE_ASK.format(name=pupil.full_name, mark=_shown(mark))
    return [Reply(text, keyboard, edit=turn.pressed)]


async def _delete(ctx: Ctx, actor: Actor, mark_id: int, lesson_id: int) -> LessonSheet:
    await delete_mark(ctx, actor, mark_id)
    return await lesson_sheet(ctx, actor, lesson_id)


async def delete(turn: Turn, press: MarkDeleteYes) -> list[Reply]:
    sheet, pupil, mark = await _found(turn, press)
    if pupil is None or mark is None:
        return [list_reply(turn, sheet, note=MARK_NOT_FOUND)]
    sheet = await turn.run(_delete, mark.id, sheet.lesson.id)
    note = staff_phrases.MARK_DELETED.format(
        mark=_shown(mark), name=staff_formatting.short(pupil.full_name)
    )
    return [list_reply(turn, sheet, note=note)]
