"""The roll call in one message: a button per pupil, a tap moves them to the next status and
the same message is redrawn; "Сохранить" hands every status to the service at once.

The statuses not yet saved live in the conversation state, never in the buttons: a payload
says only "this pupil of this lesson", and the lesson's roster is read (and access checked)
again on every tap.
"""

import re

from db.enums import AttendanceStatus
from handlers.core.io import Reply
from handlers.core.menu import stale
from handlers.core.turn import Turn
from handlers.staff import class_marks_reading, states
from handlers.staff.lesson import card_reply
from keyboards import staff_menus
from keyboards.actions.family import Menu
from keyboards.actions.staff import Card, RollAll, RollCall, RollLeave, RollSave, RollToggle
from keyboards.menus import button
from keyboards.model import Button, Keyboard
from keyboards.payloads import Press
from services.attendance.roll_call import save_roll_call
from services.context import Ctx
from services.lessons.teacher_day import lesson_sheet
from services.people.actor import Actor
from services.staff_views import LessonSheet
from services.write_views import RollCallResult
from texts import staff_formatting, staff_phrases

Statuses = dict[int, AttendanceStatus]
PRESENT = AttendanceStatus.PRESENT


def _refusal(sheet: LessonSheet) -> str | None:
    if not sheet.can_write:
        return staff_phrases.ROLL_CANNOT
    if not sheet.lesson.started:
        return staff_phrases.ROLL_NOT_STARTED
    return None


def _saved(sheet: LessonSheet) -> Statuses:
    return {p.id: p.status for p in sheet.pupils}


def _pending(turn: Turn, sheet: LessonSheet) -> Statuses:
    """The statuses being marked: from the state if it is this lesson's, else as saved."""
    marking = turn.state_as(states.RollCall)
    statuses = _saved(sheet)
    if marking is None or marking.lesson != sheet.lesson.id:
        return statuses
    # The state lists everyone not present; a pupil it leaves out is present.
    statuses = dict.fromkeys(statuses, PRESENT)
    for pupil, status in marking.marked.items():
        if pupil in statuses:
            statuses[pupil] = status
    return statuses


def _remember(turn: Turn, lesson_id: int, statuses: Statuses, page: int) -> None:
    # Only the differences from "present": a 30-pupil class keeps a small state.
    marked = {k: v for k, v in statuses.items() if v != PRESENT}
    turn.set_state(states.RollCall(lesson=lesson_id, marked=marked, page=page))


def _keyboard(
    turn: Turn, sheet: LessonSheet, statuses: Statuses, page: int
) -> tuple[Keyboard, int, int]:
    lesson_id = sheet.lesson.id
    pupils = [
        button(
            f"{staff_formatting.STATUS_CODE[statuses[p.id]]} {staff_formatting.short(p.full_name)}",
            RollToggle(lesson=lesson_id, pupil=p.id),
        )
        for p in sheet.pupils
    ]
    fit = staff_menus.layout(turn.platform, reserved=2)

    def turn_to(label: str, to: int) -> Button:
        return button(label, RollCall(lesson=lesson_id, page=to))

    rows, page, pages = staff_menus.paged(pupils, page, fit, turn_to)
    rows.append(
        [
            button(staff_phrases.ROLL_ALL, RollAll(lesson=lesson_id)),
            button(staff_phrases.ROLL_SAVE, RollSave(lesson=lesson_id)),
        ]
    )
    if pages == 1:
        rows.append([button(staff_phrases.BACK_TO_LESSON, RollLeave(lesson=lesson_id))])
    return Keyboard.of(*rows), page, pages


async def _show(
    turn: Turn, sheet: LessonSheet, statuses: Statuses, page: int, note: str = ""
) -> list[Reply]:
    keyboard, page, pages = _keyboard(turn, sheet, statuses, page)
    _remember(turn, sheet.lesson.id, statuses, page)
    lesson = sheet.lesson
    lines = [note, ""] if note else []
    lines += [
        staff_phrases.ROLL_TITLE.format(
            title=staff_formatting.lesson_title(lesson), when=staff_formatting.lesson_when(lesson)
        ),
        staff_phrases.ROLL_HINT,
        "",
        staff_phrases.ROLL_NOW.format(counts=staff_formatting.counts(statuses.values()) or "—"),
    ]
    if pages > 1:
        lines.append(staff_phrases.ROLL_PAGE.format(page=page, pages=pages))
    lines += [staff_phrases.ROLL_REMEMBER, staff_phrases.ROLL_TYPING_HINT]
    return [Reply("\n".join(lines), keyboard, edit=turn.pressed)]


async def open_roll_call(turn: Turn, press: RollCall) -> list[Reply]:
    """From the lesson card (as saved) or turning a page (keeping what is marked)."""
    sheet = await turn.run(lesson_sheet, press.lesson)
    refusal = _refusal(sheet)
    if refusal:
        return [card_reply(sheet, refusal, edit=turn.pressed)]
    statuses = _pending(turn, sheet) if press.page is not None else _saved(sheet)
    return await _show(turn, sheet, statuses, press.page or 1)


def _page(turn: Turn) -> int:
    marking = turn.state_as(states.RollCall)
    return marking.page if marking is not None else 1


async def toggle(turn: Turn, press: RollToggle) -> list[Reply]:
    sheet = await turn.run(lesson_sheet, press.lesson)
    refusal = _refusal(sheet)
    if refusal:
        return [card_reply(sheet, refusal, edit=turn.pressed)]
    statuses = _pending(turn, sheet)
    if press.pupil not in statuses:
        return await _show(turn, sheet, statuses, _page(turn), staff_phrases.NOT_IN_LESSON)
    statuses[press.pupil] = staff_formatting.next_status(statuses[press.pupil])
    return await _show(turn, sheet, statuses, _page(turn))


