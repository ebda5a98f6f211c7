"""A guardian of several children picks whose journal the chat shows; the choice is kept."""

from handlers.core.io import Reply
from handlers.core.menu import menu_reply, stale
from handlers.core.turn import Turn
from keyboards import menus
from keyboards.actions.family import Children, PickChild
from services.chat.accounts import select_pupil
from texts import phrases
from texts.formatting import whose


async def offer(turn: Turn, press: Children) -> list[Reply]:
    if not turn.viewer.pupils:
        return await stale(turn)
    return [Reply(phrases.PICK_CHILD, menus.children_menu(turn.viewer.pupils))]


async def choose(turn: Turn, press: PickChild) -> list[Reply]:
    pupil = turn.viewer.find(press.pupil)
    if pupil is None:
        return await stale(turn)
    await turn.run(select_pupil, turn.platform, turn.account, pupil.id)
    await turn.reload()
    return [menu_reply(turn.viewer, pupil, note=phrases.CHILD_PICKED.format(whose=whose(pupil)))]
