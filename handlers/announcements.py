"""The notice board: the school's and the class's announcements meant for this person."""

from handlers import formatting as fmt
from handlers import texts
from handlers.io import Reply
from handlers.turn import Turn
from keyboards import menus
from keyboards.payloads import Payload
from services.announcements_read import announcements_for

LIMIT = 10


async def show(turn: Turn, payload: Payload) -> list[Reply]:
    items = await turn.run(announcements_for, LIMIT)
    lines = [texts.ANNOUNCEMENTS_TITLE]
    for item in items:
        published = fmt.day(turn.viewer.local_day(item.published_at))
        lines += ["", f"{item.title}", item.text, f"— {item.author}, {published} ({item.audience})"]
    if not items:
        lines += ["", texts.ANNOUNCEMENTS_NONE]
    return [Reply("\n".join(lines), menus.menu_only())]
