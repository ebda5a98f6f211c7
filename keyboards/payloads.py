"""Compact typed button payloads: "1m:p123:d739938:i5" = version, action, integer arguments.
Staff actions have two-letter codes ("1Rt:i5:p7"): a family letter, then the step.

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

_SHAPE = re.compile(r"([0-9])([A-Za-z?][a-z]?)((?::[a-z][0-9]{1,10})*)")
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
    WRITE_TEACHER = "Dw"
    WRITE_TO = "Dt"
    MY_QUESTIONS = "Dm"
    INBOX = "Di"
    ANSWER = "Da"
    # The staff's own flows (handlers/staff_*.py).
    STAFF_HOME = "Hm"
    NOW = "Ln"
    LESSONS = "Ld"
    CARD = "Lc"
    ROLL_CALL = "Ro"
    ROLL_TOGGLE = "Rt"
    ROLL_ALL = "Ra"
    ROLL_SAVE = "Rs"
    MARKS_LIST = "Kl"
    MARK_PUPIL = "Kp"
    MARK_VALUE = "Kv"
    MARK_WORK = "Kw"
    MARK_NO_COMMENT = "Kn"
    MARK_SAVE = "Ks"
    MARK_EDIT = "Ke"
    MARK_DELETE = "Kd"
    MARK_DELETE_YES = "Ky"
    TOPIC = "Nt"
    HOMEWORK_SET = "Nh"
    HOMEWORK_PICK = "Np"
    HOMEWORK_TOGGLE = "Nx"
    HOMEWORK_PICKED = "Nd"
    HOMEWORK_FILE = "Nf"
    FINALS = "Fl"
    FINAL_SHEET = "Fs"
    FINAL_PUPIL = "Fp"
    FINAL_SET = "Fv"
    MY_CLASS = "Cm"
    CLASS_WEEK = "Cw"
    CLASS_FIX = "Cf"
    CLASS_FIX_SET = "Cs"
    CLASS_CODES = "Cc"
    CLASS_REASONS = "Cr"
    CLASS_WEEK_OPEN = "Co"  # from the weekly summary: the week as a new message
    CLASS_PRINTOUTS = "Cp"
    ANNOUNCE = "An"
    ANNOUNCE_SCOPE = "As"
    ANNOUNCE_AUDIENCE = "Aa"
    ANNOUNCE_PUBLISH = "Ap"
    ANNOUNCE_REPORT = "Ar"
    CHANGE_DAY = "Sd"
    CHANGE_CLASS = "Sc"
    CHANGE_LESSON = "Sl"
    CHANGE_CANCEL = "Sx"
    CHANGE_CANCEL_YES = "Sy"
    CHANGE_TEACHERS = "St"
    CHANGE_SUBSTITUTE = "Ss"
    CHANGE_ROOM = "Sr"
    # Notification settings (handlers/notification_settings.py): p names the child.
    NOTIFY = "Pn"
    NOTIFY_KIND = "Pk"
    NOTIFY_MORE = "Pm"
    NOTIFY_THRESHOLD = "Pt"
    NOTIFY_QUIET = "Pq"
    NOTIFY_SUBJECTS = "Ps"
    NOTIFY_SUBJECT = "Pj"


# Which arguments each action takes: p = pupil id, d = a date (its ordinal), i = an item id,
# v = a small value (a mark, a page, a choice) or a second id. Staff actions take theirs as
# optional: a button lacking one is read as stale by its handler.
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
    Action.WRITE_TEACHER: "p",
    Action.WRITE_TO: "ip",
    Action.ANSWER: "i",
    Action.LESSONS: "d",
    Action.CARD: "i",
    Action.ROLL_CALL: "iv",
    Action.ROLL_TOGGLE: "ip",
    Action.ROLL_ALL: "i",
    Action.ROLL_SAVE: "i",
    Action.MARKS_LIST: "iv",
    Action.MARK_PUPIL: "ip",
    Action.MARK_VALUE: "ipv",
    Action.MARK_WORK: "ipv",
    Action.MARK_NO_COMMENT: "ip",
    Action.MARK_SAVE: "ip",
    Action.MARK_EDIT: "ipv",
    Action.MARK_DELETE: "ipv",
    Action.MARK_DELETE_YES: "ipv",
    Action.TOPIC: "i",
    Action.HOMEWORK_SET: "i",
    Action.HOMEWORK_PICK: "iv",
    Action.HOMEWORK_TOGGLE: "ip",
    Action.HOMEWORK_PICKED: "i",
    Action.HOMEWORK_FILE: "ip",
    Action.FINAL_SHEET: "iv",
    Action.FINAL_PUPIL: "ip",
    Action.FINAL_SET: "ipv",
    Action.MY_CLASS: "i",
    Action.CLASS_WEEK: "idv",
    Action.CLASS_FIX: "ip",
    Action.CLASS_FIX_SET: "ipv",
    Action.CLASS_CODES: "i",
    Action.CLASS_REASONS: "i",
    Action.CLASS_WEEK_OPEN: "id",
    Action.CLASS_PRINTOUTS: "id",
    Action.ANNOUNCE: "i",
    Action.ANNOUNCE_SCOPE: "v",
    Action.ANNOUNCE_AUDIENCE: "v",
    Action.ANNOUNCE_REPORT: "i",
    Action.CHANGE_DAY: "dv",
    Action.CHANGE_CLASS: "id",
    Action.CHANGE_LESSON: "i",
    Action.CHANGE_CANCEL: "i",
    Action.CHANGE_CANCEL_YES: "i",
    Action.CHANGE_TEACHERS: "iv",
    Action.CHANGE_SUBSTITUTE: "iv",
    Action.CHANGE_ROOM: "i",
    Action.NOTIFY: "pv",
    Action.NOTIFY_KIND: "piv",
    Action.NOTIFY_MORE: "p",
    Action.NOTIFY_THRESHOLD: "pv",
    Action.NOTIFY_QUIET: "pv",
    Action.NOTIFY_SUBJECTS: "pv",
    Action.NOTIFY_SUBJECT: "piv",
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
    value: int | None = None

    def _args(self) -> dict[str, int]:
        found = {
            "p": self.pupil,
            "d": self.day.toordinal() if self.day else None,
            "i": self.item,
            "v": self.value,
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
    if any(not 0 < args[k] <= MAX_ID for k in "piv" if k in args):
        return None
    payload = Payload(
        action=action,
        pupil=args.get("p"),
        day=date.fromordinal(day) if day is not None else None,
        item=args.get("i"),
        value=args.get("v"),
    )
    # One spelling per payload (no leading zeros, arguments in order): nothing else is ours.
    return payload if pack(payload) == raw else None
