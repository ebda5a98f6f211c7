"""Periods, a family's pupils, and the marks read side: latest, per period, final."""

from datetime import UTC, date, datetime

import pytest
from sqlalchemy.ext.asyncio import AsyncEngine

from db.enums import PeriodKind
from db.models import Period, TeachingAssignment
from services.context import Ctx, Journal
from services.errors import NotFound
from services.marks.reading import final_marks, period_marks, recent_marks
from services.people.family import my_pupils
from services.schedule.periods import current_period, periods_of_year, school_today
from tests import read_rows
from tests.conftest import FakeClock
from tests.tiny_school import TODAY, TinySchool


async def test_school_today_is_the_schools_local_date(
    journal: Journal, tiny: TinySchool, clock: FakeClock
) -> None:
    clock.now = datetime(2026, 11, 18, 21, 30, tzinfo=UTC)  # 00:30 on the 19th in Moscow
    assert await journal.run(school_today, tiny.school_id) == date(2026, 11, 19)


@pytest.mark.parametrize(
    ("on", "expected"),
    [
        (TODAY, "2 четверть"),
        (date(2026, 10, 30), "1 четверть"),  # autumn holidays: the quarter just ended
        (date(2026, 8, 20), "1 четверть"),  # before the first
        (date(2027, 6, 15), "4 четверть"),  # summer
        (date(2026, 11, 5), "2 четверть"),
    ],
)
async def test_current_period(journal: Journal, tiny: TinySchool, on: date, expected: str) -> None:
    period = await journal.run(current_period, tiny.school_id, on)
    assert period.name == expected


async def test_current_period_defaults_to_today_and_lists_the_year(
    journal: Journal, tiny: TinySchool
) -> None:
    async def half_year(ctx: Ctx) -> None:
        ctx.session.add(
            Period(
                year_id=tiny.year_id,
                kind=PeriodKind.HALF_YEAR,
                number=1,
                name="1 полугодие",
                starts_on=date(2026, 9, 1),
                ends_on=date(2026, 12, 28),
            )
        )

    await journal.run(half_year)
    # The quarter, not the half-year that also contains today.
    assert (await journal.run(current_period, tiny.school_id)).id == tiny.periods["q2"]
    names = [p.name for p in await journal.run(periods_of_year, tiny.school_id)]
    assert names == ["1 четверть", "2 четверть", "1 полугодие", "3 четверть", "4 четверть", "Год"]


async def test_my_pupils(journal: Journal, tiny: TinySchool) -> None:
    g1 = await read_rows.actor_of(journal, tiny, "g1")
    children = await journal.run(my_pupils, g1)
    assert [(p.full_name, p.class_title) for p in children] == [
        ("Иванов Иван", "5А"),
        ("Иванова Мария", "5Б"),
    ]
    a1 = await read_rows.actor_of(journal, tiny, "a1")
    assert [p.id for p in await journal.run(my_pupils, a1)] == [tiny.people["a1"]]
    math = await read_rows.actor_of(journal, tiny, "math")
    assert await journal.run(my_pupils, math) == []


async def test_recent_marks_newest_first_without_deleted(
    journal: Journal, tiny: TinySchool
) -> None:
    async def data(ctx: Ctx) -> None:
        for minute, (lesson, value) in enumerate(
            [("math-mon", 3), ("math-today", 5), ("rus-today", 4), ("eng1-today", 2)]
        ):
            at = datetime(2026, 11, 18, 8, minute, tzinfo=UTC)
            await read_rows.mark(
                ctx, tiny, lesson, "a1", value, "control", at=at, comment="молодец"
            )
        await read_rows.mark(ctx, tiny, "math-today", "a1", 2, deleted=True)
        await read_rows.mark(ctx, tiny, "math-today", "a2", 4)

    await journal.run(data)
    g2 = await read_rows.actor_of(journal, tiny, "g2")
    latest = await journal.run(recent_marks, g2, tiny.people["a1"], 3)
    assert [(m.subject, m.value) for m in latest] == [
        ("Английский язык", 2),
        ("Русский язык", 4),
        ("Математика", 5),
    ]
    assert (latest[0].work_type, latest[0].work_type_short, latest[0].weight) == (
        "Контрольная работа",
        "к/р",
        2.0,
    )
    assert latest[0].comment == "молодец"
    everything = await journal.run(recent_marks, g2, tiny.people["a1"], 100)
    assert len(everything) == 4


async def _q2_marks(ctx: Ctx, t: TinySchool) -> None:
    await read_rows.lesson(ctx, t, "math-q1", "5А-math", date(2026, 10, 1), 1)
    await read_rows.mark(ctx, t, "math-q1", "a1", 2)  # first quarter: not in the second's average
    await read_rows.mark(ctx, t, "math-mon", "a1", 5, "control")
    await read_rows.mark(ctx, t, "math-today", "a1", 3)
    await read_rows.mark(ctx, t, "math-today", "a1", 3, "homework")
    await read_rows.mark(ctx, t, "math-today", "a1", 2, deleted=True)
    await read_rows.mark(ctx, t, "eng1-today", "a1", 4)
    await read_rows.mark(ctx, t, "eng2-today", "a3", 5)
    await read_rows.final_mark(ctx, t, "a1", "eng", "q2", "4")


