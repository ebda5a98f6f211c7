"""The next year's holidays: open-next copies last year's a year later; the school's own year
file then replaces them. A copied holiday the file does not list is removed (said in the dry
run), one the file lists becomes the school's, and one the school entered itself stays."""

from datetime import date

from db.models import Holiday
from services.context import Ctx, Journal
from services.school_import.service import ImportKind, import_file
from services.year_end.closing import close_year
from services.year_end.next_year import open_next_year
from tests.school_files.year_files import year_file
from tests.staff_kit import staff_chat
from tests.test_homework_files_chat import Fetches, send_files
from tests.test_year_end import year_finals
from tests.tiny_school import TinySchool
from tests.write_support import actor, rows
from texts import import_phrases

NEXT_YEAR = ("МБОУ «Школа № 1»", "2027/2028", "01.09.2027", "31.05.2028", "1", "Europe/Moscow")
NEXT_PERIODS = [
    ("1 четверть", "четверть", "01.09.2027", "24.10.2027", ""),
    ("2 четверть", "четверть", "05.11.2027", "28.12.2027", ""),
    ("3 четверть", "четверть", "12.01.2028", "21.03.2028", ""),
    ("4 четверть", "четверть", "31.03.2028", "26.05.2028", ""),
]
NEXT_HOLIDAYS = [
    ("Осенние каникулы", "26.10.2027", "04.11.2027"),  # a day later than last year's
    ("Зимние каникулы", "29.12.2027", "11.01.2028"),  # as copied
]
REMOVED = (
    "Дополнительные каникулы: 15.02–21.02, параллели 1"
    " (перенесено с прошлого года, в файле года этого нет)"
)


async def next_year_opened(journal: Journal, tiny: TinySchool) -> int:
    """Last year's three holidays, the year closed and the next opened; then the school adds
    a day off of its own to the new year."""

    async def holidays(ctx: Ctx) -> None:
        for name, starts, ends, grades in (
            ("Осенние каникулы", date(2026, 10, 25), date(2026, 11, 4), ""),
            ("Зимние каникулы", date(2026, 12, 29), date(2027, 1, 11), ""),
            ("Дополнительные каникулы", date(2027, 2, 15), date(2027, 2, 21), "1"),
        ):
            ctx.session.add(
                Holiday(
                    year_id=tiny.year_id, name=name, starts_on=starts, ends_on=ends, grades=grades
                )
            )

    await journal.run(holidays)
    admin = await actor(journal, tiny, "admin")
    await year_finals(journal, tiny)
    await journal.run(close_year, admin, tiny.year_id)
    opened = await journal.run(open_next_year, admin, tiny.year_id)

    async def own_day_off(ctx: Ctx) -> None:
        ctx.session.add(
            Holiday(
                year_id=opened.year_id,
                name="День школы",
                starts_on=date(2027, 10, 1),
                ends_on=date(2027, 10, 1),
            )
        )

    await journal.run(own_day_off)
    return opened.year_id


async def test_a_copied_holiday_the_year_file_leaves_out_is_removed(
    journal: Journal, tiny: TinySchool
) -> None:
    year_id = await next_year_opened(journal, tiny)
    copied = {h.name: h for h in await rows(journal, Holiday, Holiday.year_id == year_id)}
    assert copied["Дополнительные каникулы"].carried_over
    assert (copied["Дополнительные каникулы"].starts_on, copied["День школы"].carried_over) == (
        date(2028, 2, 15),
        False,
    )
    content = year_file(periods=NEXT_PERIODS, holidays=NEXT_HOLIDAYS, year=NEXT_YEAR)

    # The administrator sends the year file to the bot: the dry run says what goes, and why.
    chat = await staff_chat(journal, tiny, "admin")
    await send_files(chat, Fetches().file("document", "год 2027-2028.xlsx", content))
    assert "каникулы: добавится 0, изменится 1, удалится 1, без изменений 1" in chat.text
    assert f"- удалится: {REMOVED}" in chat.text
    assert "День школы" not in chat.text  # the school's own is none of the file's business
    assert len(await rows(journal, Holiday, Holiday.year_id == year_id)) == 4
    await chat.press(import_phrases.APPLY)
    assert chat.text.startswith(import_phrases.APPLIED)
    assert f"- удалено: {REMOVED}" in chat.text

    left = {h.name: h for h in await rows(journal, Holiday, Holiday.year_id == year_id)}
    assert sorted(left) == ["День школы", "Зимние каникулы", "Осенние каникулы"]
    assert not any(h.carried_over for h in left.values())  # the file's now, kept from here on
    assert left["Осенние каникулы"].starts_on == date(2027, 10, 26)
    again = await journal.run(import_file, ImportKind.YEAR, "год.xlsx", content, apply=False)
    assert not again.has_changes


async def test_a_holiday_the_school_entered_is_never_removed(
    journal: Journal, tiny: TinySchool
) -> None:
    year_id = await next_year_opened(journal, tiny)
    content = year_file(periods=NEXT_PERIODS, holidays=NEXT_HOLIDAYS, year=NEXT_YEAR)
    await journal.run(import_file, ImportKind.YEAR, "год.xlsx", content, apply=True)
    # A file without the first-graders' week and without the school's day: the day stays.
    fewer = year_file(periods=NEXT_PERIODS, holidays=NEXT_HOLIDAYS[:1], year=NEXT_YEAR)
    report = await journal.run(import_file, ImportKind.YEAR, "год.xlsx", fewer, apply=True)
    assert "удал" not in report.render()
    names = sorted(h.name for h in await rows(journal, Holiday, Holiday.year_id == year_id))
    assert names == ["День школы", "Зимние каникулы", "Осенние каникулы"]
