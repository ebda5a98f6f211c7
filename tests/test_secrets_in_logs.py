"""Issue 14, item 8: no secret in any log line or repr. The failures that used to carry one
(a Telegram file download, a VK long poll, the database URL) are provoked here and the log
they leave is scanned for the secrets."""

import asyncio
import io
import logging
import threading
from types import SimpleNamespace
from typing import Any

import aiohttp
import pytest
import requests
from multidict import CIMultiDict, CIMultiDictProxy
from yarl import URL

from bot.secrets_in_logs import Redacting, install, redact
from bot.settings import Settings
from bot.telegram.adapter import download
from bot.vk.runtime import VkBot
from handlers.core.io import FileUnavailable

TOKEN = "123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw"
LP_KEY = "9f3c1b2a7d4e5f60718293a4b5c6d7e8f9a0b1c2"
DB_PASSWORD = "S3cret-Pa55word"


class FailingDownloads:
    """A Bot whose getFile works and whose file download fails as aiohttp fails: with the
    file's URL, token and all, in the error."""

    async def get_file(self, file_id: str) -> Any:
        return SimpleNamespace(file_size=10, file_path="documents/file_7.pdf")

    async def download_file(self, path: str, destination: Any, **options: Any) -> None:
        url = URL(f"https://api.telegram.org/file/bot{TOKEN}/{path}")
        info = aiohttp.RequestInfo(url, "GET", CIMultiDictProxy(CIMultiDict()), url)
        raise aiohttp.ClientResponseError(info, (), status=502, message="Bad Gateway")


class UnreachableLongPoll:
    """A Bots Long Poll whose server cannot be reached: requests names the URL with the key."""

    def __init__(self, stopping: threading.Event) -> None:
        self.stopping = stopping

    def check(self) -> list[Any]:
        self.stopping.set()
        raise requests.exceptions.ConnectionError(
            "HTTPSConnectionPool(host='lp.vk.com', port=443): Max retries exceeded with url: "
            f"/wh123456?act=a_check&key={LP_KEY}&ts=17&wait=25 (Caused by NewConnectionError)"
        )


async def test_provoked_failures_leave_no_secret_in_the_log(
    caplog: pytest.LogCaptureFixture,
) -> None:
    with caplog.at_level(logging.DEBUG):
        with pytest.raises(FileUnavailable):
            await download(FailingDownloads(), "file-id", 1000)  # type: ignore[arg-type]
        stopping = threading.Event()
        loop = asyncio.get_running_loop()
        done: asyncio.Future[None] = loop.create_future()
        bot = VkBot(lambda incoming: None, token="vk1.a.t", group_id=1, api_url="http://x/")  # type: ignore[arg-type, return-value]
        poll = threading.Thread(
            target=bot._poll, args=(UnreachableLongPoll(stopping), None, stopping, loop, done)
        )
        poll.start()
        await asyncio.wait_for(done, 10)
        poll.join()
    text = caplog.text
    assert "downloading a file failed" in text and "long poll failed" in text  # provoked
    assert TOKEN not in text and TOKEN.split(":")[1] not in text
    assert LP_KEY not in text


def test_settings_show_no_secret() -> None:
    settings = Settings(
        database_url=f"postgresql+asyncpg://journal:{DB_PASSWORD}@db.school/journal",
        telegram_bot_token=TOKEN,  # type: ignore[arg-type]
        vk_group_token="vk1.a.group-token-value",  # type: ignore[arg-type]
        max_bot_token="max-token-value",  # type: ignore[arg-type]
    )
    shown = repr(settings) + str(settings)
    for secret in (DB_PASSWORD, TOKEN, "vk1.a.group-token-value", "max-token-value"):
        assert secret not in shown
    assert set(settings.secret_values()) >= {DB_PASSWORD, TOKEN, "max-token-value"}


def test_the_run_log_cuts_secrets_out_of_every_line(monkeypatch: pytest.MonkeyPatch) -> None:
    out = io.StringIO()
    handler = logging.StreamHandler(out)
    root = logging.getLogger()
    monkeypatch.setattr(root, "handlers", [handler])
    install(["vk1.a.group-token-value", DB_PASSWORD])
    library = logging.getLogger("aiogram.dispatcher")
    library.propagate = True
    try:
        library.error("Failed to fetch updates - %s", f"GET /bot{TOKEN}/getUpdates: 502")
        try:
            raise RuntimeError(f"connect to postgresql://journal:{DB_PASSWORD}@db failed")
        except RuntimeError:
            logging.getLogger("journal.run").exception(
                "the group token is %s", "vk1.a.group-token-value"
            )
    finally:
        root.removeHandler(handler)
    text = out.getvalue()
    assert "Failed to fetch updates" in text and "Traceback" in text
    for secret in (TOKEN, DB_PASSWORD, "vk1.a.group-token-value"):
        assert secret not in text
    assert isinstance(handler.filters[0], Redacting)


def test_redact_keeps_what_is_not_secret() -> None:
    line = "Cannot connect to host api.telegram.org:443 ssl:default [Connection refused]"
    assert redact(line) == line
    assert redact(f"url=/file/bot{TOKEN}/a.pdf") == "url=/file/bot***/a.pdf"
