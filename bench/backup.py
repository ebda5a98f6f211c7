"""How long `journal backup` and `journal restore` take for a school of 1,000 pupils (issue 11).

Usage: python bench/backup.py [--pupils 1000] [--postgres-admin-url URL]
The demo builder makes one school with all the pupils (lessons, marks and attendance up to
today); the SQLite file is copied with the online backup API and restored into an empty file.
With --postgres-admin-url (a database user allowed to create databases) the same school is
built in a scratch PostgreSQL database, dumped with pg_dump and restored with pg_restore into
another scratch database; both are dropped afterwards. Prints `<figure>: <value> <unit>` lines.
"""

import argparse
import asyncio
import os
import tempfile
import time
from pathlib import Path

from sqlalchemy import text
from sqlalchemy.ext.asyncio import create_async_engine

from db.backup import backup_database, restore_database
from db.demo import build_demo
from db.engine import make_engine, make_session_factory
from db.migrate import upgrade_to_head_async


async def build(url: str, pupils: int) -> float:
    await upgrade_to_head_async(url)
    engine = make_engine(url)
    started = time.perf_counter()
    try:
        await build_demo(make_session_factory(engine), pupils=pupils, one_school=True)
    finally:
        await engine.dispose()
    return time.perf_counter() - started


async def measure(label: str, url: str, empty_url: str, copy: Path, pupils: int) -> None:
    built = await build(url, pupils)
    print(f"{label} build_{pupils}_pupils: {built:.1f} s")
    started = time.perf_counter()
    result = await backup_database(url, copy)
    print(f"{label} backup: {time.perf_counter() - started:.2f} s")
    print(f"{label} backup_size: {result.size_bytes / 1024 / 1024:.1f} MB")
    started = time.perf_counter()
    await restore_database(empty_url, copy)
    print(f"{label} restore: {time.perf_counter() - started:.2f} s")


async def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--pupils", type=int, default=1000)
    parser.add_argument("--postgres-admin-url", metavar="URL")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        await measure(
            "sqlite",
            f"sqlite+aiosqlite:///{folder / 'school.sqlite3'}",
            f"sqlite+aiosqlite:///{folder / 'restored.sqlite3'}",
            folder / "copy.sqlite3",
            args.pupils,
        )
        if args.postgres_admin_url:
            await measure_postgres(args.postgres_admin_url, folder / "copy.dump", args.pupils)


async def measure_postgres(admin_url: str, copy: Path, pupils: int) -> None:
    names = [f"journal_bench_{os.getpid()}", f"journal_bench_{os.getpid()}_restored"]
    admin = create_async_engine(admin_url, isolation_level="AUTOCOMMIT")
    base = admin_url.rsplit("/", 1)[0]
    try:
        async with admin.connect() as conn:
            for name in names:
                await conn.execute(text(f'DROP DATABASE IF EXISTS "{name}"'))
                await conn.execute(text(f'CREATE DATABASE "{name}"'))
        await measure("postgresql", f"{base}/{names[0]}", f"{base}/{names[1]}", copy, pupils)
    finally:
        async with admin.connect() as conn:
            for name in names:
                await conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        await admin.dispose()


if __name__ == "__main__":
    asyncio.run(main())
