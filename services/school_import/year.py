"""The school year from one workbook: the year, its periods (per grade where they differ),
holidays, the classes' shifts and the grades without marks. A new database gets its school
from the same file."""

import re
from dataclasses import dataclass
from datetime import date
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from sqlalchemy import select

from db.enums import PeriodKind
from db.models import Holiday, Period, School, SchoolYear
from services.context import Ctx
from services.school_import.finding import find_class
from services.school_import.issues import Issue, Issues, Where
from services.school_import.normalize import (
    BadDate,
    clean,
    name_key,
    parse_class,
    parse_date,
    parse_grades,
)
from services.school_import.report import ImportReport
from services.school_import.school import classes_of_year
from services.school_import.workbook import Cell, Row, Table, open_workbook, read_table

KIND_STEMS = (
    (PeriodKind.QUARTER, "четверт"),
    (PeriodKind.TRIMESTER, "тримест"),
    (PeriodKind.HALF_YEAR, "полугод"),
    (PeriodKind.YEAR, "год"),
)
KIND_NAMES = {
    PeriodKind.QUARTER: "четверть",
    PeriodKind.TRIMESTER: "триместр",
    PeriodKind.HALF_YEAR: "полугодие",
    PeriodKind.YEAR: "год",
}
SHEETS = ("Учебный год", "Периоды", "Каникулы", "Смены")


@dataclass(frozen=True)
class YearRow:
    where: Where
    school_name: str
    name: str
    starts_on: date
    ends_on: date
    unmarked: frozenset[int] | None
    timezone: str


@dataclass(frozen=True)
class SpanRow:
    where: Where
    name: str
    starts_on: date
    ends_on: date
    kind: PeriodKind | None = None
    number: int = 0
    grades: frozenset[int] = frozenset()


@dataclass
class YearFile:
    year: YearRow | None = None
    periods: list[SpanRow] | None = None
    holidays: list[SpanRow] | None = None
    shifts: list[tuple[Row, int]] | None = None


def _sheet_kind(table: Table) -> str:
    title = name_key(table.sheet)
    for stem, kind in (
        ("канику", "holidays"),
        ("смен", "shifts"),
        ("период", "periods"),
        ("четверт", "periods"),
        ("год", "year"),
    ):
        if stem in title:
            return kind
    if table.has("kind"):
        return "periods"
    if table.has("shift"):
        return "shifts"
    return "year" if table.has("year") else ""


def read_year_file(content: bytes, filename: str, issues: Issues) -> YearFile:
    found = YearFile()
    for sheet in open_workbook(content, filename, issues):
        table = read_table(sheet, filename, issues)
        if table is None:
            issues.notice(Where(filename, sheet.title), "лист пропущен: в нём нет заголовков")
            continue
        kind = _sheet_kind(table)
        if kind == "year":
            years = [y for row in table.rows if (y := _year(row, issues)) is not None]
            if len(table.rows) != 1:
                issues.error(table.where, "нужна ровно одна строка: учебный год, начало, конец")
            found.year = years[0] if years else None
        elif kind in ("periods", "holidays"):
            spans = [s for row in table.rows if (s := _span(row, kind, issues)) is not None]
            setattr(found, kind, (getattr(found, kind) or []) + spans)
        elif kind == "shifts":
            found.shifts = [(row, n) for row in table.rows if (n := _shift(row, issues))]
        else:
            issues.error(
                table.where,
                "не знаю, что на этом листе: назовите его одним из "
                + ", ".join(f"«{s}»" for s in SHEETS),
            )
    if found.year is None and not issues.errors:
        issues.error(Where(filename), "нет листа «Учебный год» (учебный год, начало, конец)")
    return found


def _date(row: Row, field: str, issues: Issues, title: str) -> date | None:
    cell = row.get(field)
    if cell is None or cell.value is None:
        issues.error(row.where, f"не указано: {title}")
        return None
    try:
        return parse_date(cell.value)
    except BadDate as exc:
        issues.error(cell.where, str(exc))
        return None


