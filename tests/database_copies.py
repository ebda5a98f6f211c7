"""Test databases built once per session and copied for each test.

Building the schema and the tiny school takes far longer than most tests take to run, so
both are built once: SQLite into template files that each test copies, PostgreSQL into the
session's database, with the school's rows kept aside in a snapshot schema and a function that
puts the database back to "empty schema" or "tiny school" in one round trip.
"""

import shutil
import sqlite3
from pathlib import Path

from sqlalchemy import Table, text
from sqlalchemy.ext.asyncio import AsyncConnection

import db.models  # noqa: F401  (registers every table)
from db.base import Base
from db.engine import make_engine, make_session_factory
from services.context import Journal
from tests.tiny_school import TINY_NOW, TinySchool, build_tiny_school

SNAPSHOT_SCHEMA = "test_snapshot"
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
    lines = [f"DELETE FROM {_quoted(t.name)};" for t in reversed(tables)]
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
        f"LANGUAGE plpgsql AS $reset$\nBEGIN\n{body}\nEND\n$reset$"
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
