"""`journal run`: the composition root starts what has a token and stops on SIGTERM."""

import asyncio
import logging
import os
import signal
from pathlib import Path

import pytest

from bot import cli, runner
from bot.settings import Settings
from tests.e2e.conftest import wait_until
from tests.e2e.max_kit import max_standin
from tests.standins import MaxStandIn, TelegramStandIn, VkStandIn
from texts import phrases

__all__ = ["max_standin"]

TOKEN_VARIABLES = (
    "TELEGRAM_BOT_TOKEN",
    "VK_GROUP_TOKEN",
    "VK_GROUP_ID",
    "TELEGRAM_WEBHOOK_URL",
    "TELEGRAM_WEBHOOK_SECRET",
    "MAX_BOT_TOKEN",
    "MAX_WEBHOOK_URL",
    "MAX_WEBHOOK_SECRET",
)


@pytest.fixture
def bare_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    for name in TOKEN_VARIABLES:
        monkeypatch.delenv(name, raising=False)
    monkeypatch.chdir(tmp_path)  # no .env here
    return tmp_path


def test_refuses_to_start_without_tokens(
    bare_environment: Path, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.ERROR):
        assert cli.main(["run"]) == 2
    assert "TELEGRAM_BOT_TOKEN" in caplog.text and "VK_GROUP_TOKEN" in caplog.text
    assert not (bare_environment / "journal.sqlite3").exists()


@pytest.mark.parametrize(
    ("settings", "complaint"),
    [
        ({"vk_group_token": "t"}, "VK_GROUP_ID"),
        ({"telegram_bot_token": "1:a", "telegram_webhook_url": "https://a/b"}, "SECRET"),
        ({"max_bot_token": "t", "max_webhook_url": "https://a/b"}, "MAX_WEBHOOK_SECRET"),
        ({"max_bot_token": "t", "max_webhook_url": "http://a/b"}, "443"),
    ],
)
def test_refuses_half_configured_messengers(
    bare_environment: Path, settings: dict[str, str], complaint: str
) -> None:
    with pytest.raises(runner.ConfigurationError, match=complaint):
        runner.check_settings(Settings(**settings))  # type: ignore[arg-type]


async def test_runs_both_messengers_until_sigterm(
    bare_environment: Path, telegram: TelegramStandIn, vk: VkStandIn
) -> None:
    settings = Settings(
        database_url=f"sqlite+aiosqlite:///{bare_environment / 'journal.sqlite3'}",
        telegram_bot_token=telegram.token,  # type: ignore[arg-type]
        telegram_api_url=telegram.url,
        vk_group_token=vk.token,  # type: ignore[arg-type]
        vk_group_id=vk.group_id,
        vk_api_url=vk.api_url,
        vk_longpoll_wait=1,
    )
    serving = asyncio.create_task(runner.serve(settings))
    await wait_until(lambda: any(c.method == "getUpdates" for c in telegram.calls), 30)
    await vk.wait_for_poller(30)

    await telegram.user_sends_text(801, "/start")
    await vk.user_sends_text(802, "Начать")
    (telegram_reply,) = await telegram.wait_for_messages(801)
    (vk_reply,) = await vk.wait_for_messages(802)
    assert telegram_reply.plain_text == vk_reply.text == phrases.WELCOME

    os.kill(os.getpid(), signal.SIGTERM)
    await vk.end_long_polls()
    assert await asyncio.wait_for(serving, 15) == 0
    assert telegram.violations == [] and vk.violations == []


async def test_runs_max_beside_telegram_until_sigterm(
    bare_environment: Path, telegram: TelegramStandIn, max_standin: MaxStandIn
) -> None:
    settings = Settings(
        database_url=f"sqlite+aiosqlite:///{bare_environment / 'journal.sqlite3'}",
        telegram_bot_token=telegram.token,  # type: ignore[arg-type]
        telegram_api_url=telegram.url,
        max_bot_token=max_standin.token,  # type: ignore[arg-type]
        max_api_url=max_standin.url,
    )
    serving = asyncio.create_task(runner.serve(settings))
    await wait_until(lambda: any(c.method == "getUpdates" for c in telegram.calls), 30)
    await max_standin.wait_for_poller(30)
    await max_standin.user_starts(803)
    (max_reply,) = await max_standin.wait_for_messages(803)
    assert max_reply.text == phrases.WELCOME
    os.kill(os.getpid(), signal.SIGTERM)
    assert await asyncio.wait_for(serving, 20) == 0
    assert telegram.violations == [] and max_standin.violations == []


