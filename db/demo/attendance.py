"""Who missed which lesson: illnesses over consecutive days, excused days, single absences."""

import random
from datetime import date

from db.enums import AttendanceStatus

ILLNESS_START = 0.008  # a day's chance to fall ill, times the pupil's frailty
EXCUSED_DAY = 0.004
SKIPPED_LESSON = 0.005
LATE_FIRST_LESSON = 0.04
LATE_OTHER_LESSON = 0.004
ILLNESS_DAYS = (2, 3, 3, 4, 4, 5, 5, 6, 7, 8)
ILL_REASONS = ("Болезнь (справка из поликлиники)", "Болеет, сообщили родители", "ОРВИ, справка")
EXCUSED_REASONS = (
    "Семейные обстоятельства (заявление родителей)",
    "Соревнования по плаванию",
    "Муниципальный этап олимпиады",
    "Приём у врача",
    "Участие в концерте музыкальной школы",
)
EXEMPT_REASON = "Освобождение от физкультуры (справка)"

Status = tuple[AttendanceStatus, str]


def day_statuses(
    pupils: dict[int, float], days: list[date], rng: random.Random
) -> dict[tuple[int, date], Status]:
    """Whole days away, by pupil id and date; `pupils` maps each pupil to their frailty."""
    away: dict[tuple[int, date], Status] = {}
    for pupil, frailty in pupils.items():
        ill_left, reason = 0, ""
        for day in days:
            if ill_left:
                away[(pupil, day)] = (AttendanceStatus.ILL, reason)
                ill_left -= 1
                continue
            r = rng.random()
            if r < ILLNESS_START * frailty:
                reason = rng.choice(ILL_REASONS)
                ill_left = rng.choice(ILLNESS_DAYS) - 1
                away[(pupil, day)] = (AttendanceStatus.ILL, reason)
            elif r < ILLNESS_START * frailty + EXCUSED_DAY:
                away[(pupil, day)] = (AttendanceStatus.EXCUSED, rng.choice(EXCUSED_REASONS))
    return away


def lesson_status(
    rng: random.Random, whole_day: Status | None, number: int, exempt: bool
) -> Status | None:
    """The pupil's status at one lesson, None when simply present."""
    if whole_day is not None:
        return whole_day
    if exempt:
        return (AttendanceStatus.EXEMPT, EXEMPT_REASON)
    r = rng.random()
    if r < SKIPPED_LESSON:
        return (AttendanceStatus.ABSENT, "")
    if r < SKIPPED_LESSON + (LATE_FIRST_LESSON if number == 1 else LATE_OTHER_LESSON):
        return (AttendanceStatus.LATE, f"Опоздание на {rng.choice((5, 10, 15))} минут")
    return None


def encode(status: AttendanceStatus, reason: str) -> str:
    """The history's wording, as services/roll_call.py writes it."""
    return f"{status.value}: {reason}" if reason else status.value
