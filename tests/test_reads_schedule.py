"""The dated schedule of a pupil and of a teacher, with bells, changes and holidays."""

from datetime import date, time

import pytest
from sqlalchemy.ext.asyncio import AsyncEngine

from db.enums import LessonStatus
from db.models import Holiday
from handlers.family.schedule import day_lines
from services.context import Ctx, Journal
from services.errors import AccessDenied, RuleViolation
from services.schedule.reading import pupil_schedule, teacher_schedule
from services.views import DaySchedule
from tests import read_rows
from tests.tiny_school import TODAY, TinySchool

MONDAY, SUNDAY = date(2026, 11, 16), date(2026, 11, 22)
THURSDAY, FRIDAY, SATURDAY = date(2026, 11, 19), date(2026, 11, 20), date(2026, 11, 21)


async def _changes(ctx: Ctx, t: TinySchool) -> None:
    await read_rows.change_lesson(
        ctx, t, "rus-thu", substitute_teacher_id=t.people["primary"], change_note="замена"
    )
    await read_rows.change_lesson(ctx, t, "math-fri", room="35", original_room="21")
    await read_rows.lesson(
        ctx,
        t,
        "math-moved",
        "5А-math",
        THURSDAY,
        3,
        status=LessonStatus.PLANNED,
        moved_from_date=FRIDAY,
        moved_from_number=4,
    )
    await read_rows.holiday(ctx, t, "Дополнительные каникулы", SATURDAY, date(2026, 11, 29))


def _day(days: list[DaySchedule], day: date) -> DaySchedule:
    return next(d for d in days if d.date == day)


async def test_pupil_week_with_bells_changes_and_holidays(
    journal: Journal, tiny: TinySchool
) -> None:
    await journal.run(_changes, tiny)
    g2 = await read_rows.actor_of(journal, tiny, "g2")
    week = await journal.run(pupil_schedule, g2, tiny.people["a1"], MONDAY, SUNDAY)
    assert [d.date.day for d in week] == [16, 17, 18, 19, 20, 21, 22]

    today = _day(week, TODAY).lessons
    assert [(v.number, v.subject, v.subgroup) for v in today] == [
        (1, "Математика", None),
        (2, "Русский язык", None),
        (3, "Английский язык", "1 группа"),  # not the other group's lesson
        (5, "Математика", None),
    ]
    first = today[0]
    assert (first.starts_at, first.ends_at) == (time(8, 30), time(9, 15))
    assert (first.teacher, first.class_title, first.room) == ("Числова М. А.", "5А", "21")
    assert not first.is_changed
    assert today[3].starts_at == time(12, 30)

    cancelled = _day(week, date(2026, 11, 17)).lessons[0]
    assert cancelled.status == LessonStatus.CANCELLED and cancelled.is_changed

    thursday = _day(week, THURSDAY).lessons
    substituted, moved = thursday[0], thursday[1]
    assert substituted.teacher == "Словесников И. И."
    assert substituted.substitute_teacher == "Азбукина Н. П."
    assert substituted.change_note == "замена"
    assert (moved.number, moved.moved_from_date, moved.moved_from_number) == (3, FRIDAY, 4)

    room = _day(week, FRIDAY).lessons[0]
    assert (room.room, room.original_room, room.is_changed) == ("35", "21", True)

    assert _day(week, SATURDAY).holiday == "Дополнительные каникулы"
    assert _day(week, SATURDAY).lessons == ()
    assert _day(week, FRIDAY).holiday is None


async def test_the_other_subgroup_sees_its_own_lesson(journal: Journal, tiny: TinySchool) -> None:
    a3 = await read_rows.actor_of(journal, tiny, "a3")
    day = (await journal.run(pupil_schedule, a3, tiny.people["a3"], TODAY, TODAY))[0]
    eng = [v for v in day.lessons if v.number == 3]
    assert [(v.id, v.teacher, v.subgroup) for v in eng] == [
        (tiny.lessons["eng2-today"], "Лондонов П. О.", "2 группа")
    ]


async def test_second_shift_takes_its_own_bells(journal: Journal, tiny: TinySchool) -> None:
    async def data(ctx: Ctx) -> None:
        await read_rows.second_shift(ctx, tiny, "5Б")
        await read_rows.lesson(ctx, tiny, "5Б-rus-today", "5Б-rus", TODAY, 1)

    await journal.run(data)
    b1 = await read_rows.actor_of(journal, tiny, "b1")
    day = (await journal.run(pupil_schedule, b1, tiny.people["b1"], TODAY, TODAY))[0]
    assert [(v.number, v.starts_at) for v in day.lessons] == [(1, time(14, 0)), (3, None)]


async def test_subject_teacher_sees_only_their_subject(journal: Journal, tiny: TinySchool) -> None:
    rus = await read_rows.actor_of(journal, tiny, "rus")
    week = await journal.run(pupil_schedule, rus, tiny.people["a1"], MONDAY, SUNDAY)
    assert {v.subject for d in week for v in d.lessons} == {"Русский язык"}


