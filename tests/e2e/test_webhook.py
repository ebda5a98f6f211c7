"""Webhook mode: only requests with the secret header reach the bot; those are answered."""

from typing import Any

import aiohttp
from aiohttp.test_utils import TestClient, TestServer

from bot.chat_sequencing import ChatSequencer
from bot.telegram.adapter import make_bot, make_dispatcher
from bot.telegram.runtime import TelegramBot, make_webhook_app
from handlers.core.io import Incoming, Reply
from tests.e2e.conftest import on_sqlite, running, wait_until
from tests.standins import TelegramStandIn
from texts import phrases

SECRET = "s3cret-Token_for-tests"
USER = 7001
HEADER = "X-Telegram-Bot-Api-Secret-Token"


async def _update_from(telegram: TelegramStandIn, text: str) -> dict[str, Any]:
    """A genuine Update as the stand-in builds it, taken off its polling queue."""
    update = await telegram.user_sends_text(USER, text, "Ольга")
    telegram.bots[telegram.token].updates.clear()
    return update


@on_sqlite
async def test_secret_header_is_required(telegram: TelegramStandIn, handle: Any) -> None:
    bot = make_bot(telegram.token, telegram.url)
    sequencer = ChatSequencer()
    app = make_webhook_app(make_dispatcher(handle, sequencer), bot, SECRET, "/tg", sequencer)
    async with TestClient(TestServer(app)) as client:
        update = await _update_from(telegram, "/start")
        for headers in ({}, {HEADER: "wrong"}, {HEADER: SECRET + "x"}):
            response = await client.post("/tg", json=update, headers=headers)
            assert response.status == 401
        assert telegram.messages_to(USER) == []

        response = await client.post("/tg", json=update, headers={HEADER: SECRET})
        assert response.status == 200
        (welcome,) = await telegram.wait_for_messages(USER)
        assert welcome.plain_text == phrases.WELCOME
    await bot.session.close()
    assert len(telegram.messages_to(USER)) == 1  # the app is shut down: nothing else came
    assert telegram.violations == []


@on_sqlite
async def test_webhook_mode_of_the_bot(
    telegram: TelegramStandIn, handle: Any, unused_tcp_port: int
) -> None:
    port = unused_tcp_port
    bot = TelegramBot(
        handle,
        token=telegram.token,
        api_url=telegram.url,
        webhook_url="https://journal.example.org/telegram/hook",
        webhook_secret=SECRET,
        webhook_port=port,
    )
    async with running(bot):
        state = telegram.bots[telegram.token]
        await wait_until(lambda: bool(state.webhook_url), what="setWebhook")
        set_webhook = next(c for c in telegram.calls if c.method == "setWebhook")
        assert set_webhook.params["secret_token"] == SECRET
        assert state.webhook_url == "https://journal.example.org/telegram/hook"
        update = await _update_from(telegram, "какой-то текст")
        url = f"http://127.0.0.1:{port}/telegram/hook"
        async with aiohttp.ClientSession() as session:
            async with session.post(url, json=update) as response:
                assert response.status == 401
            async with session.post(url, json=update, headers={HEADER: SECRET}) as response:
                assert response.status == 200
        (reply,) = await telegram.wait_for_messages(USER)
        assert reply.plain_text
    assert not any(c.method == "getUpdates" for c in telegram.calls)
    assert telegram.violations == []


async def test_webhook_needs_a_valid_secret() -> None:
    async def handle(_incoming: Incoming) -> list[Reply]:
        return []

    for secret in (None, "", "пароль", "x" * 257, "has space"):
        try:
            TelegramBot(
                handle,
                token="1:a",
                api_url="http://x",
                webhook_url="https://a/b",
                webhook_secret=secret,
            )
        except ValueError:
            continue
        raise AssertionError(f"secret {secret!r} accepted")
