"""A timetable grid as schools draw it in Excel: days merged down, classes across."""

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


GRID = [
    ("Понедельник", 1, "Математика 21", "Математика, каб. 22"),
    (None, 2, "Рус. яз., каб. 12", None),
    (None, 3, "Англ. яз. (1 гр.) 31 / Англ. яз. (2 гр.) 32", "Русский язык 12"),
    ("вт", 1, "матем.", "Рус. яз."),
    (None, 2, "Англ. яз.", None),
]
