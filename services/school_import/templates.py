"""Blank Excel templates a school can start from: the headers and one example row."""

import io
from collections.abc import Sequence
from dataclasses import dataclass

from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter


@dataclass(frozen=True)
class Template:
    sheet: str
    headers: Sequence[str]
    example: Sequence[object]
    note: str
    # Further sheets of the same workbook: (title, headers, rows).
    more: tuple[tuple[str, Sequence[str], Sequence[Sequence[object]]], ...] = ()


TEMPLATES: dict[str, Template] = {
    "pupils": Template(
        "5А",
        (
            "ФИО ученика",
            "Дата рождения",
            "Класс",
            "ФИО родителя 1",
            "Кем приходится 1",
            "Телефон 1",
            "Эл. почта 1",
            "ФИО родителя 2",
            "Кем приходится 2",
            "Телефон 2",
            "Эл. почта 2",
        ),
        (
            "Иванов Иван Петрович",
            "03.02.2015",
            "5А",
            "Иванова Елена Сергеевна",
            "мать",
            "+7 912 345-67-89",
            "ivanova@mail.ru",
            "Иванов Пётр Олегович",
            "отец",
            "+7 912 345-67-90",
            "",
        ),
        "Один лист на класс (лист назван по классу) или один лист со столбцом «Класс».",
    ),
    "staff": Template(
        "Сотрудники",
        ("ФИО", "Должность", "Классное руководство", "Телефон", "Эл. почта"),
        (
            "Числова Мария Андреевна",
            "учитель, заместитель директора",
            "5А",
            "+7 900 111-22-33",
            "chislova@school1.ru",
        ),
        "Должности: директор, заместитель директора, администратор журнала, "
        "медицинский работник, учитель; несколько — через запятую.",
    ),
    "load": Template(
        "Нагрузка",
        ("Учитель", "Класс", "Предмет", "Подгруппа", "Часов в неделю"),
        ("Числова Мария Андреевна", "5А", "Математика", "", 5),
        "Подгруппа пустая — урок у всего класса. Учитель — ФИО или «Числова М.А.».",
    ),
    "subgroups": Template(
        "Подгруппы",
        ("Класс", "Предмет", "Подгруппа", "ФИО ученика"),
        ("5А", "Английский язык", "1 группа", "Иванов Иван Петрович"),
        "Строка на ученика: в какой он подгруппе по предмету.",
    ),
    "year": Template(
        "Учебный год",
        ("Школа", "Учебный год", "Начало", "Конец", "Классы без отметок", "Часовой пояс"),
        ("МБОУ «Школа № 1»", "2026/2027", "01.09.2026", "31.05.2027", "1", "Europe/Moscow"),
        "Листы: «Учебный год», «Периоды», «Каникулы», «Смены». Параллели пустые — для всех.",
        (
            (
                "Периоды",
                ("Название", "Вид", "Начало", "Конец", "Параллели"),
                (
                    ("1 четверть", "четверть", "01.09.2026", "24.10.2026", "1-9"),
                    ("2 четверть", "четверть", "05.11.2026", "28.12.2026", "1-9"),
                    ("3 четверть", "четверть", "12.01.2027", "21.03.2027", "1-9"),
                    ("4 четверть", "четверть", "31.03.2027", "26.05.2027", "1-9"),
                    ("1 полугодие", "полугодие", "01.09.2026", "28.12.2026", "10, 11"),
                    ("2 полугодие", "полугодие", "12.01.2027", "26.05.2027", "10, 11"),
                ),
            ),
            (
                "Каникулы",
                ("Название", "Начало", "Конец"),
                (
                    ("Осенние каникулы", "25.10.2026", "04.11.2026"),
                    ("Зимние каникулы", "29.12.2026", "11.01.2027"),
                    ("Весенние каникулы", "22.03.2027", "30.03.2027"),
                ),
            ),
            ("Смены", ("Класс", "Смена"), (("5А", 1),)),
        ),
    ),
    "timetable": Template(
        "Расписание",
        ("День", "Урок", "5А", "5Б"),
        ("понедельник", 1, "Математика 21", "Русский язык, каб. 12"),
        "Строка на урок дня, столбец на класс; в клетке предмет из нагрузки, группа в скобках "
        "и кабинет: «Англ. яз. (1 гр.) 31 / Англ. яз. (2 гр.) 32». Выгрузку aSc Timetables "
        "(XML) загружайте как есть.",
    ),
    "bells": Template(
        "Звонки",
        ("Смена", "Урок", "Начало", "Конец"),
        (1, 1, "8:30", "9:15"),
        "Строка на урок каждой смены: номер урока и время звонков.",
    ),
}


def template_workbook(kind: str) -> bytes:
    """The template of a kind of file; KeyError for a kind without one."""
    template = TEMPLATES[kind]
    book = Workbook()
    ws = book.active
    assert ws is not None
    ws.title = template.sheet
    # The note above the headers: the import finds the header row below it by itself.
    ws.append([template.note + " Строку-пример замените своими данными; лишние столбцы не мешают."])
    ws["A1"].font = Font(italic=True)
    ws.append(list(template.headers))
    ws.append(list(template.example))
    for cell in ws[2]:
        cell.font = Font(bold=True)
    for index, header in enumerate(template.headers, 1):
        ws.column_dimensions[get_column_letter(index)].width = max(14, len(header) + 4)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
