"""Pupils admitted, moved to another class and leaving (the administrator of the journal, on the
secretary's word: 001 §4.1.3, §4.7.1). A move or a departure ends the pupil's place in the class
but keeps every mark and absence where it was made: the old class's pages still show them."""

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
    check_day,
    clean_name,
    current_place,
    open_class,
    person_of_school,
    require_admin,
)
from services.schedule.periods import school_today
from services.school_import.normalize import person_key


async def _day(ctx: Ctx, actor: Actor, on: date | None, cls: SchoolClass) -> date:
    day = on or await school_today(ctx, actor.school_id)
    year = await ctx.session.get(SchoolYear, cls.year_id)
    assert year is not None  # a class's year: a foreign key
    check_day(day, year)
    return day


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
    """A new pupil in the class from `on` (today by default); returns their id."""
    require_admin(actor)
    cls = await open_class(ctx, actor, class_id)
    last = clean_name(last_name, "фамилия")
    first = clean_name(first_name, "имя")
    middle = clean_name(middle_name, "отчество", required=False)
    day = await _day(ctx, actor, on, cls)
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


async def move_pupil(
    ctx: Ctx, actor: Actor, pupil_id: int, to_class_id: int, on: date | None = None
) -> None:
    """The pupil studies in another class of the same year from `on`; what was recorded in
    the old class stays there (and stays the pupil's)."""
    require_admin(actor)
    pupil = await person_of_school(ctx, actor, pupil_id)
    place = await current_place(ctx, pupil_id)
    if place is None or not pupil.is_active:
        raise RuleViolation(f"{pupil.full_name} сейчас не учится ни в одном классе.")
    old, old_class = place
    target = await open_class(ctx, actor, to_class_id)
    if target.id == old_class.id:
        raise RuleViolation(f"{pupil.full_name} уже учится в {target.title}.")
    if target.year_id != old_class.year_id:
        raise RuleViolation("Перевести можно только в класс того же учебного года.")
    day = await _day(ctx, actor, on, target)
    old.is_active, old.ends_on, old.ended = False, day, EnrollmentEnd.MOVED
    again = await ctx.session.scalar(
        select(Enrollment).where(Enrollment.pupil_id == pupil_id, Enrollment.class_id == target.id)
    )
    if again is None:
        ctx.session.add(Enrollment(pupil_id=pupil_id, class_id=target.id, starts_on=day))
    else:  # back to a class left earlier this year: the same place, its records with it
        again.is_active, again.starts_on, again.ends_on, again.ended = True, day, None, None
    events.audit(
        ctx,
        actor,
        "roster.pupil_moved",
        pupil_id,
        from_class_id=old_class.id,
        to_class_id=target.id,
        on=day.isoformat(),
    )


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
    day = await _day(ctx, actor, on, cls)
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
