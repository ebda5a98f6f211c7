"""The health sheet (004 §9, row 7): kept by the medical worker, read by the class teacher of
the pupil's class, by the physical education teacher of the pupil, and by the director and the
deputy, who see every page of the journal (001 §4.2.4, §4.6.1). Health data is a special
category of personal data (152-FZ art. 10): every read and change is in the audit log. An
exemption from physical education for a period makes the final there "осв." (003 §3.8.1)."""

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import Select, select

from db.models import (
    HealthRecord,
    PeExemption,
    Period,
    Person,
    SchoolClass,
    SchoolYear,
    SubgroupMember,
    Subject,
)
from services import events
from services.context import Ctx
from services.errors import AccessDenied, NotFound, RuleViolation
from services.people.access import NO_ACCESS_TO_PUPIL, pupil_class, pupil_subgroups
from services.people.actor import Actor, Role
from services.people.class_people import class_pupils
from services.plain_text import shown_text

HEALTH_GROUPS = (1, 2, 3, 4, 5)
PE_GROUPS = ("основная", "подготовительная", "специальная А", "специальная Б", "освобождён")
MEDIC_ONLY = "Лист здоровья ведёт медицинский работник."
NOT_YOURS = (
    "Лист здоровья видят медицинский работник, классный руководитель, учитель физкультуры "
    "и администрация."
)


@dataclass(frozen=True)
class HealthLine:
    pupil_id: int
    full_name: str
    health_group: int | None
    pe_group: str
    note: str
    exempt_periods: tuple[str, ...]  # names of the periods with "осв."


async def _pupil(ctx: Ctx, actor: Actor, pupil_id: int) -> tuple[str, SchoolClass]:
    """The pupil's name and class, if they are on the roll of the actor's school."""
    pupil = await ctx.session.get(Person, pupil_id)
    cls = await pupil_class(ctx, pupil_id) if pupil else None
    if pupil is None or cls is None or cls.school_id != actor.school_id:
        raise AccessDenied(NO_ACCESS_TO_PUPIL)
    return pupil.full_name, cls


async def exemptible_subjects(ctx: Ctx) -> set[int]:
    """The subjects a pupil may be exempted from ("осв."): physical education."""
    return set(
        (await ctx.session.scalars(select(Subject.id).where(Subject.allows_exemption))).all()
    )


def reads_whole_class(actor: Actor, class_id: int) -> bool:
    """The medical worker, the administration and the class teacher read every pupil's line."""
    return actor.has(Role.MEDIC, Role.DIRECTOR, Role.DEPUTY) or class_id in actor.class_teacher_of


def pe_groups(actor: Actor, class_id: int, exemptible: set[int]) -> set[int | None]:
    """Where the actor teaches PE in the class: its subgroups, None for the whole class."""
    return {
        t.subgroup_id
        for t in actor.teaching
        if t.class_id == class_id and t.subject_id in exemptible
    }


async def _may_read(ctx: Ctx, actor: Actor, pupil_id: int) -> tuple[str, SchoolClass]:
    name, cls = await _pupil(ctx, actor, pupil_id)
    if reads_whole_class(actor, cls.id):
        return name, cls
    taught = pe_groups(actor, cls.id, await exemptible_subjects(ctx))
    if None in taught or taught & await pupil_subgroups(ctx, pupil_id):
        return name, cls
    raise AccessDenied(NOT_YOURS)


def _line(
    pupil_id: int, name: str, record: HealthRecord | None, periods: Sequence[str]
) -> HealthLine:
    return HealthLine(
        pupil_id,
        name,
        record.health_group if record else None,
        record.pe_group if record else "",
        record.note if record else "",
        tuple(periods),
    )


def _exemptions(pupil_ids: Sequence[int]) -> Select[int, str]:
    return (
        select(PeExemption.pupil_id, Period.name)
        .join(Period, Period.id == PeExemption.period_id)
        .where(PeExemption.pupil_id.in_(pupil_ids))
        .order_by(Period.starts_on, Period.ends_on)
    )


async def health_line(ctx: Ctx, actor: Actor, pupil_id: int) -> HealthLine:
    name, _ = await _may_read(ctx, actor, pupil_id)
    record = await ctx.session.scalar(select(HealthRecord).where(HealthRecord.pupil_id == pupil_id))
    periods = [name for _, name in (await ctx.session.execute(_exemptions([pupil_id]))).all()]
    events.audit(ctx, actor, "health.read", pupil_id)
    return _line(pupil_id, name, record, periods)


