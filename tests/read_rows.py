"""Rows the read-side tests add on top of the tiny school, written straight to the tables."""

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, datetime, time
from typing import Any

from sqlalchemy import Connection, event, update
from sqlalchemy.ext.asyncio import AsyncEngine

from db import postgres_reader as postgres_reader_module
from db import sqlite_reader as sqlite_reader_module
from db.enums import AnnouncementScope, AttendanceStatus, LessonStatus, PeriodKind, StaffRole
from db.models import (
    Announcement,
    AnnouncementRead,
    Attendance,
    BellSlot,
    Enrollment,
    FinalMark,
    Holiday,
    Homework,
    HomeworkTarget,
    Lesson,
    Mark,
    Period,
    Person,
    School,
    SchoolClass,
    SchoolYear,
    StaffPosition,
    Subject,
    TeachingAssignment,
    WorkType,
)
from services.context import Ctx, Journal
from services.people.actor import Actor, load_actor
from tests.reader_check import is_the_check
from tests.tiny_school import WORK_TYPES, TinySchool

WEIGHTS = {code: weight for code, _, _, weight in WORK_TYPES}


async def lesson(
    ctx: Ctx, t: TinySchool, key: str, load: str, day: date, number: int, **extra: Any
) -> int:
    a = await ctx.session.get(TeachingAssignment, t.assignments[load])
    assert a is not None
    row = Lesson(
        assignment_id=a.id,
        class_id=a.class_id,
        subject_id=a.subject_id,
        subgroup_id=a.subgroup_id,
        teacher_id=a.teacher_id,
        date=day,
        number=number,
        room=extra.pop("room", "21"),
        status=extra.pop("status", LessonStatus.HELD),
        **extra,
    )
    ctx.session.add(row)
    await ctx.session.flush()
    t.lessons[key] = row.id
    return row.id


async def change_lesson(ctx: Ctx, t: TinySchool, key: str, **values: Any) -> None:
    await ctx.session.execute(update(Lesson).where(Lesson.id == t.lessons[key]).values(**values))


async def mark(
    ctx: Ctx,
    t: TinySchool,
    lesson_key: str,
    pupil: str,
    value: int,
    work: str = "answer",
    *,
    deleted: bool = False,
    comment: str = "",
    at: datetime | None = None,
) -> int:
    row_lesson = await ctx.session.get(Lesson, t.lessons[lesson_key])
    assert row_lesson is not None
    row = Mark(
        lesson_id=row_lesson.id,
        pupil_id=t.people[pupil],
        subject_id=row_lesson.subject_id,
        lesson_date=row_lesson.date,
        value=value,
        work_type_id=t.work_types[work],
        weight=WEIGHTS[work],
        comment=comment,
        author_id=row_lesson.teacher_id,
        created_at=at or ctx.now,
        updated_at=at or ctx.now,
        is_deleted=deleted,
    )
    ctx.session.add(row)
    await ctx.session.flush()
    return row.id


async def marks(ctx: Ctx, t: TinySchool, lesson_key: str, pupil: str, values: list[int]) -> None:
    for value in values:
        await mark(ctx, t, lesson_key, pupil, value)


async def attendance(
    ctx: Ctx, t: TinySchool, lesson_key: str, pupil: str, status: AttendanceStatus, reason: str = ""
) -> None:
    row_lesson = await ctx.session.get(Lesson, t.lessons[lesson_key])
    assert row_lesson is not None
    ctx.session.add(
        Attendance(
            lesson_id=row_lesson.id,
            pupil_id=t.people[pupil],
            lesson_date=row_lesson.date,
            status=status,
            reason=reason,
            author_id=row_lesson.teacher_id,
            updated_at=ctx.now,
        )
    )
    await ctx.session.flush()


async def homework(
    ctx: Ctx,
    t: TinySchool,
    lesson_key: str,
    text: str,
    due: date,
    *,
    pupils: tuple[str, ...] = (),
) -> int:
    row_lesson = await ctx.session.get(Lesson, t.lessons[lesson_key])
    assert row_lesson is not None
    row = Homework(
        lesson_id=row_lesson.id,
        class_id=row_lesson.class_id,
        subject_id=row_lesson.subject_id,
        subgroup_id=row_lesson.subgroup_id,
        due_date=due,
        text=text,
        is_individual=bool(pupils),
        author_id=row_lesson.teacher_id,
        created_at=ctx.now,
    )
    ctx.session.add(row)
    await ctx.session.flush()
    for p in pupils:
        ctx.session.add(HomeworkTarget(homework_id=row.id, pupil_id=t.people[p]))
    await ctx.session.flush()
    return row.id


async def holiday(ctx: Ctx, t: TinySchool, name: str, starts: date, ends: date) -> None:
    ctx.session.add(Holiday(year_id=t.year_id, name=name, starts_on=starts, ends_on=ends))
    await ctx.session.flush()


async def final_mark(
    ctx: Ctx, t: TinySchool, pupil: str, subject: str, period: str, value: str
) -> None:
    ctx.session.add(
        FinalMark(
            pupil_id=t.people[pupil],
            subject_id=t.subjects[subject],
            period_id=t.periods[period],
            value=value,
            author_id=t.people["math"],
            updated_at=ctx.now,
        )
    )
    await ctx.session.flush()


