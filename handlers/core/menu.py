"""The main menu, and the fresh menu that follows every refusal or misunderstanding."""

from collections.abc import Awaitable, Callable
from typing import Protocol, TypeVar

from handlers.core.io import Reply
from handlers.core.turn import Turn, Viewer
from keyboards import menus, staff_menus
from keyboards.actions.family import Menu
from keyboards.model import Keyboard
from services.people.actor import Role
from services.views import GraduateBrief, PupilBrief
from texts import phrases, staff_phrases
from texts.formatting import graduate, whose


def menu_keyboard(viewer: Viewer, pupil: PupilBrief | None = None) -> Keyboard | None:
    if viewer.actor is None:
        return None
    if not viewer.status.consent_given:
        return menus.consent_menu()
    if viewer.pupils:
        pupil = pupil or viewer.selected
        if pupil is None:
            return menus.children_menu(viewer.pupils, viewer.archives)
        actor = viewer.actor
        # A graduate's archive is offered among the children ("Выбрать ребёнка").
        several = viewer.several or bool(viewer.archives)
        return menus.family_menu(pupil.id, several, actor.is_staff, actor.has(Role.GUARDIAN))
    if viewer.actor.is_staff:
        return staff_menus.staff_menu(viewer.actor, staff_archives(viewer))
    if viewer.archives:
        return menus.graduates_menu(viewer.archives)
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
            return Reply(lead + pick_child_text(viewer), menu_keyboard(viewer))
        text = phrases.MENU_FAMILY.format(whose=whose(pupil))
    elif actor.is_staff:
        text = staff_menu_text(viewer)
    elif viewer.archives:
        lines = [
            phrases.GRADUATE_LINE.format(who=graduate(g), until=g.open_until)
            for g in viewer.archives
        ]
        text = phrases.MENU_GRADUATES.format(name=actor.name, lines="\n".join(lines))
    elif viewer.graduates:
        until = max(g.open_until for g in viewer.graduates)
        text = phrases.MENU_ARCHIVE_CLOSED.format(name=actor.name, until=until)
    else:
        text = phrases.MENU_EMPTY.format(name=actor.name)
    return Reply(lead + text, menu_keyboard(viewer, pupil))


def staff_archives(viewer: Viewer) -> tuple[GraduateBrief, ...]:
    """Staff with no child at school open a graduate's archive from their own menu, while the
    school's window lasts; those with one find it among their children, as families do."""
    return () if viewer.pupils else viewer.archives


def staff_menu_text(viewer: Viewer) -> str:
    assert viewer.actor is not None
    text = staff_phrases.MENU.format(name=viewer.actor.name)
    archives = staff_archives(viewer)
    if not archives:
        return text
    lines = [phrases.GRADUATE_LINE.format(who=graduate(g), until=g.open_until) for g in archives]
    return f"{text}\n\n" + phrases.STAFF_ARCHIVES.format(lines="\n".join(lines))


def pick_child_text(viewer: Viewer) -> str:
    if viewer.archives:
        return f"{phrases.PICK_CHILD}\n{phrases.PICK_CHILD_ARCHIVES}"
    return phrases.PICK_CHILD


def no_child_note(viewer: Viewer) -> str:
    """Why a child's page did not open for a chat with no child chosen: several to pick from
    (the menu asks whose), graduates' archives only, or staff."""
    if viewer.pupils or (viewer.graduates and not viewer.archives):
        return ""
    return phrases.ARCHIVE_ONLY if viewer.archives else phrases.FAMILY_ONLY


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
                return [menu_reply(viewer, note=no_child_note(viewer))]
        return await handler(turn, press, pupil)

    return wrapped
