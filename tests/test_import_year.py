"""The school year from Excel: a new database gets its school, year, periods and holidays."""

from datetime import date

import pytest
from sqlalchemy import select

from db.enums import PeriodKind
from db.models import (
    BellSlot,
    Holiday,
    Lesson,
    Period,
    School,
    SchoolClass,
    SchoolYear,
    TimetableEntry,
)
from services.context import Ctx, Journal
from services.school_import.issues import ImportRefused
from services.school_import.report import ImportReport
from services.school_import.service import ImportKind, import_file
from tests.school_files.year_files import HOLIDAYS, PERIODS, bells_file, year_file
from tests.tiny_school import TinySchool


async def run(journal: Journal, kind: ImportKind, content: bytes, apply: bool) -> ImportReport:
    return await journal.run(import_file, kind, "год.xlsx", content, apply=apply)


async def test_an_empty_database_gets_its_school_and_year(journal: Journal) -> None:
    dry = await run(journal, ImportKind.YEAR, year_file(), apply=False)
    assert dry.tallies["школа"].added == 1 and dry.tallies["периоды"].added == 6

    async def schools(ctx: Ctx) -> list[School]:
        return list(await ctx.session.scalars(select(School)))

    assert await journal.run(schools) == []
    report = await run(journal, ImportKind.YEAR, year_file(), apply=True)
    assert report.tallies["периоды"].added == 7  # and the year itself, for the year's finals
    assert report.tallies["каникулы"].added == 3

    async def check(ctx: Ctx) -> None:
        school = (await ctx.session.scalars(select(School))).one()
        assert school.short_name == "Школа № 7" and school.timezone == "Asia/Yekaterinburg"
        assert school.unmarked_grades == "1,2"
        year = (await ctx.session.scalars(select(SchoolYear))).one()
        assert year.name == "2026/2027"
        halves = await ctx.session.scalars(
            select(Period).where(Period.kind == PeriodKind.HALF_YEAR).order_by(Period.number)
        )
        assert [(p.number, p.grades) for p in halves] == [(1, "10,11"), (2, "10,11")]
        assert len(list(await ctx.session.scalars(select(Holiday)))) == 3

    await journal.run(check)
    again = await run(journal, ImportKind.YEAR, year_file(), apply=True)
    assert not again.has_changes


async def test_year_errors(journal: Journal) -> None:
    periods = [
        ("1 четверть", "четверть", "01.09.2026", "31.02.2026", ""),
        ("2 четверть", "четверть", "01.10.2026", "28.12.2026", ""),
        ("3 четверть", "четверть", "20.12.2026", "21.03.2027", ""),
        ("4 четверть", "семестр", "31.03.2027", "26.05.2027", ""),
        ("Лето", "четверть", "01.06.2027", "30.06.2027", ""),
    ]
    with pytest.raises(ImportRefused) as refused:
        await run(journal, ImportKind.YEAR, year_file(periods=periods), apply=True)
    text = refused.value.message
    assert "лист «Периоды», строка 2, столбец D (Конец): нет такой даты: «31.02.2026»" in text
    assert "строка 4: «3 четверть» пересекается с «2 четверть» (строка 3)" in text
    assert "строка 5, столбец B (Вид): вид периода «семестр»" in text
    assert "строка 6: «Лето» выходит за учебный год 2026/2027" in text


async def test_existing_year_updated_and_shifts_set(journal: Journal, tiny: TinySchool) -> None:
    content = year_file(shifts=[("5Б", 2), ("7А", 2)])
    report = await run(journal, ImportKind.YEAR, content, apply=True)
    assert report.tallies["учебный год"].unchanged == 1
    # The quarters now say which grades they certify; the year stays as it was.
    assert report.tallies["периоды"].added == 2 and report.tallies["периоды"].changed == 4
    assert report.tallies["смены"].changed == 1
    assert "класса 7А ещё нет в журнале" in report.render()

    async def check(ctx: Ctx) -> None:
        five_b = await ctx.session.get(SchoolClass, tiny.classes["5Б"])
        assert five_b is not None and five_b.shift == 2
        q1 = await ctx.session.get(Period, tiny.periods["q1"])
        assert q1 is not None and q1.grades == "1,2,3,4,5,6,7,8,9"

    await journal.run(check)
    assert PERIODS[0][4] == "1-9"


