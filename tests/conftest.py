import asyncio
import copy
import gc
import os
import shutil
import tempfile
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import make_url, text
from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine

import db.models  # noqa: F401  (registers every table)
from bot.cli import main
from db.base import Base
from db.engine import make_engine, make_session_factory
from db.postgres_reader import PostgresReader
from db.sqlite_reader import SqliteReader
from services.context import Journal
from tests.database_copies import (
    KeptDatabases,
    PostgresReset,
    build_sqlite_template,
    copy_sqlite_template,
    prepare_postgres,
)
from tests.reader_check import postgres_rows_checked, rows_checked
from tests.tiny_school import TINY_NOW, TinySchool, build_tiny_school
from tests.write_support import run_op

# A run of the whole suite takes two processes (pytest-xdist), one per core of the machine
# it is meant for; each has its own databases (the PostgreSQL one is named by process id).
SUITE_WORKERS = 2


@pytest.hookimpl(tryfirst=True)
def pytest_cmdline_main(config: pytest.Config) -> None:
    """`pytest` on the whole suite or on folders runs as `pytest -n 2` would, if pytest-xdist is
    installed; chosen files or tests run in this process. `-n 0` keeps any run in one."""
    if not config.pluginmanager.hasplugin("xdist") or hasattr(config, "workerinput"):
        return
    if os.environ.get("PYTEST_XDIST_WORKER") or (os.cpu_count() or 1) < SUITE_WORKERS:
        return
    if config.option.numprocesses is not None or config.option.tx or config.option.usepdb:
        return
    if config.option.collectonly:
        return
    if all(Path(arg.split("::")[0]).is_dir() for arg in config.args):
        config.option.numprocesses = SUITE_WORKERS


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers", "slow: takes tens of seconds; started before the others (still run by default)"
    )


@pytest.hookimpl(wrapper=True)
def pytest_collection(session: pytest.Session) -> Iterator[object]:
    """Collection imports every module (aiogram alone builds some 600 pydantic models): no
    garbage collection meanwhile, where each full pass walks all that only to free nothing;
    what collection built lives as long as the run, so it is frozen out of later passes too."""
    gc.disable()
    try:
        return (yield)
    finally:
        gc.enable()
        gc.collect()
        gc.freeze()


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """The slow tests first (in the order collected), so that no process of the run is left
    alone with one of them at the end while the other has nothing to do."""
    items.sort(key=lambda item: item.get_closest_marker("slow") is None)


POSTGRES_ADMIN_URL = os.environ.get(
    "TEST_POSTGRES_ADMIN_URL", "postgresql+asyncpg://postgres@127.0.0.1:5432/postgres"
)
POSTGRES_TEST_DB = f"journal_test_{os.getpid()}"


async def _postgres_reachable() -> str | None:
    """None if PostgreSQL answers, else why not."""
    try:
        engine = create_async_engine(POSTGRES_ADMIN_URL, isolation_level="AUTOCOMMIT")
        async with engine.connect() as conn:
            await conn.execute(text(f'DROP DATABASE IF EXISTS "{POSTGRES_TEST_DB}"'))
            await conn.execute(text(f'CREATE DATABASE "{POSTGRES_TEST_DB}"'))
        await engine.dispose()
    except Exception as exc:  # any failure to connect means "skip", with the reason
        return f"PostgreSQL is not reachable at {POSTGRES_ADMIN_URL}: {exc!s:.200}"
    return None


async def _drop_postgres_db() -> None:
    engine = create_async_engine(POSTGRES_ADMIN_URL, isolation_level="AUTOCOMMIT")
    async with engine.connect() as conn:
        await conn.execute(text(f'DROP DATABASE IF EXISTS "{POSTGRES_TEST_DB}" WITH (FORCE)'))
    await engine.dispose()


def _postgres_url() -> str:
    return POSTGRES_ADMIN_URL.rsplit("/", 1)[0] + f"/{POSTGRES_TEST_DB}"


@pytest.fixture(scope="session")
def postgres_url() -> Iterator[str]:
    reason = asyncio.run(_postgres_reachable())
    if reason is not None:
        if os.environ.get("REQUIRE_POSTGRES") == "1":
            pytest.fail(reason + " (REQUIRE_POSTGRES=1)")
        pytest.skip(reason)
    url = _postgres_url()

    async def create_schema() -> None:
        engine = make_engine(url)
        async with engine.begin() as conn:
            await conn.run_sync(Base.metadata.create_all)
        await engine.dispose()

    asyncio.run(create_schema())
    yield url
    asyncio.run(_drop_postgres_db())


@pytest.fixture(scope="session")
def postgres_tiny(postgres_url: str) -> TinySchool:
    """The tiny school built once in the session's PostgreSQL database and snapshotted."""
    return asyncio.run(prepare_postgres(postgres_url))


@pytest.fixture(scope="session")
def postgres_reset(postgres_url: str, postgres_tiny: TinySchool) -> Iterator[PostgresReset]:
    reset = PostgresReset(postgres_url)
    yield reset
    reset.close()


@dataclass(frozen=True)
class SqliteTemplates:
    empty: Path
    tiny: Path
    tiny_school: TinySchool


