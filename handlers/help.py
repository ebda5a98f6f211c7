"""Help, and the settings screen (whose data, unlinking, forgetting)."""

from handlers import texts
from handlers.io import Reply
from handlers.turn import Turn
from keyboards import menus
from keyboards.payloads import Payload


async def show_help(turn: Turn, payload: Payload) -> list[Reply]:
    keyboard = menus.menu_only() if turn.viewer.ready else None
    return [Reply(texts.HELP_TEXT, keyboard)]


async def settings(turn: Turn, payload: Payload) -> list[Reply]:
    text = texts.SETTINGS_TEXT.format(name=turn.actor.name)
    return [Reply(text, menus.settings_menu(turn.viewer.several))]
