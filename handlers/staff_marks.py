"""Marks on a lesson: the pupils to mark with the marks they have, and one pupil's marks with
the values to put and the marks to correct or delete (the draft: handlers/staff_mark_draft.py)."""

from typing import Any

from handlers import staff_format as sf
from handlers import staff_texts as st
from handlers.io import Reply
from handlers.menu import stale
from handlers.staff_lesson import card_reply
from handlers.turn import Turn
from keyboards import staff_menus as sm
from keyboards.model import Keyboard
from keyboards.payloads import Action, Payload
from services.marking import MARK_VALUES
from services.staff_views import LessonSheet, SheetPupil
from services.teacher_day import lesson_sheet


def pupil_of(sheet: LessonSheet, pupil_id: int | None) -> SheetPupil | None:
    return next((p for p in sheet.pupils if p.id == pupil_id), None)


def mark_label(pupil: SheetPupil, mark_id: int) -> str:
    return sf.marks_text(m for m in pupil.marks if m.id == mark_id)


def list_reply(turn: Turn, sheet: LessonSheet, page: int = 1, note: str = "") -> Reply:
    """The pupils to mark, with the marks they have on this lesson."""
    lesson = sheet.lesson
    if sheet.marks_note:
        return card_reply(sheet, sheet.marks_note, edit=turn.pressed)
    markable = [p for p in sheet.pupils if p.may_mark]
    pupils = [
        sm.button(
            f"{sf.short(p.full_name)} {' '.join(str(m.value) for m in p.marks)}".strip(),
            Action.MARK_PUPIL,
            item=lesson.id,
            pupil=p.id,
        )
        for p in markable
    ]
    rows, _, _ = sm.paged(
        pupils,
        page,
        sm.layout(turn.platform, reserved=1),
        lambda label, to: sm.button(label, Action.MARKS_LIST, item=lesson.id, value=to),
    )
    lines = [note, ""] if note else []
    lines += [st.MARKS_TITLE.format(title=sf.lesson_title(lesson), when=sf.lesson_when(lesson))]
    for p in sheet.pupils:
        if p.marks:
            lines.append(f"{sf.short(p.full_name)}: {sf.marks_text(p.marks)}")
    absent = [sf.short(p.full_name) for p in sheet.pupils if not p.may_mark]
    if absent:
        lines.append(st.MARKS_ABSENT.format(names=", ".join(absent)))
    lines += ["", st.MARKS_PICK]
    keyboard = Keyboard.of(*rows, [sm.back_to_lesson(lesson.id)])
    return Reply("\n".join(lines), keyboard, edit=turn.pressed)


def pupil_reply(turn: Turn, sheet: LessonSheet, pupil: SheetPupil, note: str = "") -> Reply:
    lesson = sheet.lesson
    lines = [note, ""] if note else []
    lines.append(st.MARK_PUPIL_TITLE.format(name=pupil.full_name, title=sf.lesson_title(lesson)))
    if pupil.marks:
        shown = [
            f"{m.value} ({m.work_type_short})" + (f" «{m.comment}»" if m.comment else "")
            for m in pupil.marks
        ]
        lines.append(st.MARK_HAS.format(marks=", ".join(shown)))
    rows: list[list[Any]] = []
    if pupil.may_mark and sheet.marks_note is None:
        lines.append(st.MARK_PICK_VALUE)
        rows.append(value_buttons(lesson.id, pupil.id))
        for m in pupil.marks:
            shown = f"{m.value} ({m.work_type_short})"
            rows.append(
                [
                    sm.button(
                        st.MARK_EDIT.format(mark=shown),
                        Action.MARK_EDIT,
                        item=lesson.id,
                        pupil=pupil.id,
                        value=m.id,
                    ),
                    sm.button(
                        st.MARK_DELETE.format(mark=shown),
                        Action.MARK_DELETE,
                        item=lesson.id,
                        pupil=pupil.id,
                        value=m.id,
                    ),
                ]
            )
    else:
        lines.append(sheet.marks_note or st.MARKS_ABSENT.format(names=sf.short(pupil.full_name)))
    rows.append([sm.button(st.BACK, Action.MARKS_LIST, item=lesson.id)])
    return Reply("\n".join(lines), Keyboard.of(*rows), edit=turn.pressed)


def value_buttons(lesson_id: int, pupil_id: int) -> list[Any]:
    return [
        sm.button(str(v), Action.MARK_VALUE, item=lesson_id, pupil=pupil_id, value=v)
        for v in sorted(MARK_VALUES, reverse=True)
    ]


async def _sheet(turn: Turn, payload: Payload) -> LessonSheet | None:
    return None if payload.item is None else await turn.run(lesson_sheet, payload.item)


async def show_list(turn: Turn, payload: Payload) -> list[Reply]:
    sheet = await _sheet(turn, payload)
    if sheet is None:
        return await stale(turn)
    return [list_reply(turn, sheet, payload.value or 1)]


async def show_pupil(turn: Turn, payload: Payload) -> list[Reply]:
    sheet = await _sheet(turn, payload)
    if sheet is None:
        return await stale(turn)
    pupil = pupil_of(sheet, payload.pupil)
    if pupil is None:
        return [list_reply(turn, sheet, note=st.NOT_IN_LESSON)]
    await turn.clear_state()
    return [pupil_reply(turn, sheet, pupil)]
