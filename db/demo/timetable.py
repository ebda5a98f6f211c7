"""A weekly timetable without clashes: no teacher, class or room in two places at once.

Classes are placed one after another; inside a class a depth-first search fills its cells
(weekday, lesson number), most constrained subject first. Teachers are shared across shifts,
so a teacher is busy in every bell slot whose time overlaps one she teaches in. A class that
cannot be placed within its budget starts the whole school again, that class first.
"""

import math
import random
from collections import Counter
from dataclasses import dataclass
from datetime import time

from db.demo.curriculum import daily_counts, days_per_week
from db.demo.plan import AssignmentPlan, ClassPlan, EntryPlan, SchoolPlan

Cell = tuple[int, int]  # weekday, lesson number
# A class fits within a few dozen steps or, nearly always, not at all in that state.
NODE_BUDGET = 300
CLASS_RETRIES = 3
SCHOOL_ATTEMPTS = 60
SHUFFLE_EVERY = 10


class TimetableError(RuntimeError):
    pass


@dataclass(frozen=True)
class Unit:
    """What fills one cell: a class lesson, or the class's two subgroups side by side."""

    assignments: tuple[AssignmentPlan, ...]
    subject: str
    hours: int
    day_limit: int

    @property
    def teachers(self) -> tuple[int, ...]:
        return tuple(a.teacher_id for a in self.assignments)

    @property
    def rooms(self) -> tuple[str, ...]:
        return tuple(a.room for a in self.assignments)


def overlaps(
    bells: dict[tuple[int, int], tuple[time, time]],
) -> dict[tuple[int, int], list[tuple[int, int]]]:
    return {
        slot: [other for other, (s2, e2) in bells.items() if s2 < end and start < e2]
        for slot, (start, end) in bells.items()
    }


class Busy:
    def __init__(self, bells: dict[tuple[int, int], tuple[time, time]]) -> None:
        self.conflicts = overlaps(bells)
        self.teachers: set[tuple[int, int, int, int]] = set()
        self.rooms: set[tuple[str, int, int, int]] = set()

    def free(self, unit: Unit, shift: int, day: int, number: int) -> bool:
        for s, n in self.conflicts[(shift, number)]:
            if any((t, day, s, n) in self.teachers for t in unit.teachers):
                return False
            if any((r, day, s, n) in self.rooms for r in unit.rooms):
                return False
        return True

    def take(self, unit: Unit, shift: int, day: int, number: int) -> None:
        self.teachers.update((t, day, shift, number) for t in unit.teachers)
        self.rooms.update((r, day, shift, number) for r in unit.rooms)


def class_units(school_class: ClassPlan, assignments: list[AssignmentPlan]) -> list[Unit]:
    days = days_per_week(school_class.grade)
    by_subject: dict[str, list[AssignmentPlan]] = {}
    for a in assignments:
        by_subject.setdefault(a.subject, []).append(a)
    return [
        Unit(tuple(group), subject, group[0].hours, math.ceil(group[0].hours / days))
        for subject, group in by_subject.items()
    ]


def _search(
    units: list[Unit], cells: list[Cell], avail: list[list[Cell]], rng: random.Random
) -> dict[Cell, int] | None:
    """Cells filled with unit indexes, or None when the budget runs out."""
    remaining = [u.hours for u in units]
    placed: dict[Cell, int] = {}
    per_day: Counter[tuple[str, int]] = Counter()
    nodes = 0

    def dfs() -> bool:
        nonlocal nodes
        nodes += 1
        if nodes > NODE_BUDGET:
            return False
        best: tuple[int, int, list[Cell]] | None = None
        covered: set[Cell] = set()
        for i, u in enumerate(units):
            if not remaining[i]:
                continue
            options = [
                c for c in avail[i] if c not in placed and per_day[(u.subject, c[0])] < u.day_limit
            ]
            slack = len(options) - remaining[i]
            if slack < 0:
                return False
            covered.update(options)
            if best is None or slack < best[0]:
                best = (slack, i, options)
        if best is None:
            return True
        if len(covered) < len(cells) - len(placed):
            return False  # some cell no remaining subject can fill
        _, i, options = best
        subject = units[i].subject
        rng.shuffle(options)
        for cell in options:
            placed[cell] = i
            remaining[i] -= 1
            per_day[(subject, cell[0])] += 1
            if dfs():
                return True
            del placed[cell]
            remaining[i] += 1
            per_day[(subject, cell[0])] -= 1
        return False

    return placed if dfs() else None


def _place_class(
    school_class: ClassPlan, units: list[Unit], busy: Busy, rng: random.Random
) -> dict[Cell, Unit] | None:
    cells = [
        (day, number)
        for day, count in enumerate(daily_counts(school_class.grade))
        for number in range(1, count + 1)
    ]
    shift = school_class.shift
    avail = [[c for c in cells if busy.free(u, shift, c[0], c[1])] for u in units]
    for _ in range(CLASS_RETRIES):
        placed = _search(units, cells, avail, rng)
        if placed is not None:
            result = {cell: units[i] for cell, i in placed.items()}
            for (day, number), unit in result.items():
                busy.take(unit, shift, day, number)
            return result
    return None


def build_timetable(plan: SchoolPlan, rng: random.Random) -> None:
    by_class: dict[int, list[AssignmentPlan]] = {}
    for a in plan.assignments:
        by_class.setdefault(a.class_id, []).append(a)
    # Senior classes have the most teachers to fit together; primary ones are the most flexible.
    order = sorted(plan.classes, key=lambda c: (-c.grade, c.letter))
    for attempt in range(1, SCHOOL_ATTEMPTS + 1):
        busy = Busy(plan.bells)
        entries: list[EntryPlan] = []
        for school_class in order:
            units = class_units(school_class, by_class.get(school_class.id, []))
            placed = _place_class(school_class, units, busy, rng)
            if placed is None:
                # The class that did not fit goes first next time; now and then a new order.
                order.remove(school_class)
                order.insert(0, school_class)
                if attempt % SHUFFLE_EVERY == 0:
                    rng.shuffle(order)
                break
            for (day, number), unit in sorted(placed.items()):
                entries.extend(EntryPlan(a.id, day, number, a.room) for a in unit.assignments)
        else:
            plan.entries = entries
            return
    raise TimetableError(f"{plan.short_name}: no timetable after {SCHOOL_ATTEMPTS} attempts")
