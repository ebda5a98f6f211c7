"""Records on the tiny school whose reports are worked out by hand in the report tests."""

import io
from datetime import date, datetime, time, timedelta

import openpyxl
from pypdf import PdfReader
from sqlalchemy import select, update

from db.enums import AttendanceStatus, LessonStatus
from db.models import Homework, Lesson
from services.context import Ctx
from tests import read_rows
from tests.tiny_school import BELLS_FIRST_SHIFT, TinySchool
from tests.write_support import moscow

A = AttendanceStatus
NOV = 11


async def quarter_results(ctx: Ctx, t: TinySchool) -> None:
    """1st quarter: finals set. a1 5 5 5 (excellent), a2 4 5 5 (good), a3 3 4 2 (failing).
    2nd quarter, still running: a1 math 5 5, rus 4, eng 5 (good); a2 math 3, rus 5, eng 4
    (one 3); a3 math 2 3 -> 3, no Russian yet, eng 2 (failing)."""
    for pupil, (math, rus, eng) in {"a1": "555", "a2": "455", "a3": "342"}.items():
        await read_rows.final_mark(ctx, t, pupil, "math", "q1", math)
        await read_rows.final_mark(ctx, t, pupil, "rus", "q1", rus)
        await read_rows.final_mark(ctx, t, pupil, "eng", "q1", eng)
    await read_rows.marks(ctx, t, "math-mon", "a1", [5, 5])
    await read_rows.mark(ctx, t, "rus-today", "a1", 4)
    await read_rows.mark(ctx, t, "eng1-today", "a1", 5)
    await read_rows.mark(ctx, t, "math-today", "a2", 3)
    await read_rows.mark(ctx, t, "rus-today", "a2", 5)
    await read_rows.mark(ctx, t, "eng1-today", "a2", 4)
    await read_rows.marks(ctx, t, "math-mon", "a3", [2, 3])
    await read_rows.mark(ctx, t, "math-today", "a3", 5, deleted=True)
    await read_rows.mark(ctx, t, "eng2-today", "a3", 2)


async def tuesday_lessons(ctx: Ctx, t: TinySchool) -> None:
    """Tuesday 17 November: Russian 2nd, maths 3rd, English in both groups 4th (the 1st, Russian,
    is cancelled in the tiny school)."""
    day = date(2026, NOV, 17)
    await read_rows.lesson(ctx, t, "rus-tue", "5А-rus", day, 2)
    await read_rows.lesson(ctx, t, "math-tue", "5А-math", day, 3)
    await read_rows.lesson(ctx, t, "eng1-tue", "5А-eng1", day, 4)
    await read_rows.lesson(ctx, t, "eng2-tue", "5А-eng2", day, 4)


async def absences(ctx: Ctx, t: TinySchool) -> None:
    """a1: Tuesday ill all day, absent from today's maths. a2: Monday's only lesson excused,
    Tuesday absent, ill, excused (a day without a valid reason). a3: late on Monday, ill on
    two of Tuesday's three lessons (no whole day)."""
    await tuesday_lessons(ctx, t)
    for key in ("rus-tue", "math-tue", "eng1-tue"):
        await read_rows.attendance(ctx, t, key, "a1", A.ILL)
    await read_rows.attendance(ctx, t, "math-today", "a1", A.ABSENT)
    await read_rows.attendance(ctx, t, "math-mon", "a2", A.EXCUSED)
    await read_rows.attendance(ctx, t, "rus-tue", "a2", A.ABSENT)
    await read_rows.attendance(ctx, t, "math-tue", "a2", A.ILL)
    await read_rows.attendance(ctx, t, "eng1-tue", "a2", A.EXCUSED)
    await read_rows.attendance(ctx, t, "math-mon", "a3", A.LATE)
    await read_rows.attendance(ctx, t, "rus-tue", "a3", A.ILL)
    await read_rows.attendance(ctx, t, "math-tue", "a3", A.ILL)


async def pages_filled_on_time(ctx: Ctx, t: TinySchool, class_key: str = "5А") -> None:
    """Every lesson of the class begun by now: roll call 5 minutes in, topic and homework at
    14:00 the same day."""
    lessons = (
        await ctx.session.scalars(
            select(Lesson).where(
                Lesson.class_id == t.classes[class_key], Lesson.status != LessonStatus.CANCELLED
            )
        )
    ).all()
    for lesson in lessons:
        started = at_time(lesson.date, BELLS_FIRST_SHIFT[lesson.number - 1][0])
        if started > ctx.now:
            continue
        await ctx.session.execute(
            update(Lesson)
            .where(Lesson.id == lesson.id)
            .values(
                roll_call_done=True,
                roll_call_at=started + timedelta(minutes=5),
                topic="Тема урока",
                topic_set_at=at_time(lesson.date, time(14, 0)),
            )
        )
        ctx.session.add(
            Homework(
                lesson_id=lesson.id,
                class_id=lesson.class_id,
                subject_id=lesson.subject_id,
                subgroup_id=lesson.subgroup_id,
                due_date=date(2026, 12, 1),
                text="Упражнение",
                author_id=lesson.teacher_id,
                created_at=at_time(lesson.date, time(14, 0)),
            )
        )
    await ctx.session.flush()


def pdf_text(pdf: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


def xlsx_rows(data: bytes) -> dict[str, list[tuple[object, ...]]]:
    book = openpyxl.load_workbook(io.BytesIO(data), read_only=True)
    return {sheet.title: list(sheet.iter_rows(values_only=True)) for sheet in book.worksheets}


async def mark_at(
    ctx: Ctx, t: TinySchool, lesson_key: str, pupil: str, value: int, work: str, at: datetime
) -> None:
    await read_rows.mark(ctx, t, lesson_key, pupil, value, work, at=at)


def at_time(day: date, moment: time) -> datetime:
    return moscow(day.year, day.month, day.day, moment.hour, moment.minute)
