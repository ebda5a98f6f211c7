"""Copies of the whole journal: SQLite's online backup API for the file, pg_dump and pg_restore
for PostgreSQL. A copy is written beside its target and renamed into place only when complete,
so a failed or interrupted backup never leaves a half-written file under the expected name.
"""

import asyncio
import os
import shutil
import sqlite3
import subprocess
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import URL, inspect, select, table
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import AsyncConnection

from db.engine import make_engine

SQLITE_MAGIC = b"SQLite format 3\x00"
PG_CUSTOM_MAGIC = b"PGDMP"
SQLITE_SUFFIX = ".sqlite3"
PG_SUFFIX = ".dump"
# Not data: the schema's revision. A database holding only this table is empty.
SCHEMA_TABLES = frozenset({"alembic_version"})
NO_PG_TOOL = (
    "Для копии базы PostgreSQL нужна программа {tool} из пакета postgresql-client, "
    "а её нет в PATH. Установите её (например, apt install postgresql-client той же "
    "версии, что и сервер) и повторите."
)


class BackupError(Exception):
    """Why a backup or a restore cannot be done, in Russian, for the person at the console."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class BackupResult:
    path: Path
    size_bytes: int


def backup_suffix(database_url: str) -> str:
    return SQLITE_SUFFIX if _is_sqlite(make_url(database_url)) else PG_SUFFIX


def shown_url(database_url: str) -> str:
    return make_url(database_url).render_as_string(hide_password=True)


async def backup_database(database_url: str, target: Path) -> BackupResult:
    url = make_url(database_url)
    return await asyncio.to_thread(_backup, url, target)


def _backup(url: URL, target: Path) -> BackupResult:
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(target.name + ".part")
    try:
        if _is_sqlite(url):
            _sqlite_backup(_sqlite_file(url), partial)
        else:
            _pg_dump(url, partial)
        os.replace(partial, target)
    finally:
        partial.unlink(missing_ok=True)
    return BackupResult(target, target.stat().st_size)


async def restore_database(database_url: str, source: Path, *, force: bool = False) -> None:
    """Replaces the database's whole content with the copy. A database that holds any rows is
    refused unless force: a restore over a live journal throws away what was written since."""
    url = make_url(database_url)
    sqlite = _is_sqlite(url)
    head = await asyncio.to_thread(_file_head, source)
    if sqlite and not head.startswith(SQLITE_MAGIC):
        raise BackupError(
            f"{source} — не копия базы SQLite. Копию PostgreSQL (pg_dump) восстанавливают "
            "в базу PostgreSQL: укажите её адрес в DATABASE_URL или --database-url."
        )
    if not sqlite and not head.startswith(PG_CUSTOM_MAGIC):
        raise BackupError(
            f"{source} — не копия базы PostgreSQL, сделанная journal backup (pg_dump -Fc). "
            "Копию SQLite восстанавливают в файл SQLite."
        )
    if not force and await holds_data(database_url):
        raise BackupError(
            f"В базе {shown_url(database_url)} уже есть данные: восстановление заменит их "
            "копией, и всё записанное после неё пропадёт. Если это и нужно, повторите с --force "
            "(лучше сначала сделать journal backup текущей базы)."
        )
    if sqlite:
        await asyncio.to_thread(_sqlite_restore, source, _sqlite_file(url, must_exist=False))
    else:
        await asyncio.to_thread(_pg_restore, url, source)


def _file_head(source: Path) -> bytes:
    if not source.is_file():
        raise BackupError(f"Файла копии {source} нет.")
    with source.open("rb") as f:
        return f.read(len(SQLITE_MAGIC))


async def holds_data(database_url: str) -> bool:
    """True if any table but the schema's revision holds a row (a missing database: False)."""
    url = make_url(database_url)
    if _is_sqlite(url) and not await asyncio.to_thread(
        os.path.exists, _sqlite_file(url, must_exist=False)
    ):
        return False
    engine = make_engine(database_url)
    try:
        async with engine.connect() as conn:
            return await _any_rows(conn)
    finally:
        await engine.dispose()