async def test_teacher_schedule(journal: Journal, tiny: TinySchool) -> None:
    await journal.run(_changes, tiny)
    math = await read_rows.actor_of(journal, tiny, "math")
    today = (await journal.run(teacher_schedule, math, TODAY, TODAY))[0]
    assert [(v.number, v.class_title) for v in today.lessons] == [
        (1, "5А"),
        (3, "5Б"),
        (5, "5А"),
    ]
    assert today.lessons[0].starts_at == time(8, 30)

    primary = await read_rows.actor_of(journal, tiny, "primary")
    thursday = (await journal.run(teacher_schedule, primary, THURSDAY, THURSDAY))[0]
    assert [(v.class_title, v.subject, v.substitute_teacher) for v in thursday.lessons] == [
        ("5А", "Русский язык", "Азбукина Н. П.")
    ]
    rus = await read_rows.actor_of(journal, tiny, "rus")
    given_away = (await journal.run(teacher_schedule, rus, THURSDAY, THURSDAY))[0].lessons
    assert [v.substitute_teacher for v in given_away] == ["Азбукина Н. П."]

    week = await journal.run(teacher_schedule, math, MONDAY, SUNDAY)
    assert _day(week, SATURDAY).holiday == "Дополнительные каникулы"


async def test_teacher_schedule_is_for_staff(journal: Journal, tiny: TinySchool) -> None:
    g1 = await read_rows.actor_of(journal, tiny, "g1")
    with pytest.raises(AccessDenied):
        await journal.run(teacher_schedule, g1, TODAY, TODAY)


async def test_ranges(journal: Journal, tiny: TinySchool) -> None:
    a1 = await read_rows.actor_of(journal, tiny, "a1")
    assert await journal.run(pupil_schedule, a1, tiny.people["a1"], SUNDAY, MONDAY) == []
    with pytest.raises(RuleViolation):
        await journal.run(pupil_schedule, a1, tiny.people["a1"], MONDAY, date(2027, 5, 1))


async def test_pupil_week_runs_in_a_few_queries(
    journal: Journal, tiny: TinySchool, engine: AsyncEngine
) -> None:
    await journal.run(_changes, tiny)
    g1 = await read_rows.actor_of(journal, tiny, "g1")
    with read_rows.count_queries(engine) as statements:
        await journal.run(pupil_schedule, g1, tiny.people["a1"], MONDAY, SUNDAY)
    # access scope 3 + lessons with their bells + holidays
    assert len(statements) == 3, statements


async def first_graders_off(journal: Journal, tiny: TinySchool, grades: str = "1") -> None:
    async def add(ctx: Ctx) -> None:
        ctx.session.add(
            Holiday(
                year_id=tiny.year_id,
                name="Дополнительные каникулы",
                starts_on=FRIDAY,
                ends_on=SUNDAY,
                grades=grades,
            )
        )

    await journal.run(add)


async def test_a_holiday_of_some_grades(journal: Journal, tiny: TinySchool) -> None:
    """The first-graders' extra week: theirs, not the fifth-graders'; their teachers see
    whose, the fifth-graders' teachers do not see it at all."""

    await first_graders_off(journal, tiny)
    g4 = await read_rows.actor_of(journal, tiny, "g4")
    first = _day(await journal.run(pupil_schedule, g4, tiny.people["c1"], FRIDAY, FRIDAY), FRIDAY)
    assert (first.holiday, first.holiday_grades) == ("Дополнительные каникулы", ())
    assert day_lines(first) == ["каникулы: Дополнительные каникулы"]
    g2 = await read_rows.actor_of(journal, tiny, "g2")
    fifth = _day(await journal.run(pupil_schedule, g2, tiny.people["a1"], FRIDAY, FRIDAY), FRIDAY)
    assert fifth.holiday is None and fifth.lessons
    primary = await read_rows.actor_of(journal, tiny, "primary")  # 1А's teacher
    teacher = (await journal.run(teacher_schedule, primary, FRIDAY, FRIDAY))[0]
    assert teacher.holiday_grades == (1,)
    assert day_lines(teacher, with_class=True)[0] == (
        "каникулы у 1-х классов: Дополнительные каникулы"
    )
    math = await read_rows.actor_of(journal, tiny, "math")  # 5А's and 5Б's
    fifth_teacher = (await journal.run(teacher_schedule, math, FRIDAY, FRIDAY))[0]
    assert fifth_teacher.holiday is None and fifth_teacher.lessons


async def test_a_teacher_sees_a_holiday_named_by_the_grades_they_teach(
    journal: Journal, tiny: TinySchool
) -> None:
    await first_graders_off(journal, tiny, "1, 5")
    math = await read_rows.actor_of(journal, tiny, "math")
    day = (await journal.run(teacher_schedule, math, FRIDAY, FRIDAY))[0]
    assert (day.holiday, day.holiday_grades) == ("Дополнительные каникулы", (5,))
