"""The administrator of the journal closes the school year and opens the next in the chat
(001 §4.1.12); the promotion by the director's order is handlers.staff.promotion."""

from handlers.core.io import Reply
from handlers.core.turn import Turn
from keyboards.actions.staff import (
    Roster,
    YearClose,
    YearCloseYes,
    YearEnd,
    YearOpenNext,
    YearPromote,
)
from keyboards.menus import button, to_menu
from keyboards.model import Keyboard
from services.errors import JournalError
from services.year_end.closing import close_year, missing_year_finals, school_years
from services.year_end.next_year import open_next_year
from texts import phrases, staff_phrases

SHOWN_GAPS = 5


async def years_reply(turn: Turn, note: str = "") -> Reply:
    years = await turn.run(school_years)
    lines = [note, ""] if note else []
    lines.append(staff_phrases.YEAR_TITLE)
    for y in years:
        state = staff_phrases.YEAR_CLOSED if y.is_closed else staff_phrases.YEAR_OPEN
        lines.append(
            staff_phrases.YEAR_LINE.format(
                name=y.name, starts=y.starts_on, ends=y.ends_on, state=state
            )
        )
    rows = []
    current = next((y for y in years if not y.is_closed), None)
    if current is not None:
        missing = await turn.run(missing_year_finals, current.id)
        if missing:
            lines += ["", staff_phrases.YEAR_MISSING.format(name=current.name)]
            lines += [
                staff_phrases.YEAR_MISSING_LINE.format(
                    klass=m.class_title, subject=m.subject, count=m.pupils
                )
                for m in missing[:SHOWN_GAPS]
            ]
        else:
            label = staff_phrases.YEAR_CLOSE.format(name=current.name)
            rows.append([button(label, YearClose(year=current.id))])
    for y in years:
        if y.is_closed and y.has_next and y.to_promote:
            label = staff_phrases.YEAR_PROMOTE.format(name=y.name)
            rows.append([button(label, YearPromote(year=y.id))])
    latest = years[-1] if years else None
    # The year after the one running now (or just ended); not one after a year still ahead.
    if latest is not None and not latest.has_next and latest.starts_on <= turn.viewer.today:
        label = staff_phrases.YEAR_OPEN_NEXT.format(name=latest.name)
        rows.append([button(label, YearOpenNext(year=latest.id))])
    lines += ["", staff_phrases.YEAR_PROMOTE_HINT]
    keyboard = Keyboard.of(*rows, [button(staff_phrases.BACK, Roster()), to_menu()])
    return Reply("\n".join(lines), keyboard, edit=turn.pressed)


async def years(turn: Turn, press: YearEnd) -> list[Reply]:
    return [await years_reply(turn)]


async def ask_close(turn: Turn, press: YearClose) -> list[Reply]:
    found = next((y for y in await turn.run(school_years) if y.id == press.year), None)
    if found is None or found.is_closed:
        return [await years_reply(turn)]
    keyboard = Keyboard.of(
        [button(staff_phrases.YEAR_CLOSE_YES, YearCloseYes(year=found.id))],
        [button(phrases.CANCEL, YearEnd())],
    )
    text = staff_phrases.YEAR_CLOSE_ASK.format(name=found.name)
    return [Reply(text, keyboard, edit=turn.pressed)]


async def close(turn: Turn, press: YearCloseYes) -> list[Reply]:
    found = next((y for y in await turn.run(school_years) if y.id == press.year), None)
    try:
        await turn.run(close_year, press.year)
    except JournalError as refused:
        return [await years_reply(turn, refused.message)]
    name = found.name if found else ""
    return [await years_reply(turn, staff_phrases.YEAR_CLOSED_NOTE.format(name=name))]


async def open_next(turn: Turn, press: YearOpenNext) -> list[Reply]:
    found = next((y for y in await turn.run(school_years) if y.id == press.year), None)
    try:
        made = await turn.run(open_next_year, press.year)
    except JournalError as refused:
        return [await years_reply(turn, refused.message)]
    note = staff_phrases.YEAR_OPENED.format(
        name=found.name if found else "",
        classes=made.classes,
        loads=made.loads,
        slots=made.timetable_slots,
    )
    return [await years_reply(turn, note)]
