"""Finals told up front: the days each period's finals are taken on the first screen, "н/а"
(not certified) offered for a pupil with too few marks, and grades 10-11 certified by
half-years where the school grades them so."""

from datetime import date

from db.enums import PeriodKind
from db.models import Enrollment, FinalMark, Period, Person, SchoolClass, TeachingAssignment
from services.context import Ctx, Journal
from tests.conftest import FakeClock
from tests.staff_kit import staff_chat
from tests.tiny_school import TinySchool
from tests.write_support import moscow, put_marks, rows
from texts import staff_phrases


async def tenth_grade_by_half_years(journal: Journal, tiny: TinySchool) -> tuple[int, int]:
    """10А with one pupil, maths by the teacher of 5А; the school grades 10-11 by half-years.
    The half-year and its pupil's id."""

    async def op(ctx: Ctx) -> tuple[int, int]:
        s = ctx.session
        half = Period(
            year_id=tiny.year_id,
            kind=PeriodKind.HALF_YEAR,
            number=1,
            name="1 полугодие",
            starts_on=date(2026, 9, 1),
            ends_on=date(2026, 12, 28),
            grades="10,11",
        )
        cls = SchoolClass(
            school_id=tiny.school_id, year_id=tiny.year_id, grade=10, letter="А", shift=1
        )
        pupil = Person(school_id=tiny.school_id, last_name="Старшеклассник", first_name="Пётр")
        s.add_all([half, cls, pupil])
        await s.flush()
        s.add(Enrollment(pupil_id=pupil.id, class_id=cls.id))
        s.add(
            TeachingAssignment(
                class_id=cls.id,
                subject_id=tiny.subjects["math"],
                teacher_id=tiny.people["math"],
                hours_per_week=4,
            )
        )
        return half.id, pupil.id

    return await journal.run(op)


async def test_the_days_are_told_first_and_not_certified_is_offered(
    journal: Journal, tiny: TinySchool, clock: FakeClock
) -> None:
    await put_marks(journal, tiny, "math-mon", "a2", [3])
    chat = await staff_chat(journal, tiny, "math")
    await chat.press(staff_phrases.FINALS)
    assert (
        "Когда ставить итоговые:\n"
        "• 2 четверть (5А, 5Б): с пн, 21 декабря по чт, 7 января — ещё не открыт"
    ) in chat.text
    clock.now = moscow(2026, 12, 24, 12)
    await chat.send(staff_phrases.FINALS)
    assert "по чт, 7 января — приём открыт" in chat.text
    await chat.press("5А Математика")
    await chat.press("Петрова А.")
    assert staff_phrases.FINAL_FEW_MARKS in chat.text
    assert chat.labels[:5] == ["5", "4", "3", "2", "н/а"]
    await chat.press("3")  # too few marks: refused, "н/а" suggested
    assert "Если их не будет, поставьте «н/а» (не аттестован)" in chat.text
    await chat.press("Петрова А.")
    await chat.press("н/а")
    assert "Итоговая н/а поставлена: Петрова А." in chat.text
    [final] = await rows(journal, FinalMark)
    assert (final.pupil_id, final.value, final.period_id) == (
        tiny.people["a2"],
        "н/а",
        tiny.periods["q2"],
    )


async def test_grade_ten_is_certified_by_half_years(
    journal: Journal, tiny: TinySchool, clock: FakeClock
) -> None:
    half, pupil = await tenth_grade_by_half_years(journal, tiny)
    clock.now = moscow(2026, 12, 24, 12)
    chat = await staff_chat(journal, tiny, "math")
    await chat.press(staff_phrases.FINALS)
    assert "• 2 четверть (5А, 5Б): с пн, 21 декабря" in chat.text
    assert "• 1 полугодие (10А): с пн, 21 декабря по чт, 7 января — приём открыт" in chat.text
    await chat.press("10А Математика")
    assert chat.text.startswith("10А · Математика · итоговые за 1 полугодие")
    await chat.press("Старшеклассник П.")
    await chat.press("н/а")
    assert "Итоговая н/а поставлена: Старшеклассник П." in chat.text
    [final] = await rows(journal, FinalMark)
    assert (final.pupil_id, final.period_id) == (pupil, half)
