"""The two ways schools draw a timetable grid in Excel, read into the same cells: days and
lesson numbers down the side with classes across («День | Урок | 5А | 5Б»), or classes down
the side with days across over a row of lesson numbers («Понедельник» over «1 2 3 … 7»). The
days may be merged cells, or written once over the first of their columns or rows."""

from dataclasses import dataclass

from openpyxl.utils import get_column_letter

from services.school_import.issues import Issues, Where
from services.school_import.normalize import clean, name_key, parse_class
from services.school_import.timetable_plan import ClassKey
from services.school_import.workbook import CellValue

WEEKDAYS = ("понедельник", "вторник", "среда", "четверг", "пятница", "суббота")
SHORT_DAYS = ("пн", "вт", "ср", "чт", "пт", "сб")
HEADER_ROWS = 12
DAY_HINT = "напишите, например, понедельник или пн"

Grid = list[list[CellValue]]


@dataclass(frozen=True)
class GridCell:
    """What one class has at one lesson of one day, and the cell it was read from."""

    class_key: ClassKey
    weekday: int
    number: int
    text: str
    where: Where


def weekday_of(text: str) -> int | None:
    key = name_key(text).rstrip(".")
    for i, (full, short) in enumerate(zip(WEEKDAYS, SHORT_DAYS, strict=True)):
        if key in (full, short) or (len(key) >= 3 and full.startswith(key)):
            return i
    return None


def _text(value: CellValue) -> str:
    return clean(str(value)) if value is not None else ""


def _at(where: Where, row: int, col: int, header: str) -> Where:
    return where.at(row + 1, get_column_letter(col + 1), header)


def days_down(grid: Grid, where: Where, issues: Issues) -> list[GridCell] | None:
    """«День | Урок | 5А | 5Б» over rows of a day and a lesson number; None: not this layout."""
    header = next(
        (
            i
            for i, row in enumerate(grid[:HEADER_ROWS])
            if any(parse_class(_text(v)) is not None for v in row)
            and any(name_key(_text(v)) in ("день", "день недели") for v in row)
        ),
        None,
    )
    if header is None:
        return None
    labels = [_text(v) for v in grid[header]]
    day_col = next(c for c, v in enumerate(labels) if name_key(v).startswith("день"))
    number_col = next(
        (c for c, v in enumerate(labels) if name_key(v).startswith("урок") or v == "№"),
        day_col + 1,
    )
    classes = {c: key for c, v in enumerate(labels) if (key := parse_class(v)) is not None}
    cells = []
    for r in range(header + 1, len(grid)):
        row = grid[r]
        if all(row[c] is None for c in classes):
            continue
        weekday = weekday_of(_text(row[day_col]))
        number_text = _text(row[number_col])
        if weekday is None:
            issues.error(
                _at(where, r, day_col, "День"), f"день «{_text(row[day_col])}»: {DAY_HINT}"
            )
            continue
        if not number_text.isdigit():
            issues.error(
                _at(where, r, number_col, "Урок"), f"номер урока «{number_text}»: нужно число"
            )
            continue
        for c, class_key in classes.items():
            if text := _text(row[c]):
                at = _at(where, r, c, labels[c])
                cells.append(GridCell(class_key, weekday, int(number_text), text, at))
    return cells


def has_days_across(grid: Grid) -> bool:
    """Whether the sheet's first rows hold days over lesson numbers (guessing a file's kind)."""
    return _days_row(grid) is not None


def _days_row(grid: Grid) -> int | None:
    """The row of days with lesson numbers right under a day."""
    for i, row in enumerate(grid[: HEADER_ROWS - 1]):
        if i + 1 >= len(grid):
            break
        below = grid[i + 1]
        for c, value in enumerate(row):
            if weekday_of(_text(value)) is not None and _text(below[c]).isdigit():
                return i
    return None


def days_across(grid: Grid, where: Where, issues: Issues) -> list[GridCell] | None:
    """Classes down the side, days across over lesson numbers; None: not this layout."""
    days_at = _days_row(grid)
    if days_at is None:
        return None
    days, numbers = grid[days_at], grid[days_at + 1]
    first = next(c for c, v in enumerate(days) if weekday_of(_text(v)) is not None)
    # Each lesson column: its day (a merged cell, or the last day written to its left).
    lessons: dict[int, tuple[int, int, str]] = {}
    day: tuple[int, str] | None = None
    for c in range(first, len(days)):
        if written := _text(days[c]):
            found = weekday_of(written)
            day = None if found is None else (found, written)
            if found is None:
                issues.error(_at(where, days_at, c, "День"), f"день «{written}»: {DAY_HINT}")
        number = _text(numbers[c])
        if day is None or not number:
            continue
        if not number.isdigit():
            issues.error(_at(where, days_at + 1, c, day[1]), f"номер урока «{number}»: нужно число")
            continue
        lessons[c] = (day[0], int(number), f"{day[1]}, {number}-й урок")
    class_col = max(
        range(first),
        key=lambda c: sum(parse_class(_text(row[c])) is not None for row in grid[days_at + 2 :]),
        default=0,
    )
    cells = []
    for r in range(days_at + 2, len(grid)):
        row = grid[r]
        if all(row[c] is None for c in lessons):
            continue
        class_key = parse_class(_text(row[class_col]))
        if class_key is None:
            issues.error(
                _at(where, r, class_col, "Класс"),
                f"класс «{_text(row[class_col])}»: напишите, например, 5А",
            )
            continue
        for c, (weekday, lesson, header) in lessons.items():
            if text := _text(row[c]):
                cells.append(GridCell(class_key, weekday, lesson, text, _at(where, r, c, header)))
    return cells
