"""The class's summary sheet of final marks (сводная ведомость): every pupil against every
subject for a period, or for the year (001 §4.1.11, §9.3: printed by 30 June, signed by the
director and kept 25 years), and a pupil's report card (табель) over the periods of the year.
"осв." shows where the pupil is exempt from physical education (003 §3.8.1)."""

from dataclasses import dataclass

from sqlalchemy import select

from db.enums import PeriodKind
from db.models import FinalMark, PeExemption, Person, School, Subject
from services import events
from services.context import Ctx
from services.errors import AccessDenied
from services.people.access import pupil_scope
from services.people.actor import Actor
from services.reports.filling import attestation_kinds
from services.reports.outcomes import EXEMPT, class_pupils, pupils_by_class, pupils_of_load
from services.reports.results import Tally, tally_pupils
from services.reports.scope import report_scope
from services.schedule.periods import DatedPeriod, school_calendar
from services.views import PeriodBrief

NOT_YOUR_SHEET = "Сводную ведомость класса печатают классный руководитель и администрация."


@dataclass(frozen=True)
class GridRow:
    pupil_id: int
    full_name: str
    cells: tuple[str, ...]  # per subject: "5".."2", "осв.", "н/а" or "" (not set)


@dataclass(frozen=True)
class FinalGrid:
    school_name: str
    class_id: int
    class_title: str
    class_teacher: str
    year_name: str
    period: PeriodBrief
    is_year: bool
    subjects: tuple[str, ...]
    rows: tuple[GridRow, ...]
    tally: Tally  # of the marks set, as the results report counts them

    def count(self, subject_index: int, value: str) -> int:
        return sum(1 for r in self.rows if r.cells[subject_index] == value)


async def final_grid(ctx: Ctx, actor: Actor, class_id: int, period_id: int | None) -> FinalGrid:
    """The summary sheet of one class for a period (by default the year of the current one)."""
    scope = await report_scope(ctx, actor, period_id, class_id)
    if class_id not in scope.whole_classes:
        raise AccessDenied(NOT_YOUR_SHEET)
    period = scope.period
    if period_id is None:
        period = next(
            (
                p
                for p in scope.calendar.periods
                if p.kind == PeriodKind.YEAR and p.year_id == scope.period.year_id
            ),
            period,
        )
    loads = [ld for ld in scope.loads if ld.class_id == class_id]
    subject_ids = sorted({ld.subject_id for ld in loads}, key=lambda s: scope.subjects.get(s, ""))
    pupils, groups = await class_pupils(ctx, [class_id])
    by_class = pupils_by_class(pupils)
    taught: dict[int, set[int]] = {}
    for ld in loads:
        for pupil_id in pupils_of_load(ld, by_class, groups):
            taught.setdefault(pupil_id, set()).add(ld.subject_id)
    finals = {
        (p, subj): value
        for p, subj, value in (
            await ctx.session.execute(
                select(FinalMark.pupil_id, FinalMark.subject_id, FinalMark.value).where(
                    FinalMark.pupil_id.in_(list(pupils)),
                    FinalMark.period_id == period.brief.id,
                    FinalMark.subject_id.in_(subject_ids),
                )
            )
        )
    }
    exempt = await _exempt(ctx, list(pupils), period.brief.id, subject_ids)
    rows = []
    values: list[tuple[int, int | None]] = []
    for p in pupils.values():
        cells = []
        for subj in subject_ids:
            if subj not in taught.get(p.id, set()):
                cells.append("")
                continue
            value = finals.get((p.id, subj)) or (EXEMPT if (p.id, subj) in exempt else "")
            cells.append(value)
            if value.isdigit():
                values.append((p.id, int(value)))
            elif value and value != EXEMPT:
                values.append((p.id, None))
        rows.append(GridRow(p.id, p.full_name, tuple(cells)))
    info = scope.classes[class_id]
    year = next(p for p in scope.calendar.periods if p.year_id == period.year_id)
    return FinalGrid(
        school_name=scope.school_name,
        class_id=class_id,
        class_title=info.title,
        class_teacher=info.class_teacher,
        year_name=f"{year.year_starts_on.year}/{year.year_ends_on.year}",
        period=period.brief,
        is_year=period.kind == PeriodKind.YEAR,
        subjects=tuple(scope.short_subjects.get(s, "?") for s in subject_ids),
        rows=tuple(rows),
        tally=tally_pupils(_Value(p, v) for p, v in values),
    )


