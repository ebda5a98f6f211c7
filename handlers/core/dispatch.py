"""The shapes of the routing tables: which function answers which press (on), and which typed
text a waiting flow takes (TextFlow). The tables themselves are handlers.core.routing's (the
family's and everyone's), handlers.staff.routes' and handlers.account.notification_settings'."""

from collections.abc import Awaitable, Callable, Iterable
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from handlers.core.io import Reply
from handlers.core.states import State
from handlers.core.turn import Turn
from keyboards.payloads import Press

P = TypeVar("P", bound=Press)
Handler = Callable[[Turn, P], Awaitable[list[Reply]]]
TextHandler = Callable[[Turn, str], Awaitable[list[Reply]]]
# Asked when "В меню" (or "Отмена", "Назад") is typed in the flow: replies that ask first
# (a draft not saved), or None to go to the menu.
LeaveHandler = Callable[[Turn], Awaitable[list[Reply] | None]]


@dataclass(frozen=True)
class Route(Generic[P]):
    press: type[P]
    handler: Handler[P]


def on(press: type[P], handler: Handler[P]) -> Route[P]:
    """One line of a routing table: mypy checks that the handler takes this press."""
    return Route(press, handler)


def table(*parts: Iterable[Route[Any]]) -> dict[type[Press], Handler[Any]]:
    """The routes as a lookup by the press's class; a press routed twice is a mistake."""
    found: dict[type[Press], Handler[Any]] = {}
    for route in (r for part in parts for r in part):
        if route.press in found:
            raise ValueError(f"{route.press.__name__} is routed twice")
        found[route.press] = route.handler
    return found


@dataclass(frozen=True)
class TextFlow:
    """A state that waits for typed text: what takes the text (None: the text is not the
    flow's, it leaves the flow and is read as any other), and the presses that keep the flow
    going (any other press leaves it, so that a later message is not taken for its text)."""

    state: type[State]
    takes: TextHandler | None
    keeps: frozenset[type[Press]] = frozenset()
    # The flow reads only its own terms (a mark, a work type): a menu label typed ("Сейчас
    # урок") leaves it and is read as any other, instead of being taken for the flow's text.
    strict: bool = False
    # A draft the flow would lose: typed "В меню" asks first, as the flow's own "leave" button.
    before_leaving: LeaveHandler | None = None
