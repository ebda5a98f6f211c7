"""Test databases built once per session and copied for each test.

Building the schema and the tiny school takes far longer than most tests take to run, so
both are built once: SQLite into template files that each test copies, PostgreSQL into the
session's database, with the school's rows kept aside in a snapshot schema and a function that
puts the database back to "empty schema" or "tiny school" in one round trip.
"""

import asyncio
import copy
import re
import shutil
import sqlite3
import threading
from collections.abc import Awaitable, Callable, Coroutine
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Generic, TypeVar

from sqlalchemy import Table, text
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

import db.models  # noqa: F401  (registers every table)
from db.base import Base
from db.engine import make_engine, make_session_factory
from services.context import Journal
from tests.tiny_school import TINY_NOW, TinySchool, build_tiny_school

T = TypeVar("T")

SNAPSHOT_SCHEMA = "test_snapshot"
BIG_TABLE = 200  # rows
RESET_SQL = text(f"SELECT {SNAPSHOT_SCHEMA}.reset(:with_tiny)")


def _quoted(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _columns(table: Table) -> str:
    return ", ".join(_quoted(c.name) for c in table.columns if c.computed is None)


async def build_sqlite_template(path: Path, *, with_tiny: bool) -> TinySchool | None:
    """The schema (and the tiny school) in a file that holds everything: no WAL beside it."""
    engine = make_engine(f"sqlite+aiosqlite:///{path}")
    async with engine.begin() as conn:
        await conn.run_sync(Base.metadata.create_all)
    tiny = None
    if with_tiny:
        tiny = await Journal(make_session_factory(engine), lambda: TINY_NOW).run(build_tiny_school)
    await engine.dispose()
    with sqlite3.connect(path) as conn:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    wal = path.with_name(path.name + "-wal")
    assert not wal.exists() or wal.stat().st_size == 0, f"{wal} still holds pages"
    return tiny


def copy_sqlite_template(template: Path, target: Path) -> None:
    shutil.copyfile(template, target)


async def _reset_function(conn: AsyncConnection) -> str:
    """PL/pgSQL that empties every table, restarts every sequence and, if asked, reloads the
    snapshot with the sequences where the build left them."""
    tables = Base.metadata.sorted_tables
    sequences = (
        await conn.execute(
            text(
                "SELECT sequencename, last_value FROM pg_sequences "
                "WHERE schemaname = current_schema() ORDER BY sequencename"
            )
        )
    ).all()
    # DELETE is quicker than TRUNCATE for the few rows most tests leave; a table a test filled
    # (the demo school) is truncated instead, as row-by-row deletes with their foreign-key
    # checks take seconds there.
    lines = [
        f"IF EXISTS (SELECT FROM {_quoted(t.name)} OFFSET {BIG_TABLE}) THEN "
        f"big := array_append(big, '{_quoted(t.name)}'); END IF;"
        for t in tables
    ]
    lines.append(
        "IF cardinality(big) > 0 THEN "
        "EXECUTE 'TRUNCATE ' || array_to_string(big, ', ') || ' CASCADE'; END IF;"
    )
    lines += [f"DELETE FROM {_quoted(t.name)};" for t in reversed(tables)]
    lines += [f"PERFORM setval('{_quoted(name)}', 1, false);" for name, _ in sequences]
    lines.append("IF with_tiny THEN")
    for t in tables:
        rows = await conn.scalar(text(f"SELECT count(*) FROM {_quoted(t.name)}"))
        if rows:
            columns = _columns(t)
            lines.append(
                f"INSERT INTO {_quoted(t.name)} ({columns}) "
                f"SELECT {columns} FROM {SNAPSHOT_SCHEMA}.{_quoted(t.name)};"
            )
    lines += [
        f"PERFORM setval('{_quoted(name)}', {int(value)}, true);"
        for name, value in sequences
        if value is not None
    ]
    lines.append("END IF;")
    body = "\n".join(lines)
    return (
        f"CREATE FUNCTION {SNAPSHOT_SCHEMA}.reset(with_tiny boolean) RETURNS void "
        f"LANGUAGE plpgsql AS $reset$\nDECLARE big text[] := '{{}}';\nBEGIN\n{body}\nEND\n$reset$"
    )


async def prepare_postgres(url: str) -> TinySchool:
    """Builds the tiny school in the (empty-schema) database at `url`, snapshots it and leaves
    the database with the empty schema."""
    engine = make_engine(url)
    # Commits need not wait for the disk: the database lives as long as the session.
    async with engine.begin() as conn:
        database = await conn.scalar(text("SELECT current_database()"))
        await conn.execute(
            text(f"ALTER DATABASE {_quoted(str(database))} SET synchronous_commit = off")
        )
    tiny = await Journal(make_session_factory(engine), lambda: TINY_NOW).run(build_tiny_school)
    async with engine.begin() as conn:
        await conn.execute(text(f"DROP SCHEMA IF EXISTS {SNAPSHOT_SCHEMA} CASCADE"))
        await conn.execute(text(f"CREATE SCHEMA {SNAPSHOT_SCHEMA}"))
        for t in Base.metadata.sorted_tables:
            await conn.execute(
                text(
                    f"CREATE TABLE {SNAPSHOT_SCHEMA}.{_quoted(t.name)} AS "
                    f"SELECT {_columns(t)} FROM {_quoted(t.name)}"
                )
            )
        await conn.execute(text(await _reset_function(conn)))
        await conn.execute(RESET_SQL, {"with_tiny": False})  # empty, as a new database is
    await engine.dispose()
    return tiny


class PostgresReset:
    """Puts the session's PostgreSQL database back to the empty schema or the tiny school
    (RESET_SQL) over one connection kept for the whole session, in a thread with an event loop
    of its own (each test has its own loop). A test's new connection is a new server process:
    running the reset there would first plan each of its statements and load every table's
    catalog entries, three times the reset's own work."""

    def __init__(self, url: str) -> None:
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(
            target=self._loop.run_forever, name="postgres-reset", daemon=True
        )
        self._thread.start()
        self._engine = make_engine(url)

    def reset(self, *, with_tiny: bool) -> None:
        self._call(self._reset(with_tiny))

    async def _reset(self, with_tiny: bool) -> None:
        async with self._engine.begin() as conn:
            await conn.execute(RESET_SQL, {"with_tiny": with_tiny})

    def _call(self, work: Coroutine[Any, Any, None]) -> None:
        asyncio.run_coroutine_threadsafe(work, self._loop).result()

    def close(self) -> None:
        self._call(self._engine.dispose())
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join()
        self._loop.close()


@dataclass(frozen=True)
class KeptDatabase:
    """What a database held, kept as a SQLite file or a PostgreSQL schema with its sequences."""

    file: Path | None = None
    schema: str | None = None
    sequences: tuple[tuple[str, int], ...] = ()


async def keep_database(engine: AsyncEngine, name: str, folder: Path) -> KeptDatabase:
    if engine.dialect.name == "sqlite":
        file = folder / f"{name}.sqlite3"
        async with engine.connect() as conn:
            await conn.exec_driver_sql(f"VACUUM INTO '{file}'")
        return KeptDatabase(file=file)
    schema = f"kept_{name}"
    async with engine.begin() as conn:
        await conn.execute(text(f"CREATE SCHEMA {_quoted(schema)}"))
        for t in Base.metadata.sorted_tables:
            await conn.execute(
                text(
                    f"CREATE TABLE {_quoted(schema)}.{_quoted(t.name)} AS "
                    f"SELECT {_columns(t)} FROM {_quoted(t.name)}"
                )
            )
        sequences = (
            await conn.execute(
                text(
                    "SELECT sequencename, last_value FROM pg_sequences "
                    "WHERE schemaname = current_schema() AND last_value IS NOT NULL"
                )
            )
        ).all()
    return KeptDatabase(schema=schema, sequences=tuple((n, int(v)) for n, v in sequences))


async def put_kept_database(engine: AsyncEngine, kept: KeptDatabase) -> None:
    """Fills the (empty) database of `engine` with what `kept` holds, ids and sequences too."""
    tables = Base.metadata.sorted_tables
    if kept.file is not None:
        async with engine.connect() as conn:
            await conn.exec_driver_sql(f"ATTACH DATABASE '{kept.file}' AS kept")
            for t in tables:
                columns = _columns(t)
                await conn.exec_driver_sql(
                    f"INSERT INTO main.{_quoted(t.name)} ({columns}) "
                    f"SELECT {columns} FROM kept.{_quoted(t.name)}"
                )
            await conn.commit()
            await conn.exec_driver_sql("DETACH DATABASE kept")
        return
    assert kept.schema is not None
    async with engine.begin() as conn:
        for t in tables:
            columns = _columns(t)
            await conn.execute(
                text(
                    f"INSERT INTO {_quoted(t.name)} ({columns}) "
                    f"SELECT {columns} FROM {_quoted(kept.schema)}.{_quoted(t.name)}"
                )
            )
        for name, value in kept.sequences:
            await conn.execute(text(f"SELECT setval('{_quoted(name)}', {value}, true)"))


class KeptDatabases(Generic[T]):
    """Databases that take long to build (the demo school), built by the first test that needs
    one and copied into the empty database of every later one, per kind of database."""

    def __init__(self, folder: Path) -> None:
        self._folder = folder
        self._kept: dict[tuple[str, str], tuple[KeptDatabase, T]] = {}

    async def built(self, engine: AsyncEngine, key: str, build: Callable[[], Awaitable[T]]) -> T:
        """`build()` fills the engine's empty database and returns what describes it."""
        found = self._kept.get((engine.dialect.name, key))
        if found is None:
            described = await build()
            name = re.sub(r"\W", "_", key, flags=re.ASCII).lower()
            kept = await keep_database(engine, name, self._folder)
            self._kept[engine.dialect.name, key] = (kept, described)
            return described
        kept, described = found
        await put_kept_database(engine, kept)
        return copy.deepcopy(described)
