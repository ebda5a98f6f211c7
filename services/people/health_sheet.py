"""The health sheet as the chat shows it (004 §9): the classes whose sheet the actor may open,
a class's sheet one line per pupil, and one pupil's card with the periods of their year to mark
"осв.". The lines come from services.people.health (health_line, class_health_lines), so access
is checked and each read is in the audit log, whatever the chat asks for."""

from dataclasses import dataclass

from sqlalchemy import select

from db.enums import PeriodKind
from db.models import PeExemption, Period, SchoolClass, SchoolYear, Subject
from services.context import Ctx
from services.errors import AccessDenied
from services.marks.period_grades import certifies
from services.people.access import NO_ACCESS_TO_CLASS, pupil_class
from services.people.actor import Actor, Role
from services.people.health import (
    NOT_YOURS,
    HealthLine,
    class_health_lines,
    exemptible_subjects,
    health_line,
)


@dataclass(frozen=True)
class HealthClass:
    id: int
    title: str


@dataclass(frozen=True)
class ClassHealth:
    class_id: int
    title: str
    lines: tuple[HealthLine, ...]
    may_change: bool


@dataclass(frozen=True)
class PeriodMark:
    period_id: int
    name: str
    exempt: bool


@dataclass(frozen=True)
class PupilHealth:
    line: HealthLine
    class_id: int
    class_title: str
    periods: tuple[PeriodMark, ...]  # the periods of the class's year that end in a final
    may_change: bool


async def pe_classes(ctx: Ctx, actor: Actor) -> set[int]:
    """The classes where the actor teaches a subject one may be exempted from (PE)."""
    if not actor.teaching:
        return set()
    exemptible = await exemptible_subjects(ctx)
    return {t.class_id for t in actor.teaching if t.subject_id in exemptible}


async def reads_pe_sheet(ctx: Ctx, actor: Actor, class_id: int, subject_id: int) -> bool:
    """The actor teaches this subject in the class and it is one pupils may be exempted from:
    their lesson card opens the class's health sheet."""
    if not any(t.class_id == class_id and t.subject_id == subject_id for t in actor.teaching):
        return False
    return bool(
        await ctx.session.scalar(select(Subject.allows_exemption).where(Subject.id == subject_id))
    )


async def health_classes(ctx: Ctx, actor: Actor) -> list[HealthClass]:
    """The classes of the open years whose sheet the actor may open: every class for the
    medical worker and the administration, their own for the class and the PE teacher."""
    query = (
        select(SchoolClass)
        .join(SchoolYear, SchoolYear.id == SchoolClass.year_id)
        .where(SchoolClass.school_id == actor.school_id, SchoolYear.is_closed.is_(False))
        .order_by(SchoolYear.starts_on, SchoolClass.grade, SchoolClass.letter)
    )
    if not actor.has(Role.MEDIC, Role.DIRECTOR, Role.DEPUTY):
        query = query.where(
            SchoolClass.id.in_(set(actor.class_teacher_of) | await pe_classes(ctx, actor))
        )
    found = [HealthClass(c.id, c.title) for c in (await ctx.session.scalars(query)).all()]
    if not found and not actor.has(Role.MEDIC, Role.DIRECTOR, Role.DEPUTY):
        raise AccessDenied(NOT_YOURS)
    return found


async def class_health(ctx: Ctx, actor: Actor, class_id: int) -> ClassHealth:
    """The class's pupils in journal order with their health lines; a PE teacher of one
    subgroup sees the pupils of that subgroup only."""
    cls = await ctx.session.get(SchoolClass, class_id)
    if cls is None or cls.school_id != actor.school_id:
        raise AccessDenied(NO_ACCESS_TO_CLASS)
    lines = await class_health_lines(ctx, actor, cls)
    return ClassHealth(class_id, cls.title, tuple(lines), actor.has(Role.MEDIC))


async def pupil_health(ctx: Ctx, actor: Actor, pupil_id: int) -> PupilHealth:
    line = await health_line(ctx, actor, pupil_id)
    cls = await pupil_class(ctx, pupil_id)
    assert cls is not None  # health_line has found it
    periods = (await ctx.session.scalars(select(Period).where(Period.year_id == cls.year_id))).all()
    ours = sorted(
        (p for p in periods if certifies(p, periods, cls.grade)),
        key=lambda p: (p.kind == PeriodKind.YEAR, p.starts_on, p.ends_on),
    )
    exempt = set(
        (
            await ctx.session.scalars(
                select(PeExemption.period_id).where(PeExemption.pupil_id == pupil_id)
            )
        ).all()
    )
    marks = tuple(PeriodMark(p.id, p.name, p.id in exempt) for p in ours)
    return PupilHealth(line, cls.id, cls.title, marks, actor.has(Role.MEDIC))
