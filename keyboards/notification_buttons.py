"""Buttons on notifications and their payloads ("n:..." — apart from the menu's "1x:..." ones).

A payload says only what was pressed; the handler gives its ids to a service, which checks
access again (a guardian may answer only for their own child).
"""

import re
from dataclasses import dataclass

from keyboards.model import Button, Keyboard
from texts import notification_phrases

PREFIX = "n:"
_REASON_CODES = {"ill": "i", "family": "f", "note": "n"}
_REASON_BY_CODE = {v: k for k, v in _REASON_CODES.items()}
_ABSENCE = re.compile(r"n:ab:(\d{1,10}):(\d{1,10}):([a-z])")
_READ = re.compile(r"n:rd:(\d{1,10})")


@dataclass(frozen=True)
class AbsenceReasonPress:
    lesson_id: int
    pupil_id: int
    reason: str  # a key of notification_phrases.ABSENCE_REASONS


@dataclass(frozen=True)
class AnnouncementReadPress:
    announcement_id: int


def is_notification_payload(raw: object) -> bool:
    return isinstance(raw, str) and raw.startswith(PREFIX)


def parse(raw: object) -> AbsenceReasonPress | AnnouncementReadPress | None:
    if not isinstance(raw, str) or len(raw) > 64:
        return None
    if match := _ABSENCE.fullmatch(raw):
        reason = _REASON_BY_CODE.get(match.group(3))
        if reason is None:
            return None
        return AbsenceReasonPress(int(match.group(1)), int(match.group(2)), reason)
    if match := _READ.fullmatch(raw):
        return AnnouncementReadPress(int(match.group(1)))
    return None


def absence_keyboard(lesson_id: int, pupil_id: int) -> Keyboard:
    return Keyboard.of(
        *(
            [Button(label, f"n:ab:{lesson_id}:{pupil_id}:{_REASON_CODES[reason]}")]
            for reason, label in notification_phrases.ABSENCE_REASONS.items()
        )
    )


def read_keyboard(announcement_id: int, label: str = notification_phrases.READ_BUTTON) -> Keyboard:
    return Keyboard.of([Button(label, f"n:rd:{announcement_id}")])