async def class_health_lines(ctx: Ctx, actor: Actor, cls: SchoolClass) -> list[HealthLine]:
    """Each line of the class that the actor may read, in journal order, as health_line gives
    them one by one (each read audited), in three statements: a PE teacher of one subgroup
    reads its pupils only."""
    pupils = list(await class_pupils(ctx, cls.id))
    if not reads_whole_class(actor, cls.id):
        taught = pe_groups(actor, cls.id, await exemptible_subjects(ctx))
        if not taught:
            raise AccessDenied(NOT_YOURS)
        if None not in taught:
            members = set(
                (
                    await ctx.session.scalars(
                        select(SubgroupMember.pupil_id).where(
                            SubgroupMember.subgroup_id.in_(taught)
                        )
                    )
                ).all()
            )
            pupils = [p for p in pupils if p.id in members]
    ids = [p.id for p in pupils]
    records = {
        r.pupil_id: r
        for r in (
            await ctx.session.scalars(select(HealthRecord).where(HealthRecord.pupil_id.in_(ids)))
        ).all()
    }
    exempt: dict[int, list[str]] = defaultdict(list)
    for pupil_id, period in (await ctx.session.execute(_exemptions(ids))).all():
        exempt[pupil_id].append(period)
    lines = []
    for p in pupils:
        events.audit(ctx, actor, "health.read", p.id)
        lines.append(_line(p.id, p.full_name, records.get(p.id), exempt[p.id]))
    return lines


async def set_health(
    ctx: Ctx, actor: Actor, pupil_id: int, health_group: int | None, pe_group: str, note: str = ""
) -> None:
    if not actor.has(Role.MEDIC):
        raise AccessDenied(MEDIC_ONLY)
    await _pupil(ctx, actor, pupil_id)
    if health_group is not None and health_group not in HEALTH_GROUPS:
        raise RuleViolation("Группа здоровья — от 1 до 5.")
    if pe_group and pe_group not in PE_GROUPS:
        raise RuleViolation("Группа по физкультуре: " + ", ".join(PE_GROUPS) + ".")
    note = shown_text(note).strip()
    if len(note) > 300:
        raise RuleViolation("Примечание — не длиннее 300 символов.")
    record = await ctx.session.scalar(select(HealthRecord).where(HealthRecord.pupil_id == pupil_id))
    if record is None:
        record = HealthRecord(pupil_id=pupil_id)
        ctx.session.add(record)
    record.health_group, record.pe_group, record.note = health_group, pe_group, note
    record.updated_by, record.updated_at = actor.person_id, ctx.now
    events.audit(ctx, actor, "health.changed", pupil_id, health_group=health_group, pe=pe_group)


async def set_pe_exemption(
    ctx: Ctx, actor: Actor, pupil_id: int, period_id: int, exempt: bool, reason: str = ""
) -> None:
    """On a medical certificate the medical worker exempts the pupil for a period; the final
    there reads "осв." wherever finals are shown."""
    if not actor.has(Role.MEDIC):
        raise AccessDenied(MEDIC_ONLY)
    _, cls = await _pupil(ctx, actor, pupil_id)
    period = await ctx.session.get(Period, period_id)
    year = await ctx.session.get(SchoolYear, period.year_id) if period else None
    if period is None or year is None or year.id != cls.year_id:
        raise NotFound("Учебный период не найден.")
    found = await ctx.session.scalar(
        select(PeExemption).where(
            PeExemption.pupil_id == pupil_id, PeExemption.period_id == period_id
        )
    )
    if exempt and found is None:
        ctx.session.add(
            PeExemption(
                pupil_id=pupil_id,
                period_id=period_id,
                reason=shown_text(reason).strip()[:300],
                set_by=actor.person_id,
                set_at=ctx.now,
            )
        )
    elif not exempt and found is not None:
        await ctx.session.delete(found)
    events.audit(ctx, actor, "pe_exemption.changed", pupil_id, period_id=period_id, exempt=exempt)


async def exempt_pupils(ctx: Ctx, pupil_ids: list[int], period_id: int) -> frozenset[int]:
    """Who of these is exempt from physical education in the period (for finals' sheets)."""
    rows = await ctx.session.scalars(
        select(PeExemption.pupil_id).where(
            PeExemption.pupil_id.in_(pupil_ids), PeExemption.period_id == period_id
        )
    )
    return frozenset(rows.all())