def _year(row: Row, issues: Issues) -> YearRow | None:
    name = row.text("year") or row.text("name")
    starts, ends = _date(row, "starts_on", issues, "начало"), _date(row, "ends_on", issues, "конец")
    unmarked = None
    cell = row.get("unmarked")
    if cell is not None and cell.text:
        unmarked = parse_grades(cell.text)
        if unmarked is None:
            issues.error(cell.where, f"«{cell.text}»: напишите параллели, например «1» или «1, 2»")
    timezone = row.text("timezone")
    if timezone:
        try:
            ZoneInfo(timezone)
        except (ZoneInfoNotFoundError, ValueError):
            cell = row.get("timezone")
            issues.error(
                cell.where if cell else row.where,
                f"часовой пояс «{timezone}» неизвестен: напишите, например, Europe/Moscow",
            )
    if not re.fullmatch(r"\d{4}\s*[/-]\s*\d{4}", name):
        issues.error(row.where, f"учебный год «{name}»: напишите, например, 2026/2027")
        return None
    if starts is None or ends is None:
        return None
    if starts >= ends:
        issues.error(row.where, "учебный год кончается раньше, чем начинается")
        return None
    name = re.sub(r"\s*[/-]\s*", "/", name)
    return YearRow(row.where, row.text("school"), name, starts, ends, unmarked, timezone)


def _span(row: Row, kind: str, issues: Issues) -> SpanRow | None:
    name = row.text("name") or row.text("kind")
    starts, ends = _date(row, "starts_on", issues, "начало"), _date(row, "ends_on", issues, "конец")
    period_kind, grades = None, frozenset[int]()
    grades_cell = row.get("grades") or row.get("class")
    if grades_cell is not None and grades_cell.text:
        parsed = parse_grades(grades_cell.text)
        if parsed is None:
            issues.error(
                grades_cell.where,
                f"«{grades_cell.text}»: напишите параллели, например «1-9» или «10, 11»",
            )
        grades = parsed or frozenset()
    if kind == "periods":
        text = name_key(row.text("kind") or name)
        period_kind = next((k for k, stem in KIND_STEMS if stem in text), None)
        if period_kind is None:
            issues.error(
                _where(row.get("kind"), row),
                f"вид периода «{row.text('kind') or name}»:"
                " напишите четверть, триместр, полугодие или год",
            )
    if not name:
        issues.error(row.where, "не указано название")
        return None
    if starts is None or ends is None or (kind == "periods" and period_kind is None):
        return None
    if starts > ends:
        issues.error(row.where, f"«{name}» кончается раньше, чем начинается")
        return None
    number = re.search(r"\d+", name)
    return SpanRow(
        row.where, clean(name), starts, ends, period_kind, int(number[0]) if number else 0, grades
    )


def _where(cell: Cell | None, row: Row) -> Where:
    return cell.where if cell is not None else row.where


def _shift(row: Row, issues: Issues) -> int:
    cell = row.get("shift")
    text = cell.text if cell else ""
    if text not in ("1", "2", "3"):
        issues.error(_where(cell, row), f"смена «{text}»: напишите 1, 2 или 3")
        return 0
    return int(text)


def check_spans(file: YearFile, year: YearRow, issues: Issues) -> None:
    periods = file.periods or []
    counters: dict[tuple[PeriodKind | None, frozenset[int]], int] = {}
    for p in periods:
        if p.number == 0:
            counters[(p.kind, p.grades)] = counters.get((p.kind, p.grades), 0) + 1
            object.__setattr__(p, "number", counters[(p.kind, p.grades)])
    seen: dict[tuple[PeriodKind | None, int], SpanRow] = {}
    for p in [*periods, *(file.holidays or [])]:
        if p.starts_on < year.starts_on or p.ends_on > year.ends_on:
            issues.error(p.where, f"«{p.name}» выходит за учебный год {year.name}")
    for p in periods:
        first = seen.setdefault((p.kind, p.number), p)
        if first is not p:
            issues.error(
                p.where,
                f"«{p.name}»: {p.number}-й период этого вида уже в строке {first.where.row}",
            )
    ordered = sorted(periods, key=lambda p: p.starts_on)
    for a in ordered:
        for b in ordered:
            overlap = a is not b and a.kind == b.kind and a.starts_on <= b.starts_on <= a.ends_on
            if overlap and (not a.grades or not b.grades or a.grades & b.grades):
                issues.error(
                    b.where, f"«{b.name}» пересекается с «{a.name}» (строка {a.where.row})"
                )


