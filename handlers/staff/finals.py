"""Final marks at the end of a period: the teacher's classes and subjects, the pupils with their
forecast and marks against the required number, and a final mark set per pupil."""

from handlers.core.io import Reply
from handlers.core.menu import stale
from handlers.core.turn import Turn
from keyboards import staff_menus
from keyboards.actions.staff import FinalPupil, Finals, FinalSet, FinalsFor
from keyboards.menus import button, to_menu
from keyboards.model import Keyboard
from services.context import Ctx
from services.errors import JournalError
from services.marks.final_periods import FinalWindow, final_windows
from services.marks.final_sheet import FinalRow, FinalSheet, final_sheet
from services.marks.finals import EXEMPT, NOT_CERTIFIED, NUMERIC_FINALS, set_final_mark
from services.people.actor import Actor
from services.people.staff_directory import TeachingBrief, my_teaching
from texts import formatting, phrases, staff_formatting, staff_phrases

VALUES = (*NUMERIC_FINALS, NOT_CERTIFIED, EXEMPT)


def _row(row: FinalRow) -> str:
    f = row.forecast
    if f.average is None or f.predicted is None:
        shown = staff_phrases.FINAL_NO_MARKS
    else:
        shown = staff_phrases.FINAL_FORECAST.format(
            average=formatting.decimal(f.average), predicted=f.predicted
        )
    line = staff_phrases.FINAL_ROW.format(
        name=staff_formatting.short(row.full_name),
        forecast=shown,
        count=f.marks_count,
        required=f.marks_required,
    )
    if row.exempt and not row.final:
        line += staff_phrases.FINAL_EXEMPT_ROW
    return line + (staff_phrases.FINAL_SET_ROW.format(value=row.final) if row.final else "")


def _title(sheet: FinalSheet) -> str:
    subject = sheet.subject + (f" ({sheet.subgroup})" if sheet.subgroup else "")
    return staff_phrases.FINAL_SHEET_TITLE.format(
        klass=sheet.class_title, subject=subject, period=sheet.period.name
    )


def _window_line(turn: Turn, window: FinalWindow) -> str:
    today = turn.viewer.today
    if window.is_open:
        state = staff_phrases.FINALS_OPEN_NOW
    elif today < window.opens:
        state = staff_phrases.FINALS_NOT_YET
    else:
        state = staff_phrases.FINALS_CLOSED
    return staff_phrases.FINALS_WHEN_LINE.format(
        period=window.period.name,
        classes=", ".join(window.classes),
        opens=formatting.day(window.opens),
        closes=formatting.day(window.closes),
        state=state,
    )


async def _loads_and_windows(
    ctx: Ctx, actor: Actor
) -> tuple[list[TeachingBrief], list[FinalWindow]]:
    return await my_teaching(ctx, actor), await final_windows(ctx, actor)


async def loads(turn: Turn, press: Finals) -> list[Reply]:
    """The classes and subjects to open, with the days finals are taken told first."""
    teaching, windows = await turn.run(_loads_and_windows)
    if not teaching:
        return [Reply(staff_phrases.FINALS_NONE, Keyboard.of([to_menu()]))]
    picks = [
        button(
            f"{t.class_title} {t.subject}" + (f" ({t.subgroup})" if t.subgroup else ""),
            FinalsFor(assignment=t.assignment_id),
        )
        for t in teaching
    ]
    lines = [staff_phrases.FINALS_WHEN, *(_window_line(turn, w) for w in windows), ""]
    text = "\n".join(
        [*lines, staff_phrases.FINALS_PICK] if windows else [staff_phrases.FINALS_PICK]
    )
    return [Reply(text, Keyboard.of(*staff_menus.rows_of(picks, 2), [to_menu()]))]


def sheet_reply(turn: Turn, sheet: FinalSheet, page: int = 1, note: str = "") -> Reply:
    lines = [note, ""] if note else []
    lines += [_title(sheet), *(_row(r) for r in sheet.rows)]
    if not sheet.is_open:
        lines += [
            "",
            staff_phrases.FINALS_WINDOW.format(
                opens=formatting.day(sheet.opens), closes=formatting.day(sheet.closes)
            ),
        ]
    lines += ["", staff_phrases.FINAL_PICK_PUPIL]
    pupils = [
        button(
            f"{staff_formatting.short(r.full_name)}" + (f" → {r.final}" if r.final else ""),
            FinalPupil(assignment=sheet.assignment_id, pupil=r.pupil_id),
        )
        for r in sheet.rows
    ]
    rows, _, _ = staff_menus.paged(
        pupils,
        page,
        staff_menus.layout(turn.platform, reserved=2),
        lambda label, to: button(label, FinalsFor(assignment=sheet.assignment_id, page=to)),
    )
    keyboard = Keyboard.of(*rows, [button(staff_phrases.BACK, Finals()), to_menu()])
    return Reply("\n".join(lines), keyboard, edit=turn.pressed)


async def show_sheet(turn: Turn, press: FinalsFor) -> list[Reply]:
    sheet = await turn.run(final_sheet, press.assignment)
    return [sheet_reply(turn, sheet, press.page)]


async def show_pupil(turn: Turn, press: FinalPupil) -> list[Reply]:
    sheet = await turn.run(final_sheet, press.assignment)
    row = next((r for r in sheet.rows if r.pupil_id == press.pupil), None)
    if row is None:
        return [sheet_reply(turn, sheet, note=staff_phrases.NOT_IN_CLASS)]
    offered = VALUES if sheet.allows_exemption else (*NUMERIC_FINALS, NOT_CERTIFIED)
    values = [
        button(v, FinalSet(assignment=sheet.assignment_id, pupil=row.pupil_id, value=v))
        for v in offered
    ]
    back = button(phrases.CANCEL, FinalsFor(assignment=sheet.assignment_id))
    text = staff_phrases.FINAL_PUPIL.format(
        name=row.full_name, subject=sheet.subject, period=sheet.period.name, row=_row(row)
    )
    if row.forecast.marks_count < row.forecast.marks_required and not row.exempt:
        text += "\n" + staff_phrases.FINAL_FEW_MARKS
    return [Reply(text, Keyboard.of(values, [back]), edit=turn.pressed)]


async def set_value(turn: Turn, press: FinalSet) -> list[Reply]:
    if press.value not in VALUES:
        return await stale(turn)
    value = press.value
    sheet = await turn.run(final_sheet, press.assignment)
    row = next((r for r in sheet.rows if r.pupil_id == press.pupil), None)
    if row is None:
        return [sheet_reply(turn, sheet, note=staff_phrases.NOT_IN_CLASS)]
    try:
        await turn.run(set_final_mark, row.pupil_id, sheet.subject_id, sheet.period.id, value)
    except JournalError as refused:
        return [sheet_reply(turn, sheet, note=refused.message)]
    sheet = await turn.run(final_sheet, press.assignment)
    note = staff_phrases.FINAL_SAVED.format(value=value, name=staff_formatting.short(row.full_name))
    return [sheet_reply(turn, sheet, note=note)]
