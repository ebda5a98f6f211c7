import time
from typing import Any

from sqlalchemy import event, exc
from sqlalchemy.engine import Dialect
from sqlalchemy.ext.asyncio import (
    AsyncEngine,
    AsyncSession,
    async_sessionmaker,
    create_async_engine,
)

from db.postgres_reader import postgres_reader
from db.sqlite_reader import READER_KEY, sqlite_reader

SQLITE_BUSY_TIMEOUT_MS = 10_000
# A pooled PostgreSQL connection unused this long is pinged before it serves again (a server
# restart or a proxy may have dropped it meanwhile); one in steady use is not.
PING_AFTER_IDLE_SECONDS = 10.0


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
    # A committed mark must survive a power cut: a record of state, not a cache.
    cursor.execute("PRAGMA synchronous=FULL")
    cursor.close()


def _ping_when_idle(engine: AsyncEngine, ping_after: float) -> None:
    """pool_pre_ping, but only for connections that sat idle: asyncpg's ping is three round
    trips (BEGIN, a query, ROLLBACK), more than a parent's whole question costs, and a
    connection returned a moment ago is as alive as a ping would show. A connection that dies
    while busy fails its turn either way; SQLAlchemy then renews the whole pool."""
    dialect: Dialect = engine.dialect

    def returned(_dbapi_connection: Any, record: Any) -> None:
        record.info["returned_at"] = time.monotonic()

    def checked_out(dbapi_connection: Any, record: Any, _proxy: Any) -> None:
        returned_at = record.info.get("returned_at")
        if returned_at is None or time.monotonic() - returned_at < ping_after:
            return  # just connected, or in steady use
        try:
            dialect.do_ping(dbapi_connection)
        except Exception as error:
            # The pool discards this connection and checks out (or opens) another.
            raise exc.DisconnectionError(f"a pooled connection did not answer: {error}") from error

    event.listen(engine.sync_engine, "checkin", returned)
    event.listen(engine.sync_engine, "checkout", checked_out)


def make_engine(
    url: str, *, echo: bool = False, ping_after: float = PING_AFTER_IDLE_SECONDS
) -> AsyncEngine:
    if url.startswith("sqlite"):
        engine = create_async_engine(
            url, echo=echo, connect_args={"timeout": SQLITE_BUSY_TIMEOUT_MS / 1000}
        )
        event.listen(engine.sync_engine, "connect", _sqlite_pragmas)
        return engine
    engine = create_async_engine(url, echo=echo)
    _ping_when_idle(engine, ping_after)
    return engine


def make_session_factory(engine: AsyncEngine) -> async_sessionmaker[AsyncSession]:
    reader = sqlite_reader(engine) or postgres_reader(engine)
    info = {READER_KEY: reader} if reader is not None else None
    return async_sessionmaker(engine, expire_on_commit=False, info=info)