async def _any_rows(conn: AsyncConnection) -> bool:
    names = await conn.run_sync(lambda sync: inspect(sync).get_table_names())
    for name in names:
        if name in SCHEMA_TABLES:
            continue
        if await conn.scalar(select(1).select_from(table(name)).limit(1)) is not None:
            return True
    return False


def _is_sqlite(url: URL) -> bool:
    backend = url.get_backend_name()
    if backend not in ("sqlite", "postgresql"):
        raise BackupError(
            f"Копии умеем делать для SQLite и PostgreSQL, а в адресе базы «{backend}»."
        )
    return backend == "sqlite"


def _sqlite_file(url: URL, *, must_exist: bool = True) -> str:
    path = url.database
    if not path or path == ":memory:" or path.startswith("file:"):
        raise BackupError("База SQLite в памяти: копировать нечего, укажите файл базы.")
    if must_exist and not Path(path).is_file():
        raise BackupError(f"Файла базы {path} нет: проверьте DATABASE_URL.")
    return path


def _sqlite_backup(source: str, target: Path) -> None:
    src = sqlite3.connect(source)
    try:
        dst = sqlite3.connect(target)
        try:
            src.backup(dst)
            # The copy is one self-contained file, whatever mode the live database runs in.
            dst.execute("PRAGMA journal_mode=DELETE")
            if dst.execute("PRAGMA quick_check").fetchone() != ("ok",):
                raise BackupError(f"Копия {target} не прошла проверку целостности SQLite.")
        finally:
            dst.close()
    except sqlite3.Error as exc:
        raise BackupError(f"SQLite не смог сделать копию: {exc}.") from exc
    finally:
        src.close()


def _sqlite_restore(source: Path, target: str) -> None:
    Path(target).parent.mkdir(parents=True, exist_ok=True)
    try:
        src = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
        try:
            if src.execute("PRAGMA quick_check").fetchone() != ("ok",):
                raise BackupError(f"Копия {source} повреждена (проверка целостности SQLite).")
            dst = sqlite3.connect(target)
            try:
                # Page by page into the live file, under SQLite's own locks: other
                # connections see the old database or the restored one, never a mix.
                src.backup(dst)
            finally:
                dst.close()
        finally:
            src.close()
    except sqlite3.Error as exc:
        raise BackupError(f"SQLite не смог восстановить базу: {exc}.") from exc


def _pg_tool(name: str) -> str:
    found = shutil.which(name)
    if found is None:
        raise BackupError(NO_PG_TOOL.format(tool=name))
    return found


def _pg_connection(url: URL) -> tuple[list[str], dict[str, str]]:
    """libpq options from the SQLAlchemy URL; the password goes in the environment, never
    on the command line, where other users of the machine could read it."""
    options = ["--dbname", url.database or "postgres"]
    if url.host:
        options += ["--host", url.host]
    if url.port:
        options += ["--port", str(url.port)]
    if url.username:
        options += ["--username", url.username]
    env = dict(os.environ)
    if url.password is not None:
        env["PGPASSWORD"] = str(url.password)
    return options, env


def _run_pg(command: list[str], env: dict[str, str], what: str) -> None:
    try:
        done = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    except OSError as exc:
        raise BackupError(f"Не удалось запустить {command[0]}: {exc}.") from exc
    if done.returncode != 0:
        detail = done.stderr.strip().splitlines()
        raise BackupError(f"{what} не удалось: " + ("; ".join(detail[-3:]) or "без пояснений"))


def _pg_dump(url: URL, target: Path) -> None:
    options, env = _pg_connection(url)
    command = [_pg_tool("pg_dump"), "--format=custom", "--no-owner", "--no-privileges"]
    _run_pg([*command, "--file", str(target), *options], env, "Копия базы PostgreSQL (pg_dump)")


def _pg_restore(url: URL, source: Path) -> None:
    options, env = _pg_connection(url)
    command = [
        _pg_tool("pg_restore"),
        "--clean",
        "--if-exists",
        "--no-owner",
        "--no-privileges",
        "--single-transaction",
        "--exit-on-error",
    ]
    _run_pg([*command, *options, str(source)], env, "Восстановление базы PostgreSQL")
