"""Issue 14, item 12: a webhook answers hostile requests 401 or 400, never 500, and never
writes the body of a refused request into the log."""

import asyncio
import logging
from typing import Any

import pytest
from aiohttp import web

from bot.chat_sequencing import ChatSequencer
from bot.max.adapter import MaxConversationBridge
from bot.max.client import MaxClient
from bot.max.runtime import make_webhook_app as max_webhook_app
from bot.telegram.adapter import make_bot, make_dispatcher
from bot.telegram.runtime import make_webhook_app as telegram_webhook_app
from handlers.core.io import Incoming, Reply
from tests.e2e.conftest import on_sqlite
from tests.e2e.max_kit import max_standin
from tests.standins import MaxStandIn, TelegramStandIn

__all__ = ["max_standin"]

SECRET = "s3cret-Token_for-tests"
PRIVATE = "Ваня болеет, справка будет"  # what a body may carry: never in the log


async def _raw_post(port: int, path: str, headers: dict[str, bytes], body: bytes) -> int:
    """One request written by hand: a header that is not ASCII, as a client could send it."""
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    lines = [f"POST {path} HTTP/1.1".encode(), b"Host: 127.0.0.1", b"Connection: close"]
    lines += [name.encode() + b": " + value for name, value in headers.items()]
    lines += [b"Content-Type: application/json", f"Content-Length: {len(body)}".encode()]
    writer.write(b"\r\n".join(lines) + b"\r\n\r\n" + body)
    await writer.drain()
    status_line = await reader.readline()
    writer.close()
    return int(status_line.split()[1])


async def _serve(app: web.Application) -> tuple[web.AppRunner, int]:
    runner = web.AppRunner(app)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    return runner, int(runner.addresses[0][1])


def _hostile(header: str, secret: str, valid: bytes) -> list[tuple[dict[str, bytes], bytes, int]]:
    right = {header: secret.encode()}
    body = f'{{"text": "{PRIVATE}"'.encode()
    return [
        ({header: "секрет".encode()}, valid, 401),
        ({header: b"\xff\xfe"}, valid, 401),
        ({header: secret.encode() + "й".encode()}, valid, 401),
        (right, body, 400),  # cut short: not JSON
        (right, b"\xff" + body, 400),  # not UTF-8
        (right, f'["{PRIVATE}"]'.encode(), 400),
        (right, f'{{"update_id": "x", "message": "{PRIVATE}"}}'.encode(), 400),
    ]


@on_sqlite
async def test_telegram_webhook_refuses_hostile_requests(
    telegram: TelegramStandIn, handle: Any, caplog: pytest.LogCaptureFixture
) -> None:
    bot = make_bot(telegram.token, telegram.url)
    sequencer = ChatSequencer()
    app = telegram_webhook_app(make_dispatcher(handle, sequencer), bot, SECRET, "/tg", sequencer)
    runner, port = await _serve(app)
    valid = b'{"update_id": 1}'
    try:
        with caplog.at_level(logging.DEBUG):
            for headers, body, expected in _hostile(
                "X-Telegram-Bot-Api-Secret-Token", SECRET, valid
            ):
                assert await _raw_post(port, "/tg", headers, body) == expected, (headers, body)
            right = {"X-Telegram-Bot-Api-Secret-Token": SECRET.encode()}
            assert await _raw_post(port, "/tg", right, valid) == 200
    finally:
        await runner.cleanup()
        await bot.session.close()
    assert PRIVATE not in caplog.text
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR]


async def test_max_webhook_refuses_hostile_requests(
    max_standin: MaxStandIn, caplog: pytest.LogCaptureFixture
) -> None:
    async def handle(incoming: Incoming) -> list[Reply]:
        return [Reply("эхо")]

    client = MaxClient(max_standin.token, max_standin.url)
    sequencer = ChatSequencer()
    app = max_webhook_app(
        MaxConversationBridge(handle, client, sequencer), SECRET, "/max", sequencer
    )
    runner, port = await _serve(app)
    try:
        with caplog.at_level(logging.DEBUG):
            cases = _hostile("X-Max-Bot-Api-Secret", SECRET, b'{"update_type": "bot_started"}')
            cases.append(({"X-Max-Bot-Api-Secret": SECRET.encode()}, b'{"text": "x"}', 400))
            for headers, body, expected in cases:
                assert await _raw_post(port, "/max", headers, body) == expected, (headers, body)
    finally:
        await runner.cleanup()
        await client.close()
    assert PRIVATE not in caplog.text
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR]
