"""Help, and the settings screen (notifications, whose data, unlinking, forgetting)."""

from handlers.core.io import Reply
from handlers.core.turn import Turn
from keyboards import menus
from keyboards.actions.family import Help, Settings
from services.people.actor import Role
from texts import import_phrases, phrases, settings_phrases, staff_phrases


async def show_help(turn: Turn, press: Help) -> list[Reply]:
    viewer = turn.viewer
    keyboard = menus.menu_only() if viewer.ready else None
    actor = viewer.actor
    if actor is not None and actor.is_staff and not viewer.pupils:
        text = staff_phrases.HELP
    else:
        guardian = actor is not None and actor.has(Role.GUARDIAN)
        text = phrases.help_text(guardian=guardian, several=viewer.several)
    if actor is not None and actor.has(Role.ADMIN):
        text = f"{text}\n{import_phrases.HELP_LINE}"
    return [Reply(text, keyboard)]


async def settings(turn: Turn, press: Settings) -> list[Reply]:
    text = phrases.SETTINGS_TEXT.format(name=turn.actor.name) + "\n" + settings_phrases.IN_SETTINGS
    return [Reply(text, menus.settings_menu(turn.viewer.several))]
