"""Small helpers shared by the write-side tests: actors, row counts, events, direct edits, and
operations on a database file that the `journal` commands use."""

import asyncio
from collections.abc import Awaitable, Callable
from datetime import UTC, date, datetime
from typing import Any, TypeVar
from zoneinfo import ZoneInfo

from sqlalchemy import func, select

from db.base import Base
from db.engine import make_engine, make_session_factory
from db.enums import LessonStatus
from db.models import (
    Enrollment,
    Lesson,
    Mark,
    OutboxEvent,
    Person,
    SchoolClass,
    Subject,
    TeachingAssignment,
)
from services.context import Ctx, Journal
from services.people.actor import Actor, load_actor
from tests.tiny_school import TinySchool

T = TypeVar("T")
MOSCOW = ZoneInfo("Europe/Moscow")


def with_journal(url: str, body: Callable[[Journal], Awaitable[T]]) -> T:
    """`body` on a journal of the database at `url`, outside any event loop (as beside a
    command's run), its engine disposed after."""

    async def go() -> T:
        engine = make_engine(url)
        try:
            return await body(Journal(make_session_factory(engine)))
        finally:
            await engine.dispose()

    return asyncio.run(go())


def run_op(url: str, operation: Callable[..., Awaitable[T]], *args: Any) -> T:
    """One operation on the database at `url`, likewise."""
    return with_journal(url, lambda journal: journal.run(operation, *args))


def moscow(year: int, month: int, day: int, hour: int, minute: int = 0) -> datetime:
    """A Moscow wall-clock time as an aware UTC datetime."""
    return datetime(year, month, day, hour, minute, tzinfo=MOSCOW).astimezone(UTC)


async def actor(journal: Journal, tiny: TinySchool, key: str) -> Actor:
    return await journal.run(load_actor, tiny.people[key])


async def count(journal: Journal, model: Any, *where: Any) -> int:
    async def op(ctx: Ctx) -> int:
        query = select(func.count()).select_from(model).where(*where)
        return int(await ctx.session.scalar(query) or 0)

    return await journal.run(op)


async def rows(journal: Journal, model: Any, *where: Any) -> list[Any]:
    async def op(ctx: Ctx) -> list[Any]:
        query = select(model).where(*where).order_by(model.id)
        return list((await ctx.session.scalars(query)).all())

    return await journal.run(op)


async def get(journal: Journal, model: Any, row_id: int) -> Any:
    async def op(ctx: Ctx) -> Any:
        return await ctx.session.get(model, row_id)

    return await journal.run(op)


async def events(journal: Journal, kind: str | None = None) -> list[OutboxEvent]:
    where = [OutboxEvent.kind == kind] if kind else []
    return await rows(journal, OutboxEvent, *where)


async def update(journal: Journal, model: Any, row_id: int, **fields: Any) -> None:
    async def op(ctx: Ctx) -> None:
        row = await ctx.session.get(model, row_id)
        assert row is not None
        for name, value in fields.items():
            setattr(row, name, value)

    await journal.run(op)


# The tables the write side touches; dumping all of them for every role is too slow.
WRITTEN_TABLES = (
    "lessons",
    "marks",
    "mark_changes",
    "attendance",
    "attendance_changes",
    "homework",
    "homework_targets",
    "final_marks",
    "announcements",
    "announcement_reads",
    "outbox_events",
    "audit_log",
)


async def dump(ctx: Ctx, tables: tuple[str, ...] | None = None) -> dict[str, list[tuple[Any, ...]]]:
    """Rows of every table (or of `tables`): to prove that a refused write changed nothing."""
    result = {}
    for table in Base.metadata.sorted_tables:
        if tables is not None and table.name not in tables:
            continue
        query = select(table).order_by(*table.primary_key.columns)
        result[table.name] = [tuple(r) for r in (await ctx.session.execute(query)).all()]
    return result


async def put_marks(
    journal: Journal, tiny: TinySchool, lesson_key: str, pupil_key: str, values: list[int]
) -> None:
    """Marks written straight into the tables, by the lesson's teacher, with weight 1."""

    async def op(ctx: Ctx) -> None:
        lesson = await ctx.session.get(Lesson, tiny.lessons[lesson_key])
        assert lesson is not None
        for value in values:
            ctx.session.add(
                Mark(
                    lesson_id=lesson.id,
                    pupil_id=tiny.people[pupil_key],
                    subject_id=lesson.subject_id,
                    lesson_date=lesson.date,
                    value=value,
                    work_type_id=tiny.work_types["answer"],
                    weight=1.0,
                    author_id=lesson.teacher_id,
                    created_at=ctx.now,
                    updated_at=ctx.now,
                )
            )

    await journal.run(op)


async def add_lesson(
    journal: Journal, tiny: TinySchool, assignment_key: str, day: date, number: int, room: str = ""
) -> int:
    async def op(ctx: Ctx) -> int:
        a = await ctx.session.get(TeachingAssignment, tiny.assignments[assignment_key])
        assert a is not None
        lesson = Lesson(
            assignment_id=a.id,
            class_id=a.class_id,
            subject_id=a.subject_id,
            subgroup_id=a.subgroup_id,
            teacher_id=a.teacher_id,
            date=day,
            number=number,
            room=room,
            status=LessonStatus.PLANNED,
        )
        ctx.session.add(lesson)
        await ctx.session.flush()
        return lesson.id

    return await journal.run(op)


async def add_second_grade(journal: Journal, tiny: TinySchool) -> tuple[int, int]:
    """A 2nd-grade maths class of the primary teacher: (its pupil, a lesson begun today)."""

    async def op(ctx: Ctx) -> tuple[int, int]:
        s = ctx.session
        school_class = SchoolClass(
            school_id=tiny.school_id,
            year_id=tiny.year_id,
            grade=2,
            letter="А",
            shift=1,
            class_teacher_id=tiny.people["primary"],
        )
        pupil = Person(school_id=tiny.school_id, last_name="Второва", first_name="Вера")
        s.add_all([school_class, pupil])
        await s.flush()
        s.add(Enrollment(pupil_id=pupil.id, class_id=school_class.id))
        subject = await s.get(Subject, tiny.subjects["math"])
        assert subject is not None
        a = TeachingAssignment(
            class_id=school_class.id,
            subject_id=subject.id,
            teacher_id=tiny.people["primary"],
            hours_per_week=4,
        )
        s.add(a)
        await s.flush()
        tiny.assignments["2А-math"] = a.id
        return pupil.id, a.id

    pupil_id, _ = await journal.run(op)
    lesson_id = await add_lesson(journal, tiny, "2А-math", date(2026, 11, 18), 2)
    return pupil_id, lesson_id
