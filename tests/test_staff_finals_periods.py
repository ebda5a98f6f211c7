"""Finals told up front: the days each period's finals are taken on the first screen, "н/а"
(not certified) offered for a pupil with too few marks, and grades 10-11 certified by
half-years where the school grades them so."""

from datetime import date

import pytest
from sqlalchemy import select

from db.enums import PeriodKind
from db.models import (
    Enrollment,
    FinalMark,
    Period,
    Person,
    SchoolClass,
    SchoolYear,
    TeachingAssignment,
)
from keyboards.actions.staff import FinalSet
from services.context import Ctx, Journal
from services.errors import RuleViolation
from services.marks.finals import set_final_mark
from tests.conftest import FakeClock
from tests.staff_kit import staff_chat
from tests.tiny_school import TinySchool
from tests.write_support import actor, moscow, put_marks, rows, update
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


async def _year_period(ctx: Ctx, tiny: TinySchool) -> int:
    found = await ctx.session.scalar(
        select(Period.id).where(Period.year_id == tiny.year_id, Period.kind == PeriodKind.YEAR)
    )
    assert found is not None
    return found


async def _next_years_quarter(ctx: Ctx, tiny: TinySchool) -> int:
    year = SchoolYear(
        school_id=tiny.school_id,
        name="2027/2028",
        starts_on=date(2027, 9, 1),
        ends_on=date(2028, 5, 31),
    )
    ctx.session.add(year)
    await ctx.session.flush()
    quarter = Period(
        year_id=year.id,
        kind=PeriodKind.QUARTER,
        number=2,
        name="2 четверть",
        starts_on=date(2026, 11, 5),  # dates that would pass the window: only the year is wrong
        ends_on=date(2026, 12, 28),
    )
    ctx.session.add(quarter)
    await ctx.session.flush()
    return quarter.id


async def test_a_final_of_a_period_the_class_is_not_graded_by_is_refused(
    journal: Journal, tiny: TinySchool, clock: FakeClock
) -> None:
    """Issue 15: whatever the caller sends, a class graded by half-years gets no quarter's final,
    one graded by quarters no half-year's, nor a period of another school year; the year's
    final is everyone's."""
    half, senior = await tenth_grade_by_half_years(journal, tiny)
    clock.now = moscow(2026, 12, 24, 12)  # both the 2nd quarter's and the half-year's days
    math = await actor(journal, tiny, "math")
    subject = tiny.subjects["math"]
    with pytest.raises(RuleViolation) as refused:
        await journal.run(set_final_mark, math, senior, subject, tiny.periods["q2"], "н/а")
    assert refused.value.message == (
        "Класс 10А аттестуется по полугодиям: итоговую отметку за «2 четверть» в нём не ставят."
    )
    with pytest.raises(RuleViolation) as refused:
        await journal.run(set_final_mark, math, tiny.people["a1"], subject, half, "н/а")
    assert refused.value.message == (
        "Класс 5А аттестуется по четвертям: итоговую отметку за «1 полугодие» в нём не ставят."
    )
    elsewhere = await journal.run(_next_years_quarter, tiny)
    with pytest.raises(RuleViolation, match="«2 четверть» — период другого учебного года"):
        await journal.run(set_final_mark, math, tiny.people["a1"], subject, elsewhere, "н/а")
    assert await rows(journal, FinalMark) == []
    # The right ones are taken, and the year's final by both.
    await journal.run(set_final_mark, math, senior, subject, half, "н/а")
    await journal.run(set_final_mark, math, tiny.people["a1"], subject, tiny.periods["q2"], "н/а")
    year = await journal.run(_year_period, tiny)
    clock.now = moscow(2027, 5, 28, 12)
    await journal.run(set_final_mark, math, senior, subject, year, "н/а")
    await journal.run(set_final_mark, math, tiny.people["a1"], subject, year, "н/а")
    taken = {(f.pupil_id, f.period_id) for f in await rows(journal, FinalMark)}
    assert taken == {
        (senior, half),
        (tiny.people["a1"], tiny.periods["q2"]),
        (senior, year),
        (tiny.people["a1"], year),
    }


async def _tenth_grade_maths(ctx: Ctx) -> int:
    found = await ctx.session.scalar(
        select(TeachingAssignment.id)
        .join(SchoolClass, SchoolClass.id == TeachingAssignment.class_id)
        .where(SchoolClass.grade == 10)
    )
    assert found is not None
    return found


async def test_a_forged_final_button_gets_the_class_own_period_or_a_refusal(
    journal: Journal, tiny: TinySchool, clock: FakeClock
) -> None:
    """A hand-made «Fv» payload names no period: the journal takes the class's own. While the
    2nd quarter's days are open and the half-year's are not yet, a forged final for a
    10th-grader is refused with the half-year's days, and no quarter final appears."""
    half, senior = await tenth_grade_by_half_years(journal, tiny)
    await update(journal, Period, half, ends_on=date(2027, 1, 20))
    clock.now = moscow(2026, 12, 24, 12)
    chat = await staff_chat(journal, tiny, "math")
    assignment = await journal.run(_tenth_grade_maths)
    await chat.forge(FinalSet(assignment=assignment, pupil=senior, value="н/а"))
    assert chat.text.startswith(
        "Итоговые отметки за период «1 полугодие» ставятся с 13.01.2027 по 30.01.2027."
    )
    assert "10А · Математика · итоговые за 1 полугодие" in chat.text
    assert await rows(journal, FinalMark) == []
    clock.now = moscow(2027, 1, 14, 12)
    await chat.forge(FinalSet(assignment=assignment, pupil=senior, value="н/а"))
    assert "Итоговая н/а поставлена: Старшеклассник П." in chat.text
    [final] = await rows(journal, FinalMark)
    assert (final.pupil_id, final.period_id) == (senior, half)


async def _last_year(ctx: Ctx, tiny: TinySchool) -> int:
    year = SchoolYear(
        school_id=tiny.school_id,
        name="2025/2026",
        starts_on=date(2025, 9, 1),
        ends_on=date(2026, 5, 31),
        is_closed=True,
    )
    ctx.session.add(year)
    await ctx.session.flush()
    return year.id


async def test_half_years_of_a_past_year_do_not_decide_this_years_grading(
    journal: Journal, tiny: TinySchool, clock: FakeClock
) -> None:
    """Last year 10-11 were graded by half-years, this year by quarters like everyone: the
    10th grade's sheet is this year's quarter, not last year's half-year."""
    half, senior = await tenth_grade_by_half_years(journal, tiny)
    last_year = await journal.run(_last_year, tiny)
    await update(
        journal,
        Period,
        half,
        year_id=last_year,
        starts_on=date(2025, 9, 1),
        ends_on=date(2025, 12, 28),
    )
    clock.now = moscow(2026, 12, 24, 12)
    chat = await staff_chat(journal, tiny, "math")
    await chat.press(staff_phrases.FINALS)
    assert "• 2 четверть (5А, 5Б, 10А): с пн, 21 декабря" in chat.text
    await chat.press("10А Математика")
    assert chat.text.startswith("10А · Математика · итоговые за 2 четверть")
    await chat.press("Старшеклассник П.")
    await chat.press("н/а")
    assert "Итоговая н/а поставлена: Старшеклассник П." in chat.text
    [final] = await rows(journal, FinalMark)
    assert (final.pupil_id, final.period_id) == (senior, tiny.periods["q2"])
