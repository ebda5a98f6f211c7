"""A sender that records what it was asked to send and fails on cue, and a clock that runs."""

import asyncio
import time
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from db.enums import Platform
from keyboards.model import Keyboard
from tests.conftest import FakeClock


@dataclass
class FakeSender:
    platform: Platform = Platform.TELEGRAM
    sent: list[tuple[str, str, str]] = field(default_factory=list)
    failures: list[Exception] = field(default_factory=list)
    arrived: asyncio.Event = field(default_factory=asyncio.Event)

    async def send(self, chat_id: str, text: str, keyboard: Keyboard | None, *, ref: str) -> str:
        if self.failures:
            raise self.failures.pop(0)
        self.sent.append((chat_id, text, ref))
        self.arrived.set()
        return str(len(self.sent))


class RunningClock:
    """Starts at the fake clock's time and runs with real time (for the delivery loop)."""

    def __init__(self, start: FakeClock) -> None:
        self._start = start.now
        self._t0 = time.monotonic()

    def __call__(self) -> datetime:
        return self._start + timedelta(seconds=time.monotonic() - self._t0)
