"""Guardians added to a pupil and corrected: the class teacher keeps the guardians' data of the
class (001 §4.3.10, 003 §3.7.2), the administrator of the journal may too. A guardian already
known to the school (a brother's or sister's parent, found by name and phone) is linked again
rather than entered twice."""

from dataclasses import dataclass

from sqlalchemy import select

from db.models import GuardianLink, Person, SchoolClass
from services import events
from services.context import Ctx
from services.errors import AccessDenied, RuleViolation
from services.people.actor import Actor, Role
from services.people.class_people import pupils_and_guardians
from services.roster.common import clean_name, current_place, person_of_school
from services.school_import.normalize import (
    clean,
    email_problem,
    person_key,
    phone_key,
    phone_problem,
)

NOT_YOUR_PUPIL = (
    "Данные родителей ведёт классный руководитель класса ученика или администратор журнала."
)
RELATION_LIMIT = 30


@dataclass(frozen=True)
class GuardianAdded:
    guardian_id: int
    is_new: bool  # False: an existing guardian of the school linked to one more child


async def _pupil_in_care(ctx: Ctx, actor: Actor, pupil_id: int) -> Person:
    pupil = await person_of_school(ctx, actor, pupil_id)
    place = await current_place(ctx, pupil_id)
    if place is None or not pupil.is_active:
        raise RuleViolation(f"{pupil.full_name} сейчас не учится в школе.")
    if not (actor.has(Role.ADMIN) or place[1].id in actor.class_teacher_of):
        raise AccessDenied(NOT_YOUR_PUPIL)
    return pupil


def _contacts(phone: str, email: str) -> tuple[str, str]:
    phone, email = clean(phone), clean(email)
    if phone and (problem := phone_problem(phone)):
        raise RuleViolation(problem[0].upper() + problem[1:] + ".")
    if email and (problem := email_problem(email)):
        raise RuleViolation(problem[0].upper() + problem[1:] + ".")
    return phone, email


def _relation(relation: str) -> str:
    text = clean(relation)
    if len(text) > RELATION_LIMIT:
        raise RuleViolation(f"Кем приходится — не длиннее {RELATION_LIMIT} символов.")
    return text


async def add_guardian(
    ctx: Ctx,
    actor: Actor,
    pupil_id: int,
    last_name: str,
    first_name: str,
    middle_name: str = "",
    relation: str = "",
    phone: str = "",
    email: str = "",
) -> GuardianAdded:
    pupil = await _pupil_in_care(ctx, actor, pupil_id)
    last = clean_name(last_name, "фамилия")
    first = clean_name(first_name, "имя")
    middle = clean_name(middle_name, "отчество", required=False)
    phone, email = _contacts(phone, email)
    key = person_key(last, first, middle)
    linked = await ctx.session.scalars(
        select(Person)
        .join(GuardianLink, GuardianLink.guardian_id == Person.id)
        .where(GuardianLink.pupil_id == pupil_id)
    )
    for other in linked:
        if person_key(other.last_name, other.first_name, other.middle_name) == key:
            raise RuleViolation(f"{other.full_name} уже записан(а) родителем {pupil.full_name}.")
    known = None
    if phone:
        candidates = await ctx.session.scalars(
            select(Person)
            .join(GuardianLink, GuardianLink.guardian_id == Person.id)
            .where(Person.school_id == actor.school_id, Person.phone != "")
        )
        known = next(
            (
                p
                for p in candidates.unique()
                if person_key(p.last_name, p.first_name, p.middle_name) == key
                and phone_key(p.phone) == phone_key(phone)
            ),
            None,
        )
    if known is None:
        guardian = Person(
            school_id=actor.school_id,
            last_name=last,
            first_name=first,
            middle_name=middle,
            phone=phone,
            email=email,
        )
        ctx.session.add(guardian)
        await ctx.session.flush()
    else:
        guardian = known
        guardian.is_active = True
        if email and not guardian.email:
            guardian.email = email
    ctx.session.add(
        GuardianLink(guardian_id=guardian.id, pupil_id=pupil_id, relation=_relation(relation))
    )
    events.audit(
        ctx,
        actor,
        "roster.guardian_added",
        guardian.id,
        pupil_id=pupil_id,
        existing=known is not None,
    )
    return GuardianAdded(guardian.id, known is None)


