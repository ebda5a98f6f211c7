"""The staff list, the teaching load and the subgroups, as a school's Excel sheets."""

import io
from collections.abc import Sequence

from openpyxl import Workbook


def workbook(sheets: dict[str, tuple[Sequence[str], Sequence[Sequence[object]]]]) -> bytes:
    book = Workbook()
    first = book.active
    assert first is not None
    book.remove(first)
    for title, (headers, rows) in sheets.items():
        ws = book.create_sheet(title)
        ws.append(list(headers))
        for row in rows:
            ws.append(list(row))
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


STAFF_HEADERS = ("ФИО", "Должность", "Классное руководство", "Телефон", "Стаж")


def staff_list(rows: Sequence[Sequence[object]]) -> bytes:
    return workbook({"Сотрудники": (STAFF_HEADERS, rows)})


LOAD_HEADERS = ("Учитель", "Класс", "Предмет", "Подгруппа", "Часов в неделю", "Кабинет")


def load_list(rows: Sequence[Sequence[object]]) -> bytes:
    return workbook({"Нагрузка": (LOAD_HEADERS, rows)})


SUBGROUP_HEADERS = ("Класс", "Предмет", "Группа", "ФИО ученика")


def subgroup_list(rows: Sequence[Sequence[object]]) -> bytes:
    return workbook({"Подгруппы": (SUBGROUP_HEADERS, rows)})
