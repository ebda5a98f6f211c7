"""The school year and the bells as a school writes them in Excel."""

from collections.abc import Sequence

from tests.school_files.staff_lists import workbook

YEAR = ("Школа", "Учебный год", "Начало", "Конец", "Классы без отметок", "Часовой пояс")
PERIODS = [
    ("1 четверть", "четверть", "01.09.2026", "24.10.2026", "1-9"),
    ("2 четверть", "четверть", "05.11.2026", "28.12.2026", "1-9"),
    ("3 четверть", "четверть", "12.01.2027", "21.03.2027", "1-9"),
    ("4 четверть", "четверть", "31.03.2027", "26.05.2027", "1-9"),
    ("1 полугодие", "полугодие", "01.09.2026", "28.12.2026", "10, 11"),
    ("2 полугодие", "полугодие", "12.01.2027", "26.05.2027", "10, 11"),
]
HOLIDAY = ("Название", "Начало", "Конец")
HOLIDAYS_OF_GRADES = (*HOLIDAY, "Параллели")
HOLIDAYS = [
    ("Осенние каникулы", "25.10.2026", "04.11.2026"),
    ("Зимние каникулы", "29.12.2026", "11.01.2027"),
    ("Весенние каникулы", "22.03.2027", "30.03.2027"),
]


def year_file(
    periods: Sequence[Sequence[object]] = PERIODS,
    holidays: Sequence[Sequence[object]] = HOLIDAYS,
    year: Sequence[object] = (
        "МБОУ «Школа № 7»",
        "2026/2027",
        "01.09.2026",
        "31.05.2027",
        "1, 2",
        "Asia/Yekaterinburg",
    ),
    shifts: Sequence[Sequence[object]] = (),
) -> bytes:
    sheets = {
        "Учебный год": (YEAR, [year]),
        "Периоды": (("Название", "Вид", "Начало", "Конец", "Параллели"), periods),
        "Каникулы": (
            HOLIDAYS_OF_GRADES if any(len(h) > 3 for h in holidays) else HOLIDAY,
            holidays,
        ),
    }
    if shifts:
        sheets["Смены"] = (("Класс", "Смена"), shifts)
    return workbook(sheets)


def bells_file(rows: Sequence[Sequence[object]]) -> bytes:
    return workbook({"Звонки": (("Смена", "Урок", "Начало", "Конец"), rows)})
