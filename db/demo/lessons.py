"""Dated lessons from the weekly timetable: from the current quarter's start to two weeks ahead."""

from collections import Counter
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from db.demo.curriculum import days_per_week
from db.demo.plan import AssignmentPlan, ClassPlan, SchoolPlan
from db.demo.rows import Ids
from db.enums import LessonStatus
from db.models import Lesson

DAYS_AHEAD = 14


@dataclass(slots=True)
class DatedLesson:
    row: dict[str, Any]
    assignment: AssignmentPlan
    school_class: ClassPlan
    seq: int  # the lesson's number in the school year for this class and subject, from 0

    @property
    def day(self) -> date:
        day: date = self.row["date"]
        return day

    @property
    def acting_teacher(self) -> int:
        teacher: int = self.row["substitute_teacher_id"] or self.row["teacher_id"]
        return teacher

    @property
    def cancelled(self) -> bool:
        status: LessonStatus = self.row["status"]
        return status == LessonStatus.CANCELLED


def _days(start: date, end: date) -> list[date]:
    return [start + timedelta(days=i) for i in range((end - start).days + 1)]


def materialise(plan: SchoolPlan, ids: Ids, today: date) -> dict[date, list[DatedLesson]]:
    calendar = plan.calendar
    quarter = calendar.quarter_of(today)
    if quarter is None:  # calendar_for() guarantees one; this keeps the type checker honest
        raise ValueError(f"{today} is outside every quarter")
    # How many lessons of each weekday the year had before the window: topics go on from there.
    earlier = Counter(
        d.weekday() for d in _days(calendar.year.starts_on, quarter.starts_on - timedelta(days=1))
        if calendar.is_study_day(d)
    )  # fmt: skip
    classes = plan.class_by_id()
    assignments = {a.id: a for a in plan.assignments}
    by_weekday: dict[int, list[tuple[AssignmentPlan, int, str]]] = {}
    weekdays_of: dict[int, list[int]] = {}
    for e in plan.entries:
        a = assignments[e.assignment_id]
        by_weekday.setdefault(e.weekday, []).append((a, e.number, e.room))
        weekdays_of.setdefault(a.id, []).append(e.weekday)
    seq = {a_id: sum(earlier[w] for w in days) for a_id, days in weekdays_of.items()}
    lessons: dict[date, list[DatedLesson]] = {}
    for day in _days(quarter.starts_on, today + timedelta(days=DAYS_AHEAD)):
        if not calendar.is_study_day(day):
            continue
        todays = lessons.setdefault(day, [])
        for a, number, room in by_weekday.get(day.weekday(), ()):
            school_class = classes[a.class_id]
            if day.weekday() >= days_per_week(school_class.grade):
                continue
            row = {
                "id": ids.next(Lesson), "assignment_id": a.id, "class_id": a.class_id,
                "subject_id": a.subject_id, "subgroup_id": a.subgroup_id,
                "teacher_id": a.teacher_id, "date": day, "number": number, "room": room,
                "status": LessonStatus.HELD if day < today else LessonStatus.PLANNED,
                "substitute_teacher_id": None, "original_room": None, "moved_from_date": None,
                "moved_from_number": None, "change_note": "", "topic": "",
                "roll_call_done": False, "roll_call_at": None, "topic_set_at": None,
            }  # fmt: skip
            todays.append(DatedLesson(row, a, school_class, seq[a.id]))
            seq[a.id] += 1
    return lessons
