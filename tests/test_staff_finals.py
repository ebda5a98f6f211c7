"""Final marks through the chat at the end of a period: the sheet with forecasts and the count of
marks against the required, one final per pupil, and the service's refusals."""

from db.models import FinalMark
from keyboards.actions.staff import FinalSet
from services.context import Journal
from services.marks.final_sheet import NOT_YOUR_LOAD
from services.marks.finals import set_final_mark
from tests.conftest import FakeClock
from tests.staff_kit import refusal, staff_chat
from tests.tiny_school import TinySchool
from tests.write_support import moscow, put_marks, rows
from texts import staff_phrases


async def test_final_marks_of_a_class_and_subject(
    journal: Journal, tiny: TinySchool, clock: FakeClock
) -> None:
    await put_marks(journal, tiny, "math-mon", "a1", [5, 5, 4, 5, 4])
    await put_marks(journal, tiny, "math-mon", "a2", [3])
    chat = await staff_chat(journal, tiny, "math")
    clock.now = moscow(2026, 12, 24, 12)  # the quarter ends on 28 December
    await chat.press(staff_phrases.FINALS)
    assert chat.labels[:2] == ["5А Математика", "5Б Математика"]
    await chat.press("5А Математика")
    assert chat.text.startswith("5А · Математика · итоговые за 2 четверть")
    assert "Иванов И.: средний 4,60, выходит 5; отметок 5 из 5" in chat.text
    assert "Петрова А.: средний 3,00, выходит 3; отметок 1 из 5" in chat.text
    assert "Сидоров О.: отметок нет; отметок 0 из 5" in chat.text
    await chat.press("Иванов И.")
    assert "Какую итоговую поставить?" in chat.text
    assert chat.labels[:4] == ["5", "4", "3", "2"] and "осв." not in chat.labels
    await chat.press("5")
    assert "Итоговая 5 поставлена: Иванов И." in chat.text
    assert "Иванов И. → 5" in chat.labels and "— итоговая 5" in chat.text
    # Too few marks: the service says so and nothing is written.
    await chat.press("Петрова А.")
    await chat.press("3")
    assert "нужно не меньше 5 отметок за период, а у ученика 1" in chat.text
    [final] = await rows(journal, FinalMark)
    assert (final.pupil_id, final.value) == (tiny.people["a1"], "5")


async def test_finals_out_of_their_days_and_not_ones_own(
    journal: Journal, tiny: TinySchool
) -> None:
    await put_marks(journal, tiny, "math-mon", "a1", [5, 5, 4, 5, 4])
    chat = await staff_chat(journal, tiny, "math")
    await chat.press(staff_phrases.FINALS)
    await chat.press("5А Математика")  # 18 November: the quarter is not over
    assert "Итоговые за этот период принимаются с пн, 21 декабря по чт, 7 января." in chat.text
    await chat.press("Иванов И.")
    await chat.press("5")
    args = (tiny.people["a1"], tiny.subjects["math"], tiny.periods["q2"], "5")
    assert await refusal(journal, tiny, "math", set_final_mark, *args) in chat.text
    # Another teacher's load, whatever the button says.
    eng = await staff_chat(journal, tiny, "eng1", "202")
    load = tiny.assignments["5А-math"]
    await eng.forge(FinalSet(assignment=load, pupil=tiny.people["a1"], value="5"))
    assert eng.text == NOT_YOUR_LOAD and staff_phrases.NOW in eng.labels
    # The 1А reading lesson has no marks at all.
    primary = await staff_chat(journal, tiny, "primary", "203")
    await primary.press(staff_phrases.FINALS)
    await primary.press("1А Чтение")
    assert "отметки не ставятся" in primary.text
    assert await rows(journal, FinalMark) == []
