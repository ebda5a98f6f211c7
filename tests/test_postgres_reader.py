"""PostgreSQL's reads of committed rows through the reader's own asyncpg pool: the same rows, of
the same types, as through the operation's session; a statement it cannot run, a dropped
connection or another event loop leave the read to SQLAlchemy, and the answer is the same."""

import asyncio
import logging
from collections.abc import Sequence
from typing import Any

import pytest
from sqlalchemy import Connection, event, func, literal_column, make_url, select, text
from sqlalchemy.ext.asyncio import AsyncEngine

from db.engine import make_engine
from db.models import ConversationState, Subject
from db.postgres_reader import POOL_SIZE, PostgresReader, postgres_reader
from services.context import Ctx, Journal
from services.scoped_queries import any_of, plain_rows
from tests.read_rows import reader_statements
from tests.reader_check import ANSWERED_ALONE_ON_POSTGRESQL, is_the_check, typed
from tests.test_conversation_kit import add_records, linked_chat
from tests.test_sqlite_reader import ACCOUNTS, MARKS, both_ways
from tests.tiny_school import TinySchool

pytestmark = pytest.mark.parametrize("database_url", ["postgresql"], indirect=True)

SUBJECTS = select(Subject.id, Subject.name).order_by(Subject.id)


@pytest.fixture
def unchecked(monkeypatch: pytest.MonkeyPatch) -> None:
    """For a read whose answer depends on the connection (its backend's pid)."""
    monkeypatch.setattr(PostgresReader, "rows", ANSWERED_ALONE_ON_POSTGRESQL)


def reader_of(engine: AsyncEngine) -> PostgresReader:
    reader = postgres_reader(engine)
    assert reader is not None
    return reader


async def test_the_reader_gives_what_the_session_gives(journal: Journal, tiny: TinySchool) -> None:
    await add_records(journal, tiny)
    await linked_chat(journal, tiny, "g2")
    accounts = await journal.run(both_ways, ACCOUNTS, {})
    marks = await journal.run(
        both_ways, MARKS, {"subject_ids": [tiny.subjects["math"], tiny.subjects["rus"]]}
    )
    for committed, in_session in (accounts, marks):
        assert committed
        assert typed(committed) == typed(in_session)


async def test_reads_run_on_the_readers_pool_not_the_engines(
    engine: AsyncEngine, journal: Journal, tiny: TinySchool
) -> None:
    reader = reader_of(engine)
    await add_records(journal, tiny)
    chat = await linked_chat(journal, tiny, "g2")
    through_the_engine = 0

    def statement(conn: Connection, *_args: object) -> None:
        nonlocal through_the_engine
        through_the_engine += not is_the_check(conn)

    event.listen(engine.sync_engine, "before_cursor_execute", statement)
    try:
        with reader_statements() as read:
            await chat.send("Оценки")
            assert await reader.rows(SUBJECTS, {}) is not None
    finally:
        event.remove(engine.sync_engine, "before_cursor_execute", statement)
    assert "Иван, 5А" in chat.text
    assert through_the_engine == 0
    assert len(read) == 3  # the standing (with the pupil's scope), the marks; the subjects


async def test_a_list_parameter_is_left_to_sqlalchemy(
    engine: AsyncEngine, journal: Journal, tiny: TinySchool
) -> None:
    in_list = select(Subject.name).where(any_of(Subject.id, "ids")).order_by(Subject.name)
    ids = [tiny.subjects["math"], tiny.subjects["rus"]]
    assert await reader_of(engine).rows(in_list, {"ids": ids}) is None

    async def read(ctx: Ctx) -> Sequence[Any]:
        return await plain_rows(ctx, in_list, {"ids": ids})

    assert len(await journal.run(read)) == 2


async def test_a_dropped_connection_is_replaced(
    unchecked: None, engine: AsyncEngine, caplog: pytest.LogCaptureFixture
) -> None:
    reader = reader_of(engine)
    pid = select(literal_column("pg_backend_pid()"))
    rows = await reader.rows(pid, {})
    assert rows is not None
    async with engine.connect() as connection:
        await connection.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": rows[0][0]})
    with caplog.at_level(logging.WARNING, "db.postgres_reader"):
        answers = [await reader.rows(pid, {}) for _ in range(3)]
    # asyncpg's pool may notice the dropped connection itself; if not, one read is left to
    # SQLAlchemy (said in the log) and the next finds a new connection.
    if answers[0] is None:
        assert "a read left to SQLAlchemy" in caplog.text
    assert answers[-1] is not None and answers[-1][0][0] != rows[0][0]


async def test_another_event_loop_reads_through_sqlalchemy(engine: AsyncEngine) -> None:
    reader = reader_of(engine)
    assert await reader.rows(SUBJECTS, {}) is not None

    def elsewhere() -> object:
        return asyncio.run(reader.rows(SUBJECTS, {}))

    assert await asyncio.to_thread(elsewhere) is None


async def test_the_pool_closes_with_the_engine_and_opens_again(
    unchecked: None, engine: AsyncEngine
) -> None:
    reader = reader_of(engine)
    pid = select(literal_column("pg_backend_pid()"))
    first = await reader.rows(pid, {})
    assert first is not None
    await engine.dispose()
    async with engine.connect() as connection:
        alive = await connection.scalar(
            text("SELECT count(*) FROM pg_stat_activity WHERE pid = :pid"), {"pid": first[0][0]}
        )
    assert alive == 0
    assert await reader.rows(pid, {}) is not None


async def test_a_read_cancelled_halfway_leaves_no_broken_connection(engine: AsyncEngine) -> None:
    reader = reader_of(engine)
    slow = asyncio.create_task(reader.rows(select(func.pg_sleep(5)), {}))
    await asyncio.sleep(0.3)
    slow.cancel()
    with pytest.raises(asyncio.CancelledError):
        await slow
    for _ in range(POOL_SIZE + 1):  # every connection of the pool serves again
        assert await reader.rows(SUBJECTS, {}) is not None


async def test_no_server_leaves_the_read_to_sqlalchemy(
    database_url: str, caplog: pytest.LogCaptureFixture
) -> None:
    nowhere = make_url(database_url).set(port=1)  # nothing listens there
    engine = make_engine(nowhere.render_as_string(hide_password=False))
    try:
        with caplog.at_level(logging.WARNING, "db.postgres_reader"):
            assert await reader_of(engine).rows(SUBJECTS, {}) is None
        assert "a read left to SQLAlchemy" in caplog.text
    finally:
        await engine.dispose()


async def test_json_columns_are_left_to_sqlalchemy(engine: AsyncEngine) -> None:
    # SQLAlchemy's own connections decode JSON with codecs the reader's pool does not set up.
    assert await reader_of(engine).rows(select(ConversationState.data), {}) is None
