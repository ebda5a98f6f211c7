"""Waiting for what the bot does, with a cursor per stream so each item is returned once."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable, Hashable
from contextlib import suppress
from typing import TypeVar

T = TypeVar("T")
POLL_INTERVAL = 0.05


class Waiting:
    changed: asyncio.Condition
    violations: list[str]
    cursors: dict[Hashable, int]
    platform: str

    async def wait_until(
        self,
        ready: Callable[[], bool],
        timeout: float = 5.0,  # noqa: ASYNC109
        what: Callable[[], str] = lambda: "a condition",
    ) -> None:
        """Wait until ``ready()`` holds; AssertionError (with the violations) on timeout.

        Re-checks on every change the stand-in signals and at least every 50 ms.
        """
        deadline = time.monotonic() + timeout
        async with self.changed:
            while not ready():
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    raise AssertionError(
                        f"timed out after {timeout}s waiting for {what()}; "
                        f"{self.platform} violations: {self.violations}"
                    )
                with suppress(TimeoutError):
                    await asyncio.wait_for(self.changed.wait(), min(remaining, POLL_INTERVAL))

    async def take_new(
        self,
        key: Hashable,
        items: Callable[[], list[T]],
        count: int,
        timeout: float,  # noqa: ASYNC109
        describe: Callable[[list[T]], str],
    ) -> list[T]:
        """Items past the cursor of ``key`` once there are at least ``count``; moves the cursor."""

        def fresh() -> list[T]:
            return items()[self.cursors.get(key, 0) :]

        await self.wait_until(lambda: len(fresh()) >= count, timeout, lambda: describe(fresh()))
        result = fresh()
        self.cursors[key] = self.cursors.get(key, 0) + len(result)
        return result

    def assert_no_violations(self) -> None:
        if self.violations:
            raise AssertionError(
                f"{self.platform} stand-in violations:\n" + "\n".join(self.violations)
            )
