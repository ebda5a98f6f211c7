"""Compact typed button payloads: "1m:p123:d739938:i5" = version, action, integer arguments.

A payload says what the person pressed, never what they may see: the handlers pass its ids to
the services, which check access again every time.
"""

import re
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

# Bump when the meaning of an action code or of its arguments changes: buttons of older menus
# then decode as stale instead of being misread.
VERSION = "1"
TELEGRAM_LIMIT_BYTES = 64
VK_LIMIT_CHARS = 255
MAX_ID = 2**31 - 1  # the database's INTEGER range
MAX_DAY = date.max.toordinal()

_SHAPE = re.compile(r"([0-9])([A-Za-z?])((?::[a-z][0-9]{1,10})*)")
_ARG = re.compile(r":([a-z])([0-9]{1,10})")


class Action(StrEnum):
    MENU = "M"
    MARKS = "m"
    MARKS_BY_SUBJECT = "s"
    MARKS_FINAL = "f"
    HOMEWORK_NEXT = "h"
    HOMEWORK_WEEK = "w"
    SCHEDULE_DAY = "d"
    SCHEDULE_WEEK = "k"
    LESSON = "l"
    ATTENDANCE = "a"
    ANNOUNCEMENTS = "n"
    HELP = "?"
    SETTINGS = "S"
    CHILDREN = "c"
    PICK_CHILD = "C"
    CONSENT_YES = "Y"
    CONSENT_NO = "N"
    UNLINK = "u"
    UNLINK_YES = "U"
    FORGET = "x"
    FORGET_YES = "X"
    STAFF_DAY = "T"
    STAFF_WEEK = "W"


# Which arguments each action takes: p = pupil id, d = a date (its ordinal), i = an item id.
REQUIRED_ARGS: dict[Action, str] = {Action.PICK_CHILD: "p", Action.LESSON: "pdi"}
OPTIONAL_ARGS: dict[Action, str] = {
    Action.MENU: "p",
    Action.MARKS: "p",
    Action.MARKS_BY_SUBJECT: "p",
    Action.MARKS_FINAL: "p",
    Action.HOMEWORK_NEXT: "p",
    Action.HOMEWORK_WEEK: "p",
    Action.ATTENDANCE: "p",
    Action.SCHEDULE_DAY: "pd",
    Action.SCHEDULE_WEEK: "pd",
    Action.STAFF_DAY: "d",
    Action.STAFF_WEEK: "d",
}


def _fits(action: Action, keys: set[str]) -> bool:
    required = set(REQUIRED_ARGS.get(action, ""))
    return required <= keys <= required | set(OPTIONAL_ARGS.get(action, ""))


class PayloadTooLong(ValueError):
    pass


@dataclass(frozen=True)
class Payload:
    action: Action
    pupil: int | None = None
    day: date | None = None
    item: int | None = None

    def _args(self) -> dict[str, int]:
        found = {
            "p": self.pupil,
            "d": self.day.toordinal() if self.day else None,
            "i": self.item,
        }
        return {k: v for k, v in found.items() if v is not None}


def pack(payload: Payload) -> str:
    args = payload._args()
    if not _fits(payload.action, set(args)):
        raise ValueError(f"arguments {sorted(args)} do not fit action {payload.action.name}")
    if any(not 0 < v <= MAX_ID for v in args.values()):
        raise ValueError(f"argument out of range in {args}")
    raw = VERSION + payload.action.value + "".join(f":{k}{v}" for k, v in sorted(args.items()))
    if len(raw.encode()) > TELEGRAM_LIMIT_BYTES or len(raw) > VK_LIMIT_CHARS:
        raise PayloadTooLong(raw)
    return raw


def _shape(raw: object) -> re.Match[str] | None:
    if not isinstance(raw, str) or len(raw.encode("utf-8", "replace")) > TELEGRAM_LIMIT_BYTES:
        return None
    return _SHAPE.fullmatch(raw)


def is_stale(raw: object) -> bool:
    """A payload of an older menu: the right shape, another version."""
    match = _shape(raw)
    return match is not None and match.group(1) != VERSION


def unpack(raw: object) -> Payload | None:
    """The payload, or None for garbage, oversize, stale or ill-fitting arguments."""
    match = _shape(raw)
    if match is None or match.group(1) != VERSION:
        return None
    try:
        action = Action(match.group(2))
    except ValueError:
        return None
    args: dict[str, int] = {}
    for key, digits in _ARG.findall(match.group(3)):
        if key in args:
            return None
        args[key] = int(digits)
    if not _fits(action, set(args)):
        return None
    day = args.get("d")
    if day is not None and not 0 < day <= MAX_DAY:
        return None
    if any(not 0 < args[k] <= MAX_ID for k in "pi" if k in args):
        return None
    payload = Payload(
        action=action,
        pupil=args.get("p"),
        day=date.fromordinal(day) if day is not None else None,
        item=args.get("i"),
    )
    # One spelling per payload (no leading zeros, arguments in order): nothing else is ours.
    return payload if pack(payload) == raw else None
