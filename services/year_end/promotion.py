"""Promotion to the next grade by the director's order (001 §4.1.12): everyone of the closed year
moves one grade up into the class of the same letter, except those the order names otherwise —
repeaters stay in their grade, a conditional promotion carries a subject debt, and pupils
finishing grade 9 (by the order) or grade 11 (always) leave the school as graduates."""

from collections.abc import Collection, Mapping
from dataclasses import dataclass, field

from sqlalchemy import select

from db.enums import EnrollmentEnd
from db.models import (
    Enrollment,
    Person,
    SchoolClass,
    Subgroup,
    SubgroupMember,
    Subject,
    SubjectDebt,
)
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
from services.year_end.new_class import AddedClass, MissingClass, MissingClasses, add_class

ORDER_LIMIT = 200


@dataclass(frozen=True)
class Promotion:
    promoted: int
    conditional: int
    repeated: int
    graduated: int


@dataclass(frozen=True)
class OrderExceptions:
    """The pupils the order names otherwise than promoted: repeaters, conditional promotions
    (pupil -> the subjects of their debt) and pupils finishing grade 9 who leave the school
    (grade 11 leaves whole)."""

    repeat: Collection[int] = ()
    conditional: Mapping[int, Collection[int]] = field(default_factory=dict)
    leave: Collection[int] = ()

    @property
    def pupils(self) -> set[int]:
        return set(self.repeat) | set(self.conditional) | set(self.leave)


NOBODY_NAMED = OrderExceptions()


@dataclass(frozen=True)
class NamedPupil:
    """A pupil the order names, in the class of the closed year."""

    id: int
    name: str
    class_title: str
    debts: tuple[str, ...] = ()  # a conditional promotion's subjects


@dataclass(frozen=True)
class ClassMove:
    """How many pupils of a class of the closed year go where: `to_title` is the class of the
    next year (the same grade for repeaters), None for those who leave the school."""

    from_title: str
    to_title: str | None
    end: EnrollmentEnd
    pupils: int


@dataclass(frozen=True)
class PromotionPlan:
    """What the order will do, checked whole before anything is written."""

    year: str
    next_year: str
    order: str
    moves: tuple[ClassMove, ...]
    repeated: tuple[NamedPupil, ...]
    conditional: tuple[NamedPupil, ...]
    left: tuple[NamedPupil, ...]
    counts: Promotion


_Step = tuple[Enrollment, SchoolClass, EnrollmentEnd, SchoolClass | None]


def order_text(order: str) -> str:
    """The director's order as written in the journal: its number and date, one line."""
    order = " ".join(order.split())
    if not order:
        raise RuleViolation("Укажите приказ директора о переводе (номер и дату).")
    if not any(c.isdigit() for c in order):
        raise RuleViolation(
            f"«{order[:40]}» не похоже на приказ: укажите его номер и дату, "
            "например «№ 45 от 30.05.2027»."
        )
    if len(order) > ORDER_LIMIT:
        raise RuleViolation(f"Приказ — не длиннее {ORDER_LIMIT} символов.")
    return order


async def plan_promotion(
    ctx: Ctx,
    actor: Actor,
    year_id: int,
    order: str,
    named: OrderExceptions = NOBODY_NAMED,
) -> PromotionPlan:
    """What promote_pupils would do, with the same checks, writing nothing."""
    plan, _ = await _plan(ctx, actor, year_id, order, named)
    return plan


async def open_missing_classes(
    ctx: Ctx,
    actor: Actor,
    year_id: int,
    order: str,
    named: OrderExceptions = NOBODY_NAMED,
) -> list[AddedClass]:
    """The next year's classes this order needs and lacks (a repeater's grade with no class
    there), opened by add_class, so that the order can be made; none lacking, none opened."""
    try:
        await _plan(ctx, actor, year_id, order, named)
    except MissingClasses as missing:
        return [await add_class(ctx, actor, m.year_id, m.grade, m.letter) for m in missing.missing]
    return []


async def promote_pupils(
    ctx: Ctx,
    actor: Actor,
    year_id: int,
    order: str,
    named: OrderExceptions = NOBODY_NAMED,
) -> Promotion:
    plan, steps = await _plan(ctx, actor, year_id, order, named)
    s = ctx.session
    year = await year_of_school(ctx, actor, year_id)
    following = await year_after(ctx, year)
    assert following is not None  # _plan checked it
    for enrollment, cls, end, target in steps:
        enrollment.is_active, enrollment.ends_on, enrollment.ended = False, year.ends_on, end
        if target is not None:
            starts = following.starts_on
            s.add(Enrollment(pupil_id=enrollment.pupil_id, class_id=target.id, starts_on=starts))
            await _carry_groups(ctx, enrollment.pupil_id, cls.id, target.id)
    for pupil, debts in named.conditional.items():
        for subject in debts:
            s.add(SubjectDebt(pupil_id=pupil, subject_id=subject, year_id=year.id))
    result = plan.counts
    events.audit(
        ctx,
        actor,
        "year.promoted",
        year_id=year.id,
        to_year_id=following.id,
        order=plan.order,
        repeated=sorted(named.repeat),
        conditional={str(k): sorted(v) for k, v in named.conditional.items()},
        left=sorted(named.leave),
        promoted=result.promoted,
        graduated=result.graduated,
    )
    return result