async def all_present(turn: Turn, press: RollAll) -> list[Reply]:
    sheet = await turn.run(lesson_sheet, press.lesson)
    refusal = _refusal(sheet)
    if refusal:
        return [card_reply(sheet, refusal, edit=turn.pressed)]
    return await _show(turn, sheet, dict.fromkeys(_saved(sheet), PRESENT), _page(turn))


async def _save_and_reload(
    ctx: Ctx, actor: Actor, lesson_id: int, statuses: Statuses
) -> tuple[RollCallResult, LessonSheet]:
    result = await save_roll_call(ctx, actor, lesson_id, statuses)
    return result, await lesson_sheet(ctx, actor, lesson_id)


async def save(turn: Turn, press: RollSave) -> list[Reply]:
    sheet = await turn.run(lesson_sheet, press.lesson)
    statuses = {k: v for k, v in _pending(turn, sheet).items() if v != PRESENT}
    result, sheet = await turn.run(_save_and_reload, sheet.lesson.id, statuses)
    turn.clear_state()
    counted = [s for s, n in result.counts.items() for _ in range(n)]
    note = staff_phrases.ROLL_SAVED.format(counts=staff_formatting.counts(counted))
    alerted = {AttendanceStatus.ABSENT, AttendanceStatus.LATE}
    if any(statuses.get(p) in alerted for p in result.changed_pupil_ids):
        note += "\n" + staff_phrases.ROLL_ALERTS
    return [card_reply(sheet, note, edit=turn.pressed)]


async def leave(turn: Turn, press: RollLeave) -> list[Reply]:
    """Back to the lesson; statuses marked and not saved are not dropped without a word."""
    sheet = await turn.run(lesson_sheet, press.lesson)
    asking = _ask_unsaved(turn, sheet, Card(lesson=sheet.lesson.id))
    if asking is None:
        turn.clear_state()
        return [card_reply(sheet, edit=turn.pressed)]
    return asking


async def before_leaving(turn: Turn) -> list[Reply] | None:
    """ "В меню" typed on the sheet: as «К уроку» pressed, asks before dropping what is marked
    (not saving goes on to the menu); None when nothing would be lost."""
    marking = turn.state_as(states.RollCall)
    if marking is None:
        return None
    sheet = await turn.run(lesson_sheet, marking.lesson)
    return _ask_unsaved(turn, sheet, Menu())


def _ask_unsaved(turn: Turn, sheet: LessonSheet, discard: Press) -> list[Reply] | None:
    statuses = _pending(turn, sheet)
    if _refusal(sheet) or statuses == _saved(sheet):
        return None
    lesson_id = sheet.lesson.id
    keyboard = Keyboard.of(
        [
            button(staff_phrases.ROLL_SAVE, RollSave(lesson=lesson_id)),
            button(staff_phrases.ROLL_DISCARD, discard),
        ],
        [button(staff_phrases.ROLL_BACK, RollCall(lesson=lesson_id, page=_page(turn)))],
    )
    text = staff_phrases.ROLL_UNSAVED.format(counts=staff_formatting.counts(statuses.values()))
    return [Reply(text, keyboard, edit=turn.pressed)]


# Typed as in the paper journal: "Иванов н, Петрова оп".
TYPED_STATUS = {
    "н": AttendanceStatus.ABSENT,
    "нб": AttendanceStatus.ABSENT,
    "оп": AttendanceStatus.LATE,
    "б": AttendanceStatus.ILL,
    "у/п": AttendanceStatus.EXCUSED,
    "уп": AttendanceStatus.EXCUSED,
    "✓": PRESENT,
    "+": PRESENT,
}
_TYPED = re.compile(r"(?P<name>[^\W\d_][\w.\s-]*?)\s+(?P<code>\S+)")


async def typed(turn: Turn, text: str) -> list[Reply]:
    """Typed on the roll call: statuses by surname, "Сохранить", or "Все на месте"; anything
    else is answered on the sheet with what is marked kept."""
    marking = turn.state_as(states.RollCall)
    if marking is None:
        return await stale(turn)
    plain = " ".join(text.casefold().replace("ё", "е").strip(" .!").split())
    if plain in ("сохранить", "готово"):
        return await save(turn, RollSave(lesson=marking.lesson))
    if plain == staff_phrases.ROLL_ALL.casefold():
        return await all_present(turn, RollAll(lesson=marking.lesson))
    sheet = await turn.run(lesson_sheet, marking.lesson)
    refusal = _refusal(sheet)
    if refusal:
        return [card_reply(sheet, refusal)]
    statuses = _pending(turn, sheet)
    wrong = []
    for part in (p.strip() for p in re.split(r"[,;\n]+", text) if p.strip()):
        found = _TYPED.fullmatch(part)
        status = TYPED_STATUS.get(found.group("code").casefold()) if found else None
        if found is None or status is None:
            wrong.append(staff_phrases.ROLL_NO_STATUS.format(text=part))
            continue
        who = class_marks_reading.pupil_named(found.group("name"), sheet.pupils)
        if isinstance(who, str):
            wrong.append(who)
        else:
            statuses[who.id] = status
    if wrong or not text.strip():
        note = staff_phrases.ROLL_NOT_READ.format(parts="; ".join(wrong))
        return await _show(turn, sheet, _pending(turn, sheet), marking.page, note)
    return await _show(turn, sheet, statuses, marking.page, staff_phrases.ROLL_READ)
