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
