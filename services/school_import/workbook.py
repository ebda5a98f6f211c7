"""Excel sheets read as tables: the header row found among the first rows, merged header
cells spread over the columns they cover, the data rows after it."""

import io
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime

from openpyxl import load_workbook
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from services.plain_text import kept_text
from services.school_import.headers import Column, corrected, recognise
from services.school_import.issues import Issues, Where
from services.school_import.normalize import clean, hidden_characters

HEADER_SEARCH_ROWS = 12
MIN_RECOGNISED = 2

CellValue = str | int | float | date | datetime | None


@dataclass(frozen=True)
class Cell:
    value: CellValue
    where: Where

    @property
    def text(self) -> str:
        v = self.value
        if v is None:
            return ""
        if isinstance(v, float) and v.is_integer():
            return str(int(v))
        if isinstance(v, datetime):
            return v.strftime("%d.%m.%Y")
        if isinstance(v, date):
            return v.strftime("%d.%m.%Y")
        return clean(str(v))


@dataclass
class Row:
    number: int
    where: Where
    cells: dict[Column, Cell] = field(default_factory=dict)

    def get(self, name: str, slot: str = "") -> Cell | None:
        for column, cell in self.cells.items():
            if column.field == name and column.slot == slot:
                return cell
        return None

    def text(self, name: str, slot: str = "") -> str:
        cell = self.get(name, slot)
        return "" if cell is None else cell.text


@dataclass
class Table:
    sheet: str
    where: Where
    columns: dict[Column, str]  # the column letter of each recognised column
    rows: list[Row]

    def has(self, name: str, slot: str = "") -> bool:
        return any(c.field == name and c.slot == slot for c in self.columns)

    def slots(self) -> list[str]:
        """The guardians this sheet has columns for, in the order of their columns."""
        seen: list[str] = []
        for column in self.columns:
            if column.slot and column.slot not in seen:
                seen.append(column.slot)
        return seen


def open_workbook(content: bytes, filename: str, issues: Issues) -> list[Worksheet]:
    where = Where(filename)
    if content[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":
        issues.error(where, "это файл старого формата Excel (.xls): сохраните его как .xlsx")
        return []
    try:
        book = load_workbook(io.BytesIO(content), data_only=True)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError):
        issues.error(where, "файл не открывается как таблица Excel (.xlsx)")
        return []
    return list(book.worksheets)


def merged_grid(sheet: Worksheet, last_row: int) -> list[list[CellValue]]:
    width = sheet.max_column
    rows: list[list[CellValue]] = [
        list(values) + [None] * (width - len(values))
        for values in sheet.iter_rows(min_row=1, max_row=last_row, values_only=True)
    ]
    # A merged cell keeps its text in its top-left corner only: spread it over the range.
    for merged in sheet.merged_cells.ranges:
        if merged.min_row > last_row:
            continue
        value = rows[merged.min_row - 1][merged.min_col - 1]
        for r in range(merged.min_row, min(merged.max_row, last_row) + 1):
            for c in range(merged.min_col, merged.max_col + 1):
                rows[r - 1][c - 1] = value
    return rows


def _labels(grid: list[list[CellValue]], index: int, wide_above: set[int]) -> list[tuple[str, str]]:
    """Each column's header with the group header merged above it, if any."""
    labels = []
    for c, value in enumerate(grid[index]):
        below = clean(str(value)) if value is not None else ""
        above = grid[index - 1][c] if index > 0 and c in wide_above else None
        above_text = clean(str(above)) if above is not None else ""
        labels.append((below, "" if above_text == below else above_text))
    return labels


def _wide_columns(sheet: Worksheet, row: int) -> set[int]:
    """Columns under a header cell merged across several columns, in the row given (1-based)."""
    columns: set[int] = set()
    for merged in sheet.merged_cells.ranges:
        if merged.min_row <= row <= merged.max_row and merged.max_col > merged.min_col:
            columns.update(range(merged.min_col - 1, merged.max_col))
    return columns


def read_table(
    sheet: Worksheet, filename: str, issues: Issues, with_guardians: bool = False
) -> Table | None:
    """The sheet as a table, or None if no row of it looks like a header."""
    where = Where(filename, sheet.title)
    if sheet.max_row < 1:
        return None
    grid = merged_grid(sheet, min(sheet.max_row, HEADER_SEARCH_ROWS))
    best: tuple[int, int, dict[Column, tuple[int, str]], list[tuple[int, str, str]]] | None = None
    for index in range(len(grid)):
        labels = _labels(grid, index, _wide_columns(sheet, index) if index else set())
        found: dict[Column, tuple[int, str]] = {}
        typos: list[tuple[int, str, str]] = []
        for c, (label, group) in enumerate(labels):
            column = recognise(label, with_guardians, group)
            if column is None and label:
                fixed = corrected(label)
                column = recognise(fixed, with_guardians, group) if fixed else None
                if column is not None and fixed is not None:
                    typos.append((c, label, fixed))
            if column is not None and column not in found:
                found[column] = (c, f"{group} {label}".strip())
        score = sum(1 for column in found if column.field != "skip")
        if score >= MIN_RECOGNISED and (best is None or score > best[0]):
            best = (score, index, found, typos)
    if best is None:
        return None
    _, header_index, found, typos = best
    for c, label, fixed in typos:
        issues.notice(
            where.at(header_index + 1, get_column_letter(c + 1)),
            f"заголовок «{label}» понят как «{fixed}»",
        )
    columns = {
        column: get_column_letter(c + 1)
        for column, (c, _) in found.items()
        if column.field != "skip"
    }
    headers = {column: label for column, (_, label) in found.items()}
    hidden: dict[Column, list[Where]] = {}
    rows = list(_rows(sheet, where, header_index + 2, found, headers, hidden))
    for cells in hidden.values():
        more = f"; таких клеток в столбце: {len(cells)}" if len(cells) > 1 else ""
        issues.notice(cells[0], f"убраны невидимые служебные символы{more}")
    return Table(sheet.title, where, columns, rows)


def _rows(
    sheet: Worksheet,
    where: Where,
    first_row: int,
    found: dict[Column, tuple[int, str]],
    headers: dict[Column, str],
    hidden: dict[Column, list[Where]],
) -> Iterator[Row]:
    """hidden: where each column's cells had control or invisible characters (dropped)."""
    used = {column: c for column, (c, _) in found.items() if column.field != "skip"}
    for number, values in enumerate(
        sheet.iter_rows(min_row=first_row, values_only=True), start=first_row
    ):
        cells = {}
        for column, c in used.items():
            value = values[c] if c < len(values) else None
            at = where.at(number, get_column_letter(c + 1), headers[column])
            if isinstance(value, str) and hidden_characters(value):
                hidden.setdefault(column, []).append(at)
                value = kept_text(value)
            if isinstance(value, str) and not clean(value):
                value = None
            cells[column] = Cell(value, at)
        if all(cell.value is None for cell in cells.values()):
            continue
        yield Row(number, where.at(number), cells)
