"""The actions of buttons under notifications ("Болеет", "Ознакомлен", "Ответить"...)."""

from keyboards.payloads import Press


class AbsenceReason(Press, code="Ob"):
    """A guardian's reason for an absence: a key of services.views.ABSENCE_REASONS."""

    lesson: int
    pupil: int
    reason: str


class AnnouncementRead(Press, code="Or"):
    announcement: int
