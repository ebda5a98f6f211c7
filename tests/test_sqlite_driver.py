"""The SQLite driver of db/engine.py: one trip to aiosqlite's thread per statement, none to
commit or roll back a transaction that wrote nothing, and otherwise what the stock one does."""

from collections import Counter
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import aiosqlite
import pytest
from sqlalchemy import Column, Integer, MetaData, String, Table, insert, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncEngine

from db.engine import make_engine

metadata = MetaData()
notes = Table(
    "notes",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("text", String(20), unique=True),
)


@pytest.fixture
async def engine(tmp_path: Path) -> AsyncIterator[AsyncEngine]:
    engine = make_engine(f"sqlite+aiosqlite:///{tmp_path / 'driver.sqlite3'}")
    async with engine.begin() as conn:
        await conn.run_sync(metadata.create_all)
    yield engine
    await engine.dispose()


@pytest.fixture
def trips(monkeypatch: pytest.MonkeyPatch) -> Counter[str]:
    """Calls queued to aiosqlite's thread, by the function's name."""
    seen: Counter[str] = Counter()
    queue = aiosqlite.Connection._execute

    async def counted(self: aiosqlite.Connection, fn: Any, *args: Any, **kwargs: Any) -> Any:
        seen[getattr(fn, "__name__", "?")] += 1
        return await queue(self, fn, *args, **kwargs)

    monkeypatch.setattr(aiosqlite.Connection, "_execute", counted)
    return seen


async def test_one_trip_per_statement_and_none_to_end_a_read(
    engine: AsyncEngine, trips: Counter[str]
) -> None:
    async with engine.connect() as conn:
        await conn.execute(select(notes.c.id))  # the connection is set up: not counted
    trips.clear()
    async with engine.connect() as conn:
        assert (await conn.execute(select(notes.c.id))).all() == []
        assert (await conn.execute(select(notes.c.text).where(notes.c.id == 1))).first() is None
        await conn.commit()
    assert trips == Counter({"_execute": 2})
    trips.clear()
    async with engine.begin() as conn:
        await conn.execute(insert(notes).values(text="a"))
    assert trips == Counter({"_execute": 1, "commit": 1})


async def test_rows_counts_ids_and_errors_as_usual(engine: AsyncEngine) -> None:
    async with engine.begin() as conn:
        added = await conn.execute(insert(notes).values(text="a"))
        assert added.inserted_primary_key == (1,)
        await conn.execute(insert(notes), [{"text": "b"}, {"text": "c"}])
        changed = await conn.execute(update(notes).where(notes.c.id > 1).values(text=notes.c.text))
        assert changed.rowcount == 2
    async with engine.connect() as conn:
        rows = (await conn.execute(select(notes.c.id, notes.c.text).order_by(notes.c.id))).all()
        assert [tuple(r) for r in rows] == [(1, "a"), (2, "b"), (3, "c")]
        with pytest.raises(IntegrityError):
            await conn.execute(insert(notes).values(text="a"))
        await conn.rollback()
        streamed = await conn.stream(select(notes.c.text).order_by(notes.c.id))
        assert [r[0] async for r in streamed] == ["a", "b", "c"]


async def test_a_rolled_back_write_is_gone(engine: AsyncEngine) -> None:
    async with engine.connect() as conn:
        await conn.execute(insert(notes).values(text="kept?"))
        await conn.rollback()
        assert (await conn.execute(select(notes.c.id))).all() == []
