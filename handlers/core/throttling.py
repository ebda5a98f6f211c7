"""A token bucket per chat account: a burst of messages passes, a flood is held back."""

import time
from collections.abc import Callable
from dataclasses import dataclass
from enum import Enum

BURST = 5
REFILL_SECONDS = 3.0
# Buckets of accounts that have been quiet long enough are full again and can be forgotten.
PRUNE_ABOVE = 10_000


class Verdict(Enum):
    PASS = "pass"
    WARN = "warn"  # the first message held back: tell the person once
    DROP = "drop"  # later ones in the same flood: stay silent, not to flood back


@dataclass
class _Bucket:
    tokens: float
    updated: float
    warned: bool = False


class Throttle:
    def __init__(
        self,
        burst: int = BURST,
        refill_seconds: float = REFILL_SECONDS,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._burst = burst
        self._rate = burst / refill_seconds
        self._clock = clock
        self._buckets: dict[str, _Bucket] = {}

    def check(self, key: str) -> Verdict:
        now = self._clock()
        bucket = self._buckets.get(key)
        if bucket is None:
            if len(self._buckets) >= PRUNE_ABOVE:
                self._prune(now)
            bucket = self._buckets[key] = _Bucket(float(self._burst), now)
        bucket.tokens = min(self._burst, bucket.tokens + (now - bucket.updated) * self._rate)
        bucket.updated = now
        if bucket.tokens >= 1:
            bucket.tokens -= 1
            bucket.warned = False
            return Verdict.PASS
        if bucket.warned:
            return Verdict.DROP
        bucket.warned = True
        return Verdict.WARN

    def _prune(self, now: float) -> None:
        full_after = self._burst / self._rate
        self._buckets = {k: b for k, b in self._buckets.items() if now - b.updated < full_after}
