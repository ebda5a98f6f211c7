"""The rows an access check of a pupil reads (services.people.access.pupil_scope): the pupil's
columns, their class's and their subgroups'. The chat's standing (services.chat.standing) reads
them for the pupil the chat shows in its own statement, and they are kept for the operation:
a parent's question then needs no statement of its own for them."""

from collections.abc import Sequence
from dataclasses import dataclass, fields
from datetime import date
from typing import Any

from sqlalchemy import ColumnElement, Integer, String, Subquery, bindparam, cast, select

from db import names
from db.enums import Gender
from db.models import Enrollment, Person, SchoolClass, SubgroupMember
from services.context import Ctx
from services.people.actor import fact
from services.scoped_queries import AnySelect


@dataclass(frozen=True)
class PupilRow:
    """A Person's columns as read for a scope: plain data, no ORM object to load."""

    id: int
    school_id: int
    last_name: str
    first_name: str
    middle_name: str
    birth_date: date | None
    is_active: bool
    refused_electronic: bool
    gender: Gender | None = None

    @property
    def full_name(self) -> str:
        return names.full_name(self.last_name, self.first_name, self.middle_name)

    @property
    def short_name(self) -> str:
        return names.short_name(self.last_name, self.first_name, self.middle_name)


@dataclass(frozen=True)
class ClassRow:
    """A SchoolClass's columns, likewise."""

    id: int
    school_id: int
    year_id: int
    grade: int
    letter: str
    shift: int
    class_teacher_id: int | None
    home_room: str

    @property
    def title(self) -> str:
        return f"{self.grade}{self.letter}"


# One statement for the pupil, their class and their subgroups: a row per subgroup (one with
# None without any), the pupil's and the class's columns in the order of the fields above.
PUPIL_COLUMNS = [getattr(Person, f.name) for f in fields(PupilRow)]
CLASS_COLUMNS = [getattr(SchoolClass, f.name) for f in fields(ClassRow)]
SCOPE_QUERY = (
    select(*PUPIL_COLUMNS, *CLASS_COLUMNS, SubgroupMember.subgroup_id)
    .join(Enrollment, (Enrollment.pupil_id == Person.id) & Enrollment.is_active.is_(True))
    .join(SchoolClass, SchoolClass.id == Enrollment.class_id)
    .outerjoin(SubgroupMember, SubgroupMember.pupil_id == Person.id)
    .where(Person.id == bindparam("pupil_id"), Person.school_id == bindparam("school_id"))
)


def scope_fact_parts(whose: Subquery) -> list[AnySelect]:
    """SCOPE_QUERY's rows for the pupil `whose` names in the school it names (its columns
    pupil_id and school_id, one row at most) as fact rows (services.people.actor.fact), to join
    another statement's UNION ALL: the pupil with their class's id ('scope'), and the class a
    row per subgroup ('scope_class'; the numbers past five as text)."""
    of_pupil = (Person.id == whose.c.pupil_id) & (Person.school_id == whose.c.school_id)

    def in_class(columns: list[ColumnElement[Any]]) -> AnySelect:
        """The columns read for the pupil and their active place's class."""
        return (
            select(*columns)
            .select_from(whose)
            .join(Person, of_pupil)
            .join(Enrollment, (Enrollment.pupil_id == Person.id) & Enrollment.is_active.is_(True))
            .join(SchoolClass, SchoolClass.id == Enrollment.class_id)
        )

    return [
        in_class(
            fact(
                "scope",
                (
                    Person.id,
                    Person.school_id,
                    cast(Person.is_active, Integer),
                    cast(Person.refused_electronic, Integer),
                    SchoolClass.id,
                ),
                (
                    Person.last_name,
                    Person.first_name,
                    Person.middle_name,
                    cast(Person.birth_date, String),
                    cast(Person.gender, String),
                ),
            )
        ),
        in_class(
            fact(
                "scope_class",
                (
                    SchoolClass.id,
                    SchoolClass.school_id,
                    SchoolClass.year_id,
                    SchoolClass.grade,
                    SchoolClass.shift,
                ),
                (
                    SchoolClass.letter,
                    SchoolClass.home_room,
                    cast(SchoolClass.class_teacher_id, String),
                    cast(SubgroupMember.subgroup_id, String),
                ),
            )
        ).outerjoin(SubgroupMember, SubgroupMember.pupil_id == Person.id),
    ]


# Ctx.kept is the operation's own (services.context.Journal.run), no more.
_MEMO_KEY = "pupil_scopes"
FactRow = Sequence[Any]
_Memo = dict[tuple[int, int], tuple[FactRow, list[FactRow]]]


def remember_scopes(ctx: Ctx, rows: Sequence[FactRow], committed: bool) -> None:
    """Keeps the scope fact rows of a statement for this operation's access checks, in place
    of any kept before, if it read `committed` rows (the operation had written nothing yet);
    rows read after a write are not kept, nor is anything kept before."""
    pupils = [r for r in rows if r[0] == "scope"]
    if not committed or len(pupils) != 1:  # two active places: the query's pick is the DB's
        ctx.kept.pop(_MEMO_KEY, None)
        return
    pupil = pupils[0]
    classes = [r for r in rows if r[0] == "scope_class" and r[1] == pupil[5]]
    memo: _Memo = {(pupil[1], pupil[2]): (pupil, classes)}
    ctx.kept[_MEMO_KEY] = memo


def remembered_scope(ctx: Ctx, pupil_id: int, school_id: int) -> list[tuple[Any, ...]] | None:
    """SCOPE_QUERY's rows for the pupil in the school, if the chat's standing read them and the
    operation has written nothing since (then a read would see what is committed, as the
    standing did); else None."""
    if ctx.in_transaction():  # written, or begun through the ORM: read afresh
        return None
    memo: _Memo | None = ctx.kept.get(_MEMO_KEY)
    found = None if memo is None else memo.get((pupil_id, school_id))
    if found is None:
        return None
    p, classes = found
    pupil = (
        p[1],
        p[2],
        p[6],
        p[7],
        p[8],
        None if p[9] is None else date.fromisoformat(str(p[9])[:10]),
        bool(p[3]),
        bool(p[4]),
        Gender(p[10]) if p[10] else None,
    )
    return [
        (
            *pupil,
            c[1],
            c[2],
            c[3],
            c[4],
            c[6],
            c[5],
            None if c[8] is None else int(c[8]),
            c[7],
            None if c[9] is None else int(c[9]),
        )
        for c in classes
    ]
