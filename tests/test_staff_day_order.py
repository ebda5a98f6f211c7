"""A teacher of both shifts sees the day by the clock, and the director's menu offers no lessons
(a director gives none)."""

from datetime import time

from db.models import BellSlot, Lesson, SchoolClass
from services.context import Ctx, Journal
from tests.staff_kit import staff_chat
from tests.tiny_school import TinySchool
from tests.write_support import update
from texts import staff_phrases


async def second_shift_5b(journal: Journal, tiny: TinySchool) -> None:
    """5Б learns in the second shift: its 1st lesson, maths today, begins at 13:40."""

    async def op(ctx: Ctx) -> None:
        ctx.session.add(
            BellSlot(
                school_id=tiny.school_id,
                shift=2,
                number=1,
                starts_at=time(13, 40),
                ends_at=time(14, 25),
            )
        )

    await journal.run(op)
    await update(journal, SchoolClass, tiny.classes["5Б"], shift=2)
    await update(journal, Lesson, tiny.lessons["5Б-math-today"], number=1)


async def test_the_day_of_a_teacher_of_both_shifts_goes_by_the_clock(
    journal: Journal, tiny: TinySchool
) -> None:
    await second_shift_5b(journal, tiny)
    chat = await staff_chat(journal, tiny, "math")
    await chat.press(staff_phrases.LESSONS)
    lines = [line for line in chat.text.splitlines() if line[:1].isdigit()]
    assert [line.split(" Математика")[0] for line in lines] == [
        "1. 08:30–09:15 5А",
        "5. 12:30–13:15 5А",
        "1. 13:40–14:25 5Б",
    ]
    assert [label[:5] for label in chat.labels[:3]] == ["1. 5А", "5. 5А", "1. 5Б"]
    await chat.send("Мои уроки")
    timetable = chat.text
    assert timetable.index("08:30") < timetable.index("12:30") < timetable.index("13:40")


async def test_the_directors_menu_has_no_lessons(journal: Journal, tiny: TinySchool) -> None:
    director = await staff_chat(journal, tiny, "director")
    assert staff_phrases.NOW not in director.labels
    assert staff_phrases.LESSONS not in director.labels
    for who, account in (("math", "201"), ("deputy", "202")):
        chat = await staff_chat(journal, tiny, who, account=account)
        assert staff_phrases.NOW in chat.labels and staff_phrases.LESSONS in chat.labels
