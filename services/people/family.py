"""Whose journal a guardian or a pupil may open: the children, or the pupil themself."""

from collections.abc import Iterable, Sequence
from typing import Any

from sqlalchemy import bindparam, select

from db.enums import Gender
from db.models import Enrollment, Person, SchoolClass
from db.names import full_name
from services.context import Ctx
from services.people.actor import Actor, Role
from services.scoped_queries import any_of
from services.views import PupilBrief

_PUPILS = (
    select(
        Person.id,
        Person.last_name,
        Person.first_name,
        Person.middle_name,
        SchoolClass.id,
        SchoolClass.grade,
        SchoolClass.letter,
        Person.gender,
    )
    .join(Enrollment, Enrollment.pupil_id == Person.id)
    .join(SchoolClass, SchoolClass.id == Enrollment.class_id)
    .where(
        any_of(Person.id, "ids"),
        Person.school_id == bindparam("school_id"),
        Person.is_active.is_(True),
        Enrollment.is_active.is_(True),
    )
)


async def my_pupils(ctx: Ctx, actor: Actor) -> list[PupilBrief]:
    """A guardian's children in this school, or the pupil themself; [] for staff."""
    ids = set(actor.children)
    if actor.has(Role.PUPIL):
        ids.add(actor.person_id)
    if not ids:
        return []
    found = await ctx.session.execute(_PUPILS, {"ids": list(ids), "school_id": actor.school_id})
    return briefs(actor, found.all())


def briefs(actor: Actor, rows: Iterable[Sequence[Any]]) -> list[PupilBrief]:
    """Rows of (id, last, first, middle name, class id, grade, letter, gender) as briefs: the pupil
    themself first, then children by grade and name, a stable order for buttons."""
    ordered = sorted(rows, key=lambda r: (r[0] != actor.person_id, r[5], r[6], r[1], r[2], r[0]))
    return [
        PupilBrief(
            id=r[0],
            full_name=full_name(r[1], r[2], r[3]),
            first_name=r[2],
            class_id=r[4],
            class_title=f"{r[5]}{r[6]}",
            gender=Gender(r[7]) if r[7] else None,
        )
        for r in ordered
    ]
