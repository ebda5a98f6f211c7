"""One update at a time per chat, and a count of updates in flight so shutdown can wait for them."""

import asyncio
from collections.abc import AsyncIterator, Hashable
from contextlib import asynccontextmanager


class ChatSequencer:
    """Messengers hand us updates concurrently; one person's updates must still be answered
    in the order they were sent, or a quick second press would overtake the first."""

    def __init__(self) -> None:
        self._locks: dict[Hashable, asyncio.Lock] = {}
        self._users: dict[Hashable, int] = {}
        self._in_flight = 0
        self._idle = asyncio.Event()
        self._idle.set()

    @property
    def in_flight(self) -> int:
        return self._in_flight

    @asynccontextmanager
    async def tracked(self) -> AsyncIterator[None]:
        """Counts as in flight, without waiting for anyone's turn."""
        self._in_flight += 1
        self._idle.clear()
        try:
            yield
        finally:
            self._in_flight -= 1
            if not self._in_flight:
                self._idle.set()

    @asynccontextmanager
    async def turn(self, chat: Hashable) -> AsyncIterator[None]:
        lock = self._locks.setdefault(chat, asyncio.Lock())
        self._users[chat] = self._users.get(chat, 0) + 1
        try:
            async with self.tracked(), lock:
                yield
        finally:
            self._users[chat] -= 1
            if not self._users[chat]:
                # Forget idle chats so the table does not grow with every person ever seen.
                del self._users[chat], self._locks[chat]

    async def drained(self, within: float) -> bool:
        """Wait until nothing is in flight; False if `within` seconds passed first."""
        try:
            await asyncio.wait_for(self._idle.wait(), within)
        except TimeoutError:
            return False
        return True
