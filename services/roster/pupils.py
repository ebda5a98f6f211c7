"""Pupils admitted and leaving (the administrator of the journal, on the secretary's word:
001 §4.1.3, §4.7.1); moves are in moves.py, returns in returns.py. A departure ends the
pupil's place but keeps every mark and absence where it was made: the old class's pages
still show them."""

from dataclasses import dataclass
from datetime import date

from sqlalchemy import exists, select, update

from db.enums import EnrollmentEnd
from db.models import Enrollment, GuardianLink, InviteCode, Person, SchoolClass, SchoolYear
from services import events
from services.context import Ctx
from services.errors import RuleViolation
from services.people.actor import Actor
from services.roster.common import (
    clean_name,
    current_place,
    day_in_year,
    open_class,
    person_of_school,
    require_admin,
)
from services.roster.returns import ReturningPupil, describe_return, left_namesake, readmit
from services.school_import.normalize import person_key


@dataclass(frozen=True)
class Admission:
    """What admitting does, said before it is done (the chat's question, --check)."""

    full_name: str
    class_title: str
    on: date
    returning: ReturningPupil | None  # a pupil who left, coming back; None: a new pupil


@dataclass(frozen=True)
class _Checked:
    cls: SchoolClass
    names: tuple[str, str, str]
    day: date
    returning: Person | None


async def _checked(
    ctx: Ctx,
    actor: Actor,
    class_id: int,
    names: tuple[str, str, str],
    birth_date: date | None,
    on: date | None,
) -> _Checked:
    require_admin(actor)
    cls = await open_class(ctx, actor, class_id)
    last = clean_name(names[0], "фамилия")
    first = clean_name(names[1], "имя")
    middle = clean_name(names[2], "отчество", required=False)
    day = await day_in_year(ctx, actor, on, cls)
    if birth_date is not None and not date(1990, 1, 1) <= birth_date <= day:
        raise RuleViolation(f"Дата рождения {birth_date:%d.%m.%Y} не похожа на настоящую.")
    key = person_key(last, first, middle)
    query = (
        select(Person)
        .join(Enrollment, Enrollment.pupil_id == Person.id)
        .where(
            Person.school_id == actor.school_id,
            Person.is_active.is_(True),
            Enrollment.is_active.is_(True),
        )
    )
    if birth_date is not None:  # namesakes born on other days are other children
        query = query.where(Person.birth_date == birth_date)
    same = await ctx.session.scalars(query)
    for other in same:
        if person_key(other.last_name, other.first_name, other.middle_name) == key:
            place = await current_place(ctx, other.id)
            where = f" в {place[1].title}" if place else ""
            raise RuleViolation(
                f"{other.full_name} уже учится{where}: чтобы перевести, выберите «перевести», "
                "а не «принять»."
            )
    returning = await left_namesake(ctx, actor.school_id, last, first, middle, birth_date)
    return _Checked(cls, (last, first, middle), day, returning)


async def admission_plan(
    ctx: Ctx,
    actor: Actor,
    class_id: int,
    last_name: str,
    first_name: str,
    middle_name: str = "",
    birth_date: date | None = None,
    on: date | None = None,
) -> Admission:
    names = (last_name, first_name, middle_name)
    checked = await _checked(ctx, actor, class_id, names, birth_date, on)
    back = checked.returning
    return Admission(
        full_name=" ".join(n for n in checked.names if n),
        class_title=checked.cls.title,
        on=checked.day,
        returning=None if back is None else await describe_return(ctx, back, checked.cls),
    )


