"""Excel class lists as schools keep them: merged header cells, typos, extra columns."""

import io
from collections.abc import Sequence
from dataclasses import dataclass, field

from openpyxl import Workbook
from openpyxl.worksheet.worksheet import Worksheet


@dataclass
class Guardian:
    name: str
    relation: str = "мать"
    phone: str = ""
    email: str = ""


@dataclass
class Pupil:
    name: str
    birth: str  # as typed: "03.02.2015"
    class_title: str
    guardians: list[Guardian] = field(default_factory=list)


def _sheet_with_merged_header(ws: Worksheet, pupils: Sequence[Pupil], with_class: bool) -> None:
    """Row 1: a title; row 2: group cells merged over the columns below; row 3: sub-headers."""
    ws.append(["Список обучающихся на 2026/2027 учебный год"])
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=6)
    group = ["№", "Ученик", None, *(["Класс"] if with_class else [])]
    sub = ["№", "ФИО", "Дата раждения", *(["Класс"] if with_class else [])]  # a typo, as in life
    for n in (1, 2):
        group += [f"Родитель {n}", None, None, None]
        sub += ["ФИО", "Кем приходится", "Телефон", "Эл. почта"]
    group.append("Примечание")
    sub.append("Примечание")
    ws.append(group)
    ws.append(sub)
    ws.merge_cells(start_row=2, start_column=1, end_row=3, end_column=1)
    ws.merge_cells(start_row=2, start_column=2, end_row=2, end_column=3)
    start = 4
    if with_class:
        ws.merge_cells(start_row=2, start_column=4, end_row=3, end_column=4)
        start = 5
    for n in range(2):
        ws.merge_cells(
            start_row=2, start_column=start + 4 * n, end_row=2, end_column=start + 3 + 4 * n
        )
    last = start + 8
    ws.merge_cells(start_row=2, start_column=last, end_row=3, end_column=last)
    for i, p in enumerate(pupils, 1):
        row: list[object] = [i, p.name, p.birth, *([p.class_title] if with_class else [])]
        for g in p.guardians[:2]:
            row += [g.name, g.relation, g.phone, g.email]
        row += [None] * (last - 1 - len(row))
        row.append("переведён из школы № 5" if i == 2 else None)
        ws.append(row)


def class_list_per_sheet(pupils: Sequence[Pupil]) -> bytes:
    """One sheet per class, named by the class."""
    book = Workbook()
    first = book.active
    assert first is not None
    book.remove(first)
    titles = sorted({p.class_title for p in pupils})
    for title in titles:
        _sheet_with_merged_header(
            book.create_sheet(title), [p for p in pupils if p.class_title == title], False
        )
    return _bytes(book)


def class_list_one_sheet(pupils: Sequence[Pupil], headers: Sequence[str] | None = None) -> bytes:
    """One sheet with a class column and plain headers, in an order of the school's own."""
    book = Workbook()
    ws = book.active
    assert ws is not None
    ws.title = "Ученики"
    ws.append(
        list(
            headers
            or ("Класс", "Фамилия", "Имя", "Отчество", "Дата рождения", "Мать", "Телефон матери",
                "Отец", "Телефон отца", "СНИЛС")
        )
    )  # fmt: skip
    for p in pupils:
        last, first, *middle = p.name.split()
        if p.name != p.name.strip():  # stray spaces survive into the cells, as typed
            last, first = f"  {last} ", f"{first}  "
        row: list[object] = [p.class_title, last, first, " ".join(middle), p.birth]
        by_relation = {g.relation: g for g in p.guardians}
        for relation in ("мать", "отец"):
            g = by_relation.get(relation)
            row += [g.name, g.phone] if g else [None, None]
        row.append("123-456-789 00")
        ws.append(row)
    return _bytes(book)


def _bytes(book: Workbook) -> bytes:
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def sample_pupils() -> list[Pupil]:
    return [
        Pupil("Орлов Кирилл Андреевич", "14.03.2015", "5В", [
            Guardian("Орлова Светлана Игоревна", "мать", "+7 912 345-67-01", "orlova@mail.ru"),
            Guardian("Орлов Андрей Петрович", "отец", "8 (912) 345-67-02"),
        ]),
        Pupil("Орлова Алёна Андреевна", "02.09.2012", "8А", [
            Guardian("Орлова Светлана Игоревна", "мать", "+79123456701"),
        ]),
        Pupil("Семёнов Артём Ильич", "30.12.2014", "5В", [
            Guardian("Семёнова Ирина Олеговна", "мать"),
        ]),
        Pupil("Ким Виктория", "05.05.2012", "8А", [Guardian("Ким Сергей", "отец")]),
    ]  # fmt: skip
