"""Promotion to the next grade by the director's order (001 §4.1.12): everyone of the closed year
moves one grade up into the class of the same letter, except those the order names otherwise —
repeaters stay in their grade, a conditional promotion carries a subject debt, and pupils
finishing grade 9 (by the order) or grade 11 (always) leave the school as graduates."""

from collections.abc import Collection, Mapping
from dataclasses import dataclass

from sqlalchemy import select

from db.enums import EnrollmentEnd
from db.models import Enrollment, SchoolClass, Subgroup, SubgroupMember, Subject, SubjectDebt
from services import events
from services.context import Ctx
from services.errors import RuleViolation
from services.people.actor import Actor
from services.year_end.common import (
    LAST_GRADE,
    LEAVING_GRADES,
    require_admin,
    year_after,
    year_of_school,
)

ORDER_LIMIT = 200


@dataclass(frozen=True)
class Promotion:
    promoted: int
    conditional: int
    repeated: int
    graduated: int


async def promote_pupils(
    ctx: Ctx,
    actor: Actor,
    year_id: int,
    order: str,
    *,
    repeat: Collection[int] = (),
    conditional: Mapping[int, Collection[int]] | None = None,
    leave: Collection[int] = (),
) -> Promotion:
    """conditional: pupil -> the subjects of their debt; leave: pupils finishing grade 9 who
    leave the school (grade 11 leaves whole)."""
    require_admin(actor)
    conditional = conditional or {}
    order = " ".join(order.split())
    if not order:
        raise RuleViolation("Укажите приказ директора о переводе (номер и дату).")
    if len(order) > ORDER_LIMIT:
        raise RuleViolation(f"Приказ — не длиннее {ORDER_LIMIT} символов.")
    year = await year_of_school(ctx, actor, year_id)
    if not year.is_closed:
        raise RuleViolation(f"Сначала закройте учебный год {year.name}: перевод — по итогам года.")
    following = await year_after(ctx, year)
    if following is None:
        raise RuleViolation(f"Сначала откройте следующий за {year.name} учебный год.")
    overlap = (set(repeat) & set(conditional)) | (set(repeat) & set(leave))
    overlap |= set(conditional) & set(leave)
    if overlap:
        raise RuleViolation("Один ученик назван в приказе дважды (оставлен, условно, выбывает).")
    s = ctx.session
    places = (
        await s.execute(
            select(Enrollment, SchoolClass)
            .join(SchoolClass, SchoolClass.id == Enrollment.class_id)
            .where(SchoolClass.year_id == year.id, Enrollment.is_active.is_(True))
        )
    ).all()
    if not places:
        raise RuleViolation(f"В {year.name} не осталось учеников для перевода: перевод уже сделан?")
    targets = {
        (c.grade, c.letter): c
        for c in (
            await s.scalars(select(SchoolClass).where(SchoolClass.year_id == following.id))
        ).all()
    }
    known = {p.pupil_id for p, _ in places}
    strangers = (set(repeat) | set(conditional) | set(leave)) - known
    if strangers:
        raise RuleViolation("В приказе есть ученики, которых нет в классах этого года.")
    subjects = set(
        (await s.scalars(select(Subject.id).where(Subject.school_id == actor.school_id))).all()
    )
    for debts in conditional.values():
        if not debts or not set(debts) <= subjects:
            raise RuleViolation("У условно переведённого укажите предметы задолженности школы.")
    plan: list[tuple[Enrollment, SchoolClass, EnrollmentEnd, SchoolClass | None]] = []
    problems = []
    for enrollment, cls in places:
        pupil = enrollment.pupil_id
        if pupil in leave and cls.grade not in LEAVING_GRADES:
            problems.append(
                f"ученик {cls.title} не может выбыть с переводом: выбывают после 9 и 11 классов"
            )
            continue
        if pupil in repeat:
            end, grade = EnrollmentEnd.REPEATED, cls.grade
        elif cls.grade == LAST_GRADE or pupil in leave:
            plan.append((enrollment, cls, EnrollmentEnd.GRADUATED, None))
            continue
        elif pupil in conditional:
            end, grade = EnrollmentEnd.CONDITIONAL, cls.grade + 1
        else:
            end, grade = EnrollmentEnd.PROMOTED, cls.grade + 1
        target = targets.get((grade, cls.letter))
        if target is None:
            problems.append(f"нет класса {grade}{cls.letter} в {following.name}")
            continue
        plan.append((enrollment, cls, end, target))
    if problems:
        raise RuleViolation("Перевод не выполнен: " + "; ".join(sorted(set(problems))) + ".")
    counts = dict.fromkeys(EnrollmentEnd, 0)
    for enrollment, cls, end, target in plan:
        enrollment.is_active, enrollment.ends_on, enrollment.ended = False, year.ends_on, end
        counts[end] += 1
        if target is not None:
            starts = following.starts_on
            s.add(Enrollment(pupil_id=enrollment.pupil_id, class_id=target.id, starts_on=starts))
            await _carry_groups(ctx, enrollment.pupil_id, cls.id, target.id)
    for pupil, debts in conditional.items():
        for subject in debts:
            s.add(SubjectDebt(pupil_id=pupil, subject_id=subject, year_id=year.id))
    result = Promotion(
        promoted=counts[EnrollmentEnd.PROMOTED],
        conditional=counts[EnrollmentEnd.CONDITIONAL],
        repeated=counts[EnrollmentEnd.REPEATED],
        graduated=counts[EnrollmentEnd.GRADUATED],
    )
    events.audit(
        ctx,
        actor,
        "year.promoted",
        year_id=year.id,
        to_year_id=following.id,
        order=order,
        repeated=sorted(repeat),
        conditional={str(k): sorted(v) for k, v in conditional.items()},
        left=sorted(leave),
        promoted=result.promoted,
        graduated=result.graduated,
    )
    return result


async def _carry_groups(ctx: Ctx, pupil_id: int, old_class: int, new_class: int) -> None:
    """The pupil's groups go with them to the same-named groups of the new class."""
    old_groups = (
        await ctx.session.execute(
            select(Subgroup.subject_id, Subgroup.name)
            .join(SubgroupMember, SubgroupMember.subgroup_id == Subgroup.id)
            .where(Subgroup.class_id == old_class, SubgroupMember.pupil_id == pupil_id)
        )
    ).all()
    if not old_groups:
        return
    twins = {
        (g.subject_id, g.name): g.id
        for g in (
            await ctx.session.scalars(select(Subgroup).where(Subgroup.class_id == new_class))
        ).all()
    }
    for subject_id, name in old_groups:
        twin = twins.get((subject_id, name))
        if twin is not None:
            ctx.session.add(SubgroupMember(subgroup_id=twin, pupil_id=pupil_id))