async def admit_pupil(
    ctx: Ctx,
    actor: Actor,
    class_id: int,
    last_name: str,
    first_name: str,
    middle_name: str = "",
    birth_date: date | None = None,
    on: date | None = None,
) -> int:
    """A new pupil in the class from `on` (today by default); returns their id. A pupil of
    this name and date of birth who left the school comes back instead: the same person,
    their place and records (services/roster/returns.py)."""
    names = (last_name, first_name, middle_name)
    checked = await _checked(ctx, actor, class_id, names, birth_date, on)
    cls, day = checked.cls, checked.day
    if checked.returning is not None:
        await readmit(ctx, actor, checked.returning, cls, day)
        return checked.returning.id
    last, first, middle = checked.names
    pupil = Person(
        school_id=actor.school_id,
        last_name=last,
        first_name=first,
        middle_name=middle,
        birth_date=birth_date,
    )
    ctx.session.add(pupil)
    await ctx.session.flush()
    ctx.session.add(Enrollment(pupil_id=pupil.id, class_id=cls.id, starts_on=day))
    events.audit(ctx, actor, "roster.pupil_admitted", pupil.id, class_id=cls.id, on=day.isoformat())
    return pupil.id


async def pupil_leaves(
    ctx: Ctx, actor: Actor, pupil_id: int, on: date | None = None, reason: str = ""
) -> None:
    """The pupil leaves the school: their access and the access of guardians who have no
    other child here end at once; their records are kept."""
    require_admin(actor)
    pupil = await person_of_school(ctx, actor, pupil_id)
    place = await current_place(ctx, pupil_id)
    if place is None or not pupil.is_active:
        raise RuleViolation(f"{pupil.full_name} сейчас не учится ни в одном классе.")
    enrollment, cls = place
    day = await day_in_year(ctx, actor, on, cls)
    enrollment.is_active, enrollment.ends_on, enrollment.ended = False, day, EnrollmentEnd.LEFT
    pupil.is_active = False
    await ctx.session.flush()
    # Codes not yet used by the pupil or by guardians left with no child in the school.
    other_child = exists().where(
        GuardianLink.guardian_id == InviteCode.person_id,
        GuardianLink.pupil_id != pupil_id,
        GuardianLink.pupil_id.in_(
            select(Enrollment.pupil_id).where(Enrollment.is_active.is_(True))
        ),
    )
    guardians = select(GuardianLink.guardian_id).where(GuardianLink.pupil_id == pupil_id)
    await ctx.session.execute(
        update(InviteCode)
        .where(
            InviteCode.used_at.is_(None),
            InviteCode.revoked.is_(False),
            (InviteCode.person_id == pupil_id)
            | (InviteCode.person_id.in_(guardians) & ~other_child),
        )
        .values(revoked=True)
        .execution_options(synchronize_session=False)
    )
    events.audit(
        ctx,
        actor,
        "roster.pupil_left",
        pupil_id,
        class_id=cls.id,
        on=day.isoformat(),
        reason=" ".join(reason.split())[:200],
    )


@dataclass(frozen=True)
class OpenClass:
    id: int
    title: str
    year_id: int


async def open_classes(ctx: Ctx, actor: Actor) -> list[OpenClass]:
    """The classes of the school's open years, for the administrator to pick from."""
    require_admin(actor)
    found = await ctx.session.scalars(
        select(SchoolClass)
        .join(SchoolYear, SchoolYear.id == SchoolClass.year_id)
        .where(SchoolClass.school_id == actor.school_id, SchoolYear.is_closed.is_(False))
        .order_by(SchoolYear.starts_on, SchoolClass.grade, SchoolClass.letter)
    )
    return [OpenClass(c.id, c.title, c.year_id) for c in found.all()]


@dataclass(frozen=True)
class PupilPlace:
    pupil_id: int
    full_name: str
    class_id: int
    class_title: str
    year_id: int


async def pupil_place(ctx: Ctx, actor: Actor, pupil_id: int) -> PupilPlace:
    require_admin(actor)
    pupil = await person_of_school(ctx, actor, pupil_id)
    place = await current_place(ctx, pupil_id)
    if place is None or not pupil.is_active:
        raise RuleViolation(f"{pupil.full_name} сейчас не учится ни в одном классе.")
    cls = place[1]
    return PupilPlace(pupil.id, pupil.full_name, cls.id, cls.title, cls.year_id)
