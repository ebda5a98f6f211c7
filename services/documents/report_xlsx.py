"""A report as an Excel workbook: a sheet per table, numbers kept as numbers for the deputy's
own sums, the title and the period on top."""

import re
from io import BytesIO

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from services.documents.tables import ReportDocument, Table

HEADER_FILL = PatternFill("solid", fgColor="E8E8E8")
SHEET_NAME_LIMIT = 31  # Excel's
_NOT_IN_SHEET_NAMES = re.compile(r"[\[\]:*?/\\]")


def sheet_name(title: str, taken: set[str]) -> str:
    base = _NOT_IN_SHEET_NAMES.sub(" ", title).strip()[:SHEET_NAME_LIMIT] or "Лист"
    name, n = base, 2
    while name in taken:
        suffix = f" ({n})"
        name, n = base[: SHEET_NAME_LIMIT - len(suffix)] + suffix, n + 1
    taken.add(name)
    return name


def render_report_xlsx(document: ReportDocument) -> bytes:
    book = Workbook()
    book.remove(book.active) if book.active is not None else None
    taken: set[str] = set()
    for table in document.tables or (Table(document.title, (), ()),):
        _sheet(book, document, table, sheet_name(table.title or document.title, taken))
    book.properties.title = document.title
    book.properties.creator = document.subtitle[:200]
    out = BytesIO()
    book.save(out)
    return out.getvalue()


def _sheet(book: Workbook, document: ReportDocument, table: Table, name: str) -> None:
    sheet = book.create_sheet(name)
    sheet.append([document.title])
    sheet["A1"].font = Font(bold=True, size=13)
    sheet.append([document.subtitle])
    if table.title:
        sheet.append([table.title])
    sheet.append([])
    sheet.append(list(table.headers))
    header_row = sheet.max_row
    for cell in sheet[header_row]:
        cell.font = Font(bold=True)
        cell.fill = HEADER_FILL
        cell.alignment = Alignment(wrap_text=True, vertical="center", horizontal="center")
    for row in table.rows:
        sheet.append(list(row))
    if table.total:
        sheet.append(list(table.total))
        for cell in sheet[sheet.max_row]:
            cell.font = Font(bold=True)
    for note in document.notes:
        sheet.append([note])
    sheet.freeze_panes = sheet.cell(row=header_row + 1, column=2)
    for index, header in enumerate(table.headers, 1):
        longest = max(
            [len(str(header)) // 2 + 2]
            + [len(str(r[index - 1])) for r in table.rows if len(r) >= index and r[index - 1]]
        )
        sheet.column_dimensions[get_column_letter(index)].width = min(45, max(8, longest + 2))
