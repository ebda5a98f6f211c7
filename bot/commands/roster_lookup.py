"""How `journal roster` finds the school, classes, people and groups named on the command line."""

from datetime import date

from sqlalchemy import select

from db.models import (
    Enrollment,
    GuardianLink,
    Person,
    School,
    SchoolClass,
    SchoolYear,
    StaffPosition,
    Subgroup,
    Subject,
)
from services.context import Ctx
from services.errors import NotFound
from services.people.actor import Actor, load_actor
from services.people.staff_directory import school_administrator
from services.school_import.normalize import BadDate, name_key, parse_class, parse_date
from services.school_import.school import school_if_any


class BadArgument(NotFound):
    """A value typed on the command line that names nothing; the message says what to type."""


def day_of(text: str | None) -> date | None:
    if text is None:
        return None
    try:
        return parse_date(text)
    except BadDate as exc:
        raise BadArgument(str(exc)[0].upper() + str(exc)[1:] + ".") from None


async def school_of(ctx: Ctx, school_id: int | None) -> School:
    """The school --school names, or the only one (as the import finds it)."""
    school = await school_if_any(ctx, school_id)
    if school is None:
        raise BadArgument("В базе нет ни одной школы.")
    return school


async def administrator(ctx: Ctx, school: School) -> Actor:
    """The console acts as the school's administrator of the journal."""
    admin_id = await school_administrator(ctx, school.id)
    if admin_id is None:
        raise BadArgument("В школе нет администратора журнала: изменения вносятся от его имени.")
    return await load_actor(ctx, admin_id)


async def class_named(ctx: Ctx, school: School, title: str) -> SchoolClass:
    parsed = parse_class(title)
    if parsed is None:
        raise BadArgument(f"Не понимаю класс «{title}»: напишите, например, 5А.")
    found = await ctx.session.scalar(
        select(SchoolClass)
        .join(SchoolYear, SchoolYear.id == SchoolClass.year_id)
        .where(
            SchoolClass.school_id == school.id,
            SchoolClass.grade == parsed[0],
            SchoolClass.letter == parsed[1],
            SchoolYear.is_closed.is_(False),
        )
        .order_by(SchoolYear.starts_on.desc())
    )
    if found is None:
        raise BadArgument(f"Класса {parsed[0]}{parsed[1]} нет в открытом учебном году.")
    return found


def _matches(person: Person, typed: str) -> bool:
    key = name_key(typed)
    full = name_key(f"{person.last_name} {person.first_name} {person.middle_name}")
    short = name_key(f"{person.last_name} {person.first_name}")
    return key in (full, short, name_key(person.last_name))


def _one(found: list[Person], typed: str, what: str, born: date | None) -> Person:
    if born is not None:
        found = [p for p in found if p.birth_date == born]
    if not found:
        raise BadArgument(f"Не нашёл {what} «{typed}».")
    if len(found) > 1:
        listed = "; ".join(
            p.full_name + (f", {p.birth_date:%d.%m.%Y}" if p.birth_date else "") for p in found
        )
        raise BadArgument(f"«{typed}» — несколько человек: {listed}. Напишите полнее (или --born).")
    return found[0]


async def pupil_named(ctx: Ctx, school: School, typed: str, born: date | None = None) -> Person:
    people = await ctx.session.scalars(
        select(Person)
        .join(Enrollment, Enrollment.pupil_id == Person.id)
        .where(
            Person.school_id == school.id,
            Person.is_active.is_(True),
            Enrollment.is_active.is_(True),
        )
    )
    return _one([p for p in people.unique() if _matches(p, typed)], typed, "ученика", born)


async def staff_named(ctx: Ctx, school: School, typed: str) -> Person:
    people = await ctx.session.scalars(
        select(Person)
        .join(StaffPosition, StaffPosition.person_id == Person.id)
        .where(Person.school_id == school.id, Person.is_active.is_(True))
    )
    return _one([p for p in people.unique() if _matches(p, typed)], typed, "сотрудника", None)


async def guardian_named(ctx: Ctx, pupil: Person, typed: str) -> Person:
    people = await ctx.session.scalars(
        select(Person)
        .join(GuardianLink, GuardianLink.guardian_id == Person.id)
        .where(GuardianLink.pupil_id == pupil.id)
    )
    found = [p for p in people if _matches(p, typed)]
    return _one(found, typed, f"родителя ученика {pupil.full_name}", None)


async def group_named(ctx: Ctx, cls: SchoolClass, subject: str, group: str) -> Subgroup:
    rows = await ctx.session.execute(
        select(Subgroup, Subject.name)
        .join(Subject, Subject.id == Subgroup.subject_id)
        .where(Subgroup.class_id == cls.id)
    )
    found = [
        g
        for g, name in rows
        if name_key(name) == name_key(subject) and name_key(g.name) == name_key(group)
    ]
    if not found:
        raise BadArgument(f"В классе {cls.title} нет группы «{group}» по предмету «{subject}».")
    return found[0]
