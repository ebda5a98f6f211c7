"""One entry for every import, used by the command line and by the chat alike."""

from collections.abc import Awaitable, Callable
from enum import StrEnum

from db.models import AuditEntry, School, SchoolYear
from services.context import Ctx
from services.errors import AccessDenied
from services.people.actor import Actor, Role
from services.schedule.periods import local_date
from services.school_import.asc_plan import plan_asc
from services.school_import.asc_xml import looks_like_asc, read_asc
from services.school_import.bells import import_bells
from services.school_import.grid import class_loads, plan_grid
from services.school_import.issues import Issues
from services.school_import.load import import_load
from services.school_import.materialise import materialise, slots_of_year
from services.school_import.progress import Progress, report_progress, reporting
from services.school_import.report import ImportReport
from services.school_import.roster import import_roster
from services.school_import.school import load_people, open_year, resolve_school, school_if_any
from services.school_import.staff import import_staff
from services.school_import.subgroups import import_subgroups
from services.school_import.timetable import write_timetable
from services.school_import.year import import_year

ONLY_ADMIN = "Загружать школу из файлов может только администратор журнала."


class ImportKind(StrEnum):
    PUPILS = "pupils"
    STAFF = "staff"
    LOAD = "load"
    SUBGROUPS = "subgroups"
    YEAR = "year"
    BELLS = "bells"
    TIMETABLE = "timetable"


KIND_TITLES = {
    ImportKind.PUPILS: "ученики и родители",
    ImportKind.STAFF: "сотрудники, должности, классные руководители",
    ImportKind.LOAD: "учебная нагрузка",
    ImportKind.SUBGROUPS: "подгруппы",
    ImportKind.YEAR: "учебный год: периоды, каникулы, смены, классы без отметок",
    ImportKind.BELLS: "расписание звонков",
    ImportKind.TIMETABLE: "расписание (выгрузка aSc или сетка Excel) и уроки до конца года",
}

Importer = Callable[[Ctx, School, SchoolYear, str, bytes, bool], Awaitable[ImportReport]]


async def _year(
    ctx: Ctx, school: School | None, filename: str, content: bytes, apply: bool
) -> tuple[ImportReport, School | None]:
    report, school, year = await import_year(ctx, school, filename, content, apply)
    if school is not None and year is not None and apply:
        # New holidays or period dates: the lessons ahead follow them.
        slots = await slots_of_year(ctx, year.id)
        if slots:
            start = max(local_date(ctx.now, school.timezone), year.starts_on)
            await materialise(ctx, year, slots, start, report, apply)
    return report, school


async def _timetable(
    ctx: Ctx, school: School, year: SchoolYear, filename: str, content: bytes, apply: bool
) -> ImportReport:
    issues = Issues()
    if looks_like_asc(content) or content.lstrip()[:1] == b"<":
        export = read_asc(content, filename, issues)
        issues.raise_if_any(filename)
        plan = plan_asc(export, await load_people(ctx, school.id), filename, issues)
    else:  # an Excel grid names the subjects of the load already in the journal
        plan = plan_grid(content, filename, await class_loads(ctx, year.id), issues)
    issues.raise_if_any(filename)
    report = ImportReport(
        KIND_TITLES[ImportKind.TIMETABLE], filename, applied=apply, notices=issues.notices
    )
    start = max(local_date(ctx.now, school.timezone), year.starts_on)
    await write_timetable(ctx, school, year, plan, report, issues, start, apply)
    return report


IMPORTERS: dict[ImportKind, Importer] = {
    ImportKind.STAFF: import_staff,
    ImportKind.LOAD: import_load,
    ImportKind.SUBGROUPS: import_subgroups,
    ImportKind.TIMETABLE: _timetable,
}


async def import_file(
    ctx: Ctx,
    kind: ImportKind,
    filename: str,
    content: bytes,
    *,
    apply: bool,
    actor: Actor | None = None,
    school_id: int | None = None,
    progress: Progress | None = None,
) -> ImportReport:
    """A dry run unless apply; actor None is the command line, run by whoever runs the server.
    Raises ImportRefused (nothing written) when the file has errors."""
    if actor is not None:
        if not actor.has(Role.ADMIN):
            raise AccessDenied(ONLY_ADMIN)
        school_id = actor.school_id
    with reporting(progress):
        report_progress("Проверка файла")
        if kind == ImportKind.YEAR:
            report, school = await _year(
                ctx, await school_if_any(ctx, school_id), filename, content, apply
            )
        elif kind == ImportKind.PUPILS:  # who loads it: returns of pupils who left are audited
            school = await resolve_school(ctx, school_id)
            year = await open_year(ctx, school.id)
            today = local_date(ctx.now, school.timezone)
            report = await import_roster(
                ctx, school, year, filename, content, today, apply, actor=actor
            )
        elif kind == ImportKind.BELLS:
            school = await resolve_school(ctx, school_id)
            report = await import_bells(ctx, school, filename, content, apply)
        else:
            school = await resolve_school(ctx, school_id)
            year = await open_year(ctx, school.id)
            report = await IMPORTERS[kind](ctx, school, year, filename, content, apply)
    if apply and report.has_changes and school is not None:
        ctx.session.add(
            AuditEntry(
                actor_id=None if actor is None else actor.person_id,
                action=f"import_{kind.value}",
                details={
                    "file": filename,
                    **{
                        what: [t.added, t.changed, t.unchanged]
                        for what, t in report.tallies.items()
                    },
                },
                at=ctx.now,
            )
        )
    return report


async def import_as(
    ctx: Ctx, actor: Actor, kind: ImportKind, filename: str, content: bytes, apply: bool
) -> ImportReport:
    """import_file on behalf of a person in the chat: the administrator of the journal."""
    return await import_file(ctx, kind, filename, content, apply=apply, actor=actor)
