"""Marks on a lesson: the pupils to mark with the marks they have, and one pupil's marks with
the values to put and the marks to correct or delete (the draft: handlers.staff.mark_draft)."""

from handlers.core.io import Reply
from handlers.core.turn import Turn
from handlers.staff.lesson import card_reply
from handlers.staff.states import MarkValueChoice
from keyboards import staff_menus
from keyboards.actions.class_marks import ClassMarks
from keyboards.actions.staff import MarkDelete, MarkEdit, MarkPupil, MarksList, MarkValue
from keyboards.menus import button
from keyboards.model import Button, Keyboard
from services.lessons.teacher_day import lesson_sheet
from services.marks.marking import MARK_VALUES
from services.staff_views import LessonSheet, SheetPupil
from texts import class_marks_phrases, staff_formatting, staff_phrases


def pupil_of(sheet: LessonSheet, pupil_id: int | None) -> SheetPupil | None:
    return next((p for p in sheet.pupils if p.id == pupil_id), None)


def mark_label(pupil: SheetPupil, mark_id: int) -> str:
    return staff_formatting.marks_text(m for m in pupil.marks if m.id == mark_id)


def list_reply(turn: Turn, sheet: LessonSheet, page: int = 1, note: str = "") -> Reply:
    """The pupils to mark, with the marks they have on this lesson."""
    lesson = sheet.lesson
    if sheet.marks_note:
        return card_reply(sheet, sheet.marks_note, edit=turn.pressed)
    markable = [p for p in sheet.pupils if p.may_mark]
    pupils = [
        button(
            " ".join([staff_formatting.short(p.full_name), *(str(m.value) for m in p.marks)]),
            MarkPupil(lesson=lesson.id, pupil=p.id),
        )
        for p in markable
    ]
    rows, _, _ = staff_menus.paged(
        pupils,
        page,
        staff_menus.layout(turn.platform, reserved=2),
        lambda label, to: button(label, MarksList(lesson=lesson.id, page=to)),
    )
    lines = [note, ""] if note else []
    lines += [
        staff_phrases.MARKS_TITLE.format(
            title=staff_formatting.lesson_title(lesson), when=staff_formatting.lesson_when(lesson)
        )
    ]
    for p in sheet.pupils:
        if p.marks:
            lines.append(
                f"{staff_formatting.short(p.full_name)}: {staff_formatting.marks_text(p.marks)}"
            )
    absent = [staff_formatting.short(p.full_name) for p in sheet.pupils if not p.may_mark]
    if absent:
        lines.append(staff_phrases.MARKS_ABSENT.format(names=", ".join(absent)))
    lines += ["", staff_phrases.MARKS_PICK]
    whole = [button(class_marks_phrases.CLASS_MARKS, ClassMarks(lesson=lesson.id))]
    keyboard = Keyboard.of(
        *rows, whole if markable else [], [staff_menus.back_to_lesson(lesson.id)]
    )
    return Reply("\n".join(lines), keyboard, edit=turn.pressed)


def pupil_reply(turn: Turn, sheet: LessonSheet, pupil: SheetPupil, note: str = "") -> Reply:
    lesson = sheet.lesson
    lines = [note, ""] if note else []
    lines.append(
        staff_phrases.MARK_PUPIL_TITLE.format(
            name=pupil.full_name, title=staff_formatting.lesson_title(lesson)
        )
    )
    if pupil.marks:
        shown = [
            f"{m.value} ({m.work_type_short})" + (f" «{m.comment}»" if m.comment else "")
            for m in pupil.marks
        ]
        lines.append(staff_phrases.MARK_HAS.format(marks=", ".join(shown)))
    rows: list[list[Button]] = []
    if pupil.may_mark and sheet.marks_note is None:
        lines.append(staff_phrases.MARK_PICK_VALUE)
        rows.append(value_buttons(lesson.id, pupil.id))
        for m in pupil.marks:
            mark = f"{m.value} ({m.work_type_short})"
            rows.append(
                [
                    button(
                        staff_phrases.MARK_EDIT.format(mark=mark),
                        MarkEdit(lesson=lesson.id, pupil=pupil.id, mark=m.id),
                    ),
                    button(
                        staff_phrases.MARK_DELETE.format(mark=mark),
                        MarkDelete(lesson=lesson.id, pupil=pupil.id, mark=m.id),
                    ),
                ]
            )
    else:
        lines.append(
            sheet.marks_note
            or staff_phrases.MARKS_ABSENT.format(names=staff_formatting.short(pupil.full_name))
        )
    rows.append([button(staff_phrases.BACK, MarksList(lesson=lesson.id))])
    return Reply("\n".join(lines), Keyboard.of(*rows), edit=turn.pressed)


def value_buttons(lesson_id: int, pupil_id: int) -> list[Button]:
    return [
        button(str(v), MarkValue(lesson=lesson_id, pupil=pupil_id, value=v))
        for v in sorted(MARK_VALUES, reverse=True)
    ]


async def show_list(turn: Turn, press: MarksList) -> list[Reply]:
    sheet = await turn.run(lesson_sheet, press.lesson)
    return [list_reply(turn, sheet, press.page)]


async def show_pupil(turn: Turn, press: MarkPupil) -> list[Reply]:
    sheet = await turn.run(lesson_sheet, press.lesson)
    pupil = pupil_of(sheet, press.pupil)
    if pupil is None:
        return [list_reply(turn, sheet, note=staff_phrases.NOT_IN_LESSON)]
    if pupil.may_mark and sheet.marks_note is None:
        turn.set_state(MarkValueChoice(lesson=sheet.lesson.id, pupil=pupil.id))
    else:
        turn.clear_state()
    return [pupil_reply(turn, sheet, pupil)]
