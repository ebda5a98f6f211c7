"""The health sheet (004 §9, row 7): kept by the medical worker, read by the class teacher of
the pupil's class, by the physical education teacher of the pupil, and by the director and the
deputy, who see every page of the journal (001 §4.2.4, §4.6.1). Health data is a special
category of personal data (152-FZ art. 10): every read and change is in the audit log. An
exemption from physical education for a period makes the final there "осв." (003 §3.8.1)."""

from dataclasses import dataclass

from sqlalchemy import select

from db.models import (
    HealthRecord,
    PeExemption,
    Period,
    Person,
    SchoolClass,
    SchoolYear,
    Subject,
)
from services import events
from services.context import Ctx
from services.errors import AccessDenied, NotFound, RuleViolation
from services.people.access import NO_ACCESS_TO_PUPIL, pupil_class, pupil_subgroups
from services.people.actor import Actor, Role
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


async def _may_read(ctx: Ctx, actor: Actor, pupil_id: int) -> tuple[str, SchoolClass]:
    name, cls = await _pupil(ctx, actor, pupil_id)
    if actor.has(Role.MEDIC, Role.DIRECTOR, Role.DEPUTY) or cls.id in actor.class_teacher_of:
        return name, cls
    groups = await pupil_subgroups(ctx, pupil_id)
    exemptible = set(
        (await ctx.session.scalars(select(Subject.id).where(Subject.allows_exemption))).all()
    )
    pe_teacher = any(
        t.class_id == cls.id
        and t.subject_id in exemptible
        and (t.subgroup_id is None or t.subgroup_id in groups)
        for t in actor.teaching
    )
    if not pe_teacher:
        raise AccessDenied(NOT_YOURS)
    return name, cls


async def health_line(ctx: Ctx, actor: Actor, pupil_id: int) -> HealthLine:
    name, _ = await _may_read(ctx, actor, pupil_id)
    record = await ctx.session.scalar(select(HealthRecord).where(HealthRecord.pupil_id == pupil_id))
    periods = (
        await ctx.session.scalars(
            select(Period.name)
            .join(PeExemption, PeExemption.period_id == Period.id)
            .where(PeExemption.pupil_id == pupil_id)
            .order_by(Period.starts_on, Period.ends_on)
        )
    ).all()
    events.audit(ctx, actor, "health.read", pupil_id)
    return HealthLine(
        pupil_id,
        name,
        record.health_group if record else None,
        record.pe_group if record else "",
        record.note if record else "",
        tuple(periods),
    )


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
