import asyncio
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from time import monotonic
from typing import Concatenate, ParamSpec, TypeVar

from sqlalchemy.exc import OperationalError
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

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


@dataclass(frozen=True)
class Ctx:
    """What every service operation runs in: one session (one transaction) and the time."""

    session: AsyncSession
    now: datetime


class Journal:
    """Runs service operations, each in its own transaction, committed only on success."""

    def __init__(
        self, session_factory: async_sessionmaker[AsyncSession], clock: Clock = system_clock
    ) -> None:
        self._session_factory = session_factory
        self._clock = clock

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
                # Leaving the block without the commit (an exception) rolls everything back.
                async with self._session_factory() as session:
                    result = await operation(Ctx(session, self._clock()), *args, **kwargs)
                    if session.in_transaction():  # else nothing was read or written in it
                        await session.commit()
                    return result
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
