"""Schedule changes a real journal shows: cancelled, substituted, moved lessons, other rooms.

Some lie in the past, some in the coming days with tomorrow always among them, so that the
schedule and its notifications have something to show on the first run.
"""

import random
from datetime import date

from db.demo.curriculum import max_lessons_per_day
from db.demo.lessons import DatedLesson
from db.demo.plan import SchoolPlan
from db.demo.timetable import overlaps
from db.enums import LessonStatus

SPARE_ROOMS = ("Актовый зал", "Библиотека", "Конференц-зал", "Кабинет 305", "Кабинет 306")
MOVE_NOTE = "учитель сопровождает учеников на олимпиаде"
ROOM_NOTES = ("Кабинет на ремонте", "Урок в библиотеке", "Встреча с писателем",
              "Открытый урок", "Проветривание кабинета")  # fmt: skip


class DatedBusy:
    """Who and which room is taken at a date and bell slot, kept up to date with each change."""

    def __init__(self, plan: SchoolPlan, lessons: dict[date, list[DatedLesson]]) -> None:
        self.conflicts = overlaps(plan.bells)
        self.taken: set[tuple[object, date, int, int]] = set()
        for day_lessons in lessons.values():
            for lesson in day_lessons:
                self.occupy(lesson)

    def _keys(self, lesson: DatedLesson) -> list[tuple[object, date, int, int]]:
        row, shift = lesson.row, lesson.school_class.shift
        return [
            (who, row["date"], shift, row["number"])
            for who in (lesson.acting_teacher, row["room"], ("class", row["class_id"]))
        ]

    def occupy(self, lesson: DatedLesson) -> None:
        self.taken.update(self._keys(lesson))

    def release(self, lesson: DatedLesson) -> None:
        self.taken.difference_update(self._keys(lesson))

    def free(self, who: object, day: date, shift: int, number: int) -> bool:
        return all((who, day, s, n) not in self.taken for s, n in self.conflicts[(shift, number)])


class Changes:
    def __init__(
        self,
        plan: SchoolPlan,
        lessons: dict[date, list[DatedLesson]],
        today: date,
        rng: random.Random,
    ) -> None:
        self.plan, self.lessons, self.today, self.rng = plan, lessons, today, rng
        self.busy = DatedBusy(plan, lessons)
        self.dates = sorted(lessons)

    def substitute_or_cancel(self, lesson: DatedLesson, absent: int, why: str) -> None:
        row, shift = lesson.row, lesson.school_class.shift
        spec = self.plan.teachers[absent].specialty
        teachers = sorted(self.plan.teachers.values(), key=lambda t: (t.specialty != spec, t.id))
        free = [
            t.id for t in teachers
            if t.id != absent and t.specialty != "primary"
            and self.busy.free(t.id, row["date"], shift, row["number"])
        ]  # fmt: skip
        self.busy.release(lesson)
        if free and self.rng.random() < 0.75:
            row["substitute_teacher_id"] = free[0]
            row["change_note"] = why  # shown after «замена: <teacher>» or «отменён»
        else:
            row["status"] = LessonStatus.CANCELLED
            row["change_note"] = why
        self.busy.occupy(lesson)

    def teacher_away(self, teacher: int, days: list[date], why: str) -> None:
        for day in days:
            for lesson in self.lessons[day]:
                if lesson.row["teacher_id"] == teacher and not lesson.row["change_note"]:
                    self.substitute_or_cancel(lesson, teacher, why)

    def change_room(self, lesson: DatedLesson) -> bool:
        row, shift = lesson.row, lesson.school_class.shift
        if row["change_note"] or lesson.cancelled:
            return False
        for room in self.rng.sample(SPARE_ROOMS, len(SPARE_ROOMS)):
            if self.busy.free(room, row["date"], shift, row["number"]):
                self.busy.release(lesson)
                row["original_room"], row["room"] = row["room"], room
                row["change_note"] = self.rng.choice(ROOM_NOTES)
                self.busy.occupy(lesson)
                return True
        return False

    def move(self, lesson: DatedLesson, target: date) -> bool:
        """To the end of the class's day `target`, if the teacher and room are free then."""
        row, school_class = lesson.row, lesson.school_class
        if row["change_note"] or lesson.cancelled or target == row["date"]:
            return False
        same_class = [
            x.row["number"] for x in self.lessons[target] if x.school_class is school_class
        ]
        if not same_class:
            return False
        number = max(same_class) + 1
        if number > max_lessons_per_day(school_class.grade):
            return False
        shift = school_class.shift
        if (shift, number) not in self.busy.conflicts:
            return False
        if not all(
            self.busy.free(w, target, shift, number) for w in (lesson.acting_teacher, row["room"])
        ):
            return False
        self.busy.release(lesson)
        self.lessons[row["date"]].remove(lesson)
        row["moved_from_date"], row["moved_from_number"] = row["date"], row["number"]
        row["change_note"] = MOVE_NOTE  # the journal itself says from when it was moved
        row["date"], row["number"] = target, number
        row["status"] = LessonStatus.HELD if target < self.today else LessonStatus.PLANNED
        self.lessons[target].append(lesson)
        self.busy.occupy(lesson)
        return True


