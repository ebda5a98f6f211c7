"""Which presses move about rather than ask: their answer replaces the message they came from.

Menus, pickers, pages and toggles edit the message in place (Telegram editMessageText, VK
messages.edit, MAX's answer to the press), so that a chat does not fill with stale menus and
quick presses do not run into Telegram's limit of one new message a second per chat. What a
person may want to keep (marks, homework, a lesson's schedule, a saved roll call, a report, a
file) and every alert arrive as new messages.
"""

from collections.abc import Callable
from dataclasses import replace
from typing import Any

from handlers.core.io import Reply
from keyboards.actions.family import Children, Menu, PickChild, ScheduleDay
from keyboards.actions.family import Settings as SettingsMenu
from keyboards.actions.staff import StaffDay, StaffHome
from keyboards.payloads import Press

# Always in place: the menus and choosing a child. (The steps of a teacher's work, the
# notification settings and the pages of a week decide in their handlers: edit=turn.pressed.)
MOVES: frozenset[type[Press]] = frozenset({Menu, Children, PickChild, SettingsMenu, StaffHome})


def _paging(press: Any) -> bool:
    return getattr(press, "day", None) is not None or getattr(press, "paging", False) is True


def _always(press: Any) -> bool:
    return True


# In place when turning to another day (or back to today with the pages' «Сегодня»), a
# message of its own when first opened from a menu. A teacher's day is a button only under
# the pages of their week (typed «мои уроки» is no press, and comes anew).
PAGES: dict[type[Press], Callable[[Any], bool]] = {ScheduleDay: _paging, StaffDay: _always}


def moves(press: Press) -> bool:
    kind = type(press)
    if kind in MOVES:
        return True
    paging = PAGES.get(kind)
    return paging is not None and paging(press)


def in_place(replies: list[Reply]) -> list[Reply]:
    """The first reply replaces the pressed message (a file never does: it comes anew)."""
    if not replies or replies[0].attachment is not None:
        return replies
    return [replace(replies[0], edit=True), *replies[1:]]