async def correct_guardian(
    ctx: Ctx,
    actor: Actor,
    pupil_id: int,
    guardian_id: int,
    *,
    last_name: str | None = None,
    first_name: str | None = None,
    middle_name: str | None = None,
    relation: str | None = None,
    phone: str | None = None,
    email: str | None = None,
) -> None:
    """Corrects what is given (None: left as it is) of a guardian of the pupil."""
    await _pupil_in_care(ctx, actor, pupil_id)
    link = await ctx.session.scalar(
        select(GuardianLink).where(
            GuardianLink.pupil_id == pupil_id, GuardianLink.guardian_id == guardian_id
        )
    )
    guardian = await ctx.session.get(Person, guardian_id)
    if link is None or guardian is None:
        raise RuleViolation("Этот человек не записан родителем ученика.")
    before = {
        "last_name": guardian.last_name,
        "first_name": guardian.first_name,
        "middle_name": guardian.middle_name,
        "phone": guardian.phone,
        "email": guardian.email,
        "relation": link.relation,
    }
    if last_name is not None:
        guardian.last_name = clean_name(last_name, "фамилия")
    if first_name is not None:
        guardian.first_name = clean_name(first_name, "имя")
    if middle_name is not None:
        guardian.middle_name = clean_name(middle_name, "отчество", required=False)
    new_phone, new_email = _contacts(phone or "", email or "")
    if phone is not None:
        guardian.phone = new_phone
    if email is not None:
        guardian.email = new_email
    if relation is not None:
        link.relation = _relation(relation)
    after = {
        "last_name": guardian.last_name,
        "first_name": guardian.first_name,
        "middle_name": guardian.middle_name,
        "phone": guardian.phone,
        "email": guardian.email,
        "relation": link.relation,
    }
    changed = {k: [before[k], after[k]] for k in before if before[k] != after[k]}
    if changed:
        events.audit(
            ctx, actor, "roster.guardian_corrected", guardian_id, pupil_id=pupil_id, **changed
        )


@dataclass(frozen=True)
class GuardianBrief:
    id: int
    full_name: str
    relation: str
    phone: str
    email: str


@dataclass(frozen=True)
class PupilFamily:
    pupil_id: int
    full_name: str
    class_id: int
    guardians: tuple[GuardianBrief, ...]


async def pupil_family(ctx: Ctx, actor: Actor, pupil_id: int) -> PupilFamily:
    """The pupil with their guardians as the class teacher keeps them."""
    pupil = await _pupil_in_care(ctx, actor, pupil_id)
    place = await current_place(ctx, pupil_id)
    assert place is not None  # _pupil_in_care checked it
    rows = await ctx.session.execute(
        select(Person, GuardianLink.relation)
        .join(GuardianLink, GuardianLink.guardian_id == Person.id)
        .where(GuardianLink.pupil_id == pupil_id)
        .order_by(Person.last_name, Person.first_name, Person.id)
    )
    return PupilFamily(
        pupil_id=pupil.id,
        full_name=pupil.full_name,
        class_id=place[1].id,
        guardians=tuple(
            GuardianBrief(g.id, g.full_name, relation, g.phone, g.email) for g, relation in rows
        ),
    )


async def class_families(ctx: Ctx, actor: Actor, class_id: int) -> list[tuple[int, str, int]]:
    """The class's pupils in journal order: (id, full name, how many guardians recorded)."""
    cls = await ctx.session.get(SchoolClass, class_id)
    if cls is None or cls.school_id != actor.school_id:
        raise AccessDenied(NOT_YOUR_PUPIL)
    if not (actor.has(Role.ADMIN) or class_id in actor.class_teacher_of):
        raise AccessDenied(NOT_YOUR_PUPIL)
    pupils, links = await pupils_and_guardians(ctx, class_id)
    counts: dict[int, int] = {}
    for _guardian, pupil_id in links:
        counts[pupil_id] = counts.get(pupil_id, 0) + 1
    return [(p.id, p.full_name, counts.get(p.id, 0)) for p in pupils]