async def import_year(
    ctx: Ctx, school: School | None, filename: str, content: bytes, apply: bool
) -> tuple[ImportReport, School | None, SchoolYear | None]:
    """The school (made if the database has none), its year with periods and holidays."""
    issues = Issues()
    file = read_year_file(content, filename, issues)
    if file.year is not None:
        check_spans(file, file.year, issues)
        if school is None and not file.year.school_name:
            issues.error(
                file.year.where, "в базе ещё нет школы: впишите её название в столбец «Школа»"
            )
    issues.raise_if_any(filename)
    assert file.year is not None
    report = ImportReport("учебный год", filename, applied=apply, notices=issues.notices)
    y = file.year
    if school is None:
        school = School(
            name=y.school_name,
            short_name=_short(y.school_name),
            timezone=y.timezone or "Europe/Moscow",
            unmarked_grades=",".join(map(str, sorted(y.unmarked or {1}))),
        )
        report.added("школа", f"школа «{y.school_name}»")
        if not apply:
            report.added("учебный год", f"учебный год {y.name}")
            for p in file.periods or []:
                report.added("периоды", p.name)
            for h in file.holidays or []:
                report.added("каникулы", h.name)
            return report, None, None
        ctx.session.add(school)
        await ctx.session.flush()
    else:
        _update_school(school, y, report, apply)
    year = await ctx.session.scalar(
        select(SchoolYear).where(SchoolYear.school_id == school.id, SchoolYear.name == y.name)
    )
    if year is None:
        year = SchoolYear(
            school_id=school.id, name=y.name, starts_on=y.starts_on, ends_on=y.ends_on
        )
        report.added("учебный год", f"учебный год {y.name}")
        if apply:
            ctx.session.add(year)
            await ctx.session.flush()
    elif (year.starts_on, year.ends_on) != (y.starts_on, y.ends_on):
        report.changed(
            "учебный год",
            f"{y.name}: {year.starts_on:%d.%m.%Y}–{year.ends_on:%d.%m.%Y}"
            f" → {y.starts_on:%d.%m.%Y}–{y.ends_on:%d.%m.%Y}",
        )
        if apply:
            year.starts_on, year.ends_on = y.starts_on, y.ends_on
    else:
        report.unchanged("учебный год")
    await _periods(ctx, year, file, report, apply)
    await _holidays(ctx, year, file.holidays, report, apply)
    if file.shifts and year.id is not None:
        classes = await classes_of_year(ctx, year.id)
        for row, shift in file.shifts:
            c, problem = find_class(classes, row.text("class"))
            if c is None and parse_class(row.text("class")) is not None:
                report.notices.append(
                    Issue(
                        row.where,
                        f"класса {row.text('class')} ещё нет в "
                        "журнале: смена запишется, если загрузить этот файл снова после списков "
                        "учеников",
                    )
                )
            elif c is None:
                issues.error(_where(row.get("class"), row), problem)
            elif c.shift != shift:
                report.changed("смены", f"{c.title}: {c.shift} смена → {shift}")
                if apply:
                    c.shift = shift
            else:
                report.unchanged("смены")
        issues.raise_if_any(filename)
    if apply:
        await ctx.session.flush()
    return report, school, year if year.id is not None else None


def _short(name: str) -> str:
    number = re.search(r"№\s*(\d+)", name)
    return f"Школа № {number[1]}" if number else clean(name)[:60]


def _update_school(school: School, y: YearRow, report: ImportReport, apply: bool) -> None:
    if y.unmarked is not None and school.unmarked_grade_set() != y.unmarked:
        grades = ",".join(map(str, sorted(y.unmarked)))
        report.changed("школа", f"классы без отметок: {school.unmarked_grades or '—'} → {grades}")
        if apply:
            school.unmarked_grades = grades
    if y.timezone and y.timezone != school.timezone:
        report.changed("школа", f"часовой пояс: {school.timezone} → {y.timezone}")
        if apply:
            school.timezone = y.timezone


