"""The actions of the notification settings. `pupil` names whose settings: a child, or the
person's own id for their own (a guardian who is also staff); without it the chat's chosen
child, or the person's own when they have no children.

Buttons carry the value they set (on or off, 2 or 3, the quiet hours), never "toggle": a
message pressed twice, or an old one pressed late, sets the same thing again."""

from datetime import time
from enum import StrEnum

from keyboards.payloads import Press


class Whose(StrEnum):
    ASK = "a"  # ask whose settings, even with a child chosen
    SHOWN = "s"  # the screens' own buttons: this one's, without asking


class Notify(Press, code="Pn"):
    pupil: int | None = None
    whose: Whose | None = None  # the menu's button: ask a guardian who is also staff


class NotifyKind(Press, code="Pk"):
    kind: str  # a key of services.settings.notifications.KINDS
    on: bool
    pupil: int | None = None


class NotifyMore(Press, code="Pm"):
    pupil: int | None = None


class NotifyThreshold(Press, code="Pt"):
    threshold: int
    pupil: int | None = None


class NotifyQuiet(Press, code="Pq"):
    """Quiet hours from `start` to `end`; equal ends switch them off."""

    start: time
    end: time
    pupil: int | None = None


class NotifySubjects(Press, code="Ps"):
    pupil: int | None = None
    page: int = 1


class NotifySubject(Press, code="Pj"):
    subject: int
    threshold: int
    pupil: int | None = None
