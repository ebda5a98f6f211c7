"""Help, and the settings screen (notifications, whose data, unlinking, forgetting)."""

from handlers import settings_texts, staff_texts, texts
from handlers.io import Reply
from handlers.turn import Turn
from keyboards import menus
from keyboards.payloads import Payload


async def show_help(turn: Turn, payload: Payload) -> list[Reply]:
    viewer = turn.viewer
    keyboard = menus.menu_only() if viewer.ready else None
    staff_only = viewer.actor is not None and viewer.actor.is_staff and not viewer.pupils
    return [Reply(staff_texts.HELP if staff_only else texts.HELP_TEXT, keyboard)]


async def settings(turn: Turn, payload: Payload) -> list[Reply]:
    text = texts.SETTINGS_TEXT.format(name=turn.actor.name) + "\n" + settings_texts.IN_SETTINGS
    return [Reply(text, menus.settings_menu(turn.viewer.several))]
