"""The notification settings: for the chosen child (or oneself) every kind on or off, the
poor-mark threshold (general and per subject) and quiet hours. Every tap redraws the message
it came from; the service checks again that the child is the person's own.

A guardian who is also staff has both: their children's settings and their own (the staff
view: announcements, their class's final marks at risk, quiet hours). Their own screens carry
the person's own id as the button's pupil, which the service reads as their own row."""

from collections.abc import Awaitable, Callable
from typing import TypeVar

from handlers.core.dispatch import on
from handlers.core.io import Reply
from handlers.core.menu import ForPupil, stale
from handlers.core.turn import Turn
from keyboards import settings_menus
from keyboards.actions.settings import (
    Notify,
    NotifyKind,
    NotifyMore,
    NotifyQuiet,
    NotifySubject,
    NotifySubjects,
    NotifyThreshold,
    Whose,
)
from services.people.actor import ROLE_TITLES, Role
from services.settings.notifications import (
    KINDS,
    NotificationSettings,
    notification_settings,
    set_kind,
    set_quiet_hours,
    set_subject_threshold,
    set_threshold,
)
from texts import settings_phrases
from texts.formatting import whose

# Which post names a guardian's own settings in the picker, when they hold several.
_POSTS = (Role.DIRECTOR, Role.DEPUTY, Role.CLASS_TEACHER, Role.TEACHER, Role.MEDIC, Role.ADMIN)

F = TypeVar("F", bound=ForPupil)


def _works_too(turn: Turn) -> bool:
    """A guardian who is also staff: their own settings are one more choice."""
    return bool(turn.viewer.pupils) and turn.actor.is_staff


def _for_target(
    handler: Callable[[Turn, F, int | None], Awaitable[list[Reply]]],
) -> Callable[[Turn, F], Awaitable[list[Reply]]]:
    """Whose settings: the button's child (or the person's own id), else the chat's chosen
    child, else (no children, as for staff) the person's own (None); a guardian of several
    who has chosen none, or a guardian who is also staff, picks."""

    async def wrapped(turn: Turn, press: F) -> list[Reply]:
        viewer = turn.viewer
        if press.pupil is not None or not viewer.pupils:
            return await handler(turn, press, press.pupil)
        if viewer.selected is None or _works_too(turn):
            return _picker(turn)
        return await handler(turn, press, viewer.selected.id)

    return wrapped


def _switch(turn: Turn, view: NotificationSettings) -> str | None:
    """The label of the button back to the picker; None when there is nothing to pick."""
    if turn.viewer.several and view.pupil_id is not None:
        return settings_phrases.OTHER_CHILD
    return settings_phrases.BACK if _works_too(turn) else None


def _whose(turn: Turn, pupil: int | None) -> str:
    brief = turn.viewer.find(pupil)
    return whose(brief) if brief is not None else turn.actor.name


def _quiet_line(view: NotificationSettings) -> str:
    if not view.quiet:
        return settings_phrases.NO_QUIET
    span = f"{view.quiet_from}–{view.quiet_to}"
    return (
        settings_phrases.QUIET if "absences" in view.offered else settings_phrases.QUIET_OWN
    ).format(span=span)


def _threshold_words(view: NotificationSettings) -> str:
    return settings_phrases.THRESHOLD_WORDS.get(
        view.poor_mark_threshold, str(view.poor_mark_threshold)
    )


def _poor_marks_note(view: NotificationSettings) -> str:
    own = [f"{s.name} — {s.threshold} и ниже" for s in view.subjects if s.own]
    return _threshold_words(view) + (f" ({'; '.join(own)})" if own else "")


def _main(turn: Turn, view: NotificationSettings, pupil: int | None, note: str = "") -> Reply:
    lines = [note, ""] if note else []
    lines += [settings_phrases.TITLE.format(whose=_whose(turn, pupil)), settings_phrases.HINT, ""]
    own = "absences" not in view.offered
    notes = settings_phrases.KIND_NOTES | (settings_phrases.STAFF_KIND_NOTES if own else {})
    for kind in view.offered:
        lines.append("• " + notes[kind].format(threshold=_poor_marks_note(view)))
    lines.append("")
    if own:
        lines += [settings_phrases.OWN_NOTE] if turn.actor.is_staff else []
    elif not view.marks:
        lines.append(settings_phrases.UNMARKED)
    lines.append(_quiet_line(view))
    if _works_too(turn):
        lines.append(settings_phrases.SHARED_WITH_WORK_NOTE)
    elif turn.viewer.several:
        lines.append(settings_phrases.SHARED_NOTE)
    keyboard = settings_menus.settings_menu(view, pupil, _switch(turn, view))
    return Reply("\n".join(lines), keyboard, edit=turn.pressed)


