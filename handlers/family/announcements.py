"""The notice board: the school's and the class's announcements meant for this person."""

from handlers.core.io import Reply
from handlers.core.turn import Turn
from keyboards import menus
from keyboards.actions.family import Announcements
from services.messages.announcements_reading import announcements_for
from texts import formatting, phrases

LIMIT = 10


async def show(turn: Turn, press: Announcements) -> list[Reply]:
    items = await turn.run(announcements_for, LIMIT)
    lines = [phrases.ANNOUNCEMENTS_TITLE]
    for item in items:
        published = formatting.day(turn.viewer.local_day(item.published_at))
        lines += ["", f"{item.title}", item.text, f"— {item.author}, {published} ({item.audience})"]
    if not items:
        lines += ["", phrases.ANNOUNCEMENTS_NONE]
    return [Reply("\n".join(lines), menus.menu_only())]
