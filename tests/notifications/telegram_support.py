"""The delivery loop with the real aiogram sender, against the Telegram stand-in."""

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import pytest
from aiogram import Bot
from aiogram.client.session.aiohttp import AiohttpSession
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.telegram.sender import TelegramSender, telegram_pacer
from notifications.delivery.loop import DeliveryWorker
from services.context import Clock
from tests.standins import TelegramStandIn

on_sqlite = pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)


@asynccontextmanager
async def telegram_delivery(
    standin: TelegramStandIn,
    session_factory: async_sessionmaker[AsyncSession],
    clock: Clock,
    **options: float,
) -> AsyncIterator[DeliveryWorker]:
    bot = Bot(standin.token, session=AiohttpSession(api=standin.aiogram_server()))
    worker = DeliveryWorker(
        session_factory, TelegramSender(bot), telegram_pacer(), clock=clock, **options
    )
    task = asyncio.create_task(worker.run())
    try:
        yield worker
    finally:
        worker.stop()
        await asyncio.wait_for(task, 10)
        await bot.session.close()
