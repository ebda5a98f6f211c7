"""Homework a pupil has to do, and a pupil's absences."""

from datetime import date

import pytest
from sqlalchemy.ext.asyncio import AsyncEngine

from db.enums import AttendanceStatus
from services.attendance.reading import pupil_attendance
from services.context import Ctx, Journal
from services.errors import NotFound
from services.lessons.homework_reading import homework_for
from tests import read_rows
from tests.tiny_school import TODAY, TinySchool

TOMORROW, FRIDAY = date(2026, 11, 19), date(2026, 11, 20)


async def _homework(ctx: Ctx, t: TinySchool) -> None:
    await read_rows.homework(ctx, t, "math-today", "Учебник № 101", FRIDAY)
    await read_rows.homework(ctx, t, "eng1-today", "Workbook p. 5", TOMORROW)
    await read_rows.homework(ctx, t, "eng2-today", "Text p. 7", TOMORROW)
    await read_rows.homework(ctx, t, "rus-today", "Упражнение для Анны", TOMORROW, pupils=("a2",))
    await read_rows.homework(ctx, t, "math-mon", "Старое задание", date(2026, 11, 17))
    await read_rows.homework(ctx, t, "5Б-math-today", "Задание 5Б", TOMORROW)


async def _texts(journal: Journal, t: TinySchool, who: str, pupil: str) -> list[str]:
    actor = await read_rows.actor_of(journal, t, who)
    found = await journal.run(homework_for, actor, t.people[pupil], TOMORROW, FRIDAY)
    return [h.text for h in found]


async def test_homework_of_the_class_and_own_subgroup(journal: Journal, tiny: TinySchool) -> None:
    await journal.run(_homework, tiny)
    assert await _texts(journal, tiny, "g2", "a1") == ["Workbook p. 5", "Учебник № 101"]
    assert await _texts(journal, tiny, "a3", "a3") == ["Text p. 7", "Учебник № 101"]
    g2 = await read_rows.actor_of(journal, tiny, "g2")
    first = (await journal.run(homework_for, g2, tiny.people["a1"], TOMORROW, TOMORROW))[0]
    assert (first.subject, first.due_date, first.set_on, first.is_individual) == (
        "Английский язык",
        TOMORROW,
        TODAY,
        False,
    )


@pytest.mark.parametrize(
    ("who", "expected"),
    [
        ("a2", ["Упражнение для Анны", "Workbook p. 5", "Учебник № 101"]),
        ("g3", ["Упражнение для Анны", "Workbook p. 5", "Учебник № 101"]),
        ("math", ["Упражнение для Анны", "Workbook p. 5", "Учебник № 101"]),
        ("rus", ["Упражнение для Анны"]),
        ("eng1", ["Workbook p. 5"]),
    ],
)
async def test_individual_homework_reaches_only_its_pupil(
    journal: Journal, tiny: TinySchool, who: str, expected: list[str]
) -> None:
    await journal.run(_homework, tiny)
    assert await _texts(journal, tiny, who, "a2") == expected
    if who == "a2":
        assert "Упражнение для Анны" not in await _texts(journal, tiny, "g1", "a1")


async def test_homework_for_tomorrow_runs_in_a_few_queries(
    journal: Journal, tiny: TinySchool, engine: AsyncEngine
) -> None:
    await journal.run(_homework, tiny)
    g1 = await read_rows.actor_of(journal, tiny, "g1")
    with read_rows.count_queries(engine) as statements:
        await journal.run(homework_for, g1, tiny.people["a1"], TOMORROW, TOMORROW)
    # access scope 3 (person, class, subgroups) + homework
    assert len(statements) == 2, statements


async def _attendance(ctx: Ctx, t: TinySchool) -> None:
    await read_rows.lesson(ctx, t, "math-q1", "5А-math", date(2026, 10, 1), 1)
    await read_rows.attendance(ctx, t, "math-q1", "a1", AttendanceStatus.ABSENT)
    await read_rows.attendance(ctx, t, "math-mon", "a1", AttendanceStatus.ILL, "справка")
    await read_rows.attendance(ctx, t, "math-today", "a1", AttendanceStatus.PRESENT)
    await read_rows.attendance(ctx, t, "rus-today", "a1", AttendanceStatus.LATE)
    await read_rows.attendance(ctx, t, "eng1-today", "a1", AttendanceStatus.ABSENT)
    await read_rows.attendance(ctx, t, "math-today", "a2", AttendanceStatus.ABSENT)


async def test_attendance_leaves_out_present_and_other_periods(
    journal: Journal, tiny: TinySchool
) -> None:
    await journal.run(_attendance, tiny)
    g1 = await read_rows.actor_of(journal, tiny, "g1")
    seen = await journal.run(pupil_attendance, g1, tiny.people["a1"])
    assert [(v.lesson_date.day, v.lesson_number, v.subject, v.status) for v in seen] == [
        (16, 1, "Математика", AttendanceStatus.ILL),
        (18, 2, "Русский язык", AttendanceStatus.LATE),
        (18, 3, "Английский язык", AttendanceStatus.ABSENT),
    ]
    assert seen[0].reason == "справка"
    assert seen[0].lesson_id == tiny.lessons["math-mon"]
    q1 = await journal.run(pupil_attendance, g1, tiny.people["a1"], tiny.periods["q1"])
    assert [(v.lesson_date, v.status) for v in q1] == [(date(2026, 10, 1), "absent")]


async def test_attendance_for_a_subject_teacher(journal: Journal, tiny: TinySchool) -> None:
    await journal.run(_attendance, tiny)
    rus = await read_rows.actor_of(journal, tiny, "rus")
    seen = await journal.run(pupil_attendance, rus, tiny.people["a1"])
    assert [v.subject for v in seen] == ["Русский язык"]


async def test_attendance_of_an_unknown_period(journal: Journal, tiny: TinySchool) -> None:
    a1 = await read_rows.actor_of(journal, tiny, "a1")
    with pytest.raises(NotFound):
        await journal.run(pupil_attendance, a1, tiny.people["a1"], 424_242)
