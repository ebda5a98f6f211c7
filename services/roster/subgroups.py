"""A pupil moved between the subgroups of a subject (001 §4.4.11): groups are formed at the
year's start, and a pupil moves from one to another only when a period (quarter, half-year,
year) has ended, by the administrator of the journal. A pupil in no group of the subject yet
(just admitted) may be placed at any time."""

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select

from db.enums import PeriodKind
from db.models import Period, Subgroup, SubgroupMember, Subject
from services import events
from services.context import Ctx
from services.errors import NotFound, RuleViolation
from services.people.actor import Actor
from services.roster.common import current_place, person_of_school, require_admin
from services.schedule.periods import school_today


async def _between_periods(ctx: Ctx, year_id: int, on: date) -> bool:
    """On the last day of a period, or after it and before the next one starts."""
    periods = (
        await ctx.session.scalars(
            select(Period).where(Period.year_id == year_id, Period.kind != PeriodKind.YEAR)
        )
    ).all()
    for p in periods:
        if p.ends_on == on:
            return True
        later = [q.starts_on for q in periods if q.starts_on > p.ends_on]
        if p.ends_on < on and (not later or on < min(later)):
            return True
    return False


async def move_to_subgroup(ctx: Ctx, actor: Actor, pupil_id: int, subgroup_id: int) -> None:
    require_admin(actor)
    pupil = await person_of_school(ctx, actor, pupil_id)
    place = await current_place(ctx, pupil_id)
    group = await ctx.session.get(Subgroup, subgroup_id)
    if place is None or not pupil.is_active:
        raise RuleViolation(f"{pupil.full_name} сейчас не учится ни в одном классе.")
    _, cls = place
    if group is None or group.class_id != cls.id:
        raise NotFound(f"В классе {cls.title} нет такой группы.")
    same_subject = (
        await ctx.session.scalars(
            select(SubgroupMember)
            .join(Subgroup, Subgroup.id == SubgroupMember.subgroup_id)
            .where(
                SubgroupMember.pupil_id == pupil_id,
                Subgroup.class_id == cls.id,
                Subgroup.subject_id == group.subject_id,
            )
        )
    ).all()
    if any(m.subgroup_id == subgroup_id for m in same_subject):
        raise RuleViolation(f"{pupil.full_name} уже в группе «{group.name}».")
    today = await school_today(ctx, actor.school_id)
    if same_subject and not await _between_periods(ctx, cls.year_id, today):
        raise RuleViolation(
            "Перевести ученика из группы в группу можно только по окончании учебного периода "
            "(четверти, полугодия, года) — 001 §4.4.11."
        )
    previous = [m.subgroup_id for m in same_subject]
    for member in same_subject:
        await ctx.session.delete(member)
    ctx.session.add(SubgroupMember(subgroup_id=subgroup_id, pupil_id=pupil_id))
    events.audit(
        ctx,
        actor,
        "roster.subgroup_changed",
        pupil_id,
        class_id=cls.id,
        subgroup_id=subgroup_id,
        previous_subgroup_ids=previous,
    )


@dataclass(frozen=True)
class GroupChoice:
    id: int
    subject: str
    name: str
    is_member: bool


async def pupil_groups(ctx: Ctx, actor: Actor, pupil_id: int) -> list[GroupChoice]:
    """The subgroups of the pupil's class, and which of them the pupil is in."""
    require_admin(actor)
    pupil = await person_of_school(ctx, actor, pupil_id)
    place = await current_place(ctx, pupil_id)
    if place is None or not pupil.is_active:
        raise RuleViolation(f"{pupil.full_name} сейчас не учится ни в одном классе.")
    mine = set(
        (
            await ctx.session.scalars(
                select(SubgroupMember.subgroup_id).where(SubgroupMember.pupil_id == pupil_id)
            )
        ).all()
    )
    rows = await ctx.session.execute(
        select(Subgroup, Subject.name)
        .join(Subject, Subject.id == Subgroup.subject_id)
        .where(Subgroup.class_id == place[1].id)
        .order_by(Subject.name, Subgroup.name)
    )
    return [GroupChoice(g.id, subject, g.name, g.id in mine) for g, subject in rows]
