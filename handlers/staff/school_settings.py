"""The school's settings (services.settings.school_rules): the deadlines and rules the
regulations leave to the school, read by the staff and changed by the administration, one
typed value at a time."""

from handlers.core.io import Reply
from handlers.core.menu import stale
from handlers.core.turn import Turn
from handlers.staff import states
from keyboards.model import Button, Keyboard
from keyboards.payloads import Action, Payload
from keyboards.report_menus import back
from keyboards.staff_menus import button, layout, paged
from services.errors import JournalError
from services.people.actor import Role
from services.settings.school_rules import SETTINGS, change_setting, school_settings
from texts import phrases, report_phrases


def _may_change(turn: Turn) -> bool:
    return turn.actor.has(Role.ADMIN, Role.DIRECTOR, Role.DEPUTY)


async def _list(turn: Turn, note: str = "", page: int = 1) -> list[Reply]:
    found = await turn.run(school_settings)
    lines = [note, ""] if note else []
    lines.append(report_phrases.SETTINGS_TITLE)
    lines += [f"• {s.title}: {value} ({s.source})" for s, value in found]
    rows: list[list[Button]] = []
    if _may_change(turn):
        buttons = [
            button(s.title, Action.SCHOOL_SETTING, value=n) for n, (s, _) in enumerate(found, 1)
        ]
        rows, _, _ = paged(
            buttons,
            page,
            layout(turn.platform, reserved=1, per_row=1),
            lambda label, to: button(label, Action.SCHOOL_SETTINGS, item=to),
        )
        lines.append(report_phrases.SETTINGS_HOW)
    return [Reply("\n".join(lines), Keyboard.of(*rows, [back()]))]


async def show(turn: Turn, payload: Payload) -> list[Reply]:
    return await _list(turn, page=payload.item or 1)


async def ask(turn: Turn, payload: Payload) -> list[Reply]:
    index = (payload.value or 0) - 1
    if not 0 <= index < len(SETTINGS) or not _may_change(turn):
        return await stale(turn)
    setting = SETTINGS[index]
    current = dict((s.name, v) for s, v in await turn.run(school_settings))[setting.name]
    await turn.set_state(states.SCHOOL_SETTING, {"setting": index})
    cancel = button(phrases.CANCEL, Action.SCHOOL_SETTINGS)
    text = report_phrases.SETTING_ASK.format(title=setting.title, value=current)
    return [Reply(text, Keyboard.of([cancel]), edit=turn.pressed)]


async def typed(turn: Turn, text: str) -> list[Reply]:
    index = states.data_int(turn.state[1], "setting")
    if index is None or not 0 <= index < len(SETTINGS):
        return await stale(turn)
    setting = SETTINGS[index]
    try:
        value = await turn.run(change_setting, setting.name, text)
    except JournalError as refused:
        cancel = button(phrases.CANCEL, Action.SCHOOL_SETTINGS)
        return [Reply(f"{refused.message}\n{report_phrases.SETTING_AGAIN}", Keyboard.of([cancel]))]
    await turn.clear_state()
    return await _list(turn, report_phrases.SETTING_SAVED.format(title=setting.title, value=value))
