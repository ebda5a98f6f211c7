"""The bells: each shift's lessons with their times, from Excel or from an aSc export."""

from dataclasses import dataclass
from datetime import time

from sqlalchemy import select

from db.models import BellSlot, School
from services.context import Ctx
from services.school_import.issues import Issues, Where
from services.school_import.normalize import BadDate, parse_time
from services.school_import.report import ImportReport
from services.school_import.tables import read_rows
from services.school_import.workbook import Row

BELLS = "звонки"


@dataclass(frozen=True)
class Bell:
    where: Where
    shift: int
    number: int
    starts_at: time
    ends_at: time


def check_bells(bells: list[Bell], issues: Issues) -> None:
    seen: dict[tuple[int, int], Bell] = {}
    for b in bells:
        if b.starts_at >= b.ends_at:
            issues.error(b.where, f"урок {b.number} кончается раньше, чем начинается")
        first = seen.setdefault((b.shift, b.number), b)
        if first is not b:
            issues.error(
                b.where, f"{b.number}-й урок {b.shift} смены уже в строке {first.where.row}"
            )


async def write_bells(
    ctx: Ctx, school: School, bells: list[Bell], report: ImportReport, apply: bool
) -> None:
    existing = {
        (b.shift, b.number): b
        for b in await ctx.session.scalars(select(BellSlot).where(BellSlot.school_id == school.id))
    }
    for b in bells:
        found = existing.get((b.shift, b.number))
        times = f"{b.starts_at:%H:%M}–{b.ends_at:%H:%M}"
        if found is None:
            report.added(BELLS, f"{b.shift} смена, {b.number} урок: {times}")
            if apply:
                ctx.session.add(
                    BellSlot(
                        school_id=school.id,
                        shift=b.shift,
                        number=b.number,
                        starts_at=b.starts_at,
                        ends_at=b.ends_at,
                    )
                )
        elif (found.starts_at, found.ends_at) != (b.starts_at, b.ends_at):
            report.changed(
                BELLS,
                f"{b.shift} смена, {b.number} урок: "
                f"{found.starts_at:%H:%M}–{found.ends_at:%H:%M} → {times}",
            )
            if apply:
                found.starts_at, found.ends_at = b.starts_at, b.ends_at
        else:
            report.unchanged(BELLS)
    if apply:
        await ctx.session.flush()


async def import_bells(
    ctx: Ctx, school: School, filename: str, content: bytes, apply: bool
) -> ImportReport:
    issues = Issues()
    rows = read_rows(content, filename, issues, ("number", "starts_on", "ends_on"), "звонки")
    bells = [b for row in rows if (b := _read(row, issues)) is not None]
    check_bells(bells, issues)
    issues.raise_if_any(filename)
    report = ImportReport("расписание звонков", filename, applied=apply, notices=issues.notices)
    await write_bells(ctx, school, bells, report, apply)
    return report


def _read(row: Row, issues: Issues) -> Bell | None:
    shift_text = row.text("shift") or "1"
    number_text = row.text("number")
    ok = True
    if shift_text not in ("1", "2", "3"):
        shift = row.get("shift")
        issues.error(
            shift.where if shift else row.where, f"смена «{shift_text}»: напишите 1, 2 или 3"
        )
        ok = False
    if not number_text.isdigit() or not 0 <= int(number_text) <= 12:
        cell = row.get("number")
        issues.error(cell.where if cell else row.where, f"номер урока «{number_text}»: нужно число")
        ok = False
    times = []
    for field in ("starts_on", "ends_on"):
        cell = row.get(field)
        if cell is None or cell.value is None:
            issues.error(row.where, "не указано время начала или конца урока")
            ok = False
            continue
        try:
            times.append(parse_time(cell.value))
        except BadDate as exc:
            issues.error(cell.where if cell else row.where, str(exc))
            ok = False
    if not ok:
        return None
    return Bell(row.where, int(shift_text), int(number_text), times[0], times[1])
