"""Drain and delivery killed at random moments while a 3,000-message broadcast goes out:
every message arrives in the end, and no more duplicates than kills."""

import asyncio
import random
import signal
import sys
import time
from collections import Counter
from pathlib import Path

import pytest

from db.base import Base
from db.engine import make_engine, make_session_factory
from db.enums import AnnouncementScope
from services.context import Journal
from services.messages.announcing import publish_announcement
from services.people.actor import load_actor
from tests.notifications.population import Population, SchoolDayClock, populate
from tests.standins import TelegramStandIn
from tests.tiny_school import build_tiny_school

RECIPIENTS = 3000
KILLS = 4
PER_SECOND = 200  # the stand-in runs without rate limits here: the crashes are the point


async def _load_worker(url: str, standin: TelegramStandIn) -> asyncio.subprocess.Process:
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "tests.notifications.crash_worker",
        url,
        standin.url,
        standin.token,
        str(PER_SECOND),
        stdin=asyncio.subprocess.PIPE,
        stdout=asyncio.subprocess.PIPE,
    )
    assert process.stdout is not None
    assert (await asyncio.wait_for(process.stdout.readline(), 120)).strip() == b"LOADED"
    return process


async def _start(loading: "asyncio.Task[asyncio.subprocess.Process]") -> asyncio.subprocess.Process:
    process = await loading
    assert process.stdin is not None and process.stdout is not None
    process.stdin.write(b"GO\n")
    await process.stdin.drain()
    assert (await asyncio.wait_for(process.stdout.readline(), 60)).strip() == b"READY"
    return process


def _delivered(standin: TelegramStandIn) -> Counter[int]:
    return Counter(m.chat_id for m in standin.sent if m.method == "sendMessage")


async def _wait_for_progress(standin: TelegramStandIn, above: int, within: float) -> None:
    deadline = time.monotonic() + within
    while time.monotonic() < deadline:
        if sum(_delivered(standin).values()) > above:
            return
        await asyncio.sleep(0.05)


async def _wait_for_all(standin: TelegramStandIn, within: float) -> None:
    deadline = time.monotonic() + within
    while time.monotonic() < deadline:
        if len(_delivered(standin)) >= RECIPIENTS:
            return
        await asyncio.sleep(0.2)


async def _broadcast(database_url: str) -> Population:
    """The tiny school, a class of RECIPIENTS pupils each with a chat, an announcement to
    the class: RECIPIENTS messages owed."""
    engine = make_engine(database_url)
    async with engine.begin() as conn:
        await conn.run_sync(Base.metadata.create_all)
    journal = Journal(make_session_factory(engine), SchoolDayClock())
    tiny = await journal.run(build_tiny_school)
    population = await journal.run(populate, tiny, RECIPIENTS)
    deputy = await journal.run(load_actor, tiny.people["deputy"])
    await journal.run(
        publish_announcement,
        deputy,
        title="Каникулы",
        text="Осенние каникулы продлены на два дня.",
        scope=AnnouncementScope.CLASS,
        class_id=population.bulk_class_id,
        to_guardians=False,
    )
    await engine.dispose()
    return population


@pytest.mark.slow
@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
async def test_killed_delivery_loses_nothing_and_repeats_at_most_one_per_kill(
    database_url: str, tmp_path: Path
) -> None:
    rng = random.Random(20261118)
    async with TelegramStandIn() as standin:
        # The first worker loads while the broadcast is prepared: it reads nothing before GO.
        loading = asyncio.create_task(_load_worker(database_url, standin))
        population = await _broadcast(database_url)
        for chat in population.bulk_chats:
            standin.add_chat(chat)
        for _ in range(KILLS):
            process = await _start(loading)
            loading = asyncio.create_task(_load_worker(database_url, standin))
            await _wait_for_progress(standin, sum(_delivered(standin).values()), 30)
            await asyncio.sleep(rng.uniform(0.2, 2.5))
            process.send_signal(signal.SIGKILL)
            await process.wait()
        process = await _start(loading)
        await _wait_for_all(standin, within=90)
        await asyncio.sleep(0.5)  # anything still in flight
        process.send_signal(signal.SIGKILL)
        await process.wait()
        delivered = _delivered(standin)
        assert standin.violations == []
    assert set(delivered) == set(population.bulk_chats)
    duplicates = sum(n - 1 for n in delivered.values())
    print(f"crash test: {KILLS + 1} kills, {duplicates} duplicate(s) of {RECIPIENTS}")
    assert duplicates <= KILLS + 1