async def _periods(
    ctx: Ctx, year: SchoolYear, file: YearFile, report: ImportReport, apply: bool
) -> None:
    existing = (
        {
            (p.kind, p.number): p
            for p in await ctx.session.scalars(select(Period).where(Period.year_id == year.id))
        }
        if year.id is not None
        else {}
    )
    rows = list(file.periods or [])
    if not any(p.kind == PeriodKind.YEAR for p in rows):
        rows.append(SpanRow(Where(""), "Год", year.starts_on, year.ends_on, PeriodKind.YEAR, 1))
    for p in rows:
        assert p.kind is not None
        grades = ",".join(map(str, sorted(p.grades)))
        found = existing.get((p.kind, p.number))
        if found is None:
            report.added("периоды", f"{p.name}: {p.starts_on:%d.%m}–{p.ends_on:%d.%m}")
            if apply:
                ctx.session.add(
                    Period(
                        year_id=year.id,
                        kind=p.kind,
                        number=p.number,
                        name=p.name,
                        starts_on=p.starts_on,
                        ends_on=p.ends_on,
                        grades=grades,
                    )
                )
        elif (found.name, found.starts_on, found.ends_on, found.grades) != (
            p.name,
            p.starts_on,
            p.ends_on,
            grades,
        ):
            report.changed(
                "периоды",
                f"{p.name}: {found.starts_on:%d.%m}–{found.ends_on:%d.%m}, "
                f"параллели {found.grades or 'все'} → {p.starts_on:%d.%m}–{p.ends_on:%d.%m}, "
                f"параллели {grades or 'все'}",
            )
            if apply:
                found.name, found.starts_on, found.ends_on = p.name, p.starts_on, p.ends_on
                found.grades = grades
        else:
            report.unchanged("периоды")


async def _holidays(
    ctx: Ctx, year: SchoolYear, rows: list[SpanRow] | None, report: ImportReport, apply: bool
) -> None:
    """rows: the file's sheet of holidays; None: the file has none, and changes none."""
    existing = (
        {
            name_key(h.name): h
            for h in await ctx.session.scalars(select(Holiday).where(Holiday.year_id == year.id))
        }
        if year.id is not None
        else {}
    )
    for h in rows or []:
        found = existing.get(name_key(h.name))
        grades = ",".join(map(str, sorted(h.grades)))
        if found is None:
            report.added(
                "каникулы", f"{h.name}: {h.starts_on:%d.%m}–{h.ends_on:%d.%m}{_for_grades(grades)}"
            )
            if apply:
                ctx.session.add(
                    Holiday(
                        year_id=year.id,
                        name=h.name,
                        starts_on=h.starts_on,
                        ends_on=h.ends_on,
                        grades=grades,
                    )
                )
        elif (found.starts_on, found.ends_on, found.grades) != (h.starts_on, h.ends_on, grades):
            report.changed(
                "каникулы",
                f"{h.name}: {found.starts_on:%d.%m}–{found.ends_on:%d.%m}"
                f"{_for_grades(found.grades)} → {h.starts_on:%d.%m}–{h.ends_on:%d.%m}"
                f"{_for_grades(grades)}",
            )
            if apply:
                found.starts_on, found.ends_on, found.grades = h.starts_on, h.ends_on, grades
                found.carried_over = False  # the school's own now
        else:
            report.unchanged("каникулы")
            if apply:
                found.carried_over = False
    # Copied by open-next from the year before and not in the school's file for this year:
    # a holiday of last year's calendar, gone. One the school entered itself always stays.
    listed = {name_key(h.name) for h in rows or []}
    for key, left in existing.items():
        if rows is None or key in listed or not left.carried_over:
            continue
        report.removed(
            "каникулы",
            f"{left.name}: {left.starts_on:%d.%m}–{left.ends_on:%d.%m}"
            f"{_for_grades(left.grades)} (перенесено с прошлого года, в файле года этого нет)",
        )
        if apply:
            await ctx.session.delete(left)


def _for_grades(grades: str) -> str:
    return f", параллели {grades}" if grades else ""
