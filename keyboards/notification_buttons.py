"""Buttons on notifications: a guardian's reason for an absence, "Ознакомлен" under an
announcement. Their presses (keyboards.actions.notices) are payloads like any other; the handler
gives their ids to a service, which checks access again (a guardian may answer only for their
own child)."""

from keyboards.actions.notices import AbsenceReason, AnnouncementRead
from keyboards.model import Button, Keyboard
from keyboards.payloads import pack
from texts import notification_phrases


def absence_keyboard(lesson_id: int, pupil_id: int) -> Keyboard:
    return Keyboard.of(
        *(
            [Button(label, pack(AbsenceReason(lesson=lesson_id, pupil=pupil_id, reason=reason)))]
            for reason, label in notification_phrases.ABSENCE_REASONS.items()
        )
    )


def read_keyboard(announcement_id: int, label: str = notification_phrases.READ_BUTTON) -> Keyboard:
    return Keyboard.of([Button(label, pack(AnnouncementRead(announcement=announcement_id)))])
