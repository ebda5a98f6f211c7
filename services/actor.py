from dataclasses import dataclass
from enum import StrEnum

from sqlalchemy import select

from db.enums import StaffRole
from db.models import (
    Enrollment,
    GuardianLink,
    Person,
    SchoolClass,
    StaffPosition,
    TeachingAssignment,
)
from services.context import Ctx
from services.errors import AccessDenied


class Role(StrEnum):
    ADMIN = "admin"
    DIRECTOR = "director"
    DEPUTY = "deputy"
    CLASS_TEACHER = "class_teacher"
    TEACHER = "teacher"
    PUPIL = "pupil"
    GUARDIAN = "guardian"
    MEDIC = "medic"


ROLE_TITLES = {
    Role.ADMIN: "администратор",
    Role.DIRECTOR: "директор",
    Role.DEPUTY: "заместитель директора",
    Role.CLASS_TEACHER: "классный руководитель",
    Role.TEACHER: "учитель",
    Role.PUPIL: "ученик",
    Role.GUARDIAN: "родитель",
    Role.MEDIC: "медицинский работник",
}


@dataclass(frozen=True)
class Teaching:
    assignment_id: int
    class_id: int
    subject_id: int
    subgroup_id: int | None


@dataclass(frozen=True)
class Actor:
    """Who is acting, with every fact the access rules need, read fresh from the journal."""

    person_id: int
    school_id: int
    name: str
    roles: frozenset[Role]
    class_teacher_of: frozenset[int] = frozenset()
    teaching: tuple[Teaching, ...] = ()
    pupil_class_id: int | None = None
    children: frozenset[int] = frozenset()

    def has(self, *roles: Role) -> bool:
        return any(r in self.roles for r in roles)

    @property
    def is_school_wide_reader(self) -> bool:
        return self.has(Role.ADMIN, Role.DIRECTOR, Role.DEPUTY)

    @property
    def is_staff(self) -> bool:
        return self.has(
            Role.ADMIN, Role.DIRECTOR, Role.DEPUTY, Role.CLASS_TEACHER, Role.TEACHER, Role.MEDIC
        )


_STAFF_TO_ROLE = {
    StaffRole.ADMIN: Role.ADMIN,
    StaffRole.DIRECTOR: Role.DIRECTOR,
    StaffRole.DEPUTY: Role.DEPUTY,
    StaffRole.TEACHER: Role.TEACHER,
    StaffRole.MEDIC: Role.MEDIC,
}


async def load_actor(ctx: Ctx, person_id: int) -> Actor:
    s = ctx.session
    person = await s.get(Person, person_id)
    if person is None or not person.is_active:
        raise AccessDenied("Учётная запись не найдена или отключена.")
    roles: set[Role] = set()
    staff = (
        await s.scalars(select(StaffPosition.role).where(StaffPosition.person_id == person_id))
    ).all()
    roles.update(_STAFF_TO_ROLE[r] for r in staff)
    led = frozenset(
        (
            await s.scalars(select(SchoolClass.id).where(SchoolClass.class_teacher_id == person_id))
        ).all()
    )
    if led:
        roles.add(Role.CLASS_TEACHER)
    teaching = tuple(
        Teaching(a.id, a.class_id, a.subject_id, a.subgroup_id)
        for a in (
            await s.scalars(
                select(TeachingAssignment).where(TeachingAssignment.teacher_id == person_id)
            )
        ).all()
    )
    if teaching:
        roles.add(Role.TEACHER)
    pupil_class_id = await s.scalar(
        select(Enrollment.class_id).where(
            Enrollment.pupil_id == person_id, Enrollment.is_active.is_(True)
        )
    )
    if pupil_class_id is not None:
        roles.add(Role.PUPIL)
    children = frozenset(
        (
            await s.scalars(
                select(GuardianLink.pupil_id).where(GuardianLink.guardian_id == person_id)
            )
        ).all()
    )
    if children:
        roles.add(Role.GUARDIAN)
    return Actor(
        person_id=person.id,
        school_id=person.school_id,
        name=person.full_name,
        roles=frozenset(roles),
        class_teacher_of=led,
        teaching=teaching,
        pupil_class_id=pupil_class_id,
        children=children,
    )
