"""Button payloads: one small frozen class per action, with named and typed fields, packed as
"2Kw:123:456:7": the format's version, the action's code, then its fields in declaration order.

A payload says what was pressed, never what the person may see: handlers pass its ids to the
services, which check access again every time. Payloads carry ids and values (a lesson's id,
a work type's id, a mark's value, an attendance status), never positions in a list that may
have changed since the button was drawn; only pages of a long list are numbers.

Adding an action
----------------
1. Declare it in keyboards/actions/ next to its kin (family.py, staff.py, settings.py,
   notices.py; a new module must be imported in keyboards/actions/__init__.py)::

       class MarkWork(Press, code="Kw"):
           lesson: int
           pupil: int
           work: int  # the work type's id
           page: int = 1

   The code is one or two of [A-Za-z?], unique (a clash fails at import). Fields are
   keyword-only; a field's type is int (0..2**31-1), bool, date, time (hours and minutes), str
   (a short key: letters, digits and "._+-/"), a StrEnum, or one of these `| None`. A field
   with a default may be left out; trailing fields equal to their default are not packed. An
   action that could exceed Telegram's 64 bytes (VK's limit is 255 characters, MAX's 1,024) is
   refused at import, or, with a str field, when packed.
2. Build the button: `keyboards.menus.button(label, MarkWork(lesson=1, pupil=2, work=3))`
   (which shortens long labels), or `Button(label, pack(press))`.
3. Route it: a line `on(MarkWork, mark_draft.pick_work)` in handlers/core/routing.py (or
   handlers/staff/routes.py, handlers/account/notification_settings.py), where the handler is
   `async def pick_work(turn: Turn, press: MarkWork) -> list[Reply]`; mypy checks the pair,
   and tests/test_every_button.py checks that every action has a route.
4. Changing what a field means, or the order of the fields, of an action in use? Bump VERSION:
   the buttons of older menus then decode as stale (the person gets the fresh menu) instead
   of being misread. Adding an action, or a trailing field with a default, needs no bump.

unpack(raw) gives the press, or None for anything else (garbage, oversize, another version, a
field that does not read as its type); is_stale(raw) tells an older menu's button from garbage.
"""

import re
from collections.abc import Callable
from dataclasses import MISSING, dataclass, fields
from datetime import date, time
from enum import StrEnum
from types import NoneType, UnionType
from typing import Any, ClassVar, dataclass_transform, get_args, get_type_hints

# Bump when the meaning of an action's fields changes (see above). Version 1 had positional
# arguments ("1Kw:i5:p7:v2") and notification buttons of their own ("n:ab:..."): both stale.
VERSION = "2"
TELEGRAM_LIMIT_BYTES = 64
VK_LIMIT_CHARS = 255
MAX_INT = 2**31 - 1  # the database's INTEGER range
SEPARATOR = ":"

_CODE = re.compile(r"[A-Za-z?]{1,2}")
_HEAD = re.compile(r"([0-9]+)([A-Za-z?]{1,2})")
_OLD_NOTIFICATION = "n:"  # version 1's notification buttons
_DIGITS = re.compile(r"0|[1-9][0-9]{0,9}")
_HHMM = re.compile(r"([01][0-9]|2[0-3])([0-5][0-9])")
_KEY = re.compile(r"[\w.+\-/]{1,32}")


class PayloadTooLong(ValueError):
    pass


@dataclass(frozen=True)
class _Field:
    """How one field is written and read; read() raises ValueError for what is not ours."""

    name: str
    write: Callable[[Any], str]
    read: Callable[[str], Any]
    width: int | None  # the longest it packs to, in bytes; None when only packing can tell
    default: Any  # dataclasses.MISSING when the field is required


def _write_int(value: Any) -> str:
    if type(value) is not int or not 0 <= value <= MAX_INT:
        raise ValueError(f"not an integer in 0..{MAX_INT}: {value!r}")
    return str(value)


def _read_int(raw: str) -> int:
    if not _DIGITS.fullmatch(raw) or int(raw) > MAX_INT:
        raise ValueError(raw)
    return int(raw)


def _write_bool(value: Any) -> str:
    if type(value) is not bool:
        raise ValueError(f"not a bool: {value!r}")
    return "1" if value else "0"


def _read_bool(raw: str) -> bool:
    if raw not in ("0", "1"):
        raise ValueError(raw)
    return raw == "1"


def _write_date(value: Any) -> str:
    if type(value) is not date:
        raise ValueError(f"not a date: {value!r}")
    return str(value.toordinal())


def _read_date(raw: str) -> date:
    ordinal = _read_int(raw)
    if not 0 < ordinal <= date.max.toordinal():
        raise ValueError(raw)
    return date.fromordinal(ordinal)


def _write_time(value: Any) -> str:
    if type(value) is not time or value.second or value.microsecond or value.tzinfo:
        raise ValueError(f"not hours and minutes: {value!r}")
    return f"{value.hour:02d}{value.minute:02d}"


def _read_time(raw: str) -> time:
    match = _HHMM.fullmatch(raw)
    if match is None:
        raise ValueError(raw)
    return time(int(match.group(1)), int(match.group(2)))


def _write_key(value: Any) -> str:
    if type(value) is not str or not _KEY.fullmatch(value):
        raise ValueError(f"not a short key: {value!r}")
    return value


