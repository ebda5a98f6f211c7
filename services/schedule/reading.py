"""Dated schedules with their changes: a pupil's (their class and subgroups) and a teacher's."""

from collections.abc import Sequence
from datetime import date, time, timedelta
from typing import Any

from sqlalchemy import bindparam, select
from sqlalchemy.orm import aliased

from db.models import (
    BellSlot,
    Holiday,
    Lesson,
    Person,
    SchoolClass,
    SchoolYear,
    Subgroup,
    Subject,
    TeachingAssignment,
)
from db.names import short_name
from services.context import Ctx
from services.errors import AccessDenied, RuleViolation
from services.people.access import pupil_scope
from services.people.actor import Actor
from services.scoped_queries import (
    AnyRow,
    AnySelect,
    ScopedQuery,
    plain_rows,
    whole_class_or_subgroup_of_pupil,
)
from services.views import DaySchedule, LessonView

MAX_DAYS = 93
TOO_LONG = "Расписание можно показать не больше чем на три месяца за раз."
STAFF_ONLY = "Расписание уроков учителя есть только у сотрудников школы."

_Teacher = aliased(Person)
_Substitute = aliased(Person)


def _lessons(*, with_class: bool) -> AnySelect:
    """Lessons with their subject, teachers, group and bell times (by the class's shift: given
    as a parameter for one class, or read from the class of each lesson)."""
    query = (
        select(
            Lesson.id,
            Lesson.date,
            Lesson.number,
            Lesson.subject_id,
            Subject.name,
            _Teacher.last_name,
            _Teacher.first_name,
            _Teacher.middle_name,
            Lesson.room,
            Lesson.status,
            Subgroup.name,
            _Substitute.last_name,
            _Substitute.first_name,
            _Substitute.middle_name,
            Lesson.original_room,
            Lesson.moved_from_date,
            Lesson.moved_from_number,
            Lesson.change_note,
            Lesson.topic,
            BellSlot.starts_at,
            BellSlot.ends_at,
        )
        .join(Subject, Subject.id == Lesson.subject_id)
        .join(_Teacher, _Teacher.id == Lesson.teacher_id)
        .outerjoin(_Substitute, _Substitute.id == Lesson.substitute_teacher_id)
        .outerjoin(Subgroup, Subgroup.id == Lesson.subgroup_id)
    )
    shift: Any = bindparam("shift")
    if with_class:
        query = query.add_columns(SchoolClass.grade, SchoolClass.letter).join(
            SchoolClass, SchoolClass.id == Lesson.class_id
        )
        shift = SchoolClass.shift
    return query.outerjoin(
        BellSlot,
        (BellSlot.school_id == bindparam("school_id"))
        & (BellSlot.shift == shift)
        & (BellSlot.number == Lesson.number),
    )


_OF_PUPIL = ScopedQuery.of(
    _lessons(with_class=False).where(
        Lesson.class_id == bindparam("class_id"),
        Lesson.date.between(bindparam("start"), bindparam("end")),
        whole_class_or_subgroup_of_pupil(Lesson.subgroup_id),
    ),
    Lesson.subject_id,
)
_OF_TEACHER = _lessons(with_class=True).where(
    (Lesson.teacher_id == bindparam("me")) | (Lesson.substitute_teacher_id == bindparam("me")),
    Lesson.date.between(bindparam("start"), bindparam("end")),
    SchoolClass.school_id == bindparam("school_id"),
)
_HOLIDAYS = select(Holiday.name, Holiday.starts_on, Holiday.ends_on, Holiday.grades).where(
    Holiday.starts_on <= bindparam("end"), Holiday.ends_on >= bindparam("start")
)
_HOLIDAYS_OF_YEAR = _HOLIDAYS.where(Holiday.year_id == bindparam("year_id"))
_HOLIDAYS_OF_SCHOOL = _HOLIDAYS.join(SchoolYear, SchoolYear.id == Holiday.year_id).where(
    SchoolYear.school_id == bindparam("school_id")
)

# The grades a teacher teaches in the years the dates fall in: by the load, whatever the week.
_TAUGHT_GRADES = (
    select(SchoolClass.grade)
    .join(TeachingAssignment, TeachingAssignment.class_id == SchoolClass.id)
    .join(SchoolYear, SchoolYear.id == SchoolClass.year_id)
    .where(
        TeachingAssignment.teacher_id == bindparam("me"),
        SchoolClass.school_id == bindparam("school_id"),
        SchoolYear.starts_on <= bindparam("end"),
        SchoolYear.ends_on >= bindparam("start"),
    )
    .distinct()
)


