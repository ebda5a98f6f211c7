"""The deputy (or the administrator) hands every lesson of a teacher on some days to another:
a sick leave or a course (001 §4.6). Lessons the substitute is busy at are listed, to be given
to someone else one by one in «Изменения»."""

import re
from datetime import date

from handlers.core.io import Reply
from handlers.core.menu import stale
from handlers.core.turn import Turn
from handlers.staff import states
from keyboards import staff_menus
from keyboards.actions.staff import ChangeDay, LongSub, LongSubBy, LongSubWho
from keyboards.menus import button, to_menu
from keyboards.model import Keyboard
from services.errors import JournalError
from services.people.staff_directory import school_teachers
from services.roster.staff import substitute_for_days
from services.school_import.normalize import BadDate, parse_date
from texts import formatting, phrases, staff_phrases

_SPAN = re.compile(r"\s*(?:[–—]|\s-\s|\bпо\b|\bдо\b)\s*")


async def whom(turn: Turn, press: LongSub) -> list[Reply]:
    teachers = await turn.run(school_teachers)
    picks = [button(t.short_name, LongSubWho(teacher=t.id)) for t in teachers]
    rows, _, _ = staff_menus.paged(
        picks,
        press.page,
        staff_menus.layout(turn.platform, reserved=2),
        lambda label, to: button(label, LongSub(page=to)),
    )
    back = button(staff_phrases.BACK, ChangeDay())
    keyboard = Keyboard.of(*rows, [back, to_menu()])
    return [Reply(staff_phrases.LONG_SUB_WHO, keyboard, edit=turn.pressed)]


async def by_whom(turn: Turn, press: LongSubWho) -> list[Reply]:
    teachers = await turn.run(school_teachers)
    absent = next((t for t in teachers if t.id == press.teacher), None)
    if absent is None:
        return await stale(turn)
    picks = [
        button(t.short_name, LongSubBy(teacher=absent.id, by=t.id))
        for t in teachers
        if t.id != absent.id
    ]
    rows, _, _ = staff_menus.paged(
        picks,
        press.page,
        staff_menus.layout(turn.platform, reserved=2),
        lambda label, to: button(label, LongSubWho(teacher=absent.id, page=to)),
    )
    back = button(staff_phrases.BACK, LongSub())
    text = staff_phrases.LONG_SUB_BY.format(name=absent.short_name)
    return [Reply(text, Keyboard.of(*rows, [back, to_menu()]), edit=turn.pressed)]


async def ask_days(turn: Turn, press: LongSubBy) -> list[Reply]:
    names = {t.id: t.short_name for t in await turn.run(school_teachers)}
    if press.teacher not in names or press.by not in names:
        return await stale(turn)
    turn.set_state(states.AwaitingSubstitutionDays(teacher=press.teacher, by=press.by))
    text = staff_phrases.LONG_SUB_DAYS.format(by=names[press.by], name=names[press.teacher])
    cancel = button(phrases.CANCEL, LongSubWho(teacher=press.teacher))
    return [Reply(text, Keyboard.of([cancel]))]


def _days(text: str) -> tuple[date, date] | None:
    parts = [p for p in _SPAN.split(text.strip()) if p]
    if not 1 <= len(parts) <= 2:
        return None
    try:
        days = [parse_date(p) for p in parts]
    except BadDate:
        return None
    return days[0], days[-1]


async def typed_days(turn: Turn, text: str) -> list[Reply]:
    asked = turn.state_as(states.AwaitingSubstitutionDays)
    if asked is None:
        return await stale(turn)
    cancel = Keyboard.of([button(phrases.CANCEL, LongSubWho(teacher=asked.teacher))])
    days = _days(text)
    if days is None:
        return [Reply(staff_phrases.LONG_SUB_BAD_DAYS, cancel)]
    try:
        done = await turn.run(substitute_for_days, asked.teacher, asked.by, *days)
    except JournalError as refused:
        return [Reply(f"{refused.message}\n{staff_phrases.LONG_SUB_BAD_DAYS}", cancel)]
    turn.clear_state()
    names = {t.id: t.short_name for t in await turn.run(school_teachers)}
    lines = [
        staff_phrases.LONG_SUB_DONE.format(
            by=names.get(asked.by, ""), name=names.get(asked.teacher, ""), count=done.substituted
        )
    ]
    if done.busy:
        lines.append(staff_phrases.LONG_SUB_BUSY)
        lines += [f"• {formatting.day(on)}, {n}-й урок, {klass}" for on, n, klass in done.busy]
    keyboard = Keyboard.of([button(staff_phrases.CHANGES, ChangeDay())], [to_menu()])
    return [Reply("\n".join(lines), keyboard)]
