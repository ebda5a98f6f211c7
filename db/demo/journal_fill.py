"""The pages of the journal: topics, homework, roll calls and marks of the dated lessons."""

import random
from collections.abc import Iterator
from datetime import UTC, date, datetime, time, timedelta
from itertools import pairwise
from zoneinfo import ZoneInfo

from db.demo import attendance, topics
from db.demo.curriculum import SUBJECTS
from db.demo.lessons import DatedLesson
from db.demo.marking import MarkBook
from db.demo.plan import SchoolPlan
from db.demo.rows import Ids, RowSet
from db.enums import AttendanceStatus, ChangeAction
from db.models import (
    Attendance,
    AttendanceChange,
    Homework,
    HomeworkTarget,
    Lesson,
)

DAYS_PER_BATCH = 6
INDIVIDUAL_HOMEWORK_SHARE = 0.04
# Every so many lessons the roll call and the topic come late.
LATE_EVERY = 37
MISSED = frozenset({AttendanceStatus.ABSENT, AttendanceStatus.ILL, AttendanceStatus.EXCUSED})


class JournalFill:
    def __init__(
        self,
        plan: SchoolPlan,
        ids: Ids,
        lessons: dict[date, list[DatedLesson]],
        today: date,
        rng: random.Random,
        *,
        marks_rng: random.Random,
        attendance_rng: random.Random,
    ) -> None:
        """rng: for the homework; marks and attendance each have their own stream, so that
        a change in one leaves the others as they were."""
        self.plan, self.ids, self.lessons, self.today, self.rng = plan, ids, lessons, today, rng
        self.attendance_rng = attendance_rng
        self.zone = ZoneInfo(plan.timezone)
        self.moments: dict[tuple[date, time], datetime] = {}
        self.counts = {"lessons": 0, "marks": 0, "absences": 0, "homework": 0}
        past = [d for d in sorted(lessons) if d < today]
        pupils = sorted(plan.pupils.values(), key=lambda p: p.id)
        self.away = attendance.day_statuses(pupils, past, attendance_rng)
        quarter = plan.calendar.quarter_of(today)
        if quarter is None:  # calendar_for() guarantees one, as lessons.materialise relies on
            raise ValueError(f"{today} is outside every quarter")
        self.mark_book = MarkBook(plan, ids, quarter, today, marks_rng, self.at)
        self.plans = self._lesson_plans()
        self.next_lesson: dict[int, date] = {}
        by_assignment: dict[int, list[DatedLesson]] = {}
        for day in sorted(lessons):
            for lesson in lessons[day]:
                by_assignment.setdefault(lesson.assignment.id, []).append(lesson)
        for series in by_assignment.values():
            held = sorted(
                (x for x in series if not x.cancelled), key=lambda x: (x.day, x.row["number"])
            )
            for current, following in pairwise(held):
                if following.day > current.day:
                    self.next_lesson[current.row["id"]] = following.day

    def at(self, day: date, moment: time) -> datetime:
        # Remembered: a school's journal asks for the same few moments of a day thousands of
        # times (every mark of a lesson is entered at its end).
        found = self.moments.get((day, moment))
        if found is None:
            found = datetime.combine(day, moment, self.zone).astimezone(UTC)
            self.moments[(day, moment)] = found
        return found

    def _lesson_plans(self) -> dict[int, topics.LessonPlan]:
        """Topics of the lessons up to today, with at most one control work a class a day."""
        plans = {}
        for day in sorted(d for d in self.lessons if d <= self.today):
            control_subject: dict[int, str] = {}
            for lesson in sorted(self.lessons[day], key=lambda x: (x.row["number"], x.row["id"])):
                if lesson.cancelled:
                    continue
                a, class_id = lesson.assignment, lesson.school_class.id
                allowed = control_subject.get(class_id, a.subject) == a.subject
                plan = topics.lesson_plan(
                    a.subject, lesson.school_class.grade, lesson.seq, a.hours, allowed
                )
                if plan.kind == "control":
                    control_subject[class_id] = a.subject
                plans[lesson.row["id"]] = plan
        return plans

    def batches(self) -> Iterator[RowSet]:
        """The lessons first (everything else points at them), then the days' records."""
        lesson_rows = RowSet()
        for day in sorted(self.lessons):
            for lesson in self.lessons[day]:
                self._plan_lesson(lesson)
                lesson_rows.add(Lesson, lesson.row)
        self.counts["lessons"] = lesson_rows.count(Lesson)
        yield lesson_rows
        batch = RowSet()
        for n, day in enumerate(sorted(d for d in self.lessons if d <= self.today), 1):
            for lesson in sorted(self.lessons[day], key=lambda x: x.row["id"]):
                self._fill(lesson, batch)
            if n % DAYS_PER_BATCH == 0:
                yield batch
                batch = RowSet()
        yield batch

    def _plan_lesson(self, lesson: DatedLesson) -> None:
        plan = self.plans.get(lesson.row["id"])
        if plan is not None:
            lesson.row["topic"] = plan.topic
            lesson.row["roll_call_done"] = lesson.day < self.today
            starts, ends = self._bell(lesson)
            # A few pages filled late, for the deputy's control of filling to find (004 §7.3):
            # picked by id, so the random stream of the rest of the journal stays as it was.
            late = lesson.row["id"] % LATE_EVERY == 0
            if lesson.day < self.today:
                rolled = timedelta(minutes=25 if late else 7)
                lesson.row["roll_call_at"] = self.at(lesson.day, starts) + rolled
            evening = self.at(lesson.day, time(21, 30)) if late else self.at(lesson.day, ends)
            lesson.row["topic_set_at"] = evening

    def _fill(self, lesson: DatedLesson, rows: RowSet) -> None:
        if lesson.cancelled:
            return
        a, grade = lesson.assignment, lesson.school_class.grade
        plan = self.plans[lesson.row["id"]]
        marked = grade not in self.plan.unmarked and SUBJECTS[a.subject].marked
        present: list[int] = []
        if lesson.day < self.today:
            present = self._roll_call(lesson, rows)
            if marked:
                ends, following = self._bell(lesson)[1], self.next_lesson.get(lesson.row["id"])
                self.mark_book.mark_lesson(lesson, plan.kind, present, ends, following, rows)
                self.counts["marks"] = self.mark_book.written
        if grade not in self.plan.unmarked:
            self._homework(lesson, plan, present, rows)

    def _pupils(self, lesson: DatedLesson) -> list[int]:
        group = lesson.row["subgroup_id"]
        return lesson.school_class.members[group] if group else lesson.school_class.pupils

    def _bell(self, lesson: DatedLesson) -> tuple[time, time]:
        key = (lesson.school_class.shift, lesson.row["number"])
        return self.plan.bells.get(key, (time(8, 0), time(8, 45)))

    def _roll_call(self, lesson: DatedLesson, rows: RowSet) -> list[int]:
        rng, row = self.attendance_rng, lesson.row
        teacher = lesson.acting_teacher
        taken_at = self.at(lesson.day, self._bell(lesson)[0]) + timedelta(minutes=7)
        is_pe = lesson.assignment.subject == "pe"
        present = []
        for pupil in self._pupils(lesson):
            info = self.plan.pupils[pupil]
            exempt = is_pe and info.pe_exempt
            whole_day = self.away.get((pupil, lesson.day))
            status = attendance.lesson_status(rng, whole_day, row["number"], exempt, info.truancy)
            if status is None or status[0] == AttendanceStatus.LATE:
                present.append(pupil)
            if status is None:
                continue
            self.counts["absences"] += status[0] in MISSED
            record_id = self.ids.next(Attendance)
            rows.add(Attendance, {
                "id": record_id, "lesson_id": row["id"], "pupil_id": pupil,
                "lesson_date": lesson.day, "status": status[0], "reason": status[1],
                "author_id": teacher, "updated_at": taken_at,
            })  # fmt: skip
            rows.add(AttendanceChange, {
                "id": self.ids.next(AttendanceChange), "attendance_id": record_id,
                "action": ChangeAction.CREATED, "changed_by": teacher, "changed_at": taken_at,
                "old_value": None, "new_value": attendance.encode(*status),
            })  # fmt: skip
        return present

    def _homework(
        self, lesson: DatedLesson, plan: topics.LessonPlan, present: list[int], rows: RowSet
    ) -> None:
        rng, row, a = self.rng, lesson.row, lesson.assignment
        due = self.next_lesson.get(row["id"])
        share = topics.HOMEWORK_SHARE.get(a.subject, topics.DEFAULT_HOMEWORK_SHARE)
        if due is None or rng.random() >= share:
            return
        grade = lesson.school_class.grade
        if lesson.day < self.today:
            created = self.at(lesson.day, self._bell(lesson)[1])
        else:  # today's lessons: the teacher filled in the page the evening before
            created = self.at(lesson.day - timedelta(days=1), time(19, 30))
        common = {
            "lesson_id": row["id"], "class_id": row["class_id"], "subject_id": row["subject_id"],
            "subgroup_id": row["subgroup_id"], "due_date": due,
            "author_id": lesson.acting_teacher, "created_at": created,
        }  # fmt: skip
        text = topics.homework_text(rng, a.subject, grade, plan)
        rows.add(Homework, {"id": self.ids.next(Homework), "text": text, "is_individual": False,
                            **common})  # fmt: skip
        self.counts["homework"] += 1
        pupils = present or self._pupils(lesson)
        if grade >= 3 and pupils and rng.random() < INDIVIDUAL_HOMEWORK_SHARE:
            homework_id = self.ids.next(Homework)
            text = topics.individual_homework_text(rng, plan)
            rows.add(Homework, {"id": homework_id, "text": text, "is_individual": True, **common})
            for pupil in rng.sample(pupils, min(len(pupils), rng.randint(1, 2))):
                target = {"homework_id": homework_id, "pupil_id": pupil}
                rows.add(HomeworkTarget, {"id": self.ids.next(HomeworkTarget), **target})
            self.counts["homework"] += 1