def _read_key(raw: str) -> str:
    if not _KEY.fullmatch(raw):
        raise ValueError(raw)
    return raw


def _enum_field(kind: type[StrEnum]) -> tuple[Callable[[Any], str], Callable[[str], Any], int]:
    for member in kind:
        _write_key(member.value)  # an enum whose values do not pack is refused at import

    def write(value: Any) -> str:
        if not isinstance(value, kind):
            raise ValueError(f"not a {kind.__name__}: {value!r}")
        return value.value

    return write, kind, max(len(m.value.encode()) for m in kind)


_SIMPLE: dict[type, tuple[Callable[[Any], str], Callable[[str], Any], int | None]] = {
    int: (_write_int, _read_int, len(str(MAX_INT))),
    bool: (_write_bool, _read_bool, 1),
    date: (_write_date, _read_date, len(str(date.max.toordinal()))),
    time: (_write_time, _read_time, 4),
    str: (_write_key, _read_key, None),
}


def _optional(
    write: Callable[[Any], str], read: Callable[[str], Any]
) -> tuple[Callable[[Any], str], Callable[[str], Any]]:
    def write_optional(value: Any) -> str:
        return "" if value is None else write(value)

    def read_optional(raw: str) -> Any:
        return None if raw == "" else read(raw)

    return write_optional, read_optional


def _field(owner: str, name: str, hint: Any, default: Any) -> _Field:
    args = get_args(hint) if isinstance(hint, UnionType) else ()
    optional = NoneType in args
    if optional:
        (hint,) = [a for a in args if a is not NoneType] or [None]
    width: int | None
    if isinstance(hint, type) and issubclass(hint, StrEnum):
        write, read, width = _enum_field(hint)
    elif hint in _SIMPLE:
        write, read, width = _SIMPLE[hint]
    else:
        raise TypeError(f"{owner}.{name}: a payload field cannot be {hint!r}")
    if optional:
        write, read = _optional(write, read)
    return _Field(name, write, read, width, default)


_ACTIONS: dict[str, type["Press"]] = {}


@dataclass_transform(kw_only_default=True, frozen_default=True)
class Press:
    """What a button says was pressed. Subclass it once per action (see the module's doc)."""

    code: ClassVar[str]
    packed_fields: ClassVar[tuple[_Field, ...]]

    def __init_subclass__(cls, *, code: str, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        if not _CODE.fullmatch(code) or code in _ACTIONS:
            raise TypeError(f"{cls.__name__}: the code {code!r} is not one letter or two, or taken")
        dataclass(frozen=True, kw_only=True)(cls)
        hints = get_type_hints(cls)
        cls.code = code
        cls.packed_fields = tuple(
            _field(cls.__name__, f.name, hints[f.name], f.default)
            for f in fields(cls)  # type: ignore[arg-type]  # a dataclass from the line above
        )
        widths = [f.width for f in cls.packed_fields]
        if None not in widths:
            longest = len(VERSION + code) + sum(len(SEPARATOR) + w for w in widths if w)
            if longest > TELEGRAM_LIMIT_BYTES:
                raise TypeError(f"{cls.__name__} may pack to {longest} bytes")
        _ACTIONS[code] = cls


def actions() -> tuple[type[Press], ...]:
    """Every action declared so far (keyboards.actions declares them all)."""
    return tuple(_ACTIONS.values())


def pack(press: Press) -> str:
    """The payload of a button; ValueError for a field that does not fit its type."""
    specs = press.packed_fields
    values = [getattr(press, f.name) for f in specs]
    parts = [f.write(v) for f, v in zip(specs, values, strict=True)]
    while parts and values[len(parts) - 1] == specs[len(parts) - 1].default:
        parts.pop()
    raw = SEPARATOR.join([VERSION + press.code, *parts])
    if len(raw.encode()) > TELEGRAM_LIMIT_BYTES or len(raw) > VK_LIMIT_CHARS:
        raise PayloadTooLong(raw)
    return raw


def _head(raw: object) -> tuple[str, str, list[str]] | None:
    if not isinstance(raw, str) or len(raw.encode("utf-8", "replace")) > TELEGRAM_LIMIT_BYTES:
        return None
    head, *parts = raw.split(SEPARATOR)
    match = _HEAD.fullmatch(head)
    return None if match is None else (match.group(1), match.group(2), parts)


def is_stale(raw: object) -> bool:
    """A payload of an older menu: the right shape, another version."""
    if isinstance(raw, str) and raw.startswith(_OLD_NOTIFICATION):
        return True
    found = _head(raw)
    return found is not None and found[0] != VERSION


def unpack(raw: object) -> Press | None:
    """The press, or None for garbage, oversize, another version or an ill-typed field."""
    found = _head(raw)
    if found is None or found[0] != VERSION:
        return None
    kind = _ACTIONS.get(found[1])
    parts = found[2]
    if kind is None or len(parts) > len(kind.packed_fields):
        return None
    values: dict[str, Any] = {}
    try:
        for n, spec in enumerate(kind.packed_fields):
            if n < len(parts):
                values[spec.name] = spec.read(parts[n])
            elif spec.default is MISSING:
                return None
        press = kind(**values)
        # One spelling per press (no leading zeros, no trailing defaults): nothing else is ours.
        return press if pack(press) == raw else None
    except ValueError:
        return None
