"""SQLAlchemy's aiosqlite driver, with fewer trips to the connection's thread.

The stock adapter sends four calls to aiosqlite's thread per statement (cursor, execute, fetch,
close). Each trip is a queue put, a thread wake-up, a hand-over of the GIL and a loop wake-up;
in a bot process busy with HTTP they cost several times the SQL itself (half the CPU of a chat
reply, measured with bench/chat_latency.py). So:

- a write is one trip: the four calls in one function on that thread;
- a read (SELECT) runs on the calling thread, once the database is known to be in WAL mode
  (db.engine calls reads_on_this_thread after its PRAGMA): there a reader never waits for a
  writer, so it cannot stall the event loop on a lock; the journal's reads are indexed and take
  microseconds to a few milliseconds, about what a trip costs;
- commit and rollback make no trip when SQLite has no transaction open (nothing written).

SQLAlchemy awaits each call before making the next, so the connection is never used from two
threads at once; sqlite3's same-thread check is off for that reason alone.
"""

import sqlite3
from collections import deque
from collections.abc import Sequence
from typing import Any

import aiosqlite
from sqlalchemy.dialects.sqlite.aiosqlite import (
    AsyncAdapt_aiosqlite_connection,
    AsyncAdapt_aiosqlite_cursor,
    AsyncAdapt_aiosqlite_dbapi,
)

_Outcome = tuple[Any, list[Any], int | None, int]


def _execute(conn: sqlite3.Connection, operation: str, parameters: Any) -> _Outcome:
    cursor = conn.cursor()
    try:
        cursor.execute(operation, () if parameters is None else parameters)
        description = cursor.description
        rows = cursor.fetchall() if description else []
        return description, rows, cursor.lastrowid, cursor.rowcount
    finally:
        cursor.close()


def _executemany(conn: sqlite3.Connection, operation: str, seq: Sequence[Any]) -> _Outcome:
    cursor = conn.cursor()
    try:
        cursor.executemany(operation, seq)
        return None, [], cursor.lastrowid, cursor.rowcount
    finally:
        cursor.close()


def _is_read(operation: str) -> bool:
    return operation.lstrip()[:6].upper() == "SELECT"


async def _here(conn: sqlite3.Connection, operation: str, parameters: Any) -> _Outcome:
    # A coroutine all the same: SQLAlchemy's async layer checks that each call awaited.
    return _execute(conn, operation, parameters)


class _Connection(AsyncAdapt_aiosqlite_connection):
    __slots__ = ("reads_here",)

    def __init__(self, dbapi: Any, connection: aiosqlite.Connection) -> None:
        super().__init__(dbapi, connection)
        self.reads_here = False

    def cursor(self, server_side: bool = False) -> AsyncAdapt_aiosqlite_cursor:
        if server_side:
            return super().cursor(server_side=True)
        return _Cursor(self)

    def _idle(self) -> bool:
        """No transaction open in SQLite: sqlite3's commit() and rollback() would do nothing."""
        try:
            return not self._connection._conn.in_transaction  # type: ignore[attr-defined]
        except Exception:
            return False  # closed or odd: let the real call raise what it raises

    def commit(self) -> None:
        if not self._idle():
            super().commit()

    def rollback(self) -> None:
        if not self._idle():
            super().rollback()


class _Cursor(AsyncAdapt_aiosqlite_cursor):
    __slots__ = ()

    def _run(self, function: Any, operation: str, parameters: Any) -> None:
        connection: aiosqlite.Connection = self._connection  # type: ignore[assignment]
        adapted: _Connection = self._adapt_connection  # type: ignore[assignment]
        try:
            if function is _execute and adapted.reads_here and _is_read(operation):
                outcome = self.await_(_here(connection._conn, operation, parameters))
            else:
                outcome = self.await_(
                    connection._execute(function, connection._conn, operation, parameters)
                )
        except Exception as error:
            adapted._handle_exception(error)
        description, rows, lastrowid, rowcount = outcome
        if description:
            self.description = description
            self.lastrowid = self.rowcount = -1
            self._rows = deque(rows)
        else:
            self.description = None
            self.lastrowid = lastrowid
            self.rowcount = rowcount

    def execute(self, operation: Any, parameters: Any = None) -> Any:
        self._run(_execute, operation, parameters)

    def executemany(self, operation: Any, seq_of_parameters: Any) -> Any:
        self._run(_executemany, operation, seq_of_parameters)


class LeanAiosqliteDBAPI(AsyncAdapt_aiosqlite_dbapi):
    """Pass as create_async_engine(..., module=LeanAiosqliteDBAPI()) with a sqlite+aiosqlite
    URL."""

    def __init__(self) -> None:
        super().__init__(aiosqlite, sqlite3)

    def connect(self, *arg: Any, **kw: Any) -> AsyncAdapt_aiosqlite_connection:
        kw["check_same_thread"] = False  # see the module's docstring
        adapted = super().connect(*arg, **kw)
        if type(adapted) is not AsyncAdapt_aiosqlite_connection:  # the sync fallback: stock
            return adapted
        return _Connection(self, adapted._connection)


def reads_on_this_thread(dbapi_connection: Any, journal_mode: str) -> None:
    """Lets a connection run its reads without a trip, if SQLite confirmed WAL mode."""
    if isinstance(dbapi_connection, _Connection) and journal_mode.lower() == "wal":
        dbapi_connection.reads_here = True


def sqlite_for_reads(dbapi_connection: Any) -> sqlite3.Connection | None:
    """The sqlite3 connection under one of this driver's connections that reads on this
    thread (see reads_on_this_thread); None for any other connection."""
    if isinstance(dbapi_connection, _Connection) and dbapi_connection.reads_here:
        return dbapi_connection._connection._conn  # type: ignore[no-any-return]
    return None
