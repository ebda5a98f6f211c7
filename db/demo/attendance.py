"""Who missed which lesson: illnesses over consecutive days (more of them in winter), days
away for a valid reason, and lessons skipped without one by the few pupils who do."""

import random
from datetime import date

from db.demo.plan import PupilInfo
from db.enums import AttendanceStatus

ILLNESS_START = 0.008  # a day's chance to fall ill, times the pupil's frailty and the season
# Colds and flu come in late autumn and winter.
SEASON = {9: 0.6, 10: 0.9, 11: 1.2, 12: 1.3, 1: 1.4, 2: 1.4, 3: 1.1, 4: 0.8, 5: 0.6}
EXCUSED_DAY = 0.004
SKIPPED_LESSON = 0.004  # times the pupil's truancy: most pupils never skip
LATE_FIRST_LESSON = 0.04
LATE_OTHER_LESSON = 0.004
ILLNESS_DAYS = (1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 7, 8)
# A day or two off ill the parents explain themselves; longer, a doctor's certificate.
SHORT_ILLNESS = 2
NOTE_REASON = "Болеет, сообщили родители"
CERTIFICATE_REASONS = ("Болезнь (справка из поликлиники)", "ОРВИ, справка")
EXCUSED_REASONS = (
    ("Семейные обстоятельства (заявление родителей)", 0.4),
    ("Приём у врача", 0.25),
    ("Соревнования по плаванию", 0.13),
    ("Муниципальный этап олимпиады", 0.12),
    ("Участие в концерте музыкальной школы", 0.1),
)
EXEMPT_REASON = "Освобождение от физкультуры (справка)"

Status = tuple[AttendanceStatus, str]


def day_statuses(
    pupils: list[PupilInfo], days: list[date], rng: random.Random
) -> dict[tuple[int, date], Status]:
    """Whole days away, by pupil id and date."""
    away: dict[tuple[int, date], Status] = {}
    reasons = [reason for reason, _ in EXCUSED_REASONS]
    shares = [share for _, share in EXCUSED_REASONS]
    for pupil in pupils:
        ill_left, reason = 0, ""
        for day in days:
            if ill_left:
                away[(pupil.id, day)] = (AttendanceStatus.ILL, reason)
                ill_left -= 1
                continue
            r = rng.random()
            falls_ill = ILLNESS_START * pupil.frailty * SEASON.get(day.month, 1.0)
            if r < falls_ill:
                length = rng.choice(ILLNESS_DAYS)
                note = length <= SHORT_ILLNESS
                reason = NOTE_REASON if note else rng.choice(CERTIFICATE_REASONS)
                ill_left = length - 1
                away[(pupil.id, day)] = (AttendanceStatus.ILL, reason)
            elif r < falls_ill + EXCUSED_DAY:
                reason = rng.choices(reasons, shares)[0]
                away[(pupil.id, day)] = (AttendanceStatus.EXCUSED, reason)
    return away


def lesson_status(
    rng: random.Random, whole_day: Status | None, number: int, exempt: bool, truancy: float
) -> Status | None:
    """The pupil's status at one lesson, None when simply present."""
    if whole_day is not None:
        return whole_day
    if exempt:
        return (AttendanceStatus.EXEMPT, EXEMPT_REASON)
    r = rng.random()
    skipped = SKIPPED_LESSON * truancy
    if r < skipped:
        return (AttendanceStatus.ABSENT, "")
    if r < skipped + (LATE_FIRST_LESSON if number == 1 else LATE_OTHER_LESSON):
        return (AttendanceStatus.LATE, f"Опоздание на {rng.choice((5, 10, 15))} минут")
    return None


def encode(status: AttendanceStatus, reason: str) -> str:
    """The history's wording, as services/roll_call.py writes it."""
    return f"{status.value}: {reason}" if reason else status.value
