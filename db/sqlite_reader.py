"""Reads of committed rows from a SQLite file on the calling thread.

aiosqlite runs each call on a thread of its own, and SQLAlchemy's adapter makes four such calls
for a statement (cursor, execute, fetchall, close), and more for the transaction: handing a call
over to that thread and waiting for its answer costs far more than SQLite spends on an indexed
read of a few rows (a parent's question: about 0.1 ms of SQLite, several of hand-offs). A read
that needs no transaction goes instead through a synchronous engine of the same file, on the
thread that asks. In WAL mode a reader does not wait for a writer; a reader that would have to
wait all the same (the file not in WAL mode, a recovery under way) is told so at once and the
caller takes the usual path.
"""

import logging
import sqlite3
import threading
from collections.abc import Mapping, Sequence
from typing import Any
from weakref import WeakKeyDictionary

from sqlalchemy import Connection, Engine, Executable, create_engine, event
from sqlalchemy.exc import DBAPIError
from sqlalchemy.ext.asyncio import AsyncEngine
from sqlalchemy.pool import SingletonThreadPool

from db.compiled_select import CompiledCache, CompiledSelect, compile_select

_LOG = logging.getLogger(__name__)  # each statement at DEBUG, as SQLAlchemy's echo would

# Where a session finds its engine's reader: `Session.info[READER_KEY]`.
READER_KEY = "sqlite_reader"


def _read_only(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA query_only=ON")
    cursor.execute("PRAGMA busy_timeout=0")  # never hold up the event loop: answer busy at once
    cursor.close()


def _busy(error: BaseException) -> bool:
    message = str(error.orig if isinstance(error, DBAPIError) else error)
    return "database is locked" in message or "database is busy" in message


class SqliteReader:
    """A synchronous engine of one SQLite file for reads only, a connection per thread, kept
    open between reads (checking one out of the pool and back costs a fifth of a read). An
    open connection holds nothing: SQLite ends a SELECT's read transaction with the SELECT.
    Each statement is compiled once (db.compiled_select); one it cannot run goes through
    SQLAlchemy's execution as usual."""

    def __init__(self, engine: Engine) -> None:
        self._engine = engine
        self._kept = threading.local()
        self._open: list[Connection] = []
        self._compiled = CompiledCache(self._compile)
        event.listen(engine, "connect", _read_only)

    @property
    def engine(self) -> Engine:
        return self._engine

    def rows(
        self, statement: Executable, params: Mapping[str, Any]
    ) -> Sequence[Sequence[Any]] | None:
        """The statement's rows as committed now, or None when SQLite would make us wait."""
        connection = self._connection()
        try:
            compiled = self._compiled(statement)
            if compiled is None:
                _LOG.debug("%s", statement)
                return connection.execute(statement, params).all()
            _LOG.debug("%s", compiled.sql)
            values = compiled.parameters(params)
            try:
                driver = connection.connection.driver_connection
                assert isinstance(driver, sqlite3.Connection)  # pysqlite's, as created above
                cursor = driver.execute(compiled.sql, values)
                found = cursor.fetchall()
            except sqlite3.Error as error:  # as SQLAlchemy would have raised it
                raise DBAPIError.instance(compiled.sql, values, error, sqlite3.Error) from error
            if len(cursor.description) != compiled.columns:  # not what it seemed: as usual
                self._compiled.replace(statement, None)
                return connection.execute(statement, params).all()
            return compiled.converted(found)
        except BaseException as error:
            self._close(connection)  # whatever went wrong, the next read starts afresh
            if isinstance(error, DBAPIError) and _busy(error):
                return None
            raise

    def _compile(self, statement: Executable) -> CompiledSelect | None:
        compiled = compile_select(statement, self._engine.dialect)
        if compiled is None:
            return None
        return compiled.with_column_types([None] * compiled.columns)  # pysqlite describes none

    def _connection(self) -> Connection:
        connection: Connection | None = getattr(self._kept, "connection", None)
        if connection is None:
            connection = self._engine.connect()
            self._kept.connection = connection
            self._open.append(connection)
        return connection

    def _close(self, connection: Connection) -> None:
        self._kept.connection = None
        self._open.remove(connection)
        connection.close()

    def dispose(self) -> None:
        for connection in self._open:
            connection.close()
        self._open.clear()
        self._kept = threading.local()
        self._engine.dispose()


_READERS: "WeakKeyDictionary[Engine, SqliteReader]" = WeakKeyDictionary()


def _on_a_file(engine: AsyncEngine) -> bool:
    url = engine.url
    if url.get_backend_name() != "sqlite":
        return False
    database = url.database or ""
    in_memory = database in ("", ":memory:") or "mode=memory" in database
    return not in_memory and url.query.get("mode") != "memory"


def sqlite_reader(engine: AsyncEngine) -> SqliteReader | None:
    """The reader of the async engine's SQLite file, made once; None for another database or
    a SQLite in memory (another connection would see another, empty database)."""
    if not _on_a_file(engine):
        return None
    reader = _READERS.get(engine.sync_engine)
    if reader is None:
        reader = SqliteReader(
            create_engine(
                engine.url.set(drivername="sqlite"),
                paramstyle="named",  # for db.compiled_select
                poolclass=SingletonThreadPool,
                # Closed by `dispose` on whichever thread disposes of the engine; used by one.
                connect_args={"check_same_thread": False},
                pool_reset_on_return=None,  # it never writes: nothing to roll back
            )
        )
        _READERS[engine.sync_engine] = reader
        event.listen(engine.sync_engine, "engine_disposed", lambda _engine: reader.dispose())
    return reader
