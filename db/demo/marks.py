"""Mark values: about 30 % fives, 40 % fours, 22 % threes, 8 % twos, each pupil with a tendency."""

import random
from statistics import NormalDist

ABILITY_SD = 0.75
NOISE_SD = 1.0
_SPREAD = NormalDist(0, (ABILITY_SD**2 + NOISE_SD**2) ** 0.5)
# Latent score thresholds between 2|3, 3|4 and 4|5 for the shares above.
THRESHOLDS = tuple(_SPREAD.inv_cdf(p) for p in (0.08, 0.30, 0.70))
# Oral answers come out a little better than written tests.
BIAS = {"answer": 0.15, "homework": 0.1, "control": -0.2, "independent": -0.1}

POOR_COMMENTS = (
    "Не выполнено домашнее задание",
    "Не готов к уроку",
    "Много ошибок: нужна работа над ошибками",
    "Не усвоена тема, приходите на консультацию",
)
GOOD_COMMENTS = ("Отличная работа!", "Молодец, работа без ошибок", "Очень хороший ответ")


def mark_value(rng: random.Random, ability: float, work_type: str) -> int:
    score = ability + rng.gauss(0, NOISE_SD) + BIAS.get(work_type, 0.0)
    return 2 + sum(score >= t for t in THRESHOLDS)


def mark_comment(rng: random.Random, value: int, work_type: str) -> str:
    if value == 2 and rng.random() < 0.3:
        return rng.choice(POOR_COMMENTS)
    if value == 5 and work_type in ("control", "independent") and rng.random() < 0.1:
        return rng.choice(GOOD_COMMENTS)
    return ""


def final_value(rng: random.Random, ability: float) -> tuple[str, float]:
    """A period's final mark and the weighted average it was set at."""
    average = max(2.0, min(5.0, 3.95 + ability * 0.75 + rng.gauss(0, 0.25)))
    value = max(2, min(5, int(average + 0.5)))
    return str(value), round(average, 2)
