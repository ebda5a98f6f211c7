"""What the year-end steps share."""

from typing import Any, TypeVar

from sqlalchemy import inspect, select

from db.models import SchoolYear
from services.context import Ctx
from services.errors import AccessDenied, NotFound
from services.people.actor import Actor, Role

ADMIN_ONLY = (
    "Закрывает учебный год, открывает новый и переводит учеников администратор журнала "
    "(по приказу директора, 001 §4.1.12)."
)
LAST_GRADE = 11
LEAVING_GRADES = frozenset({9, 11})

Row = TypeVar("Row")


def require_admin(actor: Actor) -> None:
    if not actor.has(Role.ADMIN):
        raise AccessDenied(ADMIN_ONLY)


async def year_of_school(ctx: Ctx, actor: Actor, year_id: int) -> SchoolYear:
    year = await ctx.session.get(SchoolYear, year_id)
    if year is None or year.school_id != actor.school_id:
        raise NotFound("Такого учебного года в школе нет.")
    return year


async def year_after(ctx: Ctx, year: SchoolYear) -> SchoolYear | None:
    found: SchoolYear | None = await ctx.session.scalar(
        select(SchoolYear)
        .where(SchoolYear.school_id == year.school_id, SchoolYear.starts_on > year.ends_on)
        .order_by(SchoolYear.starts_on)
    )
    return found


def copy_of(row: Row, **changes: Any) -> Row:
    """A new row of the same model with the same column values but the id, and `changes`:
    every column, including those other features add later."""
    mapper = inspect(type(row))
    values = {a.key: getattr(row, a.key) for a in mapper.column_attrs if a.key != "id"}
    return type(row)(**(values | changes))
