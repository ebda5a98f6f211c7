import asyncio
import os
from collections.abc import AsyncIterator, Iterator
from datetime import datetime
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine

import db.models  # noqa: F401  (registers every table)
from db.base import Base
from db.engine import make_engine, make_session_factory
from services.context import Journal
from tests.tiny_school import TINY_NOW, TinySchool, build_tiny_school

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


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if request.param == "sqlite":
        return f"sqlite+aiosqlite:///{tmp_path / 'journal.sqlite3'}"
    url: str = request.getfixturevalue("postgres_url")
    return url


@pytest.fixture
async def engine(database_url: str) -> AsyncIterator[AsyncEngine]:
    engine = make_engine(database_url)
    async with engine.begin() as conn:
        if engine.dialect.name == "sqlite":
            await conn.run_sync(Base.metadata.create_all)
        else:
            tables = ", ".join(f'"{t.name}"' for t in Base.metadata.sorted_tables)
            await conn.execute(text(f"TRUNCATE {tables} RESTART IDENTITY CASCADE"))
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
async def tiny(journal: Journal) -> TinySchool:
    return await journal.run(build_tiny_school)