async def _plan(
    ctx: Ctx,
    actor: Actor,
    year_id: int,
    order: str,
    named: OrderExceptions,
) -> tuple[PromotionPlan, list[_Step]]:
    require_admin(actor)
    order = order_text(order)
    year = await year_of_school(ctx, actor, year_id)
    if not year.is_closed:
        raise RuleViolation(f"Сначала закройте учебный год {year.name}: перевод — по итогам года.")
    following = await year_after(ctx, year)
    if following is None:
        raise RuleViolation(f"Сначала откройте следующий за {year.name} учебный год.")
    repeat, conditional, leave = named.repeat, named.conditional, named.leave
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
            .order_by(SchoolClass.grade, SchoolClass.letter, Enrollment.id)
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
    strangers = named.pupils - known
    if strangers:
        raise RuleViolation("В приказе есть ученики, которых нет в классах этого года.")
    subjects = dict(
        (
            await s.execute(
                select(Subject.id, Subject.name).where(Subject.school_id == actor.school_id)
            )
        ).all()
    )
    for debts in conditional.values():
        if not debts or not set(debts) <= set(subjects):
            raise RuleViolation("У условно переведённого укажите предметы задолженности школы.")
    steps: list[_Step] = []
    problems = []
    missing: dict[tuple[int, str], list[tuple[int, str]]] = {}  # class -> (pupil, from)
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
            steps.append((enrollment, cls, EnrollmentEnd.GRADUATED, None))
            continue
        elif pupil in conditional:
            end, grade = EnrollmentEnd.CONDITIONAL, cls.grade + 1
        else:
            end, grade = EnrollmentEnd.PROMOTED, cls.grade + 1
        target = targets.get((grade, cls.letter))
        if target is None:
            missing.setdefault((grade, cls.letter), []).append((pupil, cls.title))
            continue
        steps.append((enrollment, cls, end, target))
    if problems:
        problems += [f"нет класса {g}{letter} в {following.name}" for g, letter in missing]
        raise RuleViolation("Перевод не выполнен: " + "; ".join(sorted(set(problems))) + ".")
    if missing:
        by_name = set(repeat) | set(conditional)
        raise MissingClasses(await _missing(ctx, following.id, following.name, missing, by_name))
    names = (year.name, following.name, order)
    return await _described(ctx, names, steps, named, subjects)


async def _missing(
    ctx: Ctx,
    year_id: int,
    year_name: str,
    missing: Mapping[tuple[int, str], list[tuple[int, str]]],
    named: Collection[int],
) -> tuple[MissingClass, ...]:
    """Each missing class with who would go there: the pupils the order names, by name; the
    others as a number per class they come from."""
    wanted = [pupil for goers in missing.values() for pupil, _ in goers if pupil in named]
    names = {
        p.id: p.full_name
        for p in (await ctx.session.scalars(select(Person).where(Person.id.in_(wanted)))).all()
    }
    found = []
    for (grade, letter), goers in sorted(missing.items()):
        told = [f"{names[p]} ({source})" for p, source in goers if p in names]
        counted: dict[str, int] = {}
        for p, source in goers:
            if p not in names:
                counted[source] = counted.get(source, 0) + 1
        told += [f"{n} из {source}" for source, n in counted.items()]
        found.append(MissingClass(grade, letter, year_id, year_name, tuple(told)))
    return tuple(found)


async def _described(
    ctx: Ctx,
    names: tuple[str, str, str],
    steps: list[_Step],
    named: OrderExceptions,
    subjects: Mapping[int, str],
) -> tuple[PromotionPlan, list[_Step]]:
    """names: the year's, the next year's, the order's."""
    counts = dict.fromkeys(EnrollmentEnd, 0)
    moves: dict[tuple[str, str | None, EnrollmentEnd], int] = {}
    for _enrollment, cls, end, target in steps:
        counts[end] += 1
        key = (cls.title, target.title if target else None, end)
        moves[key] = moves.get(key, 0) + 1
    ordered = named.pupils
    classes = {e.pupil_id: cls.title for e, cls, _, _ in steps if e.pupil_id in ordered}
    people = {
        p.id: p.full_name
        for p in (await ctx.session.scalars(select(Person).where(Person.id.in_(classes)))).all()
    }

    def listed(pupils: Collection[int]) -> tuple[NamedPupil, ...]:
        found = [
            NamedPupil(
                pupil,
                people.get(pupil, ""),
                classes[pupil],
                tuple(sorted(subjects[s] for s in named.conditional.get(pupil, ()))),
            )
            for pupil in pupils
            if pupil in classes
        ]
        return tuple(sorted(found, key=lambda p: (p.class_title, p.name)))

    plan = PromotionPlan(
        year=names[0],
        next_year=names[1],
        order=names[2],
        moves=tuple(ClassMove(f, t, end, n) for (f, t, end), n in moves.items()),
        repeated=listed(named.repeat),
        conditional=listed(named.conditional),
        left=listed(named.leave),
        counts=Promotion(
            promoted=counts[EnrollmentEnd.PROMOTED],
            conditional=counts[EnrollmentEnd.CONDITIONAL],
            repeated=counts[EnrollmentEnd.REPEATED],
            graduated=counts[EnrollmentEnd.GRADUATED],
        ),
    )
    return plan, steps


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