async def announcement(
    ctx: Ctx,
    t: TinySchool,
    title: str,
    *,
    scope: AnnouncementScope = AnnouncementScope.SCHOOL,
    author: str = "deputy",
    grade: int | None = None,
    class_key: str | None = None,
    to_guardians: bool = True,
    to_pupils: bool = True,
    to_staff: bool = False,
    at: datetime | None = None,
    school_id: int | None = None,
) -> int:
    row = Announcement(
        school_id=school_id or t.school_id,
        author_id=t.people[author],
        scope=scope,
        grade=grade,
        class_id=t.classes[class_key] if class_key else None,
        to_guardians=to_guardians,
        to_pupils=to_pupils,
        to_staff=to_staff,
        title=title,
        text=f"Текст: {title}",
        published_at=at or ctx.now,
    )
    ctx.session.add(row)
    await ctx.session.flush()
    return row.id


async def announcement_read(ctx: Ctx, t: TinySchool, announcement_id: int, who: str) -> None:
    ctx.session.add(
        AnnouncementRead(announcement_id=announcement_id, person_id=t.people[who], read_at=ctx.now)
    )
    await ctx.session.flush()


async def set_hours(ctx: Ctx, t: TinySchool, load: str, hours: int) -> None:
    await ctx.session.execute(
        update(TeachingAssignment)
        .where(TeachingAssignment.id == t.assignments[load])
        .values(hours_per_week=hours)
    )


async def set_work_type_weight(ctx: Ctx, t: TinySchool, code: str, weight: float) -> None:
    await ctx.session.execute(
        update(WorkType).where(WorkType.id == t.work_types[code]).values(weight=weight)
    )


async def second_shift(ctx: Ctx, t: TinySchool, class_key: str) -> None:
    await ctx.session.execute(
        update(SchoolClass).where(SchoolClass.id == t.classes[class_key]).values(shift=2)
    )
    for number, (starts, ends) in enumerate([(time(14, 0), time(14, 45))], 1):
        ctx.session.add(
            BellSlot(school_id=t.school_id, shift=2, number=number, starts_at=starts, ends_at=ends)
        )
    await ctx.session.flush()


async def other_school(ctx: Ctx, t: TinySchool) -> None:
    """A second school with a pupil, a teacher, a subject, a lesson and an announcement;
    keys are prefixed with 'x-' in the tiny school's dictionaries."""
    s = ctx.session
    school = School(name="МБОУ «Школа № 2»", short_name="Школа № 2", timezone="Asia/Yekaterinburg")
    s.add(school)
    await s.flush()
    year = SchoolYear(
        school_id=school.id, name="2026/2027", starts_on=date(2026, 9, 1), ends_on=date(2027, 5, 31)
    )
    s.add(year)
    await s.flush()
    s.add(
        Period(
            year_id=year.id,
            kind=PeriodKind.QUARTER,
            number=2,
            name="2 четверть",
            starts_on=date(2026, 11, 5),
            ends_on=date(2026, 12, 28),
        )
    )
    teacher = Person(school_id=school.id, last_name="Чужой", first_name="Игорь")
    pupil = Person(school_id=school.id, last_name="Чужая", first_name="Вера")
    s.add_all([teacher, pupil])
    await s.flush()
    s.add(StaffPosition(person_id=teacher.id, role=StaffRole.ADMIN))
    cls = SchoolClass(
        school_id=school.id, year_id=year.id, grade=5, letter="А", class_teacher_id=teacher.id
    )
    subject = Subject(school_id=school.id, name="Математика", short_name="Матем.")
    s.add_all([cls, subject])
    await s.flush()
    s.add(Enrollment(pupil_id=pupil.id, class_id=cls.id))
    a = TeachingAssignment(class_id=cls.id, subject_id=subject.id, teacher_id=teacher.id)
    s.add(a)
    await s.flush()
    t.people |= {"x-admin": teacher.id, "x-pupil": pupil.id}
    t.classes["x-5А"] = cls.id
    t.subjects["x-math"] = subject.id
    t.assignments["x-5А-math"] = a.id
    await lesson(ctx, t, "x-math", "x-5А-math", date(2026, 11, 18), 1)
    s.add(
        Announcement(
            school_id=school.id,
            author_id=teacher.id,
            scope=AnnouncementScope.SCHOOL,
            to_staff=True,
            title="Чужое объявление",
            text="Не для первой школы",
            published_at=ctx.now,
        )
    )
    await s.flush()


class _Collected(logging.Handler):
    def __init__(self, into: list[str]) -> None:
        super().__init__(logging.DEBUG)
        self.into = into

    def emit(self, record: logging.LogRecord) -> None:
        self.into.append(record.getMessage())


@contextmanager
def reader_statements() -> Iterator[list[str]]:
    """The statements the readers of committed rows run, from their DEBUG logs."""
    statements: list[str] = []
    handler = _Collected(statements)
    logs = [logging.getLogger(m.__name__) for m in (sqlite_reader_module, postgres_reader_module)]
    levels = [log.level for log in logs]
    for log in logs:
        log.addHandler(handler)
        log.setLevel(logging.DEBUG)
    try:
        yield statements
    finally:
        for log, level in zip(logs, levels, strict=True):
            log.removeHandler(handler)
            log.setLevel(level)


@contextmanager
def count_queries(engine: AsyncEngine) -> Iterator[list[str]]:
    """The statements run, through the engine or (SQLite) through its reader of committed rows."""
    statements: list[str] = []

    def on_execute(conn: Connection, _cursor: Any, sql: str, *_args: Any) -> None:
        if not is_the_check(conn):
            statements.append(sql)

    event.listen(engine.sync_engine, "before_cursor_execute", on_execute)
    try:
        with reader_statements() as read:
            yield statements
    finally:
        event.remove(engine.sync_engine, "before_cursor_execute", on_execute)
        statements.extend(read)


async def actor_of(journal: Journal, t: TinySchool, key: str) -> Actor:
    return await journal.run(load_actor, t.people[key])
