"""Typed text while a mark is being put, read in the flow's terms: "5" on the marks' keyboard
is the mark 5, "Контрольная работа" on the work types' is that work type, "да" confirms.
Anything else ("5-", "н", a typo) is answered on the same screen, the draft kept."""

from dataclasses import replace

from handlers.core.io import Reply
from handlers.core.menu import stale
from handlers.core.turn import Turn
from handlers.staff import mark_draft
from handlers.staff.class_marks import work_named
from handlers.staff.class_marks_reading import NO_MARK, mark_of, plus_minus
from handlers.staff.marks import list_reply, pupil_of, pupil_reply, value_buttons
from handlers.staff.states import MarkComment, MarkConfirm, MarkDraft, MarkValueChoice
from keyboards.actions.staff import MarkPupil, MarkSave, MarkValue, MarkWork
from keyboards.menus import button
from keyboards.model import Keyboard
from services.lessons.teacher_day import lesson_sheet, work_types
from texts import class_marks_phrases, phrases, staff_phrases

YES = frozenset({"да", "ок", "поставить", "сохранить", "исправить", "верно"})


def _plain(text: str) -> str:
    return " ".join(text.casefold().replace("ё", "е").strip(" .!").split())


def not_a_mark(text: str) -> str:
    """Why the text is not a mark, in the teacher's words."""
    if plus_minus(text):
        return class_marks_phrases.NO_PLUS_MINUS.format(text=text)
    if _plain(text) in NO_MARK:
        return staff_phrases.MARK_NOT_ABSENCE
    return staff_phrases.MARK_TYPE_VALUE.format(text=text)


def _noted(replies: list[Reply], note: str) -> list[Reply]:
    return [replace(replies[0], text=f"{note}\n\n{replies[0].text}"), *replies[1:]]


async def typed_value(turn: Turn, text: str) -> list[Reply]:
    """A pupil's marks on screen: the value typed."""
    choice = turn.state_as(MarkValueChoice)
    if choice is None:
        return await stale(turn)
    value = mark_of(text)
    if value is not None:
        return await mark_draft.pick_value(
            turn, MarkValue(lesson=choice.lesson, pupil=choice.pupil, value=value)
        )
    sheet = await turn.run(lesson_sheet, choice.lesson)
    pupil = pupil_of(sheet, choice.pupil)
    if pupil is None:
        turn.clear_state()
        return [list_reply(turn, sheet, note=staff_phrases.NOT_IN_LESSON)]
    return [pupil_reply(turn, sheet, pupil, note=not_a_mark(text))]


async def typed_in_draft(turn: Turn, text: str) -> list[Reply]:
    """A value chosen: the work type typed (or another value). Correcting a mark: its value."""
    draft = turn.state_as(MarkDraft)
    if draft is None:
        return await stale(turn)
    lesson, pupil = draft.mark.lesson, draft.mark.pupil
    value = mark_of(text)
    if value is not None:
        return await mark_draft.pick_value(turn, MarkValue(lesson=lesson, pupil=pupil, value=value))
    if draft.value is None:
        cancel = button(phrases.CANCEL, MarkPupil(lesson=lesson, pupil=pupil))
        text = f"{not_a_mark(text)}\n\n{draft.mark.pupil_name}\n{staff_phrases.MARK_PICK_VALUE}"
        return [Reply(text, Keyboard.of(value_buttons(lesson, pupil), [cancel]))]
    kind = work_named(text, await turn.run(work_types))
    if kind is not None:
        return await mark_draft.pick_work(turn, MarkWork(lesson=lesson, pupil=pupil, work=kind.id))
    note = (
        not_a_mark(text) if plus_minus(text) else class_marks_phrases.WORK_UNKNOWN.format(text=text)
    )
    again = await mark_draft.pick_value(
        turn, MarkValue(lesson=lesson, pupil=pupil, value=draft.value)
    )
    return _noted(again, note)


async def typed_confirm(turn: Turn, text: str) -> list[Reply]:
    """Asked "поставить отметку?": "да" saves, anything else asks again."""
    ready = turn.state_as(MarkConfirm)
    if ready is None:
        return await stale(turn)
    lesson, pupil = ready.mark.lesson, ready.mark.pupil
    if _plain(text) in YES:
        return await mark_draft.save(turn, MarkSave(lesson=lesson, pupil=pupil))
    back = MarkComment(mark=ready.mark, value=ready.value, work=ready.work)
    again = await mark_draft.confirm(turn, back, ready.comment)
    label = (
        staff_phrases.MARK_SAVE if ready.mark.correcting is None else staff_phrases.MARK_SAVE_EDIT
    )
    return _noted(again, staff_phrases.MARK_CONFIRM_ASK.format(save=label))
