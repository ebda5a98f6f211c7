from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Concatenate, ParamSpec, TypeVar

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

P = ParamSpec("P")
T = TypeVar("T")

Clock = Callable[[], datetime]


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
        # Not session.begin(): handlers.core.turn.Turn.run_alone may commit part-way through.
        # Leaving the block without the commit (an exception) rolls everything back.
        async with self._session_factory() as session:
            result = await operation(Ctx(session, self._clock()), *args, **kwargs)
            if session.in_transaction():  # else nothing was read or written in it
                await session.commit()
            return result
