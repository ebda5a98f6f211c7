"""Backups: a copy restored into an empty database holds every row of every table; a restore
over live data is refused unless forced; the nightly job makes one copy a day and keeps
BACKUP_KEEP_DAYS of them."""

import os
from collections.abc import AsyncIterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import delete, func, inspect, select, text
from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine

from bot.cli import main
from bot.nightly_backup import BackupPlan, NightlyBackup, nightly_copies, nightly_path, prune
from db.backup import BackupError, backup_database, holds_data, restore_database
from db.base import Base
from db.demo import build_demo
from db.engine import make_engine, make_session_factory
from db.models import Mark
from tests.conftest import POSTGRES_ADMIN_URL, FakeClock

DAY = date(2026, 11, 18)  # a Wednesday in the second quarter


@pytest.fixture
async def demo(engine: AsyncEngine) -> AsyncEngine:
    await build_demo(make_session_factory(engine), pupils=40, seed=3, today=DAY)
    return engine


@pytest.fixture
async def empty_url(database_url: str, tmp_path: Path) -> AsyncIterator[str]:
    """A second database of the same kind, with nothing in it (not even tables)."""
    if database_url.startswith("sqlite"):
        yield f"sqlite+aiosqlite:///{tmp_path / 'restored.sqlite3'}"
        return
    name = f"journal_restore_{os.getpid()}"
    admin = create_async_engine(POSTGRES_ADMIN_URL, isolation_level="AUTOCOMMIT")
    async with admin.connect() as conn:
        await conn.execute(text(f'DROP DATABASE IF EXISTS "{name}"'))
        await conn.execute(text(f'CREATE DATABASE "{name}"'))
    yield database_url.rsplit("/", 1)[0] + f"/{name}"
    async with admin.connect() as conn:
        await conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    await admin.dispose()


async def every_row(url: str) -> dict[str, list[tuple[Any, ...]]]:
    """Every table's rows in primary-key order, and the set of tables itself."""
    engine = make_engine(url)
    try:
        async with engine.connect() as conn:
            names = await conn.run_sync(lambda c: sorted(inspect(c).get_table_names()))
            rows: dict[str, list[tuple[Any, ...]]] = {"(tables)": [tuple(names)]}
            for table in Base.metadata.sorted_tables:
                order = list(table.primary_key.columns)
                result = await conn.execute(select(table).order_by(*order))
                rows[table.name] = [tuple(r) for r in result]
            return rows
    finally:
        await engine.dispose()


async def test_round_trip_restores_every_row_of_every_table(
    demo: AsyncEngine, database_url: str, empty_url: str, tmp_path: Path
) -> None:
    copy = tmp_path / "copy.bin"
    result = await backup_database(database_url, copy)
    assert result.path == copy and result.size_bytes > 0
    assert not [p for p in os.listdir(tmp_path) if p.endswith(".part")]
    assert not await holds_data(empty_url)

    await restore_database(empty_url, copy)

    before, after = await every_row(database_url), await every_row(empty_url)
    assert before.keys() == after.keys()
    for name in before:
        assert before[name] == after[name], name
    assert len(before["marks"]) > 100 and len(before["lessons"]) > 100


async def test_restore_over_live_data_needs_force(
    demo: AsyncEngine, database_url: str, tmp_path: Path
) -> None:
    copy = tmp_path / "copy.bin"
    await backup_database(database_url, copy)
    async with demo.begin() as conn:
        marks = await conn.scalar(select(func.count()).select_from(Mark))
        await conn.execute(delete(Mark))

    with pytest.raises(BackupError, match="--force"):
        await restore_database(database_url, copy)
    async with demo.connect() as conn:
        assert await conn.scalar(select(func.count()).select_from(Mark)) == 0

    await demo.dispose()  # the restore replaces the database under the pool's connections
    await restore_database(database_url, copy, force=True)
    async with demo.connect() as conn:
        assert await conn.scalar(select(func.count()).select_from(Mark)) == marks


async def test_a_file_that_is_not_a_copy_is_refused(database_url: str, tmp_path: Path) -> None:
    stray = tmp_path / "notes.txt"
    stray.write_text("не копия", encoding="utf-8")
    with pytest.raises(BackupError, match="не копия"):
        await restore_database(database_url, stray)
    with pytest.raises(BackupError, match="нет"):
        await restore_database(database_url, tmp_path / "missing.dump")


