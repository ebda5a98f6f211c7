"""The marks of a held lesson: who gets one, for which work, and how good it is.

Control, laboratory and practical work and tests mark everyone present; an independent work
most of the class; at other lessons the teacher asks those whose marks lag behind the pace a
final needs (001 §5.2: the school's minimum of marks by the weekly hours), and a few more. So
the pupils short of marks at a period's end are those who missed lessons, as in a real
journal, and each mark comes from the pupil's usual level in the subject (standing.py).
"""

import random
from collections.abc import Callable
from datetime import date, datetime, time, timedelta

from db.demo.calendar import Span
from db.demo.lessons import DatedLesson
from db.demo.marks import mark_comment, mark_value
from db.demo.plan import SchoolPlan
from db.demo.rows import Ids, RowSet
from db.demo.school_setup import MIN_MARKS_RULE
from db.enums import ChangeAction
from db.models import Mark, MarkChange

WHOLE_CLASS_WORK = frozenset({"control", "lab", "practical", "test"})
INDEPENDENT_SHARE = 3 / 5  # of those present, whose independent work is marked
ANSWERS_PER_LESSON = (2, 4)  # asked at a lesson whatever the pace
HOMEWORK_SHARE = 0.25  # of those asked, marked for their homework rather than an answer
# A pupil whose average is below it is asked again soon, to mend the twos: up to MENDING
# marks more than the pace asks.
MENDED_AVERAGE = 2.75
MENDING = 3
RETAKE_SHARE = 0.25
ORAL = frozenset({"answer", "test"})  # entered at the lesson's end; written work later
CHECKED_AT = time(16)


def marks_required(hours: int) -> int:
    """The school's minimum (MIN_MARKS_RULE) at these weekly hours, as services read it."""
    steps = sorted(tuple(int(n) for n in step.split(":")) for step in MIN_MARKS_RULE.split(","))
    required = steps[0][1]
    for from_hours, marks in steps[1:]:
        if hours >= from_hours:
            required = marks
    return required


class MarkBook:
    def __init__(
        self,
        plan: SchoolPlan,
        ids: Ids,
        quarter: Span,
        today: date,
        rng: random.Random,
        at: Callable[[date, time], datetime],
    ) -> None:
        self.plan, self.ids, self.quarter, self.today, self.rng = plan, ids, quarter, today, rng
        self.at = at
        self.length = (quarter.ends_on - quarter.starts_on).days + 1
        self.got: dict[tuple[int, int], int] = {}  # (pupil, assignment): marks this quarter
        self.sums: dict[tuple[int, int], tuple[float, float]] = {}  # value × weight, weight
        self.written = 0

    def _due(self, lesson: DatedLesson, next_lesson: date) -> float:
        """How many marks a pupil should have by the next lesson, to keep the pace the
        forecast checks (services/reports/forecasts.py) until then."""
        target = marks_required(lesson.assignment.hours)
        elapsed = (next_lesson - self.quarter.starts_on).days + 1
        return target * min(1.0, elapsed / self.length)

    def _pick(
        self, lesson: DatedLesson, next_lesson: date, present: list[int], wanted: int
    ) -> list[int]:
        """Those lagging behind the pace, or with a poor average to mend, the fewest marks
        first; then others, up to `wanted` in all."""
        a, due, got = lesson.assignment.id, self._due(lesson, next_lesson), self.got
        counts = {p: got.get((p, a), 0) for p in present}
        behind = [
            p for p, n in counts.items() if n < due or (n < due + MENDING and self._poor((p, a)))
        ]
        self.rng.shuffle(behind)
        behind.sort(key=counts.__getitem__)
        if len(behind) < wanted:
            taken = set(behind)
            others = [p for p in present if p not in taken]
            behind += self.rng.sample(others, min(len(others), wanted - len(behind)))
        return behind

    def _poor(self, key: tuple[int, int]) -> bool:
        weighted, weights = self.sums.get(key, (0.0, 0.0))
        return weights > 0 and weighted < MENDED_AVERAGE * weights

    def mark_lesson(
        self,
        lesson: DatedLesson,
        kind: str,
        present: list[int],
        ends: time,
        next_lesson: date | None,
        rows: RowSet,
    ) -> None:
        """ends: when the lesson ends, the time the marks given at it are entered;
        next_lesson: the day of the subject's next lesson in the class (None: a week on)."""
        following = next_lesson or lesson.day + timedelta(days=7)
        rng = self.rng
        oral = 0
        if kind in WHOLE_CLASS_WORK:
            marked = present
        elif kind == "independent":
            marked = self._pick(lesson, following, present, int(len(present) * INDEPENDENT_SHARE))
        else:
            oral = rng.randint(*ANSWERS_PER_LESSON)
            marked, kind = self._pick(lesson, following, present, oral), "homework"
        subject, pupils, day = lesson.assignment.subject, self.plan.pupils, lesson.day
        # Written work is checked within days (004 rows 11-12), never later than yesterday.
        checked = [self.at(day, ends)] + [
            self.at(d, CHECKED_AT) if d > day else self.at(day, ends)
            for d in (
                min(day + timedelta(days=n), self.today - timedelta(days=1)) for n in (1, 2, 3)
            )
        ]
        for n, pupil in enumerate(marked):
            # The first few answer at the blackboard; the others' homework is checked.
            work = "answer" if n < oral and rng.random() >= HOMEWORK_SHARE else kind
            value = mark_value(rng, pupils[pupil].levels[subject], work)
            created = checked[0 if work in ORAL else rng.randint(1, 3)]
            self._mark(lesson, pupil, value, work, mark_comment(rng, value, work), created, rows)

    def _mark(
        self, lesson: DatedLesson, pupil: int, value: int, work: str, comment: str,
        created: datetime, rows: RowSet,
    ) -> None:  # fmt: skip
        work_type_id, weight, short = self.plan.work_types[work]
        mark_id = self.ids.next(Mark)
        teacher = lesson.acting_teacher
        row = {
            "id": mark_id, "lesson_id": lesson.row["id"], "pupil_id": pupil,
            "subject_id": lesson.row["subject_id"], "lesson_date": lesson.day, "value": value,
            "work_type_id": work_type_id, "weight": weight, "comment": comment,
            "author_id": teacher, "created_at": created, "updated_at": created,
            "is_deleted": False,
        }  # fmt: skip
        rows.add(Mark, row)
        rows.add(MarkChange, {
            "id": self.ids.next(MarkChange), "mark_id": mark_id, "action": ChangeAction.CREATED,
            "changed_by": teacher, "changed_at": created, "old_value": None,
            "new_value": f"{value} ({short})",
        })  # fmt: skip
        self.written += 1
        if value == 2 and work == "control" and self.rng.random() < RETAKE_SHARE:
            retaken = created + timedelta(days=self.rng.randint(3, 6))
            if retaken.date() < self.today:
                value = 3
                row.update(value=value, updated_at=retaken, comment="Исправлено после пересдачи")
                rows.add(MarkChange, {
                    "id": self.ids.next(MarkChange), "mark_id": mark_id,
                    "action": ChangeAction.UPDATED, "changed_by": teacher, "changed_at": retaken,
                    "old_value": f"2 ({short})", "new_value": f"3 ({short})",
                })  # fmt: skip
        key = (pupil, lesson.assignment.id)
        self.got[key] = self.got.get(key, 0) + 1
        weighted, weights = self.sums.get(key, (0.0, 0.0))
        self.sums[key] = (weighted + value * weight, weights + weight)
