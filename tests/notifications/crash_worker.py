"""The drain and the Telegram delivery loop as a process of their own, to be killed by the
crash test: python -m tests.notifications.crash_worker DB_URL API_URL TOKEN PER_SECOND.

It says LOADED once imported and starts on a line on stdin, so that the test can load the
next one while the current one runs (imports take seconds on a busy machine). As `journal
run` does, it imports without the collector's passes over aiogram's hundreds of models (a
fifth less CPU) and then freezes them out of later passes."""

# ruff: noqa: E402

import gc

gc.disable()

import asyncio
import sys

from aiogram import Bot
from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.client.telegram import TelegramAPIServer

from bot.telegram.sender import TelegramSender
from db.engine import make_engine, make_session_factory
from notifications.delivery.drain import OutboxDrain
from notifications.delivery.loop import DeliveryWorker
from notifications.delivery.rate import Pacer
from tests.notifications.population import SchoolDayClock

gc.freeze()
gc.enable()


async def main(database_url: str, api_url: str, token: str, per_second: int) -> None:
    engine = make_engine(database_url)
    factory = make_session_factory(engine)
    clock = SchoolDayClock()
    bot = Bot(token, session=AiohttpSession(api=TelegramAPIServer.from_base(api_url)))
    worker = DeliveryWorker(factory, TelegramSender(bot), Pacer(per_second, 1.0), clock=clock)
    drain = OutboxDrain(factory, clock, on_enqueued=worker.wake)
    delivery = asyncio.create_task(worker.run())
    print("READY", flush=True)
    while not delivery.done():
        await drain.drain_all()
        await asyncio.sleep(0.5)


if __name__ == "__main__":
    url, api, token, rate = sys.argv[1:5]
    print("LOADED", flush=True)
    if sys.stdin.readline().strip() == "GO":
        asyncio.run(main(url, api, token, int(rate)))
