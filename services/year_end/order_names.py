"""The pupils and subjects a promotion order names, found as the administrator types them:
"Сидоров Олег", "Сидоров", "сидоров олег петрович"; case, "ё" and spaces do not matter."""

from dataclasses import dataclass

from sqlalchemy import select

from db.models import Enrollment, Person, SchoolClass, Subject
from services.context import Ctx
from services.people.actor import Actor
from services.school_import.normalize import name_key
from services.year_end.common import require_admin, year_of_school


@dataclass(frozen=True)
class YearPupil:
    id: int
    name: str
    class_title: str


async def year_pupils_named(ctx: Ctx, actor: Actor, year_id: int, typed: str) -> list[YearPupil]:
    """The pupils still in a class of the year (not promoted yet) whom `typed` names: one, none,
    or several to tell apart."""
    require_admin(actor)
    year = await year_of_school(ctx, actor, year_id)
    key = name_key(typed)
    if not key:
        return []
    rows = await ctx.session.execute(
        select(Person, SchoolClass)
        .join(Enrollment, Enrollment.pupil_id == Person.id)
        .join(SchoolClass, SchoolClass.id == Enrollment.class_id)
        .where(SchoolClass.year_id == year.id, Enrollment.is_active.is_(True))
        .order_by(SchoolClass.grade, SchoolClass.letter, Person.last_name, Person.first_name)
    )
    return [
        YearPupil(p.id, p.full_name, cls.title)
        for p, cls in rows.all()
        if key
        in (name_key(p.full_name), name_key(f"{p.last_name} {p.first_name}"), name_key(p.last_name))
    ]


async def school_subjects(ctx: Ctx, actor: Actor) -> list[tuple[int, str]]:
    """(id, name) of the school's subjects, for the debts of a conditional promotion."""
    require_admin(actor)
    rows = await ctx.session.execute(
        select(Subject.id, Subject.name)
        .where(Subject.school_id == actor.school_id)
        .order_by(Subject.name)
    )
    return [(row[0], row[1]) for row in rows]
