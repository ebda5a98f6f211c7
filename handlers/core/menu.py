"""The main menu, and the fresh menu that follows every refusal or misunderstanding."""

from collections.abc import Awaitable, Callable
from typing import Protocol, TypeVar

from handlers.core.io import Reply
from handlers.core.turn import Turn, Viewer
from keyboards import menus, staff_menus
from keyboards.actions.family import Menu
from keyboards.model import Keyboard
from services.people.actor import Role
from services.views import PupilBrief
from texts import phrases, staff_phrases
from texts.formatting import whose


def menu_keyboard(viewer: Viewer, pupil: PupilBrief | None = None) -> Keyboard | None:
    if viewer.actor is None:
        return None
    if not viewer.status.consent_given:
        return menus.consent_menu()
    if viewer.pupils:
        pupil = pupil or viewer.selected
        if pupil is None:
            return menus.children_menu(viewer.pupils)
        actor = viewer.actor
        return menus.family_menu(pupil.id, viewer.several, actor.is_staff, actor.has(Role.GUARDIAN))
    if viewer.actor.is_staff:
        return staff_menus.staff_menu(viewer.actor)
    return menus.settings_menu(False)


def consent_reply(viewer: Viewer) -> Reply:
    """The one screen shown before anything else: who processes what, why, how to withdraw."""
    staff_only = not viewer.pupils and viewer.actor is not None and viewer.actor.is_staff
    whom = phrases.CONSENT_WHOM_STAFF if staff_only else phrases.CONSENT_WHOM_FAMILY
    return Reply(phrases.CONSENT.format(school=viewer.school_name, whom=whom), menus.consent_menu())


def menu_reply(viewer: Viewer, pupil: PupilBrief | None = None, note: str = "") -> Reply:
    actor = viewer.actor
    if actor is None:
        return Reply(phrases.WELCOME)
    if not viewer.status.consent_given:
        return consent_reply(viewer)
    lead = f"{note}\n\n" if note else ""
    if viewer.pupils:
        pupil = pupil or viewer.selected
        if pupil is None:
            return Reply(lead + phrases.PICK_CHILD, menus.children_menu(viewer.pupils))
        text = phrases.MENU_FAMILY.format(whose=whose(pupil))
    elif actor.is_staff:
        text = staff_phrases.MENU.format(name=actor.name)
    else:
        text = phrases.MENU_EMPTY.format(name=actor.name)
    return Reply(lead + text, menu_keyboard(viewer, pupil))


async def show_menu(turn: Turn, press: Menu) -> list[Reply]:
    turn.clear_state()
    return [menu_reply(turn.viewer, turn.viewer.find(press.pupil))]


async def not_understood(turn: Turn) -> list[Reply]:
    return [menu_reply(turn.viewer, note=phrases.NOT_UNDERSTOOD)]


async def stale(turn: Turn) -> list[Reply]:
    return [menu_reply(turn.viewer, note=phrases.STALE_BUTTON)]


class ForPupil(Protocol):
    """A press that may name a child: its `pupil`, or None for the chat's chosen one."""

    @property
    def pupil(self) -> int | None: ...


F = TypeVar("F", bound=ForPupil)


def for_pupil(
    handler: Callable[[Turn, F, PupilBrief], Awaitable[list[Reply]]],
) -> Callable[[Turn, F], Awaitable[list[Reply]]]:
    """Whose journal to open: the button's child if this chat still shows them, else the
    remembered one; the service checks access again with that id."""

    async def wrapped(turn: Turn, press: F) -> list[Reply]:
        viewer = turn.viewer
        if press.pupil is not None:
            pupil = viewer.find(press.pupil)
            if pupil is None:
                return await stale(turn)
        else:
            pupil = viewer.selected
            if pupil is None:
                # Several children and none chosen yet: the menu asks whose; staff hear why not.
                return [menu_reply(viewer, note="" if viewer.pupils else phrases.FAMILY_ONLY)]
        return await handler(turn, press, pupil)

    return wrapped