def _more(turn: Turn, view: NotificationSettings, pupil: int | None) -> Reply:
    title = settings_phrases.MORE_TITLE if view.marks else settings_phrases.MORE_OWN_TITLE
    lines = [title.format(whose=_whose(turn, pupil))]
    if view.marks:
        lines.append(settings_phrases.THRESHOLD_NOW.format(words=_threshold_words(view)))
    lines.append(_quiet_line(view))
    return Reply("\n".join(lines), settings_menus.more_menu(view, pupil), edit=turn.pressed)


def _subjects(turn: Turn, view: NotificationSettings, pupil: int | None, page: int) -> Reply:
    keyboard, page, pages = settings_menus.subjects_menu(view, pupil, page, turn.platform)
    lines = [settings_phrases.SUBJECTS_TITLE.format(whose=_whose(turn, pupil))]
    if view.subjects:
        lines.append(settings_phrases.SUBJECTS_HINT.format(general=view.poor_mark_threshold))
    else:
        lines.append(settings_phrases.SUBJECTS_NONE)
    if pages > 1:
        lines.append(settings_phrases.PAGE.format(page=page, pages=pages))
    return Reply("\n".join(lines), keyboard, edit=turn.pressed)


def _picker(turn: Turn) -> list[Reply]:
    actor = turn.actor
    post = next((r for r in _POSTS if actor.has(r)), None)
    own = None
    if _works_too(turn) and post is not None:
        own = (actor.person_id, settings_phrases.OWN_CHOICE.format(post=ROLE_TITLES[post]))
    menu = settings_menus.children_menu(turn.viewer.pupils, own)
    return [Reply(settings_phrases.PICK_CHILD, menu, edit=turn.pressed)]


async def show(turn: Turn, press: Notify) -> list[Reply]:
    if press.whose != Whose.SHOWN and (
        _works_too(turn) or (press.whose == Whose.ASK and turn.viewer.several)
    ):
        return _picker(turn)
    return await _show(turn, press)


@_for_target
async def _show(turn: Turn, press: Notify, pupil: int | None) -> list[Reply]:
    view = await turn.run(notification_settings, turn.platform, turn.account, pupil)
    return [_main(turn, view, pupil)]


@_for_target
async def toggle(turn: Turn, press: NotifyKind, pupil: int | None) -> list[Reply]:
    if press.kind not in KINDS:
        return await stale(turn)
    view = await turn.run(set_kind, turn.platform, turn.account, pupil, press.kind, press.on)
    absences_off = press.kind == "absences" and not press.on
    note = settings_phrases.ABSENCES_OFF_WARNING if absences_off else ""
    return [_main(turn, view, pupil, note)]


@_for_target
async def more(turn: Turn, press: NotifyMore, pupil: int | None) -> list[Reply]:
    view = await turn.run(notification_settings, turn.platform, turn.account, pupil)
    return [_more(turn, view, pupil)]


@_for_target
async def threshold(turn: Turn, press: NotifyThreshold, pupil: int | None) -> list[Reply]:
    view = await turn.run(set_threshold, turn.platform, turn.account, pupil, press.threshold)
    return [_more(turn, view, pupil)]


@_for_target
async def quiet(turn: Turn, press: NotifyQuiet, pupil: int | None) -> list[Reply]:
    span = settings_menus.quiet_span(press)
    if span is None:
        return await stale(turn)
    view = await turn.run(set_quiet_hours, turn.platform, turn.account, pupil, *span)
    return [_more(turn, view, pupil)]


@_for_target
async def subjects(turn: Turn, press: NotifySubjects, pupil: int | None) -> list[Reply]:
    view = await turn.run(notification_settings, turn.platform, turn.account, pupil)
    return [_subjects(turn, view, pupil, press.page)]


@_for_target
async def subject(turn: Turn, press: NotifySubject, pupil: int | None) -> list[Reply]:
    view = await turn.run(
        set_subject_threshold, turn.platform, turn.account, pupil, press.subject, press.threshold
    )
    page = settings_menus.subject_page(view, press.subject, turn.platform)
    return [_subjects(turn, view, pupil, page)]


ROUTES = (
    on(Notify, show),
    on(NotifyKind, toggle),
    on(NotifyMore, more),
    on(NotifyThreshold, threshold),
    on(NotifyQuiet, quiet),
    on(NotifySubjects, subjects),
    on(NotifySubject, subject),
)