async def test_period_marks_weighted_average_forecast_and_final(
    journal: Journal, tiny: TinySchool
) -> None:
    await journal.run(_q2_marks, tiny)
    # The weight is the one copied onto the mark, not the work type's weight of today.
    await journal.run(read_rows.set_work_type_weight, tiny, "control", 5.0)
    g1 = await read_rows.actor_of(journal, tiny, "g1")
    result = await journal.run(period_marks, g1, tiny.people["a1"])
    assert result.period.id == tiny.periods["q2"]
    assert (result.pupil.full_name, result.pupil.class_title) == ("Иванов Иван", "5А")
    by_subject = {s.subject: s for s in result.subjects}
    assert list(by_subject) == ["Английский язык", "Математика", "Русский язык"]
    math = by_subject["Математика"]
    assert [m.value for m in math.marks] == [5, 3, 3]
    assert math.forecast.average == pytest.approx((5 * 2 + 3 + 3) / 4)
    assert math.forecast.predicted == 4
    assert math.forecast.marks_count == 3
    assert math.forecast.marks_required == 5  # 4 hours a week under "2:3,3:5,5:7"
    assert not math.forecast.enough_marks
    assert math.final_mark is None
    rus = by_subject["Русский язык"]
    assert (rus.marks, rus.forecast.average, rus.forecast.marks_required) == ((), None, 7)
    assert by_subject["Английский язык"].final_mark == "4"


async def test_forecast_uses_the_hours_of_the_pupils_own_subgroup(
    journal: Journal, tiny: TinySchool
) -> None:
    await journal.run(_q2_marks, tiny)
    await journal.run(read_rows.set_hours, tiny, "5А-eng2", 5)
    admin = await read_rows.actor_of(journal, tiny, "admin")

    async def eng(pupil: str) -> tuple[int, list[int]]:
        result = await journal.run(period_marks, admin, tiny.people[pupil])
        subject = next(s for s in result.subjects if s.subject_id == tiny.subjects["eng"])
        return subject.forecast.marks_required, [m.value for m in subject.marks]

    assert await eng("a1") == (5, [4])
    assert await eng("a3") == (7, [5])


async def test_a_subject_shared_by_two_teachers_takes_the_larger_load(
    journal: Journal, tiny: TinySchool
) -> None:
    async def second_math_teacher(ctx: Ctx) -> None:
        ctx.session.add(
            TeachingAssignment(
                class_id=tiny.classes["5А"],
                subject_id=tiny.subjects["math"],
                teacher_id=tiny.people["primary"],
                hours_per_week=5,
            )
        )

    await journal.run(second_math_teacher)
    a1 = await read_rows.actor_of(journal, tiny, "a1")
    result = await journal.run(period_marks, a1, tiny.people["a1"])
    math = [s for s in result.subjects if s.subject == "Математика"]
    assert [s.forecast.marks_required for s in math] == [7]


async def test_marks_outside_the_pupils_load_still_count(
    journal: Journal, tiny: TinySchool
) -> None:
    async def data(ctx: Ctx) -> None:
        await read_rows.mark(ctx, tiny, "1А-read-today", "a1", 5)  # e.g. before a move of class
        await read_rows.final_mark(ctx, tiny, "a1", "read", "q2", "5")

    await journal.run(data)
    g1 = await read_rows.actor_of(journal, tiny, "g1")
    result = await journal.run(period_marks, g1, tiny.people["a1"])
    reading = next(s for s in result.subjects if s.subject == "Чтение")
    assert ([m.value for m in reading.marks], reading.final_mark) == ([5], "5")
    assert reading.forecast.marks_required == 3


async def test_period_marks_of_an_earlier_period(journal: Journal, tiny: TinySchool) -> None:
    await journal.run(_q2_marks, tiny)
    a1 = await read_rows.actor_of(journal, tiny, "a1")
    q1 = await journal.run(period_marks, a1, tiny.people["a1"], tiny.periods["q1"])
    math = next(s for s in q1.subjects if s.subject == "Математика")
    assert [m.value for m in math.marks] == [2]


async def test_period_of_another_school_is_not_found(journal: Journal, tiny: TinySchool) -> None:
    a1 = await read_rows.actor_of(journal, tiny, "a1")
    with pytest.raises(NotFound):
        await journal.run(period_marks, a1, tiny.people["a1"], 999_999)


async def test_unmarked_grade_has_no_subjects_to_mark(journal: Journal, tiny: TinySchool) -> None:
    g4 = await read_rows.actor_of(journal, tiny, "g4")
    result = await journal.run(period_marks, g4, tiny.people["c1"])
    assert result.subjects == ()
    assert result.pupil.class_title == "1А"


async def test_final_marks_in_period_order(journal: Journal, tiny: TinySchool) -> None:
    async def data(ctx: Ctx) -> None:
        await read_rows.final_mark(ctx, tiny, "a1", "rus", "q2", "3")
        await read_rows.final_mark(ctx, tiny, "a1", "math", "q2", "5")
        await read_rows.final_mark(ctx, tiny, "a1", "math", "q1", "4")

    await journal.run(data)
    g2 = await read_rows.actor_of(journal, tiny, "g2")
    finals = await journal.run(final_marks, g2, tiny.people["a1"])
    assert [(f.period.name, f.subject, f.value) for f in finals] == [
        ("1 четверть", "Математика", "4"),
        ("2 четверть", "Математика", "5"),
        ("2 четверть", "Русский язык", "3"),
    ]


async def test_period_marks_runs_in_a_few_queries(
    journal: Journal, tiny: TinySchool, engine: AsyncEngine
) -> None:
    await journal.run(_q2_marks, tiny)
    g1 = await read_rows.actor_of(journal, tiny, "g1")
    with read_rows.count_queries(engine) as statements:
        await journal.run(period_marks, g1, tiny.people["a1"])
    # access scope 3 (person, class, subgroups) + calendar + load with finals + marks
    assert len(statements) == 4, statements
