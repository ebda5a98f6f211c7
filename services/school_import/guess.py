"""What kind of file a person sent: an aSc export, or which of the Excel lists, by its
sheets' headers (the chat has no command saying so)."""

from services.school_import.asc_xml import looks_like_asc
from services.school_import.grid_layouts import HEADER_ROWS, has_days_across
from services.school_import.issues import Issues
from services.school_import.service import ImportKind
from services.school_import.workbook import merged_grid, open_workbook, read_table


def guess_kind(content: bytes) -> ImportKind | None:
    if looks_like_asc(content):
        return ImportKind.TIMETABLE
    issues = Issues()
    fields: set[str] = set()
    titles = []
    days_across = False
    for sheet in open_workbook(content, "", issues):
        titles.append(sheet.title.casefold())
        days_across |= has_days_across(merged_grid(sheet, min(sheet.max_row, HEADER_ROWS)))
        table = read_table(sheet, "", issues, with_guardians=True)
        if table is not None:
            fields |= {c.field for c in table.columns}
    if issues.errors:
        return None
    if "year" in fields or "kind" in fields or any("канику" in t for t in titles):
        return ImportKind.YEAR
    if "position" in fields:
        return ImportKind.STAFF
    if "hours" in fields:
        return ImportKind.LOAD
    if ("weekday" in fields and "number" in fields) or days_across:
        return ImportKind.TIMETABLE
    if "number" in fields and "starts_on" in fields:
        return ImportKind.BELLS
    if "subgroup" in fields:
        return ImportKind.SUBGROUPS
    if "birth_date" in fields:
        return ImportKind.PUPILS
    return None
