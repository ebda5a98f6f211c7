"""Many new rows at once: one INSERT for thousands of people or links, where the unit of
work would flush them one statement batch per shape."""

from collections import defaultdict
from collections.abc import Sequence
from typing import Any

from sqlalchemy import Table, func, insert, select

from db.models import Person
from services.context import Ctx

PERSON_COLUMNS = (
    "school_id",
    "last_name",
    "first_name",
    "middle_name",
    "birth_date",
    "gender",
    "phone",
    "email",
)


def table_of(model: type[Any]) -> Table:
    table = model.__table__
    assert isinstance(table, Table)
    return table


async def insert_persons(ctx: Ctx, persons: Sequence[Person]) -> None:
    """Writes the new people and gives each its id."""
    if not persons:
        return
    rows = [{c: getattr(p, c) for c in PERSON_COLUMNS} for p in persons]
    for row in rows:
        row["middle_name"] = row["middle_name"] or ""
        row["phone"], row["email"] = row["phone"] or "", row["email"] or ""
        row["is_active"], row["refused_electronic"] = True, False
    # One executemany, then the new ids read back by the rows' values (RETURNING would go
    # row by row here). Two new people with the very same values are interchangeable.
    before = await ctx.session.scalar(select(func.max(Person.id))) or 0
    waiting: dict[tuple[Any, ...], list[Person]] = defaultdict(list)
    for person, row in zip(persons, rows, strict=True):
        waiting[tuple(row[c] for c in PERSON_COLUMNS)].append(person)
    # Core's executemany: the ORM's bulk insert of Person goes a row at a time on SQLite.
    connection = await ctx.session.connection()
    await connection.execute(insert(table_of(Person)), rows)
    returned = await ctx.session.execute(
        select(Person.id, *(getattr(Person, c) for c in PERSON_COLUMNS)).where(
            Person.school_id == persons[0].school_id, Person.id > before
        )
    )
    for new_id, *values in returned:
        found = waiting.get(tuple(values))
        if found:
            found.pop().id = new_id


async def insert_rows(ctx: Ctx, model: type[Any], rows: list[dict[str, Any]]) -> None:
    if rows:
        connection = await ctx.session.connection()
        await connection.execute(insert(table_of(model)), rows)
