"""The smallest aiogram bot: the yardstick the journal bot's latency and throughput are held to.

Built the same way as the journal's (same session, long polling, updates handled as tasks),
so the difference measured is the journal's own work.

    python -m bench.echo_bot --token 123:abc --api-url http://127.0.0.1:8081
"""

import argparse
import asyncio
import contextlib
import signal

from aiogram import Dispatcher, Router
from aiogram.types import Message

from bot.telegram.adapter import make_bot


def setup_router() -> Router:
    router = Router(name="echo")

    # No magic filter (F.text): aiogram runs those in a worker thread, a thread hop per
    # message that would slow the yardstick down; aiogram's own echo example has none either.
    @router.message()
    async def echo(message: Message) -> None:
        if message.text:
            await message.answer(message.text)

    return router


async def run(token: str, api_url: str, stop: asyncio.Event) -> None:
    bot = make_bot(token, api_url)
    dispatcher = Dispatcher()
    dispatcher.include_router(setup_router())
    polling = asyncio.create_task(
        dispatcher.start_polling(bot, handle_signals=False, close_bot_session=False)
    )
    await stop.wait()
    with contextlib.suppress(RuntimeError):
        await dispatcher.stop_polling()
    await polling
    await bot.session.close()


async def _main(token: str, api_url: str) -> None:
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stop.set)
    await run(token, api_url, stop)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--token", required=True)
    parser.add_argument("--api-url", required=True)
    args = parser.parse_args()
    asyncio.run(_main(args.token, args.api_url))


if __name__ == "__main__":
    main()
