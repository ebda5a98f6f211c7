"""The school's settings (services.settings.school_rules): the deadlines and rules the
regulations leave to the school, read by the staff and changed by the administration, one
typed value at a time."""

from handlers.core.io import Reply
from handlers.core.menu import stale
from handlers.core.turn import Turn
from handlers.staff import states
from keyboards.actions.reports import SchoolSetting, SchoolSettings
from keyboards.menus import button
from keyboards.model import Button, Keyboard
from keyboards.report_menus import back
from keyboards.staff_menus import layout, paged
from services.errors import JournalError
from services.people.actor import Role
from services.settings.school_rules import SETTINGS, change_setting, school_settings
from texts import phrases, report_phrases

BY_NAME = {s.name: s for s in SETTINGS}


def _may_change(turn: Turn) -> bool:
    return turn.actor.has(Role.ADMIN, Role.DIRECTOR, Role.DEPUTY)


async def _list(turn: Turn, note: str = "", page: int = 1) -> list[Reply]:
    found = await turn.run(school_settings)
    lines = [note, ""] if note else []
    lines.append(report_phrases.SETTINGS_TITLE)
    lines += [f"• {s.title}: {value} ({s.source})" for s, value in found]
    rows: list[list[Button]] = []
    if _may_change(turn):
        buttons = [button(s.title, SchoolSetting(setting=s.name)) for s, _ in found]
        rows, _, _ = paged(
            buttons,
            page,
            layout(turn.platform, reserved=1, per_row=1),
            lambda label, to: button(label, SchoolSettings(page=to)),
        )
        lines.append(report_phrases.SETTINGS_HOW)
    return [Reply("\n".join(lines), Keyboard.of(*rows, [back()]))]


async def show(turn: Turn, press: SchoolSettings) -> list[Reply]:
    return await _list(turn, page=press.page)


async def ask(turn: Turn, press: SchoolSetting) -> list[Reply]:
    setting = BY_NAME.get(press.setting)
    if setting is None or not _may_change(turn):
        return await stale(turn)
    current = {s.name: v for s, v in await turn.run(school_settings)}[setting.name]
    turn.set_state(states.AwaitingSchoolSetting(setting=setting.name))
    cancel = button(phrases.CANCEL, SchoolSettings())
    text = report_phrases.SETTING_ASK.format(title=setting.title, value=current)
    return [Reply(text, Keyboard.of([cancel]), edit=turn.pressed)]


async def typed(turn: Turn, text: str) -> list[Reply]:
    waiting = turn.state_as(states.AwaitingSchoolSetting)
    setting = BY_NAME.get(waiting.setting) if waiting else None
    if setting is None:
        return await stale(turn)
    try:
        value = await turn.run(change_setting, setting.name, text)
    except JournalError as refused:
        cancel = button(phrases.CANCEL, SchoolSettings())
        return [Reply(f"{refused.message}\n{report_phrases.SETTING_AGAIN}", Keyboard.of([cancel]))]
    turn.clear_state()
    return await _list(turn, report_phrases.SETTING_SAVED.format(title=setting.title, value=value))
