"""The school's staff as the invite list shows them: each person with their positions and the
classes they lead, so that a printed list can be handed out without a second list beside it."""

from collections import defaultdict
from dataclasses import dataclass

from sqlalchemy import or_, select

from db.enums import StaffRole
from db.models import Person, SchoolClass, SchoolYear, StaffPosition, TeachingAssignment
from services.context import Ctx

# The order a school names its people in: management first.
POSITION_TITLES = {
    StaffRole.DIRECTOR: "директор",
    StaffRole.DEPUTY: "заместитель директора",
    StaffRole.ADMIN: "администратор журнала",
    StaffRole.TEACHER: "учитель",
    StaffRole.MEDIC: "медицинский работник",
}
CLASS_TEACHER = "классный руководитель"


@dataclass(frozen=True)
class StaffMember:
    person: Person
    position: str
    classes: str  # the classes the person leads this year, "5А, 7Б"


async def staff_with_positions(ctx: Ctx, school_id: int) -> list[StaffMember]:
    people = (
        await ctx.session.scalars(
            select(Person)
            .where(
                Person.school_id == school_id,
                Person.is_active.is_(True),
                or_(
                    Person.id.in_(select(StaffPosition.person_id)),
                    Person.id.in_(select(TeachingAssignment.teacher_id)),
                ),
            )
            .order_by(Person.last_name, Person.first_name, Person.id)
        )
    ).all()
    ids = [p.id for p in people]
    roles: dict[int, set[StaffRole]] = defaultdict(set)
    for person_id, role in await ctx.session.execute(
        select(StaffPosition.person_id, StaffPosition.role).where(StaffPosition.person_id.in_(ids))
    ):
        roles[person_id].add(role)
    teaching = set(
        (
            await ctx.session.scalars(
                select(TeachingAssignment.teacher_id).where(TeachingAssignment.teacher_id.in_(ids))
            )
        ).all()
    )
    led: dict[int, list[str]] = defaultdict(list)
    for cls in await ctx.session.scalars(
        select(SchoolClass)
        .join(SchoolYear, SchoolYear.id == SchoolClass.year_id)
        .where(SchoolClass.class_teacher_id.in_(ids), SchoolYear.is_closed.is_(False))
        .order_by(SchoolClass.grade, SchoolClass.letter)
    ):
        if cls.class_teacher_id is not None:
            led[cls.class_teacher_id].append(cls.title)
    members = []
    for person in people:
        held = roles[person.id] | ({StaffRole.TEACHER} if person.id in teaching else set())
        titles = [title for role, title in POSITION_TITLES.items() if role in held]
        if led[person.id]:
            titles.append(CLASS_TEACHER)
        members.append(StaffMember(person, ", ".join(titles), ", ".join(led[person.id])))
    return members
