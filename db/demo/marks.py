"""Mark values around the pupil's usual mark in the subject (standing.py): mostly that mark,
now and then one either side; control work a little stricter than answers in class."""

import math
import random
from statistics import NormalDist

NOISE_SD = 0.6
SPREAD = {"control": 0.7}
# Practical work comes out a little better than answers in class, written tests worse.
BIAS = {"lab": 0.1, "practical": 0.15, "control": -0.2, "independent": -0.1}
HOMEWORK_NOT_DONE = 0.05  # a two for homework not done: from anyone but the excellent
EXCELLENT = 4.6
PERIOD_MARKS = 6  # about as many as a pupil has in a subject by a period's end
MARKS = (2, 3, 4, 5)

POOR_COMMENTS = (
    "Не выполнено домашнее задание",
    "Не готов к уроку",
    "Много ошибок: нужна работа над ошибками",
    "Не усвоена тема, приходите на консультацию",
)
GOOD_COMMENTS = ("Отличная работа!", "Молодец, работа без ошибок", "Очень хороший ответ")


def rounded(score: float) -> int:
    """Half up, within 2..5: as a final mark rounds (services/marks/grading.py)."""
    return min(5, max(2, math.floor(score + 0.5)))


def mark_value(rng: random.Random, level: float, work_type: str) -> int:
    if work_type == "homework" and level < EXCELLENT and rng.random() < HOMEWORK_NOT_DONE:
        return 2
    spread = SPREAD.get(work_type, NOISE_SD)
    return rounded(level + BIAS.get(work_type, 0.0) + rng.gauss(0, spread))


def expected_marks(level: float) -> tuple[float, float]:
    """The mean and the standard deviation of the marks of a pupil of this level (fives
    cannot go higher: an excellent pupil's marks are mostly fives, hardly spread)."""
    spread = NormalDist(level, NOISE_SD)
    below = [spread.cdf(edge) for edge in (2.5, 3.5, 4.5)]
    shares = (below[0], below[1] - below[0], below[2] - below[1], 1 - below[2])
    mean = sum(mark * share for mark, share in zip(MARKS, shares, strict=True))
    variance = sum((mark - mean) ** 2 * share for mark, share in zip(MARKS, shares, strict=True))
    return mean, variance**0.5


def mark_comment(rng: random.Random, value: int, work_type: str) -> str:
    if value == 2 and work_type == "homework":
        return POOR_COMMENTS[0]
    if value == 2 and rng.random() < 0.3:
        return rng.choice(POOR_COMMENTS[1:])
    if value == 5 and work_type in ("control", "independent") and rng.random() < 0.1:
        return rng.choice(GOOD_COMMENTS)
    return ""


def final_value(rng: random.Random, level: float) -> tuple[str, float]:
    """A period's final mark and the weighted average it was set at: the average of some
    PERIOD_MARKS marks of the pupil."""
    mean, spread = expected_marks(level)
    average = min(5.0, max(2.0, rng.gauss(mean, spread / PERIOD_MARKS**0.5)))
    return str(rounded(average)), round(average, 2)