async def test_without_pg_dump_the_message_says_what_to_install(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setattr("db.backup.shutil.which", lambda _name: None)
    url = "postgresql+asyncpg://journal:secret@db.example/journal"
    with pytest.raises(BackupError, match="pg_dump из пакета postgresql-client"):
        await backup_database(url, tmp_path / "copy.dump")
    assert not os.listdir(tmp_path)


async def test_unsupported_databases_are_named(tmp_path: Path) -> None:
    with pytest.raises(BackupError, match="«mysql»"):
        await backup_database("mysql+aiomysql://u@h/db", tmp_path / "x")
    with pytest.raises(BackupError, match="в памяти"):
        await backup_database("sqlite+aiosqlite:///:memory:", tmp_path / "x")


def plan_for(url: str, directory: Path, keep_days: int = 3) -> BackupPlan:
    return BackupPlan(url, directory, keep_days, hour=3, timezone=ZoneInfo("Europe/Moscow"))


async def test_nightly_backup_once_a_day_after_its_hour(
    demo: AsyncEngine, database_url: str, tmp_path: Path
) -> None:
    plan = plan_for(database_url, tmp_path / "backups")
    clock = FakeClock(datetime(2026, 11, 17, 23, 30, tzinfo=UTC))  # 02:30 in Moscow
    job = NightlyBackup(plan, clock)
    assert await job() is None
    clock.now += timedelta(hours=1)  # 03:30
    made = await job()
    assert made == nightly_path(plan, date(2026, 11, 18)) and made.is_file()
    assert await job() is None  # one a day
    clock.now += timedelta(days=1)
    assert await job() == nightly_path(plan, date(2026, 11, 19))
    assert [day for day, _ in nightly_copies(plan.directory)] == [
        date(2026, 11, 18),
        date(2026, 11, 19),
    ]


def test_prune_keeps_the_days_asked_for_and_always_the_newest(tmp_path: Path) -> None:
    for day in (1, 2, 3, 4, 5):
        (tmp_path / f"journal-nightly-2026-11-0{day}.sqlite3").write_bytes(b"x")
    (tmp_path / "journal-2026-11-01-120000.sqlite3").write_bytes(b"by hand")
    removed = prune(tmp_path, 3, date(2026, 11, 5))
    assert sorted(p.name for p in removed) == [
        "journal-nightly-2026-11-01.sqlite3",
        "journal-nightly-2026-11-02.sqlite3",
    ]
    assert (tmp_path / "journal-2026-11-01-120000.sqlite3").exists()  # not the job's
    # Long after the last copy (the job stopped), the newest one still stays.
    prune(tmp_path, 3, date(2027, 1, 1))
    assert [p.name for _, p in nightly_copies(tmp_path)] == ["journal-nightly-2026-11-05.sqlite3"]


async def test_a_failing_night_is_retried_an_hour_later(tmp_path: Path) -> None:
    plan = plan_for(f"sqlite+aiosqlite:///{tmp_path / 'missing.sqlite3'}", tmp_path / "b")
    clock = FakeClock(datetime(2026, 11, 18, 1, 0, tzinfo=UTC))
    job = NightlyBackup(plan, clock)
    assert await job() is None
    (tmp_path / "missing.sqlite3").write_bytes(b"")  # an empty file is an empty database
    clock.now += timedelta(minutes=30)
    assert await job() is None  # not yet
    clock.now += timedelta(minutes=31)
    assert await job() is not None


def test_cli_backup_and_restore(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    url = f"sqlite+aiosqlite:///{tmp_path / 'journal.sqlite3'}"
    assert main(["seed", "--pupils", "20", "--database-url", url]) == 0
    capsys.readouterr()
    copy = tmp_path / "copy.sqlite3"
    assert main(["backup", str(copy), "--database-url", url]) == 0
    assert f"записана в {copy}" in capsys.readouterr().out

    assert main(["restore", str(copy), "--database-url", url]) == 1
    assert "--force" in capsys.readouterr().err
    fresh = f"sqlite+aiosqlite:///{tmp_path / 'fresh.sqlite3'}"
    assert main(["restore", str(copy), "--database-url", fresh]) == 0
    assert "восстановлена" in capsys.readouterr().out
    assert main(["restore", str(copy), "--database-url", url, "--force"]) == 0
    assert main(["restore", str(tmp_path / "nope.sqlite3"), "--database-url", fresh]) == 1
    assert "нет" in capsys.readouterr().err
