"""A guardian of several children picks whose journal the chat shows; the choice is kept."""

from handlers.core.io import Reply
from handlers.core.menu import menu_reply, no_child_note, pick_child_text, stale
from handlers.core.turn import Turn
from keyboards import menus
from keyboards.actions.family import Children, PickChild
from services.chat.accounts import select_pupil
from texts import phrases
from texts.formatting import whose


async def offer(turn: Turn, press: Children) -> list[Reply]:
    viewer = turn.viewer
    if not viewer.pupils and not viewer.archives:
        # Typed «Выбрать ребёнка» by staff is not a stale button: say whose section it is.
        return (
            await stale(turn) if turn.pressed else [menu_reply(viewer, note=no_child_note(viewer))]
        )
    menu = menus.children_menu(viewer.pupils, viewer.archives)
    return [Reply(pick_child_text(viewer), menu)]


async def choose(turn: Turn, press: PickChild) -> list[Reply]:
    pupil = turn.viewer.find(press.pupil)
    if pupil is None:
        return await stale(turn)
    await turn.run(select_pupil, turn.platform, turn.account, pupil.id)
    await turn.reload()
    return [menu_reply(turn.viewer, pupil, note=phrases.CHILD_PICKED.format(whose=whose(pupil)))]
