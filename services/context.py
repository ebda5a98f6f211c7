import asyncio
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime
from time import monotonic
from typing import Any, Concatenate, ParamSpec, TypeVar

from sqlalchemy.exc import OperationalError
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from db.sqlite_reader import READER_KEY

P = ParamSpec("P")
T = TypeVar("T")

Clock = Callable[[], datetime]

# SQLite refuses a write outright (no waiting) when the transaction read the database before
# another connection committed: the whole operation is run again, on what is there now.
SQLITE_RETRIES = 4
SQLITE_RETRY_PAUSE_SECONDS = 0.02
# A refusal after this long is SQLite's busy timeout run out (something holds the database
# for long): running again would only make the person wait several times as long.
SQLITE_RETRY_WITHIN_SECONDS = 2.0


def _sqlite_refused(error: OperationalError) -> bool:
    return "database is locked" in str(error.orig) or "database is busy" in str(error.orig)


def system_clock() -> datetime:
    return datetime.now(UTC)


class Ctx:
    """What every service operation runs in: one session (one transaction), opened when the
    operation first needs it (a question answered from committed rows never does); the time;
    the reader of committed rows of the database, if it has one (db.sqlite_reader,
    db.postgres_reader); and what the operation keeps for itself while it runs (`kept`)."""

    def __init__(
        self,
        session: AsyncSession | Callable[[], AsyncSession],
        now: datetime,
        reader: object = None,
    ) -> None:
        self._session = session if isinstance(session, AsyncSession) else None
        self._open = None if isinstance(session, AsyncSession) else session
        self.now = now
        self.reader = reader
        self.kept: dict[str, Any] = {}

    @property
    def session(self) -> AsyncSession:
        if self._session is None:
            assert self._open is not None
            self._session = self._open()
        return self._session

    @property
    def opened(self) -> AsyncSession | None:
        """The session, if the operation has needed it."""
        return self._session

    def in_transaction(self) -> bool:
        """Whether the operation has begun its transaction: read or written through its
        session (reads of committed rows before that see what a read in it would)."""
        return self._session is not None and self._session.in_transaction()


class Journal:
    """Runs service operations, each in its own transaction, committed only on success."""

    def __init__(
        self, session_factory: async_sessionmaker[AsyncSession], clock: Clock = system_clock
    ) -> None:
        self._session_factory = session_factory
        self._clock = clock
        # db.engine.make_session_factory names the database's reader in the sessions' info.
        self._reader = (session_factory.kw.get("info") or {}).get(READER_KEY)

    def now(self) -> datetime:
        return self._clock()

    async def run(
        self,
        operation: Callable[Concatenate[Ctx, P], Awaitable[T]],
        *args: P.args,
        **kwargs: P.kwargs,
    ) -> T:
        for attempt in range(SQLITE_RETRIES + 1):
            started = monotonic()
            try:
                ctx = Ctx(self._session_factory, self._clock(), self._reader)
                try:
                    result = await operation(ctx, *args, **kwargs)
                    if ctx.in_transaction():  # else nothing was read or written in it
                        await ctx.session.commit()
                    return result
                finally:  # without the commit (an exception) everything is rolled back
                    if ctx.opened is not None:
                        await asyncio.shield(ctx.opened.close())
            except OperationalError as error:
                waited = monotonic() - started
                if (
                    attempt == SQLITE_RETRIES
                    or not _sqlite_refused(error)
                    or waited > SQLITE_RETRY_WITHIN_SECONDS
                ):
                    raise
            await asyncio.sleep(SQLITE_RETRY_PAUSE_SECONDS * (attempt + 1))
        raise AssertionError("unreachable")
