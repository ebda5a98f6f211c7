"""A class's pupils and their guardians, as invite lists and slips need them."""

from collections.abc import Sequence

from sqlalchemy import Row, select

from db.models import Enrollment, GuardianLink, Person
from services.context import Ctx


async def class_pupils(ctx: Ctx, class_id: int) -> Sequence[Person]:
    """The class's active pupils in journal order (surname, first name)."""
    return (
        await ctx.session.scalars(
            select(Person)
            .join(Enrollment, Enrollment.pupil_id == Person.id)
            .where(
                Enrollment.class_id == class_id,
                Enrollment.is_active.is_(True),
                Person.is_active.is_(True),
            )
            .order_by(Person.last_name, Person.first_name, Person.id)
        )
    ).all()


async def pupils_and_guardians(
    ctx: Ctx, class_id: int
) -> tuple[Sequence[Person], Sequence[Row[Person, int]]]:
    """The class's active pupils, and (guardian, pupil id) for each active guardian of theirs,
    both in journal order (surname, first name). Only the children in this class: whoever
    hands out the class's codes has no business with the others."""
    pupils = await class_pupils(ctx, class_id)
    links = (
        await ctx.session.execute(
            select(Person, GuardianLink.pupil_id)
            .join(GuardianLink, GuardianLink.guardian_id == Person.id)
            .where(GuardianLink.pupil_id.in_([p.id for p in pupils]), Person.is_active.is_(True))
            .order_by(Person.last_name, Person.first_name, Person.id, GuardianLink.pupil_id)
        )
    ).all()
    return pupils, links
