"""Pacing for one bot token: at most N requests in any window, a gap per chat, a shared pause.

The platforms count requests as they arrive, somewhere between our sending one and getting its
answer. So a request counts here from the moment it leaves until its answer is in, and it stays
in the window from the answer on: a new request goes only if fewer than N have been answered
within the window or are still out. That never exceeds the platform's count, yet lets a slow
moment be caught up afterwards (a token bucket would lose it).
"""

import asyncio
import time
from collections import deque
from collections.abc import Callable

Monotonic = Callable[[], float]


class Pacer:
    def __init__(
        self,
        limit: int,
        per_chat_interval: float,
        *,
        window: float = 1.0,
        margin: float = 0.01,
        clock: Monotonic = time.monotonic,
    ) -> None:
        self.limit = limit
        self.window = window + margin
        self.per_chat_interval = per_chat_interval + (margin if per_chat_interval else 0.0)
        self._clock = clock
        self._answered: deque[float] = deque()
        self._out = 0
        self._last_answer: dict[str, float] = {}
        self._out_chats: set[str] = set()
        self._paused_until = 0.0
        self._lock = asyncio.Lock()

    def pause(self, seconds: float) -> None:
        self._paused_until = max(self._paused_until, self._clock() + seconds)

    def paused_for(self) -> float:
        return max(0.0, self._paused_until - self._clock())

    def chat_ready(self, chat_id: str) -> bool:
        if chat_id in self._out_chats:
            return False
        last = self._last_answer.get(chat_id)
        return last is None or self._clock() - last >= self.per_chat_interval

    def cooling_chats(self) -> list[str]:
        """Chats written to too recently (or right now) to be written to again now."""
        now = self._clock()
        stale = [c for c, t in self._last_answer.items() if now - t >= self.per_chat_interval]
        for chat in stale:
            del self._last_answer[chat]
        return sorted(set(self._last_answer) | self._out_chats)

    def _wait_for_window(self) -> float:
        now = self._clock()
        while self._answered and now - self._answered[0] >= self.window:
            self._answered.popleft()
        if len(self._answered) + self._out < self.limit:
            return 0.0
        if not self._answered:
            return 0.005  # all of the window is still out: wait for an answer
        return self._answered[0] + self.window - now

    async def take(self, chat_ids: list[str]) -> None:
        """Waits until one more request may go (to these chats), and counts it as out."""
        async with self._lock:
            while True:
                wait = max(self.paused_for(), self._wait_for_window())
                if wait <= 0:
                    break
                await asyncio.sleep(wait)
            self._out += 1
            self._out_chats.update(chat_ids)

    def done(self, chat_ids: list[str]) -> None:
        """The request's answer is in (or it failed): from now on it counts as answered."""
        now = self._clock()
        self._out -= 1
        self._answered.append(now)
        for chat in chat_ids:
            self._out_chats.discard(chat)
            self._last_answer[chat] = now
