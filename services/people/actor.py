from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from sqlalchemy import (
    ColumnElement,
    CompoundSelect,
    Integer,
    Select,
    String,
    bindparam,
    cast,
    literal_column,
    null,
    select,
    type_coerce,
    union_all,
)

from db.enums import StaffRole
from db.models import (
    Enrollment,
    GuardianLink,
    Person,
    School,
    SchoolClass,
    StaffPosition,
    TeachingAssignment,
)
from db.names import full_name
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
# A non-native Enum column stores the member's name, read raw in the facts below.
_STAFF_ROLE_BY_NAME = {r.name: _STAFF_TO_ROLE[r] for r in StaffRole}

# Every fact about a person that access rules need, read in one statement: rows of
# (kind, id, a, b, c, d, s1, s2, s3, s4, s5), one UNION ALL part per kind. The chat's viewer
# (services/chat_standing.py) adds its own parts to the same shape.
FACT_COLUMNS = ("kind", "id", "a", "b", "c", "d", "s1", "s2", "s3", "s4", "s5")
_NO_NUMBER = cast(null(), Integer)
_NO_STRING = cast(null(), String)


def fact(
    kind: str, numbers: Sequence[Any] = (), strings: Sequence[Any] = ()
) -> list[ColumnElement[Any]]:
    """The columns of one part: `kind`, up to five numbers and up to five strings; the gaps
    are typed NULLs (PostgreSQL matches UNION types part by part)."""
    row: list[ColumnElement[Any]] = [literal_column(f"'{kind}'", String)]
    row += [_NO_NUMBER if v is None else v for v in numbers]
    row += [_NO_NUMBER] * (5 - len(numbers))
    row += [_NO_STRING if v is None else v for v in strings]
    row += [_NO_STRING] * (5 - len(strings))
    return [c.label(name) for c, name in zip(row, FACT_COLUMNS, strict=True)]


def actor_fact_parts(person: ColumnElement[int]) -> list[Select[*tuple[Any, ...]]]:
    """The person (with their school's name and time zone), staff positions, classes led,
    teaching load, active enrollment and children: what load_actor reads."""
    return [
        select(
            *fact(
                "person",
                (Person.id, Person.school_id, cast(Person.is_active, Integer)),
                (
                    Person.last_name,
                    Person.first_name,
                    Person.middle_name,
                    School.name,
                    School.timezone,
                ),
            )
        )
        .join(School, School.id == Person.school_id)
        .where(Person.id == person),
        select(*fact("staff", (), (type_coerce(StaffPosition.role, String),))).where(
            StaffPosition.person_id == person
        ),
        select(*fact("led", (SchoolClass.id,))).where(SchoolClass.class_teacher_id == person),
        select(
            *fact(
                "teach",
                (
                    TeachingAssignment.id,
                    TeachingAssignment.class_id,
                    TeachingAssignment.subject_id,
                    TeachingAssignment.subgroup_id,
                ),
            )
        ).where(TeachingAssignment.teacher_id == person),
        select(*fact("pupil_of", (Enrollment.class_id,))).where(
            Enrollment.pupil_id == person, Enrollment.is_active.is_(True)
        ),
        select(*fact("child", (GuardianLink.pupil_id,))).where(GuardianLink.guardian_id == person),
    ]


_ACTOR_FACTS: CompoundSelect[*tuple[Any, ...]] = union_all(
    *actor_fact_parts(bindparam("person_id"))
)


@dataclass(frozen=True)
class PersonFacts:
    """The actor, or None when the person is gone or switched off; and their school."""

    actor: Actor | None
    school_name: str = ""
    timezone: str = "UTC"


def actor_from_facts(rows: Iterable[Sequence[Any]]) -> PersonFacts:
    """Builds the Actor from fact rows of any kinds (others are ignored), as load_actor did
    with one statement per kind: same fields, same meaning."""
    person: Sequence[Any] | None = None
    roles: set[Role] = set()
    led: set[int] = set()
    teaching: list[Teaching] = []
    pupil_classes: list[int] = []
    children: set[int] = set()
    for row in rows:
        kind = row[0]
        if kind == "person":
            person = row
        elif kind == "staff":
            roles.add(_STAFF_ROLE_BY_NAME[row[6]])
        elif kind == "led":
            led.add(row[1])
        elif kind == "teach":
            teaching.append(Teaching(row[1], row[2], row[3], row[4]))
        elif kind == "pupil_of":
            pupil_classes.append(row[1])
        elif kind == "child":
            children.add(row[1])
    if person is None or not person[3]:
        return PersonFacts(None)
    if led:
        roles.add(Role.CLASS_TEACHER)
    if teaching:
        roles.add(Role.TEACHER)
    if pupil_classes:
        roles.add(Role.PUPIL)
    if children:
        roles.add(Role.GUARDIAN)
    actor = Actor(
        person_id=person[1],
        school_id=person[2],
        name=full_name(person[6], person[7], person[8]),
        roles=frozenset(roles),
        class_teacher_of=frozenset(led),
        teaching=tuple(sorted(teaching, key=lambda t: t.assignment_id)),
        pupil_class_id=min(pupil_classes) if pupil_classes else None,
        children=frozenset(children),
    )
    return PersonFacts(actor, person[9], person[10])


async def load_actor(ctx: Ctx, person_id: int) -> Actor:
    rows = await ctx.session.execute(_ACTOR_FACTS, {"person_id": person_id})
    actor = actor_from_facts(rows.all()).actor
    if actor is None:
        raise AccessDenied("Учётная запись не найдена или отключена.")
    return actor
