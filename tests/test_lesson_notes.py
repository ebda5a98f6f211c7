from datetime import date, timedelta

import pytest

from db.enums import LessonStatus
from db.models import Holiday, Homework, HomeworkTarget, Lesson, School, TimetableEntry
from services.context import Ctx, Journal
from services.errors import AccessDenied, NotFound, RuleViolation
from services.lessons.notes import set_homework, set_topic
from tests.conftest import FakeClock
from tests.tiny_school import TinySchool
from tests.write_support import (
    actor,
    add_lesson,
    add_second_grade,
    count,
    events,
    get,
    rows,
    update,
)


async def homework(
    journal: Journal, tiny: TinySchool, who: str, lesson: str, text: str = "№ 12", **kw: object
) -> int:
    return await journal.run(
        set_homework, await actor(journal, tiny, who), tiny.lessons[lesson], text, **kw
    )  # type: ignore[arg-type]


async def due(journal: Journal, homework_id: int) -> date:
    return (await get(journal, Homework, homework_id)).due_date


async def test_topic_is_set_and_announced(journal: Journal, tiny: TinySchool) -> None:
    math = await actor(journal, tiny, "math")
    await journal.run(set_topic, math, tiny.lessons["math-today"], "  Дроби  ")
    assert (await get(journal, Lesson, tiny.lessons["math-today"])).topic == "Дроби"
    [event] = await events(journal, "topic.set")
    assert event.payload["lesson_id"] == tiny.lessons["math-today"]


async def test_topic_text_is_required_and_limited(journal: Journal, tiny: TinySchool) -> None:
    math = await actor(journal, tiny, "math")
    for text, match in (("", "пустым"), ("  ", "пустым"), ("т" * 2001, "2000")):
        with pytest.raises(RuleViolation, match=match):
            await journal.run(set_topic, math, tiny.lessons["math-today"], text)
    assert await events(journal) == []


async def test_topic_of_2000_characters_and_in_the_first_grade(
    journal: Journal, tiny: TinySchool
) -> None:
    math, primary = await actor(journal, tiny, "math"), await actor(journal, tiny, "primary")
    await journal.run(set_topic, math, tiny.lessons["math-fri"], "т" * 2000)
    await journal.run(set_topic, primary, tiny.lessons["1А-read-today"], "Буква А")
    assert (await get(journal, Lesson, tiny.lessons["math-fri"])).topic == "т" * 2000
    assert (await get(journal, Lesson, tiny.lessons["1А-read-today"])).topic == "Буква А"


async def test_only_the_acting_teacher_sets_topic_and_homework(
    journal: Journal, tiny: TinySchool
) -> None:
    for who in ("director", "deputy", "admin", "rus", "a1", "g2"):
        someone = await actor(journal, tiny, who)
        with pytest.raises(AccessDenied):
            await journal.run(set_topic, someone, tiny.lessons["math-today"], "Дроби")
        with pytest.raises(AccessDenied):
            await journal.run(set_homework, someone, tiny.lessons["math-today"], "№ 1")
    assert await count(journal, Homework) == 0
    assert await events(journal) == []


async def test_no_topic_or_homework_for_a_cancelled_lesson(
    journal: Journal, tiny: TinySchool
) -> None:
    rus = await actor(journal, tiny, "rus")
    with pytest.raises(RuleViolation, match="отменён"):
        await journal.run(set_topic, rus, tiny.lessons["rus-tue-cancelled"], "Падежи")
    with pytest.raises(RuleViolation, match="отменён"):
        await journal.run(set_homework, rus, tiny.lessons["rus-tue-cancelled"], "Упр. 5")


async def test_homework_is_due_at_the_next_lesson_of_the_assignment(
    journal: Journal, tiny: TinySchool
) -> None:
    # Not "math-later-today": homework is due on a later day than the lesson.
    homework_id = await homework(journal, tiny, "math", "math-today")
    assert await due(journal, homework_id) == date(2026, 11, 20)
    [event] = await events(journal, "homework.set")
    assert event.payload["due_date"] == "2026-11-20"


async def test_next_lesson_skips_cancelled_ones(journal: Journal, tiny: TinySchool) -> None:
    await update(journal, Lesson, tiny.lessons["math-fri"], status=LessonStatus.CANCELLED)
    homework_id = await homework(journal, tiny, "math", "math-today")
    assert await due(journal, homework_id) == date(2026, 11, 19)


async def test_next_lesson_is_of_the_same_subgroup(journal: Journal, tiny: TinySchool) -> None:
    await add_lesson(journal, tiny, "5А-eng2", date(2026, 11, 23), 1)
    await add_lesson(journal, tiny, "5А-eng1", date(2026, 11, 24), 1)
    homework_id = await homework(journal, tiny, "eng1", "eng1-today")
    assert await due(journal, homework_id) == date(2026, 11, 24)


