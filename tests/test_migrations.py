import asyncio
import os
import subprocess
import sys
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import Script, ScriptDirectory
from sqlalchemy import Column, Connection, Integer, MetaData, Table, inspect, text
from sqlalchemy.ext.asyncio import create_async_engine

import db.models  # noqa: F401  (registers every table)
from db.base import Base
from db.migrate import (
    alembic_config,
    downgrade,
    head_revision,
    upgrade,
    upgrade_to_head,
    upgrade_to_head_async,
)
from tests.conftest import POSTGRES_ADMIN_URL

REPO_ROOT = Path(__file__).resolve().parents[1]


async def _admin_execute(statement: str) -> None:
    engine = create_async_engine(POSTGRES_ADMIN_URL, isolation_level="AUTOCOMMIT")
    try:
        async with engine.connect() as conn:
            await conn.execute(text(statement))
    finally:
        await engine.dispose()


def _fresh_postgres_database() -> Iterator[str]:
    name = f"journal_migrations_{os.getpid()}_{uuid.uuid4().hex[:8]}"
    try:
        asyncio.run(_admin_execute(f'CREATE DATABASE "{name}"'))
    except Exception as exc:  # any failure to connect means "skip", with the reason
        reason = f"PostgreSQL is not reachable at {POSTGRES_ADMIN_URL}: {exc!s:.200}"
        if os.environ.get("REQUIRE_POSTGRES") == "1":
            pytest.fail(reason + " (REQUIRE_POSTGRES=1)")
        pytest.skip(reason)
    try:
        yield POSTGRES_ADMIN_URL.rsplit("/", 1)[0] + f"/{name}"
    finally:
        asyncio.run(_admin_execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))


@pytest.fixture(scope="module")
def migrations_postgres_url() -> Iterator[str]:
    """One database for the module: dropping a database makes PostgreSQL checkpoint, which
    takes seconds on a busy machine; emptying its schema does not."""
    yield from _fresh_postgres_database()


async def _empty_schema(url: str) -> None:
    engine = create_async_engine(url, isolation_level="AUTOCOMMIT")
    try:
        async with engine.connect() as conn:
            await conn.execute(text("DROP SCHEMA public CASCADE"))
            await conn.execute(text("CREATE SCHEMA public"))
            assert await _tables_async(conn) == set()
    finally:
        await engine.dispose()


async def _tables_async(conn: Any) -> set[str]:
    return set(await conn.run_sync(lambda c: inspect(c).get_table_names()))


@pytest.fixture
def empty_postgres_url(migrations_postgres_url: str) -> str:
    """The module's database with nothing in it: no tables, types, sequences or versions."""
    asyncio.run(_empty_schema(migrations_postgres_url))
    return migrations_postgres_url


@pytest.fixture(params=["sqlite", "postgresql"])
def empty_database_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A database with no tables at all: the conftest ones are made by create_all."""
    if request.param == "sqlite":
        return f"sqlite+aiosqlite:///{tmp_path / 'migrations.sqlite3'}"
    url: str = request.getfixturevalue("empty_postgres_url")
    return url


async def _inspect(url: str, fn: Any) -> Any:
    engine = create_async_engine(url)
    try:
        async with engine.connect() as conn:
            return await conn.run_sync(fn)
    finally:
        await engine.dispose()


def _run_sync(url: str, fn: Any) -> Any:
    return asyncio.run(_inspect(url, fn))


def _differences(connection: Connection) -> list[Any]:
    context = MigrationContext.configure(connection, opts={"compare_type": True})
    return list(compare_metadata(context, Base.metadata))


def _tables(connection: Connection) -> set[str]:
    return set(inspect(connection).get_table_names()) - {"alembic_version"}


def _current(connection: Connection) -> str | None:
    return MigrationContext.configure(connection).get_current_revision()


def _revisions() -> list[Script]:
    script = ScriptDirectory.from_config(alembic_config())
    return list(reversed(list(script.walk_revisions("base", "heads"))))


def test_one_head_and_dated_file_names() -> None:
    script = ScriptDirectory.from_config(alembic_config())
    assert len(script.get_heads()) == 1
    assert head_revision() == script.get_current_head()
    for revision in _revisions():
        assert revision.path is not None
        name = Path(revision.path).name
        assert name[:4].isdigit() and name[4] == "_", name


def test_stairway(empty_database_url: str) -> None:
    """Every revision goes up, comes down one step and goes up again."""
    for revision in _revisions():
        upgrade(empty_database_url, revision.revision)
        downgrade(empty_database_url, str(revision.down_revision or "base"))
        assert _run_sync(empty_database_url, _current) == revision.down_revision
        upgrade(empty_database_url, revision.revision)
        assert _run_sync(empty_database_url, _current) == revision.revision
    assert _run_sync(empty_database_url, _tables) == set(Base.metadata.tables)


def test_downgrade_to_base_leaves_no_tables(empty_database_url: str) -> None:
    upgrade_to_head(empty_database_url)
    assert _run_sync(empty_database_url, _tables) == set(Base.metadata.tables)
    downgrade(empty_database_url, "base")
    assert _run_sync(empty_database_url, _tables) == set()


def test_migrations_match_the_models(empty_database_url: str) -> None:
    """A model changed without a migration makes this fail: write the revision."""
    upgrade_to_head(empty_database_url)
    assert _run_sync(empty_database_url, _differences) == []


def test_autogenerate_sees_a_model_change(empty_database_url: str) -> None:
    """The comparison above is not blind: an extra table shows up as a difference."""
    upgrade_to_head(empty_database_url)
    metadata = MetaData()
    for table in Base.metadata.tables.values():
        table.to_metadata(metadata)
    Table("unmigrated", metadata, Column("id", Integer, primary_key=True))

    def differences(connection: Connection) -> list[Any]:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        return list(compare_metadata(context, metadata))

    diff = _run_sync(empty_database_url, differences)
    assert [d[0] for d in diff] == ["add_table"]


async def test_upgrade_from_inside_a_running_event_loop(empty_database_url: str) -> None:
    with pytest.raises(RuntimeError, match="upgrade_to_head_async"):
        upgrade_to_head(empty_database_url)
    await upgrade_to_head_async(empty_database_url)
    await upgrade_to_head_async(empty_database_url)  # already at head: nothing to do


async def test_upgrades_at_once_in_one_process(empty_database_url: str) -> None:
    await asyncio.gather(*(upgrade_to_head_async(empty_database_url) for _ in range(3)))
    assert await _inspect(empty_database_url, _differences) == []


def test_workers_starting_together_migrate_once(empty_postgres_url: str) -> None:
    """Bot workers on PostgreSQL each migrate at start: one does it, the others wait."""
    script = f"from db.migrate import upgrade_to_head; upgrade_to_head({empty_postgres_url!r})"
    workers = [
        subprocess.Popen([sys.executable, "-c", script], cwd=REPO_ROOT, stderr=subprocess.PIPE)
        for _ in range(3)
    ]
    for worker in workers:
        _, err = worker.communicate(timeout=120)
        assert worker.returncode == 0, err.decode()
    assert _run_sync(empty_postgres_url, _differences) == []
