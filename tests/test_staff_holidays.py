"""A teacher's own week in the chat shows a holiday of some grades only when they teach one
of those grades, naming theirs; the whole school's holidays everyone sees."""

from services.context import Journal
from tests.staff_kit import staff_chat
from tests.test_reads_schedule import first_graders_off
from tests.tiny_school import TinySchool
from texts import phrases


async def test_a_teacher_sees_the_holidays_of_the_grades_they_teach(
    journal: Journal, tiny: TinySchool
) -> None:
    await first_graders_off(journal, tiny, "1, 2")
    primary = await staff_chat(journal, tiny, "primary")
    await primary.send("Мои уроки")
    await primary.press(phrases.WEEK)
    assert "каникулы у 1-х классов: Дополнительные каникулы" in primary.text
    math = await staff_chat(journal, tiny, "math", "201")
    await math.send("Мои уроки")
    await math.press(phrases.WEEK)
    assert "пт, 20 ноября" in math.text and "каникулы" not in math.text