async def test_without_a_next_lesson_due_on_the_next_school_day(
    journal: Journal, tiny: TinySchool
) -> None:
    assert await due(journal, await homework(journal, tiny, "eng1", "eng1-today")) == date(
        2026, 11, 19
    )
    # Friday's homework is due on Monday when the class studies five days a week...
    assert await due(journal, await homework(journal, tiny, "math", "math-fri")) == date(
        2026, 11, 23
    )

    async def six_day_week(ctx: Ctx) -> None:
        for weekday in range(6):
            entry = TimetableEntry(
                assignment_id=tiny.assignments["5А-rus"], weekday=weekday, number=1
            )
            ctx.session.add(entry)

    async def holidays(ctx: Ctx) -> None:
        ctx.session.add(
            Holiday(
                year_id=tiny.year_id,
                name="Каникулы",
                starts_on=date(2026, 11, 21),
                ends_on=date(2026, 11, 29),
            )
        )

    # ...on Saturday when its timetable has Saturday lessons...
    await journal.run(six_day_week)
    assert await due(journal, await homework(journal, tiny, "math", "math-fri")) == date(
        2026, 11, 21
    )
    # ...and after the holidays.
    await journal.run(holidays)
    assert await due(journal, await homework(journal, tiny, "math", "math-fri")) == date(
        2026, 11, 30
    )


async def test_explicit_due_date_must_follow_the_lesson(journal: Journal, tiny: TinySchool) -> None:
    with pytest.raises(RuleViolation, match="после дня урока"):
        await homework(journal, tiny, "math", "math-today", due_date=date(2026, 11, 18))
    homework_id = await homework(journal, tiny, "math", "math-today", due_date=date(2026, 11, 25))
    assert await due(journal, homework_id) == date(2026, 11, 25)


async def test_no_homework_in_the_first_grade(journal: Journal, tiny: TinySchool) -> None:
    with pytest.raises(RuleViolation, match="безотметочное"):
        await homework(journal, tiny, "primary", "1А-read-today")
    assert await count(journal, Homework) == 0


async def test_grades_without_homework_are_a_school_setting(
    journal: Journal, tiny: TinySchool
) -> None:
    _pupil, lesson_id = await add_second_grade(journal, tiny)
    primary = await actor(journal, tiny, "primary")
    await journal.run(set_homework, primary, lesson_id, "Пропись")
    await update(journal, School, tiny.school_id, unmarked_grades="1,2")
    with pytest.raises(RuleViolation, match="2-м классе"):
        await journal.run(set_homework, primary, lesson_id, "Пропись")
    assert await count(journal, Homework) == 1


async def test_homework_for_the_past_week_and_the_future_only(
    journal: Journal, tiny: TinySchool, clock: FakeClock
) -> None:
    await homework(journal, tiny, "math", "math-mon")
    await homework(journal, tiny, "math", "math-fri")
    clock.now += timedelta(days=7)
    await homework(journal, tiny, "math", "math-today")
    clock.now += timedelta(days=1)
    with pytest.raises(RuleViolation, match="7 дней"):
        await homework(journal, tiny, "math", "math-today")
    assert await count(journal, Homework) == 3


async def test_homework_text_is_required_and_limited(journal: Journal, tiny: TinySchool) -> None:
    for text, match in (("", "пустым"), ("д" * 2001, "2000")):
        with pytest.raises(RuleViolation, match=match):
            await homework(journal, tiny, "math", "math-today", text)
    assert await count(journal, Homework) == 0
    await homework(journal, tiny, "math", "math-today", "д" * 2000)


async def test_individual_homework_for_pupils_of_the_lesson(
    journal: Journal, tiny: TinySchool
) -> None:
    a1, a2 = tiny.people["a1"], tiny.people["a2"]
    homework_id = await homework(journal, tiny, "eng1", "eng1-today", pupil_ids=[a2, a1, a2])
    assert (await get(journal, Homework, homework_id)).is_individual
    targets = await rows(journal, HomeworkTarget, HomeworkTarget.homework_id == homework_id)
    assert sorted(t.pupil_id for t in targets) == sorted([a1, a2])
    [event] = await events(journal, "homework.set")
    assert event.payload["is_individual"] and event.payload["pupil_ids"] == [a2, a1]
    for strangers in ([tiny.people["a3"]], [a1, tiny.people["b1"]], []):
        with pytest.raises(RuleViolation):
            await homework(journal, tiny, "eng1", "eng1-today", pupil_ids=strangers)
    assert await count(journal, Homework) == 1


async def test_general_homework_is_not_individual(journal: Journal, tiny: TinySchool) -> None:
    homework_id = await homework(journal, tiny, "math", "math-today")
    row = await get(journal, Homework, homework_id)
    assert not row.is_individual
    assert await count(journal, HomeworkTarget) == 0


async def test_missing_lesson(journal: Journal, tiny: TinySchool) -> None:
    math = await actor(journal, tiny, "math")
    with pytest.raises(NotFound):
        await journal.run(set_topic, math, 999_999, "Дроби")
    with pytest.raises(NotFound):
        await journal.run(set_homework, math, 999_999, "№ 1")