def _view(r: AnyRow, class_title: str) -> LessonView:
    return LessonView(
        id=r[0],
        date=r[1],
        number=r[2],
        starts_at=r[19],
        ends_at=r[20],
        subject_id=r[3],
        subject=r[4],
        teacher=short_name(r[5], r[6], r[7]),
        room=r[8],
        status=r[9],
        class_title=class_title,
        subgroup=r[10],
        substitute_teacher=short_name(r[11], r[12], r[13]) if r[11] is not None else None,
        original_room=r[14],
        moved_from_date=r[15],
        moved_from_number=r[16],
        change_note=r[17],
        topic=r[18],
    )


def _check_range(start: date, end: date) -> None:
    if (end - start).days >= MAX_DAYS:
        raise RuleViolation(TOO_LONG)


def _by_clock(v: LessonView) -> tuple[bool, time, int, str, int]:
    """A teacher of both shifts sees a 3rd lesson at 10:00 before a 1st at 13:40; a lesson the
    bell schedule does not time comes after the timed ones."""
    return (v.starts_at is None, v.starts_at or time.min, v.number, v.class_title, v.id)


def _grades(text: str) -> tuple[int, ...]:
    return tuple(sorted(int(g) for g in text.split(",") if g.strip()))


def _holiday(
    day: date, holidays: Sequence[AnyRow], grade: int | None, taught: frozenset[int]
) -> DaySchedule | None:
    """A class's day off (grade given: its grade's holidays and the whole school's), or, for a
    teacher, the whole school's first and then one of some of the grades they teach, naming
    those grades: another grade's holiday is none of theirs."""
    found = [(h[0], _grades(h[3])) for h in holidays if h[1] <= day <= h[2]]
    if grade is not None:
        found = [(name, ()) for name, grades in found if not grades or grade in grades]
    else:
        found = [
            (name, tuple(g for g in grades if g in taught))
            for name, grades in found
            if not grades or taught.intersection(grades)
        ]
    found.sort(key=lambda h: len(h[1]) > 0)
    if not found:
        return None
    name, grades = found[0]
    return DaySchedule(day, (), name, grades)


def _days(
    start: date,
    end: date,
    lessons: Sequence[LessonView],
    holidays: Sequence[AnyRow],
    grade: int | None = None,
    taught: frozenset[int] = frozenset(),
) -> list[DaySchedule]:
    by_day: dict[date, list[LessonView]] = {}
    for lesson in lessons:
        by_day.setdefault(lesson.date, []).append(lesson)
    days = []
    for offset in range((end - start).days + 1):
        day = start + timedelta(days=offset)
        holiday = _holiday(day, holidays, grade, taught)
        ordered = tuple(sorted(by_day.get(day, []), key=_by_clock))
        if holiday is None:
            days.append(DaySchedule(day, ordered))
        else:
            days.append(DaySchedule(day, ordered, holiday.holiday, holiday.holiday_grades))
    return days


async def pupil_schedule(
    ctx: Ctx, actor: Actor, pupil_id: int, start: date, end: date
) -> list[DaySchedule]:
    """Every date from start to end, empty days and holidays included; the lessons of the
    pupil's class and own subgroups, with cancellations, substitutions, rooms and moves."""
    scope = await pupil_scope(ctx, actor, pupil_id)
    if end < start:
        return []
    _check_range(start, end)
    cls = scope.school_class
    found = await _OF_PUPIL.rows(
        ctx,
        scope.subject_ids,
        school_id=cls.school_id,
        shift=cls.shift,
        class_id=cls.id,
        pupil_id=pupil_id,
        start=start,
        end=end,
    )
    holidays = await plain_rows(
        ctx, _HOLIDAYS_OF_YEAR, {"year_id": cls.year_id, "start": start, "end": end}
    )
    lessons = [_view(r, cls.title) for r in found]
    return _days(start, end, lessons, holidays, cls.grade)


async def teacher_schedule(ctx: Ctx, actor: Actor, start: date, end: date) -> list[DaySchedule]:
    """The lessons the actor gives (substituted ones show who takes them) or substitutes."""
    if not actor.is_staff:
        raise AccessDenied(STAFF_ONLY)
    if end < start:
        return []
    _check_range(start, end)
    params = {"me": actor.person_id, "school_id": actor.school_id, "start": start, "end": end}
    found = await plain_rows(ctx, _OF_TEACHER, params)
    holidays = await plain_rows(ctx, _HOLIDAYS_OF_SCHOOL, params)
    lessons = [_view(r, f"{r[21]}{r[22]}") for r in found]
    # Their load's grades, and those of lessons they take over meanwhile.
    some_grades = any(h[3] for h in holidays)
    taught = {r[0] for r in await plain_rows(ctx, _TAUGHT_GRADES, params)} if some_grades else set()
    taught |= {int(r[21]) for r in found}
    return _days(start, end, lessons, holidays, taught=frozenset(taught))
