"""Real bots (aiogram Dispatcher, vk_api client) against the loopback stand-ins."""

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import pytest

from bot.telegram.adapter import Handle
from bot.telegram.runtime import TelegramBot
from bot.vk.runtime import VkBot
from handlers.core.conversation import Conversation
from handlers.core.throttling import Throttle
from services.context import Journal
from services.invites.redeeming import issue_invites
from services.marks.marking import record_mark
from services.people.actor import load_actor
from tests.standins import TelegramStandIn, VkStandIn
from tests.tiny_school import TinySchool

# Every e2e test runs on SQLite only: the rules are tested on both databases elsewhere.
on_sqlite = pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)


async def wait_until(condition: Any, within: float = 5.0, what: str = "condition") -> None:
    deadline = asyncio.get_running_loop().time() + within
    while not condition():
        if asyncio.get_running_loop().time() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        await asyncio.sleep(0.01)


@asynccontextmanager
async def running(bot: Any) -> AsyncIterator[asyncio.Event]:
    """Runs `bot.run(stop)` as the runner would, and stops it cleanly at the end."""
    stop = asyncio.Event()
    task = asyncio.create_task(bot.run(stop))
    try:
        yield stop
    finally:
        stop.set()
        await asyncio.wait_for(task, 15)


@pytest.fixture
async def telegram() -> AsyncIterator[TelegramStandIn]:
    async with TelegramStandIn() as standin:
        yield standin


@asynccontextmanager
async def telegram_polling(standin: TelegramStandIn, handle: Handle) -> AsyncIterator[None]:
    bot = TelegramBot(handle, token=standin.token, api_url=standin.url, polling_timeout=1)
    async with running(bot):
        await wait_until(
            lambda: any(c.method == "getUpdates" for c in standin.calls), what="polling"
        )
        yield


@pytest.fixture
def handle(journal: Journal, tiny: TinySchool) -> Handle:
    """The real conversation on the tiny school (the database is built before the bot starts)."""
    # A test clicks faster than any person; the flood guard is the conversation's own concern.
    return Conversation(journal, throttle=Throttle(burst=100)).handle


async def invite_code(journal: Journal, tiny: TinySchool, person: str) -> str:
    """The code the class teacher of `person`'s class hands out to them."""
    class_of = {"a1": "5А", "a2": "5А", "a3": "5А", "g1": "5А", "g2": "5А", "g3": "5А"}
    teacher = await journal.run(load_actor, tiny.people["math"])
    issued = await journal.run(issue_invites, teacher, class_id=tiny.classes[class_of[person]])
    return next(i.code for i in issued if i.person_id == tiny.people[person])


async def record_marks(journal: Journal, tiny: TinySchool, pupil: str, *marks: int) -> None:
    teacher = await journal.run(load_actor, tiny.people["math"])
    for value in marks:
        await journal.run(
            record_mark, teacher, tiny.lessons["math-mon"], tiny.people[pupil], value, "answer"
        )


@pytest.fixture
async def vk() -> AsyncIterator[VkStandIn]:
    async with VkStandIn() as standin:
        yield standin


@asynccontextmanager
async def vk_polling(standin: VkStandIn, handle: Handle) -> AsyncIterator[None]:
    bot = VkBot(
        handle,
        token=standin.token,
        group_id=standin.group_id,
        api_url=standin.api_url,
        wait=1,
        min_call_interval=0,
    )
    closing = standin.closing
    try:
        async with running(bot):
            await standin.wait_for_poller()
            try:
                yield
            finally:
                await standin.end_long_polls()  # the bot's stop need not wait out its poll
    finally:
        standin.closing = closing
