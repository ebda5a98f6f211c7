"""Help, and the settings screen (notifications, whose data, unlinking, forgetting)."""

from handlers.core.io import Reply
from handlers.core.turn import Turn
from keyboards import menus, staff_menus
from keyboards.actions.family import Help, Settings
from services.people.actor import Actor, Role
from texts import import_phrases, phrases, settings_phrases, staff_phrases


async def show_help(turn: Turn, press: Help) -> list[Reply]:
    viewer = turn.viewer
    keyboard = menus.menu_only() if viewer.ready else None
    actor = viewer.actor
    if actor is not None and actor.is_staff and not viewer.pupils:
        text = staff_help(actor)
    else:
        guardian = actor is not None and actor.has(Role.GUARDIAN)
        text = phrases.help_text(guardian=guardian, several=viewer.several)
    if actor is not None and actor.has(Role.ADMIN):
        text = f"{text}\n{import_phrases.HELP_LINE}"
    return [Reply(text, keyboard)]


def staff_help(actor: Actor) -> str:
    """The lines of the buttons this person's menu has, in the menu's order."""
    shown = [b.label for row in staff_menus.staff_menu(actor).rows for b in row]
    lines = [
        staff_phrases.HELP_LINES[label] for label in shown if label in staff_phrases.HELP_LINES
    ]
    return "\n".join([staff_phrases.HELP_TITLE, *lines, staff_phrases.HELP_TYPING])


async def settings(turn: Turn, press: Settings) -> list[Reply]:
    text = phrases.SETTINGS_TEXT.format(name=turn.actor.name) + "\n" + settings_phrases.IN_SETTINGS
    return [Reply(text, menus.settings_menu(turn.viewer.several))]
