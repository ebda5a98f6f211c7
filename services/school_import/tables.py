"""Every sheet of a workbook that has a header row, for the kinds of file with one row a fact."""

from services.school_import.issues import Issues, Where
from services.school_import.workbook import Row, Table, open_workbook, read_table

COLUMN_TITLES = {
    "full_name": "ФИО",
    "position": "Должность",
    "teacher": "Учитель",
    "class": "Класс",
    "subject": "Предмет",
    "subgroup": "Подгруппа",
    "hours": "Часов в неделю",
    "pupil": "Ученик",
}


def read_rows(
    content: bytes, filename: str, issues: Issues, required: tuple[str, ...], what: str
) -> list[Row]:
    """The data rows of every sheet holding all the required columns."""
    rows: list[Row] = []
    tables = 0
    for sheet in open_workbook(content, filename, issues):
        table = read_table(sheet, filename, issues)
        if table is None:
            issues.notice(Where(filename, sheet.title), "лист пропущен: в нём нет заголовков")
            continue
        tables += 1
        missing = [COLUMN_TITLES.get(f, f) for f in required if not _has(table, f)]
        if missing:
            issues.error(table.where, "нет столбца " + ", ".join(f"«{m}»" for m in missing))
            continue
        rows += table.rows
    if not tables and not issues.errors:
        issues.error(Where(filename), f"ни на одном листе нет таблицы: {what}")
    return rows


def _has(table: Table, field: str) -> bool:
    if field == "full_name":
        return table.has("full_name") or (table.has("last_name") and table.has("first_name"))
    return table.has(field)
