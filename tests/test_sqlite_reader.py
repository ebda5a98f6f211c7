"""SQLite's reads of committed rows on the event loop's thread: the same rows, of the same types,
as through the operation's session; never a write; never the loop held up by a lock."""

import asyncio
import sqlite3
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import event, select, text
from sqlalchemy.exc import OperationalError
from sqlalchemy.ext.asyncio import AsyncEngine

from db.engine import make_engine, make_session_factory
from db.models import ChatAccount, Mark, Subject
from db.sqlite_reader import sqlite_reader
from services.context import Ctx, Journal
from services.scoped_queries import any_of, plain_rows
from tests.test_conversation_kit import add_records, linked_chat
from tests.tiny_school import TinySchool

ACCOUNTS = select(
    ChatAccount.id,
    ChatAccount.platform,
    ChatAccount.consent_at,
    ChatAccount.linked_at,
    ChatAccount.is_blocked,
    ChatAccount.person_id,
).order_by(ChatAccount.id)
MARKS = (
    select(Mark.id, Mark.lesson_date, Mark.value, Mark.weight, Mark.created_at, Subject.name)
    .join(Subject, Subject.id == Mark.subject_id)
    .where(any_of(Mark.subject_id, "subject_ids"))
    .order_by(Mark.id)
)


SQLITE_ONLY = pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)


def typed(rows: Sequence[Any]) -> list[tuple[tuple[type, object], ...]]:
    return [tuple((type(value), value) for value in row) for row in rows]


async def both_ways(ctx: Ctx, statement: Any, params: dict[str, Any]) -> tuple[Any, Any]:
    assert not ctx.session.in_transaction()
    committed = await plain_rows(ctx, statement, params)  # the reader's
    await ctx.session.execute(select(1))  # the operation's transaction has begun
    in_session = await plain_rows(ctx, statement, params)
    return committed, in_session


@SQLITE_ONLY
async def test_the_reader_gives_what_the_session_gives(journal: Journal, tiny: TinySchool) -> None:
    await add_records(journal, tiny)
    await linked_chat(journal, tiny, "g2")
    subjects = [tiny.subjects["math"], tiny.subjects["rus"]]
    accounts = await journal.run(both_ways, ACCOUNTS, {})
    marks = await journal.run(both_ways, MARKS, {"subject_ids": subjects})
    for committed, in_session in (accounts, marks):
        assert committed, "the records are there"
        assert typed(committed) == typed(in_session)


@SQLITE_ONLY
async def test_a_question_goes_through_the_reader_and_not_the_async_driver(
    engine: AsyncEngine, journal: Journal, tiny: TinySchool
) -> None:
    reader = sqlite_reader(engine)
    assert reader is not None
    await add_records(journal, tiny)
    chat = await linked_chat(journal, tiny, "g2")
    checked_out = 0

    def checkout(*_args: object) -> None:
        nonlocal checked_out
        checked_out += 1

    event.listen(engine.sync_engine, "checkout", checkout)
    try:
        await chat.send("Оценки")
    finally:
        event.remove(engine.sync_engine, "checkout", checkout)
    assert "Иван, 5А" in chat.text
    assert checked_out == 0


@SQLITE_ONLY
async def test_the_reader_never_writes(engine: AsyncEngine) -> None:
    reader = sqlite_reader(engine)
    assert reader is not None
    with pytest.raises(OperationalError, match="readonly"):
        reader.rows(text("DELETE FROM chat_accounts"), {})


@SQLITE_ONLY
async def test_a_locked_file_waits_on_the_usual_path_and_the_loop_goes_on(
    engine: AsyncEngine, journal: Journal, tiny: TinySchool
) -> None:
    database = engine.url.database
    assert database is not None
    holder = sqlite3.connect(database, isolation_level=None)
    holder.execute("PRAGMA locking_mode=EXCLUSIVE")
    holder.execute("BEGIN EXCLUSIVE")
    holder.execute("UPDATE chat_accounts SET is_blocked = is_blocked")
    reader = sqlite_reader(engine)
    assert reader is not None
    assert reader.rows(ACCOUNTS, {}) is None  # busy, said at once

    async def read(ctx: Ctx) -> Sequence[Any]:
        return await plain_rows(ctx, select(Subject.name).order_by(Subject.name))

    reading = asyncio.create_task(journal.run(read))
    ticks = 0
    while ticks < 5:  # the loop is free while the read waits for the lock
        await asyncio.sleep(0.02)
        ticks += 1
    assert not reading.done()
    holder.execute("COMMIT")
    holder.close()
    names = [row[0] for row in await asyncio.wait_for(reading, 10)]
    assert names == sorted(names) and names
    assert reader.rows(ACCOUNTS, {}) is not None  # once free, the reader reads again


@pytest.mark.parametrize("url", ["sqlite+aiosqlite://", "sqlite+aiosqlite:///:memory:"])
async def test_no_reader_for_a_database_in_memory(url: str) -> None:
    engine = make_engine(url)
    try:
        assert sqlite_reader(engine) is None
        async with make_session_factory(engine)() as session:
            assert session.info == {}
    finally:
        await engine.dispose()


async def test_no_reader_for_postgresql(postgres_url: str) -> None:
    engine = make_engine(postgres_url)
    try:
        assert sqlite_reader(engine) is None
    finally:
        await engine.dispose()


async def test_one_reader_an_engine_its_connection_closed_with_it(tmp_path: Path) -> None:
    engine = make_engine(f"sqlite+aiosqlite:///{tmp_path / 'journal.sqlite3'}")
    reader = sqlite_reader(engine)
    assert reader is not None and sqlite_reader(engine) is reader
    opened: list[object] = []
    closed: list[object] = []
    event.listen(reader.engine, "connect", lambda connection, _record: opened.append(connection))
    event.listen(reader.engine, "close", lambda connection, _record: closed.append(connection))
    for _ in range(3):
        assert reader.rows(text("SELECT 1"), {}) == [(1,)]
    assert len(opened) == 1 and not closed  # one connection, kept between reads
    await engine.dispose()
    assert closed == opened
