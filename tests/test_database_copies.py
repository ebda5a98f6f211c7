"""The copied databases tests start from are what building them afresh gives."""

from pathlib import Path
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncEngine

from db.base import Base
from db.engine import make_engine, make_session_factory
from db.models import Person, School, Subject
from services.context import Ctx, Journal
from tests.conftest import FakeClock
from tests.database_copies import BIG_TABLE, RESET_SQL
from tests.tiny_school import TinySchool, build_tiny_school


async def rows_and_next_ids(ctx: Ctx, school_id: int | None) -> tuple[dict[str, Any], list[int]]:
    """Every row of every table, then the ids the next new rows get."""
    rows = {}
    for table in Base.metadata.sorted_tables:
        result = await ctx.session.execute(select(table))
        rows[table.name] = sorted(tuple(map(repr, row)) for row in result)
    school = School(name="Новая школа", short_name="Новая", timezone="Europe/Moscow")
    ctx.session.add(school)
    await ctx.session.flush()
    person = Person(school_id=school_id or school.id, last_name="Новиков", first_name="Юрий")
    subject = Subject(school_id=school_id or school.id, name="Астрономия", short_name="Астр.")
    ctx.session.add_all([person, subject])
    await ctx.session.flush()
    return rows, [school.id, person.id, subject.id]


async def test_the_copied_tiny_school_is_the_one_building_it_gives(
    engine: AsyncEngine, journal: Journal, tiny: TinySchool, clock: FakeClock, tmp_path: Path
) -> None:
    copied = await journal.run(rows_and_next_ids, tiny.school_id)
    if engine.dialect.name == "postgresql":
        async with engine.begin() as conn:
            await conn.execute(RESET_SQL, {"with_tiny": False})
        fresh_engine = engine
    else:
        fresh_engine = make_engine(f"sqlite+aiosqlite:///{tmp_path / 'fresh.sqlite3'}")
        async with fresh_engine.begin() as conn:
            await conn.run_sync(Base.metadata.create_all)
    fresh = Journal(make_session_factory(fresh_engine), clock)
    built = await fresh.run(build_tiny_school)
    assert built == tiny
    assert await fresh.run(rows_and_next_ids, built.school_id) == copied
    assert len(copied[0]["persons"]) == 19 and copied[1][0] == tiny.school_id + 1
    await fresh_engine.dispose()


async def test_the_copied_tiny_school_is_the_tests_own(journal: Journal, tiny: TinySchool) -> None:
    pupil = await journal.run(lambda ctx: ctx.session.get(Person, tiny.people["a1"]))
    assert pupil is not None and (pupil.last_name, pupil.first_name) == ("Иванов", "Иван")
    tiny.people["a1"] = -1  # a test may change its copy; the next test gets the original


async def test_a_test_may_fill_tables(journal: Journal, tiny: TinySchool) -> None:
    """Hundreds of rows (more than BIG_TABLE): emptied otherwise than a few for the next test."""

    async def add_people(ctx: Ctx) -> int:
        ctx.session.add_all(
            Person(school_id=tiny.school_id, last_name=f"Новиков-{n}", first_name="Юрий")
            for n in range(2 * BIG_TABLE)
        )
        await ctx.session.flush()
        return int(await ctx.session.scalar(select(func.count()).select_from(Person)) or 0)

    assert await journal.run(add_people) == 19 + 2 * BIG_TABLE


async def test_without_the_tiny_school_every_table_is_empty(journal: Journal) -> None:
    rows, next_ids = await journal.run(rows_and_next_ids, None)
    assert {name: n for name, n in rows.items() if n} == {}
    assert next_ids == [1, 1, 1]


async def test_after_changes_the_next_test_still_gets_the_tiny_school(
    journal: Journal, tiny: TinySchool
) -> None:
    assert tiny.people["a1"] != -1
    rows, next_ids = await journal.run(rows_and_next_ids, tiny.school_id)
    assert len(rows["persons"]) == 19 and len(rows["schools"]) == 1
    assert next_ids[0] == tiny.school_id + 1
