"""A timetable grid as schools draw it in Excel: days merged down, classes across; or the same
grid the other way round, classes down, days across over a row of lesson numbers."""

import io
from collections.abc import Sequence

from openpyxl import Workbook


def timetable_grid(
    rows: Sequence[Sequence[object]], classes: Sequence[str] = ("5А", "5Б")
) -> bytes:
    book = Workbook()
    ws = book.active
    assert ws is not None
    ws.title = "Расписание"
    ws.append(["Расписание уроков на 2026/2027 учебный год"])
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=2 + len(classes))
    ws.append(["День", "Урок", *classes])
    day_start = None
    for i, row in enumerate(rows, start=3):
        ws.append(list(row))
        if row[0]:
            if day_start is not None and i - 1 > day_start:
                ws.merge_cells(start_row=day_start, start_column=1, end_row=i - 1, end_column=1)
            day_start = i
    last = 2 + len(rows)
    if day_start is not None and last > day_start:
        ws.merge_cells(start_row=day_start, start_column=1, end_row=last, end_column=1)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def timetable_grid_across(
    rows: Sequence[Sequence[object]],
    classes: Sequence[str] = ("5А", "5Б"),
    *,
    merged: bool = True,
) -> bytes:
    """The grid of `rows` (as timetable_grid takes them) drawn transposed: «Класс» and a class
    a row down the side, each day over its lesson numbers across, the day merged over them
    (or, not merged, written over the first of them only)."""
    columns: list[tuple[str, object]] = []  # (day, lesson number) a column
    day = ""
    for row in rows:
        day = str(row[0]) if row[0] else day
        columns.append((day, row[1]))
    book = Workbook()
    ws = book.active
    assert ws is not None
    ws.title = "Расписание"
    ws.append(["Расписание уроков на 2026/2027 учебный год"])
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=1 + len(columns))
    days: list[object] = ["Класс"]
    for i, (name, _) in enumerate(columns):
        days.append(name if i == 0 or columns[i - 1][0] != name else None)
    ws.append(days)
    ws.append([None, *(number for _, number in columns)])
    ws.merge_cells(start_row=2, start_column=1, end_row=3, end_column=1)
    if merged:
        start = 0
        for i in range(1, len(columns) + 1):
            if i == len(columns) or columns[i][0] != columns[start][0]:
                if i - 1 > start:
                    ws.merge_cells(start_row=2, start_column=start + 2, end_row=2, end_column=i + 1)
                start = i
    for k, title in enumerate(classes):
        ws.append([title, *(row[2 + k] if 2 + k < len(row) else None for row in rows)])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


GRID = [
    ("Понедельник", 1, "Математика 21", "Математика, каб. 22"),
    (None, 2, "Рус. яз., каб. 12", None),
    (None, 3, "Англ. яз. (1 гр.) 31 / Англ. яз. (2 гр.) 32", "Русский язык 12"),
    ("вт", 1, "матем.", "Рус. яз."),
    (None, 2, "Англ. яз.", None),
]
