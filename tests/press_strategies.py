"""Hypothesis strategies for presses (keyboards.payloads): any action, every field drawn from
values of its type, near the ones the bot offers (small ids, this school year's days, the keys
its buttons carry) and far from them."""

from dataclasses import MISSING, fields
from datetime import date, time
from enum import StrEnum
from types import NoneType, UnionType
from typing import Any, get_args, get_type_hints

from hypothesis import strategies

import keyboards.actions  # noqa: F401  (declares every action)
from keyboards.payloads import MAX_INT, Press, actions

KEYS = ["5", "4", "3", "2", "осв.", "absences", "poor_marks", "all_marks", "ill", "family"]
KEYS += ["note", "nope"]

small = strategies.integers(min_value=1, max_value=40)
ids = strategies.integers(min_value=0, max_value=MAX_INT) | small
days = strategies.dates(min_value=date(1, 1, 1)) | strategies.dates(
    date(2026, 9, 1), date(2027, 6, 30)
)
times = strategies.builds(time, strategies.integers(0, 23), strategies.sampled_from([0, 30, 59]))


def _values(hint: Any) -> strategies.SearchStrategy[Any]:
    if isinstance(hint, UnionType):
        (inner,) = [a for a in get_args(hint) if a is not NoneType]
        return strategies.none() | _values(inner)
    if isinstance(hint, type) and issubclass(hint, StrEnum):
        return strategies.sampled_from(list(hint))
    simple: dict[Any, strategies.SearchStrategy[Any]] = {
        int: ids,
        bool: strategies.booleans(),
        date: days,
        time: times,
        str: strategies.sampled_from(KEYS),
    }
    return simple[hint]


@strategies.composite
def press_of(draw: strategies.DrawFn, kind: type[Press]) -> Press:
    hints = get_type_hints(kind)
    values = {}
    for field in fields(kind):
        if field.default is MISSING or draw(strategies.booleans()):
            values[field.name] = draw(_values(hints[field.name]))
    return kind(**values)


def presses(kinds: list[type[Press]] | None = None) -> strategies.SearchStrategy[Press]:
    return strategies.sampled_from(kinds or list(actions())).flatmap(press_of)
