"""Reads of committed rows from PostgreSQL through a small asyncpg pool of the reader's own.

A read outside any transaction through SQLAlchemy costs a pool checkout and checkin, the
isolation level set and reset, the compiled form looked up by its cache key (hashed anew each
time) and the execution context, several times what asyncpg spends sending the statement and
reading the answer. A read that needs no transaction (nothing read or written yet through the
operation's session: under READ COMMITTED it sees the same) runs instead as a statement
compiled once (db.compiled_select) on a connection of this pool, outside any transaction, as
such reads ran before. A statement it cannot run, or a failure of its own, leaves the read to
the usual path.
"""

import asyncio
import logging
from collections.abc import Mapping, Sequence
from dataclasses import replace
from typing import Any
from weakref import WeakKeyDictionary

import asyncpg
from sqlalchemy import Engine, Executable, event
from sqlalchemy.engine.default import DefaultDialect
from sqlalchemy.ext.asyncio import AsyncEngine

from db.compiled_select import CompiledCache, NumberedSelect, compile_select, number_parameters

_LOG = logging.getLogger(__name__)  # each statement at DEBUG, as SQLAlchemy's echo would

# Connections of the reader's pool: a question's reads take a few hundred microseconds each.
POOL_SIZE = 4
# What a read may meet that SQLAlchemy's path would meet as well, or get over.
_FAILURES = (asyncpg.PostgresError, asyncpg.InterfaceError, asyncpg.InternalClientError, OSError)
# Options of SQLAlchemy's own in the URL, not asyncpg's.
_SQLALCHEMY_OPTIONS = ("prepared_statement_cache_size", "prepared_statement_name_func")


class PostgresReader:
    def __init__(self, engine: AsyncEngine) -> None:
        self._engine = engine
        dialect_class = type(engine.dialect)
        assert issubclass(dialect_class, DefaultDialect)
        self._dialect = dialect_class(paramstyle="named")  # compiles only: never connects
        self._compiled = CompiledCache(self._compile)
        self._pool: asyncpg.Pool | None = None
        self._loop: asyncio.AbstractEventLoop | None = None
        self._opening: asyncio.Lock | None = None

    @property
    def engine(self) -> AsyncEngine:
        return self._engine

    async def rows(
        self, statement: Executable, params: Mapping[str, Any]
    ) -> Sequence[Sequence[Any]] | None:
        """The statement's rows as committed now, or None: the caller reads as usual."""
        compiled = self._compiled(statement)
        if compiled is None:
            return None
        _LOG.debug("%s", compiled.sql)
        try:
            pool = await self._pool_of_this_loop()
            if pool is None:
                return None
            async with pool.acquire() as connection:
                try:
                    if compiled.select.results is None:
                        described = await self._described(connection, compiled)
                        if described is None:
                            return None  # not what it seemed: SQLAlchemy reads it
                        compiled = described
                    records = await connection.fetch(compiled.sql, *compiled.arguments(params))
                except BaseException:  # a failure, or cancelled halfway through a statement
                    connection.terminate()  # the pool opens another in its place
                    raise
        except _FAILURES as error:
            # No server, a restart, a connection dropped: SQLAlchemy's path says so or renews
            # its own.
            _LOG.warning("a read left to SQLAlchemy: %s", error)
            return None
        return compiled.select.converted(records)

    def _compile(self, statement: Executable) -> NumberedSelect | None:
        compiled = compile_select(statement, self._dialect)
        return None if compiled is None else number_parameters(compiled)

    async def _described(
        self, connection: asyncpg.pool.PoolConnectionProxy, compiled: NumberedSelect
    ) -> NumberedSelect | None:
        """The statement with its columns' conversions for the types the server describes
        (as SQLAlchemy's asyncpg cursor describes them): prepared once, asyncpg keeps it."""
        prepared = await connection.prepare(compiled.sql)
        types = [attribute.type.oid for attribute in prepared.get_attributes()]
        select = compiled.select.with_column_types(types)
        described = None if select is None else replace(compiled, select=select)
        self._compiled.replace(compiled.select.statement, described)
        return described

    async def _pool_of_this_loop(self) -> asyncpg.Pool | None:
        loop = asyncio.get_running_loop()
        if self._loop is None:
            self._loop, self._opening = loop, asyncio.Lock()
        if loop is not self._loop or self._opening is None:
            return None  # a pool serves the loop it was made in only
        if self._pool is None:
            async with self._opening:
                if self._pool is None:
                    self._pool = await self._open()
        return self._pool

    async def _open(self) -> asyncpg.Pool:
        _args, options = self._engine.dialect.create_connect_args(self._engine.url)
        for name in _SQLALCHEMY_OPTIONS:
            options.pop(name, None)
        pool: asyncpg.Pool = await asyncpg.create_pool(
            min_size=1, max_size=POOL_SIZE, reset=_nothing_to_reset, **options
        )
        return pool

    def dispose(self) -> None:
        """Closes the pool's connections at once (the engine's dispose cannot wait for it)."""
        if self._pool is not None:
            self._pool.terminate()
        self._pool = self._loop = self._opening = None


async def _nothing_to_reset(_connection: asyncpg.Connection) -> None:
    """A read leaves nothing to undo (no transaction, setting, lock or listener; one that
    failed or was cancelled halfway is closed instead): asyncpg's own reset would cost a
    round trip after every read."""


_READERS: "WeakKeyDictionary[Engine, PostgresReader]" = WeakKeyDictionary()


def postgres_reader(engine: AsyncEngine) -> PostgresReader | None:
    """The reader of an asyncpg engine, made once; None for any other."""
    if engine.url.get_backend_name() != "postgresql" or engine.dialect.driver != "asyncpg":
        return None
    reader = _READERS.get(engine.sync_engine)
    if reader is None:
        reader = PostgresReader(engine)
        _READERS[engine.sync_engine] = reader
        found = reader
        event.listen(engine.sync_engine, "engine_disposed", lambda _engine: found.dispose())
    return reader
