"""The MAX bot (bot.max, long polling) against the MAX stand-in, as the other kits run theirs."""

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import pytest

from bot.max.adapter import Handle
from bot.max.runtime import MaxBot
from tests.e2e.conftest import running
from tests.standins import MaxStandIn


@pytest.fixture
async def max_standin() -> AsyncIterator[MaxStandIn]:
    async with MaxStandIn() as standin:
        yield standin


@asynccontextmanager
async def max_polling(standin: MaxStandIn, handle: Handle) -> AsyncIterator[None]:
    bot = MaxBot(handle, token=standin.token, api_url=standin.api_url, polling_timeout=1)
    async with running(bot):
        await standin.wait_for_poller()
        yield
