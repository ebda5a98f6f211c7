"""The school and the school year an import goes into, and the people already there."""

from collections import defaultdict
from dataclasses import dataclass, field

from sqlalchemy import select

from db.models import (
    Enrollment,
    GuardianLink,
    Person,
    School,
    SchoolClass,
    SchoolYear,
    StaffPosition,
)
from services.context import Ctx
from services.errors import NotFound
from services.school_import.normalize import person_key

NO_YEAR = (
    "В школе нет открытого учебного года. Сначала загрузите календарь года: "
    "journal import year <файл>."
)


async def resolve_school(ctx: Ctx, school_id: int | None) -> School:
    school = await school_if_any(ctx, school_id)
    if school is None:
        raise NotFound(NO_YEAR)
    return school


async def school_if_any(ctx: Ctx, school_id: int | None) -> School | None:
    """The school asked for, or the only one; None in a database without schools."""
    if school_id is not None:
        school = await ctx.session.get(School, school_id)
        if school is None:
            raise NotFound(f"Школы с id {school_id} нет в базе.")
        return school
    schools = list((await ctx.session.scalars(select(School).order_by(School.id))).all())
    if not schools:
        return None
    if len(schools) > 1:
        listed = "; ".join(f"{s.id} — {s.short_name}" for s in schools)
        raise NotFound(f"В базе несколько школ, укажите --school: {listed}.")
    return schools[0]


async def open_year(ctx: Ctx, school_id: int) -> SchoolYear:
    year = await ctx.session.scalar(
        select(SchoolYear)
        .where(SchoolYear.school_id == school_id, SchoolYear.is_closed.is_(False))
        .order_by(SchoolYear.starts_on.desc())
    )
    if year is None:
        raise NotFound(NO_YEAR)
    return year


@dataclass
class SchoolPeople:
    """Everyone in the school, indexed the ways an import finds people again."""

    persons: dict[int, Person] = field(default_factory=dict)
    staff: dict[str, list[int]] = field(default_factory=lambda: defaultdict(list))
    positions: dict[int, set[str]] = field(default_factory=lambda: defaultdict(set))
    pupils: dict[str, list[int]] = field(default_factory=lambda: defaultdict(list))
    guardians_of: dict[int, list[GuardianLink]] = field(default_factory=lambda: defaultdict(list))
    enrollments: dict[int, list[Enrollment]] = field(default_factory=lambda: defaultdict(list))

    def key(self, person_id: int) -> str:
        p = self.persons[person_id]
        return person_key(p.last_name, p.first_name, p.middle_name)


async def load_people(ctx: Ctx, school_id: int) -> SchoolPeople:
    s = ctx.session
    people = SchoolPeople()
    for person in await s.scalars(select(Person).where(Person.school_id == school_id)):
        people.persons[person.id] = person
    for position in await s.scalars(
        select(StaffPosition)
        .join(Person, Person.id == StaffPosition.person_id)
        .where(Person.school_id == school_id)
    ):
        people.positions[position.person_id].add(position.role.value)
    for person_id in people.positions:
        people.staff[people.key(person_id)].append(person_id)
    for enrollment in await s.scalars(
        select(Enrollment)
        .join(SchoolClass, SchoolClass.id == Enrollment.class_id)
        .where(SchoolClass.school_id == school_id)
    ):
        people.enrollments[enrollment.pupil_id].append(enrollment)
    for pupil_id in people.enrollments:
        people.pupils[people.key(pupil_id)].append(pupil_id)
    for link in await s.scalars(
        select(GuardianLink)
        .join(Person, Person.id == GuardianLink.pupil_id)
        .where(Person.school_id == school_id)
    ):
        people.guardians_of[link.pupil_id].append(link)
    return people


async def classes_of_year(ctx: Ctx, year_id: int) -> dict[tuple[int, str], SchoolClass]:
    rows = await ctx.session.scalars(select(SchoolClass).where(SchoolClass.year_id == year_id))
    return {(c.grade, c.letter): c for c in rows}