def _lines(caplog: pytest.LogCaptureFixture, text: str) -> list[logging.LogRecord]:
    return [r for r in caplog.records if text in r.getMessage()]


async def test_telegram_out_of_reach_at_start_leaves_vk_running_and_comes_back(
    bare_environment: Path,
    telegram: TelegramStandIn,
    vk: VkStandIn,
    caplog: pytest.LogCaptureFixture,
) -> None:
    await telegram.stop()  # nothing listens on its port: connection refused
    settings = Settings(
        database_url=f"sqlite+aiosqlite:///{bare_environment / 'journal.sqlite3'}",
        telegram_bot_token=telegram.token,  # type: ignore[arg-type]
        telegram_api_url=telegram.url,
        vk_group_token=vk.token,  # type: ignore[arg-type]
        vk_group_id=vk.group_id,
        vk_api_url=vk.api_url,
        vk_longpoll_wait=1,
    )
    stop = asyncio.Event()
    with caplog.at_level(logging.INFO):
        serving = asyncio.create_task(runner.serve(settings, stop=stop))
        await vk.wait_for_poller(30)
        await vk.user_sends_text(802, "Начать")
        (vk_reply,) = await vk.wait_for_messages(802)
        await wait_until(lambda: len(_lines(caplog, "Telegram: нет связи")) >= 2, 30)
        assert not serving.done()
        await telegram.start()  # the network is back, on the same address
        await wait_until(lambda: any(c.method == "getUpdates" for c in telegram.calls), 30)
        await telegram.user_sends_text(801, "/start")
        (telegram_reply,) = await telegram.wait_for_messages(801)
        stop.set()
        await vk.end_long_polls()
        assert await asyncio.wait_for(serving, 20) == 0
    assert telegram_reply.plain_text == vk_reply.text == phrases.WELCOME
    attempts = _lines(caplog, "Telegram: нет связи")
    assert all("повтор через" in r.getMessage() and r.exc_info is None for r in attempts)
    assert not any(r.exc_info for r in caplog.records if r.name == "journal.run")


@pytest.mark.parametrize("refused", ["Telegram", "VK", "MAX"])
async def test_a_refused_token_stops_that_messenger_alone(
    bare_environment: Path,
    telegram: TelegramStandIn,
    vk: VkStandIn,
    max_standin: MaxStandIn,
    caplog: pytest.LogCaptureFixture,
    refused: str,
) -> None:
    wrong = {
        "Telegram": "123456:not-this-bots-token-at-all-0123456789",
        "VK": "vk1.a.wrong",
        "MAX": "max-wrong-token-0123456789",
    }
    tokens = {"Telegram": telegram.token, "VK": vk.token, "MAX": max_standin.token} | {
        refused: wrong[refused]
    }
    settings = Settings(
        database_url=f"sqlite+aiosqlite:///{bare_environment / 'journal.sqlite3'}",
        telegram_bot_token=tokens["Telegram"],  # type: ignore[arg-type]
        telegram_api_url=telegram.url,
        vk_group_token=tokens["VK"],  # type: ignore[arg-type]
        vk_group_id=vk.group_id,
        vk_api_url=vk.api_url,
        vk_longpoll_wait=1,
        max_bot_token=tokens["MAX"],  # type: ignore[arg-type]
        max_api_url=max_standin.url,
    )
    stop = asyncio.Event()
    with caplog.at_level(logging.INFO):
        serving = asyncio.create_task(runner.serve(settings, stop=stop))
        await wait_until(lambda: _lines(caplog, f"{refused}: токен бота отклонён"), 30)
        if refused != "VK":
            await vk.wait_for_poller(30)
            await vk.user_sends_text(802, "Начать")
            (reply,) = await vk.wait_for_messages(802)
            assert reply.text == phrases.WELCOME
        if refused != "Telegram":
            await wait_until(lambda: any(c.method == "getUpdates" for c in telegram.calls), 30)
            await telegram.user_sends_text(801, "/start")
            (answer,) = await telegram.wait_for_messages(801)
            assert answer.plain_text == phrases.WELCOME
        assert not serving.done()
        stop.set()
        await vk.end_long_polls()
        assert await asyncio.wait_for(serving, 20) == 0
    [line] = _lines(caplog, "токен бота отклонён")
    assert line.exc_info is None and "остальные работают" in line.getMessage()
    assert not _lines(caplog, f"{refused}: нет связи")  # a refused token is not retried
    assert wrong[refused] not in caplog.text