def _subject_teachers(lessons: list[DatedLesson]) -> list[int]:
    return sorted({x.row["teacher_id"] for x in lessons if x.assignment.subject not in ("eng",)
                   and x.school_class.grade >= 5})  # fmt: skip


def apply_changes(
    plan: SchoolPlan, lessons: dict[date, list[DatedLesson]], today: date, rng: random.Random
) -> None:
    changes = Changes(plan, lessons, today, rng)
    past = [d for d in changes.dates if d < today]
    ahead = [d for d in changes.dates if d > today]
    fifth = next((c for c in sorted(plan.classes, key=lambda c: (c.grade, c.letter))
                  if c.grade == 5), None)  # fmt: skip
    if len(past) >= 4:
        start = rng.randint(max(0, len(past) - 10), len(past) - 3)
        ill = rng.choice(_subject_teachers(lessons[past[start]]) or [0])
        changes.teacher_away(ill, past[start : start + rng.randint(2, 3)], "учитель на больничном")
    if ahead:
        tomorrow = ahead[0]
        # Tomorrow's change lands on the first 5th class, the one the demo shows first.
        in_fifth = [x.row["teacher_id"] for x in lessons[tomorrow] if x.school_class is fifth
                    and x.assignment.subject != "eng"]  # fmt: skip
        away = in_fifth[len(in_fifth) // 2] if in_fifth else rng.choice(
            _subject_teachers(lessons[tomorrow]) or [0])  # fmt: skip
        changes.teacher_away(away, [tomorrow], "учитель на курсах повышения квалификации")
        if len(ahead) > 3:
            other = rng.choice(_subject_teachers(lessons[ahead[3]]) or [0])
            changes.teacher_away(other, ahead[3:5], "учитель на больничном")
    for day in [*past[-8:][::3], *ahead[:4]]:
        candidates = [x for x in lessons[day] if x.school_class.grade >= 2]
        rng.shuffle(candidates)
        if day == (ahead[0] if ahead else None) and fifth is not None:
            candidates.sort(key=lambda x: x.school_class is not fifth)
        next(filter(changes.change_room, candidates), None)
    for source, target in _move_pairs(past, ahead, rng):
        candidates = list(lessons[source])
        rng.shuffle(candidates)
        next((x for x in candidates if changes.move(x, target)), None)


def _move_pairs(past: list[date], ahead: list[date], rng: random.Random) -> list[tuple[date, date]]:
    pairs = []
    if len(past) >= 6:
        pairs.append((past[-6], past[-5]))
    if len(ahead) >= 3:
        pairs.append((ahead[2], ahead[0]))  # a lesson moved onto tomorrow
        pairs.append((ahead[1], ahead[2]))
    return [(a, b) for a, b in pairs if a != b]
