"""Attendance of a period (001 §7.1; 004 §7.3 "проверка отражения посещаемости"): lessons and
whole days missed per pupil and class, by illness, for another valid reason and without one,
and lateness; and the same week by week for the chart.

A day counts as missed only when the pupil missed every lesson they had that day (a lesson
they are exempt from is not one they had); it is missed through illness if every lesson was,
without a valid reason if any lesson was, else for a valid reason. Days are counted up to
yesterday: today's last lessons may still be ahead. A subject teacher sees their own lessons
only, so their report has lessons and no whole days."""

from collections import Counter, defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta

from sqlalchemy import select

from db.enums import AttendanceStatus, LessonStatus
from db.models import Attendance, Lesson
from services.context import Ctx
from services.people.actor import Actor
from services.reports.gc_pause import gc_paused
from services.reports.outcomes import class_pupils, pupils_by_class, pupils_of_load
from services.reports.scope import ReportScope, report_scope
from services.views import PeriodBrief

A = AttendanceStatus
MISSED = {A.ILL: "ill", A.EXCUSED: "excused", A.ABSENT: "unexcused"}


@dataclass
class Counts:
    lessons: int = 0  # the lessons the pupil was due at
    ill: int = 0
    excused: int = 0
    unexcused: int = 0
    late: int = 0
    days_ill: int = 0
    days_excused: int = 0
    days_unexcused: int = 0

    @property
    def missed(self) -> int:
        return self.ill + self.excused + self.unexcused

    @property
    def days(self) -> int:
        return self.days_ill + self.days_excused + self.days_unexcused

    def add(self, other: "Counts") -> None:
        for name in self.__dataclass_fields__:
            setattr(self, name, getattr(self, name) + getattr(other, name))


@dataclass(frozen=True)
class PupilAttendance:
    pupil_id: int
    full_name: str
    counts: Counts


@dataclass(frozen=True)
class ClassAttendance:
    class_id: int
    title: str
    whole_days: bool  # False: only the asking teacher's lessons were counted
    pupils: tuple[PupilAttendance, ...]
    total: Counts


@dataclass(frozen=True)
class WeekAttendance:
    monday: date
    counts: Counts = field(default_factory=Counts)


@dataclass(frozen=True)
class AttendanceReport:
    school_name: str
    scope_title: str
    period: PeriodBrief
    until: date  # the last day counted
    classes: tuple[ClassAttendance, ...]
    weeks: tuple[WeekAttendance, ...]
    total: Counts


async def attendance_report(
    ctx: Ctx, actor: Actor, period_id: int | None = None, class_id: int | None = None
) -> AttendanceReport:
    scope = await report_scope(ctx, actor, period_id, class_id)
    return await attendance_of_scope(ctx, scope)


async def attendance_of_scope(ctx: Ctx, scope: ReportScope) -> AttendanceReport:
    # A school's quarter is 45,000 records read and kept until the counts are made.
    with gc_paused():
        return await _read_attendance(ctx, scope)


async def _read_attendance(ctx: Ctx, scope: ReportScope) -> AttendanceReport:
    today = scope.calendar.today(ctx.now)
    start, end = scope.period.brief.starts_on, min(scope.period.brief.ends_on, today)
    class_ids = sorted(scope.classes, key=scope.sort_key)
    own = {ld.assignment_id for ld in scope.loads}
    lessons: dict[int, tuple[int, int | None, date]] = {}
    found = await ctx.session.execute(
        select(Lesson.id, Lesson.class_id, Lesson.subgroup_id, Lesson.date, Lesson.assignment_id)
        .where(
            Lesson.class_id.in_(class_ids),
            Lesson.date.between(start, end),
            Lesson.status != LessonStatus.CANCELLED,
        )
        .order_by(Lesson.date, Lesson.number)
    )
    for lesson_id, cls, group, day, assignment in found:
        if cls in scope.whole_classes or assignment in own:
            lessons[lesson_id] = (cls, group, day)
    records: dict[tuple[int, int], AttendanceStatus] = {}
    marked = await ctx.session.execute(
        select(Attendance.pupil_id, Attendance.lesson_id, Attendance.status)
        .join(Lesson, Lesson.id == Attendance.lesson_id)
        .where(
            Lesson.class_id.in_(class_ids),
            Attendance.lesson_date.between(start, end),
            Attendance.status != A.PRESENT,
        )
    )
    for pupil_id, lesson_id, status in marked:
        if lesson_id in lessons:
            records[(pupil_id, lesson_id)] = status
    pupils, groups = await class_pupils(ctx, class_ids)
    by_class = pupils_by_class(pupils)
    # In a class seen only through the teacher's own groups, only those groups' pupils.
    taught: dict[int, set[int]] = defaultdict(set)
    for ld in scope.loads:
        if ld.class_id not in scope.whole_classes:
            taught[ld.class_id].update(pupils_of_load(ld, by_class, groups))
    for cls, members in by_class.items():
        if cls not in scope.whole_classes:
            by_class[cls] = [p for p in members if p in taught[cls]]
    counts, weeks = _tally(scope, today, lessons, records, by_class, groups)
    classes = []
    total = Counts()
    for cls in class_ids:
        rows = tuple(
            PupilAttendance(p, pupils[p].full_name, counts[p]) for p in by_class.get(cls, ())
        )
        class_total = Counts()
        for row in rows:
            class_total.add(row.counts)
        total.add(class_total)
        info = scope.classes[cls]
        classes.append(
            ClassAttendance(cls, info.title, cls in scope.whole_classes, rows, class_total)
        )
    return AttendanceReport(
        school_name=scope.school_name,
        scope_title=scope.title,
        period=scope.period.brief,
        until=end,
        classes=tuple(classes),
        weeks=tuple(WeekAttendance(m, weeks[m]) for m in sorted(weeks)),
        total=total,
    )


