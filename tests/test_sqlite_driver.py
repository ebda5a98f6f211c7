"""The SQLite driver of db/engine.py: reads without a trip to aiosqlite's thread (WAL only),
one trip per write, none to end a transaction that wrote nothing; otherwise as the stock one."""

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


async def test_reads_make_no_trip_and_a_write_one(engine: AsyncEngine, trips: Counter[str]):
    async with engine.connect() as conn:
        await conn.execute(select(notes.c.id))  # the connection is set up: not counted
    trips.clear()
    async with engine.connect() as conn:
        assert (await conn.execute(select(notes.c.id))).all() == []
        assert (await conn.execute(select(notes.c.text).where(notes.c.id == 1))).first() is None
        await conn.commit()
    assert trips == Counter()
    async with engine.begin() as conn:
        await conn.execute(insert(notes).values(text="a"))
        assert (await conn.execute(select(notes.c.text))).scalar_one() == "a"
    assert trips == Counter({"_execute": 1, "commit": 1})


async def test_without_wal_reads_take_the_trip(trips: Counter[str]) -> None:
    engine = make_engine("sqlite+aiosqlite://")  # in memory: no WAL, readers may wait
    try:
        async with engine.connect() as conn:
            await conn.run_sync(metadata.create_all)
            trips.clear()
            assert (await conn.execute(select(notes.c.id))).all() == []
        assert trips == Counter({"_execute": 1})
    finally:
        await engine.dispose()


async def test_a_read_does_not_wait_for_a_writer(engine: AsyncEngine) -> None:
    async with engine.connect() as writer, engine.connect() as reader:
        await writer.execute(insert(notes).values(text="not yet"))  # holds the write lock
        assert (await reader.execute(select(notes.c.id))).all() == []
        await writer.commit()
        assert (await reader.execute(select(notes.c.text))).scalars().all() == ["not yet"]


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