@pytest.fixture(scope="session")
def sqlite_folder(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """Where the tests' SQLite databases live: in memory-backed /dev/shm when there is one.

    The product commits with synchronous=FULL, an fsync of ~2 ms per commit on a disk; on tmpfs
    the same pragma and the same fsync cost nothing, so nothing about the product changes."""
    shm = Path("/dev/shm")
    if not (shm.is_dir() and os.access(shm, os.W_OK)):
        yield tmp_path_factory.mktemp("databases")
        return
    folder = Path(tempfile.mkdtemp(prefix="journal-tests-", dir=shm))
    try:
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture(scope="session")
def sqlite_templates(sqlite_folder: Path) -> SqliteTemplates:
    folder = sqlite_folder / "templates"
    folder.mkdir()
    asyncio.run(build_sqlite_template(folder / "empty.sqlite3", with_tiny=False))
    school = asyncio.run(build_sqlite_template(folder / "tiny.sqlite3", with_tiny=True))
    assert school is not None
    return SqliteTemplates(folder / "empty.sqlite3", folder / "tiny.sqlite3", school)


@pytest.fixture(scope="session")
def kept_databases(sqlite_folder: Path) -> KeptDatabases[Any]:
    """For databases that take long to build: see KeptDatabases.built."""
    folder = sqlite_folder / "kept"
    folder.mkdir()
    return KeptDatabases(folder)


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request: pytest.FixtureRequest) -> Iterator[str]:
    if request.param == "sqlite":
        folder = Path(tempfile.mkdtemp(dir=request.getfixturevalue("sqlite_folder")))
        yield f"sqlite+aiosqlite:///{folder / 'journal.sqlite3'}"
        shutil.rmtree(folder, ignore_errors=True)
        return
    yield request.getfixturevalue("postgres_url")


# The tiny school a test's `engine` fixture already put in its database (see `tiny`).
PRELOADED_TINY = pytest.StashKey[TinySchool]()


@dataclass(frozen=True)
class FreshDatabase:
    """How `engine` gets its database ready: a template file to copy (SQLite), or nothing
    more (PostgreSQL, reset already); `tiny` is the school in it when the test asks for it."""

    template: Path | None
    tiny: TinySchool | None
    create: bool = False


@pytest.fixture
def fresh_database(database_url: str, request: pytest.FixtureRequest) -> FreshDatabase:
    # Sync on purpose: the session templates are built with asyncio.run, outside any loop.
    with_tiny = "tiny" in request.fixturenames
    if database_url.startswith("sqlite"):
        target = make_url(database_url).database
        if target is None or Path(target).exists():
            return FreshDatabase(None, tiny=None, create=True)  # create_all, as it always did
        templates: SqliteTemplates = request.getfixturevalue("sqlite_templates")
        if with_tiny:
            return FreshDatabase(templates.tiny, tiny=templates.tiny_school)
        return FreshDatabase(templates.empty, tiny=None)
    school: TinySchool = request.getfixturevalue("postgres_tiny")
    reset: PostgresReset = request.getfixturevalue("postgres_reset")
    reset.reset(with_tiny=with_tiny)
    return FreshDatabase(None, tiny=school if with_tiny else None)


@pytest.fixture
async def engine(
    database_url: str, fresh_database: FreshDatabase, request: pytest.FixtureRequest
) -> AsyncIterator[AsyncEngine]:
    """An empty schema, or the tiny school if the test uses `tiny`: copied, not rebuilt."""
    if fresh_database.template is not None:
        target = make_url(database_url).database
        assert target is not None
        copy_sqlite_template(fresh_database.template, Path(target))
    engine = make_engine(database_url)
    if fresh_database.create:
        async with engine.begin() as conn:
            await conn.run_sync(Base.metadata.create_all)
    if fresh_database.tiny is not None:
        request.node.stash[PRELOADED_TINY] = fresh_database.tiny
    yield engine
    await engine.dispose()


class FakeClock:
    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock(TINY_NOW)


@pytest.fixture
def journal(engine: AsyncEngine, clock: FakeClock) -> Journal:
    return Journal(make_session_factory(engine), clock)


@pytest.fixture
async def tiny(journal: Journal, request: pytest.FixtureRequest) -> TinySchool:
    """The tiny school: already in the database when `engine` copied it there, else built."""
    preloaded = request.node.stash.get(PRELOADED_TINY, None)
    if preloaded is not None:
        return copy.deepcopy(preloaded)
    return await journal.run(build_tiny_school)


@dataclass(frozen=True)
class SchoolFile:
    url: str
    tiny: TinySchool


@pytest.fixture
def school_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> SchoolFile:
    """The tiny school in a migrated SQLite file that the `journal` commands use (DATABASE_URL),
    run from tmp_path (no stray .env from the developer's working directory); what the migration
    printed is read off."""
    monkeypatch.chdir(tmp_path)
    url = f"sqlite+aiosqlite:///{tmp_path / 'journal.sqlite3'}"
    monkeypatch.setenv("DATABASE_URL", url)
    assert main(["migrate"]) == 0
    tiny: TinySchool = run_op(url, build_tiny_school)
    capsys.readouterr()
    return SchoolFile(url, tiny)


@pytest.fixture(autouse=True)
def fast_reads_checked(monkeypatch: pytest.MonkeyPatch) -> None:
    """Each fast read compared with SQLAlchemy's answer (tests/reader_check.py)."""
    monkeypatch.setattr(SqliteReader, "rows", rows_checked)
    monkeypatch.setattr(PostgresReader, "rows", postgres_rows_checked)