def _tally(
    scope: ReportScope,
    today: date,
    lessons: dict[int, tuple[int, int | None, date]],
    records: dict[tuple[int, int], AttendanceStatus],
    by_class: dict[int, list[int]],
    groups: dict[int, set[int]],
) -> tuple[dict[int, Counts], dict[date, Counts]]:
    """Each pupil's counts and each week's. The lessons a pupil was due at are their class's
    and their groups' lessons, summed per class and group rather than per pupil and day: a
    school's quarter is 150,000 pupil-days, most of them with no record; only the days with
    a record are gone through one by one."""
    by_class_day: dict[tuple[int, date], dict[int | None, int]] = defaultdict(
        lambda: defaultdict(int)
    )
    for cls, group, day in lessons.values():
        by_class_day[(cls, day)][group] += 1
    class_lessons: dict[int, dict[int | None, int]] = defaultdict(lambda: defaultdict(int))
    weeks: dict[date, Counts] = defaultdict(Counts)
    group_sizes = {
        cls: Counter(g for p in members for g in groups.get(p, ()))
        for cls, members in by_class.items()
    }
    for (cls, day), day_lessons in by_class_day.items():
        week = weeks[day - timedelta(days=day.weekday())]
        class_size = len(by_class.get(cls, ()))
        sizes: Mapping[int, int] = group_sizes.get(cls, {})
        for group, n in day_lessons.items():
            class_lessons[cls][group] += n
            week.lessons += n * (class_size if group is None else sizes.get(group, 0))
    counts: dict[int, Counts] = {}
    class_of: dict[int, int] = {}
    for cls, members in by_class.items():
        of_class = class_lessons.get(cls, {})
        for pupil_id in members:
            class_of[pupil_id] = cls
            counts[pupil_id] = Counts(
                lessons=of_class.get(None, 0)
                + sum(of_class.get(g, 0) for g in groups.get(pupil_id, ()))
            )
    marked_days: dict[tuple[int, date], list[tuple[int | None, AttendanceStatus]]] = defaultdict(
        list
    )
    for (pupil_id, lesson_id), status in records.items():
        _, group, day = lessons[lesson_id]
        marked_days[(pupil_id, day)].append((group, status))
    for (pupil_id, day), day_marks in marked_days.items():
        home = class_of.get(pupil_id)
        of_day = by_class_day.get((home, day)) if home is not None else None
        if home is None or of_day is None:
            continue  # not a pupil of the report, or not one of their class's days
        c, week = counts[pupil_id], weeks[day - timedelta(days=day.weekday())]
        had = of_day.get(None, 0) + sum(of_day.get(g, 0) for g in groups.get(pupil_id, ()))
        exempt = sum(1 for _, st in day_marks if st == A.EXEMPT)
        due = had - exempt
        c.lessons -= exempt
        week.lessons -= exempt
        missed = [st for _, st in day_marks if st in MISSED]
        for st in missed:
            name = MISSED[st]
            setattr(c, name, getattr(c, name) + 1)
            setattr(week, name, getattr(week, name) + 1)
        late = sum(1 for _, st in day_marks if st == A.LATE)
        c.late += late
        week.late += late
        whole = home in scope.whole_classes and day < today
        if not whole or not due or len(missed) < due:
            continue
        if all(st == A.ILL for st in missed):
            kind = "days_ill"
        elif any(st == A.ABSENT for st in missed):
            kind = "days_unexcused"
        else:
            kind = "days_excused"
        for tally in (c, week):
            setattr(tally, kind, getattr(tally, kind) + 1)
    return counts, weeks