@dataclass(frozen=True)
class _Value:
    """What tally_pupils reads of an outcome."""

    pupil_id: int
    value: int | None


async def _exempt(
    ctx: Ctx, pupil_ids: list[int], period_id: int, subject_ids: list[int]
) -> set[tuple[int, int]]:
    exemptible = (
        await ctx.session.scalars(
            select(Subject.id).where(
                Subject.id.in_(subject_ids), Subject.allows_exemption.is_(True)
            )
        )
    ).all()
    pupils = (
        await ctx.session.scalars(
            select(PeExemption.pupil_id).where(
                PeExemption.pupil_id.in_(pupil_ids), PeExemption.period_id == period_id
            )
        )
    ).all()
    return {(p, s) for p in pupils for s in exemptible}


@dataclass(frozen=True)
class ReportCard:
    school_name: str
    pupil: str
    class_title: str
    class_teacher: str
    year_name: str
    periods: tuple[PeriodBrief, ...]  # the attestation periods, then the year
    subjects: tuple[tuple[str, tuple[str, ...]], ...]  # subject, a cell per period


async def report_card(ctx: Ctx, actor: Actor, pupil_id: int) -> ReportCard:
    """The pupil's final marks in every subject for each period of the current year: for the
    pupil, their guardians and the staff who may see them (services.people.access)."""
    seen = await pupil_scope(ctx, actor, pupil_id)
    events.staff_read(ctx, actor, pupil_id, "report_card")
    cls = seen.school_class
    calendar = await school_calendar(ctx, actor.school_id, cls.year_id)
    kinds = await attestation_kinds(ctx, [cls.id], cls.year_id)
    kind = PeriodKind(kinds.get(cls.id, PeriodKind.QUARTER.value))
    chosen: list[DatedPeriod] = sorted(
        (p for p in calendar.periods if p.kind == kind), key=lambda p: p.brief.starts_on
    ) + [p for p in calendar.periods if p.kind == PeriodKind.YEAR]
    period_ids = [p.brief.id for p in chosen]
    rows = await ctx.session.execute(
        select(Subject.id, Subject.name, FinalMark.period_id, FinalMark.value)
        .join(FinalMark, FinalMark.subject_id == Subject.id)
        .where(FinalMark.pupil_id == pupil_id, FinalMark.period_id.in_(period_ids))
    )
    cells: dict[int, dict[int, str]] = {}
    names: dict[int, str] = {}
    for subject_id, name, period_id, value in rows:
        if not seen.allows_subject(subject_id):
            continue
        names[subject_id] = name
        cells.setdefault(subject_id, {})[period_id] = value
    exemptions = set(
        (
            await ctx.session.scalars(
                select(PeExemption.period_id).where(PeExemption.pupil_id == pupil_id)
            )
        ).all()
    )
    for subject_id, name, allows in await ctx.session.execute(
        select(Subject.id, Subject.name, Subject.allows_exemption).where(
            Subject.school_id == actor.school_id
        )
    ):
        if allows and exemptions & set(period_ids) and seen.allows_subject(subject_id):
            names.setdefault(subject_id, name)
            for period_id in exemptions & set(period_ids):
                cells.setdefault(subject_id, {}).setdefault(period_id, EXEMPT)
    teacher = await ctx.session.get(Person, cls.class_teacher_id) if cls.class_teacher_id else None
    school = await ctx.session.get(School, actor.school_id)
    year = chosen[-1] if chosen else None
    return ReportCard(
        school_name=school.name if school else "",
        pupil=seen.pupil.full_name,
        class_title=cls.title,
        class_teacher=teacher.short_name if teacher else "",
        year_name=f"{year.year_starts_on.year}/{year.year_ends_on.year}" if year else "",
        periods=tuple(p.brief for p in chosen),
        subjects=tuple(
            (names[s], tuple(cells[s].get(pid, "") for pid in period_ids))
            for s in sorted(names, key=lambda s: names[s])
        ),
    )
