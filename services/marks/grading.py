"""Pure arithmetic of marks: weighted averages, the minimum-marks rule, forecasts."""

import math
from collections.abc import Sequence
from dataclasses import dataclass

# A final mark rounds half up: 4.50 gives 5, 4.49 gives 4 (the common school practice).
PASS_THRESHOLD_OFFSET = 0.5
MAX_MARKS_TO_SUGGEST = 10


def weighted_average(marks: Sequence[tuple[int, float]]) -> float | None:
    """marks: (value, weight) pairs."""
    total_weight = sum(w for _, w in marks)
    if not marks or total_weight <= 0:
        return None
    return sum(v * w for v, w in marks) / total_weight


def final_from_average(average: float) -> int:
    # Compared rather than max(2, min(5, ...)): a school's report calls this 60,000 times.
    mark = math.floor(average + PASS_THRESHOLD_OFFSET + 1e-9)
    return 2 if mark < 2 else 5 if mark > 5 else mark


def parse_min_marks_rule(rule: str) -> list[tuple[int, int]]:
    """'2:3,3:5,5:7' -> [(2, 3), (3, 5), (5, 7)]: up to 2 h/week 3 marks, from 3 h 5, from 5 h 7."""
    steps = []
    for part in rule.split(","):
        hours, marks = part.split(":")
        steps.append((int(hours), int(marks)))
    if not steps:
        raise ValueError("empty minimum-marks rule")
    return sorted(steps)


def min_marks_required(rule: str, hours_per_week: int) -> int:
    steps = parse_min_marks_rule(rule)
    required = steps[0][1]
    for hours, marks in steps[1:]:
        if hours_per_week >= hours:
            required = marks
    return required


@dataclass(frozen=True)
class Forecast:
    average: float | None
    predicted: int | None
    marks_count: int
    marks_required: int
    # How many more fives (of weight 1) lift the forecast to the next mark; None if already 5
    # or out of reach within MAX_MARKS_TO_SUGGEST.
    fives_to_next: int | None

    @property
    def enough_marks(self) -> bool:
        return self.marks_count >= self.marks_required

    @property
    def next_mark(self) -> int | None:
        if self.predicted is None or self.predicted >= 5 or self.fives_to_next is None:
            return None
        return self.predicted + 1


def forecast(marks: Sequence[tuple[int, float]], marks_required: int) -> Forecast:
    average = weighted_average(marks)
    predicted = final_from_average(average) if average is not None else None
    fives: int | None = None
    if predicted is not None and predicted < 5:
        target = predicted + 1 - PASS_THRESHOLD_OFFSET
        extended = list(marks)
        for n in range(1, MAX_MARKS_TO_SUGGEST + 1):
            extended.append((5, 1.0))
            new_average = weighted_average(extended)
            if new_average is not None and new_average + 1e-9 >= target:
                fives = n
                break
    return Forecast(average, predicted, len(marks), marks_required, fives)


def quality_and_success(final_values: Sequence[int]) -> tuple[float | None, float | None]:
    """Quality %: share of 4 and 5; success %: share of 3 and above (a class, subject, period)."""
    if not final_values:
        return None, None
    n = len(final_values)
    quality = 100.0 * sum(1 for v in final_values if v >= 4) / n
    success = 100.0 * sum(1 for v in final_values if v >= 3) / n
    return quality, success