async def test_bells(journal: Journal, tiny: TinySchool) -> None:
    rows = [(1, 1, "8:30", "9:15"), (1, 2, "9:30", "10:15"), (2, 1, "13:30", "14:15")]
    report = await run(journal, ImportKind.BELLS, bells_file(rows), apply=True)
    assert report.tallies["звонки"].added == 1 and report.tallies["звонки"].changed == 1
    assert report.tallies["звонки"].unchanged == 1

    async def second_shift(ctx: Ctx) -> list[str]:
        slots = await ctx.session.scalars(select(BellSlot).where(BellSlot.shift == 2))
        return [f"{b.starts_at:%H:%M}" for b in slots]

    assert await journal.run(second_shift) == ["13:30"]
    with pytest.raises(ImportRefused) as refused:
        await run(journal, ImportKind.BELLS, bells_file([(1, 3, "10:30", "25:00")]), apply=True)
    assert "строка 2, столбец D (Конец): «25:00» не похоже на время" in refused.value.message


async def test_new_holidays_move_the_lessons_ahead(journal: Journal, tiny: TinySchool) -> None:
    """The year's lessons follow the timetable and the calendar; what happened stays."""

    async def timetable(ctx: Ctx) -> None:
        for weekday, number in ((0, 1), (4, 2)):
            ctx.session.add(
                TimetableEntry(
                    assignment_id=tiny.assignments["5А-math"], weekday=weekday, number=number
                )
            )

    await journal.run(timetable)
    report = await run(journal, ImportKind.YEAR, year_file(), apply=True)
    lessons = report.tallies["уроки до конца года"]
    assert lessons.changed == 1  # Wednesday's planned 5th lesson is not in the timetable
    assert "уроков прежнего расписания убрано: 1" in report.render()

    async def check(ctx: Ctx) -> None:
        days = list(
            await ctx.session.scalars(
                select(Lesson.date)
                .where(Lesson.assignment_id == tiny.assignments["5А-math"])
                .order_by(Lesson.date)
            )
        )
        assert date(2026, 11, 18) in days  # held today: kept although not in the timetable
        assert date(2026, 11, 20) in days and date(2026, 11, 23) in days
        assert not any(date(2026, 12, 29) <= d <= date(2027, 1, 11) for d in days)
        assert not any(d > date(2027, 5, 26) for d in days)
        assert {d.weekday() for d in days if d > date(2026, 11, 18)} == {0, 4}

    await journal.run(check)
    again = await run(journal, ImportKind.YEAR, year_file(), apply=True)
    assert not again.has_changes


async def test_holidays_of_some_grades_only(journal: Journal, tiny: TinySchool) -> None:
    """The first-graders' February week: their lessons go, the others' stay."""

    async def timetable(ctx: Ctx) -> None:
        for load in ("1А-read", "5А-math"):
            ctx.session.add(
                TimetableEntry(assignment_id=tiny.assignments[load], weekday=0, number=1)
            )

    await journal.run(timetable)
    february = ("Дополнительные каникулы", "15.02.2027", "21.02.2027", "1")
    holidays = [(*h, "") for h in HOLIDAYS] + [february]
    dry = await run(journal, ImportKind.YEAR, year_file(holidays=holidays), apply=False)
    assert "+ Дополнительные каникулы: 15.02–21.02, параллели 1" in dry.render()
    await run(journal, ImportKind.YEAR, year_file(holidays=holidays), apply=True)

    async def mondays(ctx: Ctx, load: str) -> list[date]:
        found = await ctx.session.scalars(
            select(Lesson.date).where(
                Lesson.assignment_id == tiny.assignments[load],
                Lesson.date.between(date(2027, 2, 8), date(2027, 2, 22)),
            )
        )
        return sorted(found)

    assert await journal.run(mondays, "1А-read") == [date(2027, 2, 8), date(2027, 2, 22)]
    assert await journal.run(mondays, "5А-math") == [
        date(2027, 2, 8),
        date(2027, 2, 15),
        date(2027, 2, 22),
    ]
    for_all = [*holidays[:3], ("Дополнительные каникулы", "15.02.2027", "21.02.2027", "")]
    changed = await run(journal, ImportKind.YEAR, year_file(holidays=for_all), apply=True)
    assert "~ Дополнительные каникулы: 15.02–21.02, параллели 1 → 15.02–21.02" in changed.render()
    assert await journal.run(mondays, "5А-math") == [date(2027, 2, 8), date(2027, 2, 22)]

    wrong = [*holidays[:3], ("Дополнительные каникулы", "15.02.2027", "21.02.2027", "первые")]
    with pytest.raises(ImportRefused) as refused:
        await run(journal, ImportKind.YEAR, year_file(holidays=wrong), apply=True)
    assert "лист «Каникулы», строка 5, столбец D (Параллели): «первые»" in refused.value.message


async def test_a_date_with_an_invisible_character_is_read(journal: Journal) -> None:
    year = ("МБОУ «Школа № 7»", "2026/2027", "01.09.2026\u200b", "31.05.2027", "1", "")
    report = await run(journal, ImportKind.YEAR, year_file(year=year), apply=False)
    assert "+ учебный год 2026/2027" in report.render()
    assert "строка 2, столбец C (Начало): убраны невидимые служебные символы" in report.render()
