"""One notification sender per database, whatever the number of `journal run` processes.

PostgreSQL: a session-level advisory lock on a connection of its own. SQLite: an exclusive
lock on a file beside the database (`journal.sqlite3.sender.lock`), which the operating
system lets go of when the process ends, however it ends.
"""

import contextlib
import logging
import os
import sys
from pathlib import Path
from typing import IO

from sqlalchemy import func, select
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

log = logging.getLogger(__name__)

NOTIFICATIONS_LOCK_KEY = 7_301_865_235  # any fixed number, distinct from the migrations' one
LOCK_SUFFIX = ".sender.lock"


def sqlite_lock_path(engine: AsyncEngine) -> Path | None:
    """The lock file beside an SQLite database; None for one in memory (one process only)."""
    database = make_url(str(engine.url)).database
    if not database or database == ":memory:" or database.startswith("file::memory:"):
        return None
    return Path(database + LOCK_SUFFIX)


def _try_lock_file(path: Path) -> IO[str] | None:
    handle = open(path, "a+", encoding="utf-8")  # noqa: SIM115 - held open while sending
    try:
        if sys.platform == "win32":
            import msvcrt

            handle.seek(0)
            msvcrt.locking(handle.fileno(), msvcrt.LK_NBLCK, 1)
        else:
            import fcntl

            fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        handle.close()
        return None
    handle.seek(0)
    handle.truncate()
    handle.write(f"{os.getpid()}\n")  # who sends, for the operator
    handle.flush()
    return handle


class LeaderLock:
    """Held by the one process that runs the notification sender on this database."""

    def __init__(self, engine: AsyncEngine, key: int = NOTIFICATIONS_LOCK_KEY) -> None:
        self._engine = engine
        self._key = key
        self._conn: AsyncConnection | None = None
        self._file: IO[str] | None = None

    @property
    def shared(self) -> bool:
        return self._engine.dialect.name == "postgresql"

    @property
    def held(self) -> bool:
        return self._conn is not None or self._file is not None

    async def try_acquire(self) -> bool:
        if not self.shared:
            path = sqlite_lock_path(self._engine)
            if path is None:
                return True
            self._file = _try_lock_file(path)
            return self._file is not None
        conn = await self._engine.connect()
        conn = await conn.execution_options(isolation_level="AUTOCOMMIT")
        if await conn.scalar(select(func.pg_try_advisory_lock(self._key))):
            self._conn = conn
            return True
        await conn.close()
        return False

    async def still_held(self) -> bool:
        if self._file is not None or not self.shared:
            return True  # a file lock lasts as long as the process
        if self._conn is None:
            return False
        try:
            await self._conn.scalar(select(1))
        except Exception:
            log.exception("the notifications lock connection is gone")
            return False
        return True

    async def release(self) -> None:
        if self._file is not None:
            with contextlib.suppress(OSError):
                self._file.close()  # closing the file lets go of its lock
            self._file = None
        if self._conn is not None:
            with contextlib.suppress(Exception):
                await self._conn.scalar(select(func.pg_advisory_unlock(self._key)))
                await self._conn.close()
            self._conn = None


async def sender_running(engine: AsyncEngine) -> bool | None:
    """Whether some process sends notifications on this database now (None: cannot tell)."""
    lock = LeaderLock(engine)
    if not lock.shared and sqlite_lock_path(engine) is None:
        return None
    try:
        free = await lock.try_acquire()
    finally:
        await lock.release()
    return not free
