"""The stand-ins' files: users' photos and documents as the platforms describe them, getFile
and the download links, and the refusals the platforms give."""

import asyncio
import io
from collections.abc import AsyncIterator

import aiohttp
import pytest
import requests
from aiogram import Bot
from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.exceptions import TelegramBadRequest
from aiogram.types import BufferedInputFile

from bot.telegram.adapter import download
from bot.vk.transport import make_vk_session
from handlers.core.io import FileTooLarge
from tests.standins import TelegramStandIn, VkStandIn
from tests.standins.telegram_files import DOWNLOAD_LIMIT

USER = 4343
JPEG = b"\xff\xd8\xff\xe0" + bytes(100)


@pytest.fixture
async def telegram() -> AsyncIterator[TelegramStandIn]:
    async with TelegramStandIn() as server:
        yield server


@pytest.fixture
async def bot(telegram: TelegramStandIn) -> AsyncIterator[Bot]:
    bot = Bot(telegram.token, session=AiohttpSession(api=telegram.aiogram_server()))
    yield bot
    await bot.session.close()


async def test_telegram_get_file_and_download(telegram: TelegramStandIn, bot: Bot) -> None:
    update = await telegram.user_sends_document(USER, b"%PDF-1.4", "task.pdf", caption="Упр. 1")
    document = update["message"]["document"]
    assert (document["file_name"], document["file_size"]) == ("task.pdf", 8)
    file = await bot.get_file(document["file_id"])
    assert file.file_size == 8 and file.file_path
    buffer = io.BytesIO()
    await bot.download_file(file.file_path, buffer)
    assert buffer.getvalue() == b"%PDF-1.4"
    photo = (await telegram.user_sends_photo(USER, JPEG))["message"]["photo"]
    assert [size["width"] for size in photo] == [90, 1280]  # the smallest first, as Telegram
    assert await download(bot, photo[-1]["file_id"], 1000) == JPEG
    with pytest.raises(FileTooLarge):
        await download(bot, photo[-1]["file_id"], len(JPEG) - 1)
    assert telegram.downloads == ["documents/file_1.pdf", "documents/file_2.jpg"]
    assert telegram.violations == []


async def test_telegram_refuses_what_telegram_refuses(telegram: TelegramStandIn, bot: Bot) -> None:
    with pytest.raises(TelegramBadRequest, match="invalid file_id"):
        await bot.get_file("no-such-file")
    big = await telegram.user_sends_document(USER, bytes(DOWNLOAD_LIMIT + 1), "big.zip", "x/zip")
    with pytest.raises(TelegramBadRequest, match="file is too big"):
        await bot.get_file(big["message"]["document"]["file_id"])
    with pytest.raises(FileTooLarge):
        await download(bot, big["message"]["document"]["file_id"], DOWNLOAD_LIMIT)
    async with (
        aiohttp.ClientSession() as http,
        http.get(f"{telegram.url}/file/bot{telegram.token}/documents/nothing.pdf") as response,
    ):
        assert response.status == 404
    assert len(telegram.violations) == 4 and "unknown path" in telegram.violations[-1]
    # A message the Bot API would not describe is not sent to the bot at all.
    bot_state = telegram.bots[telegram.token]
    with pytest.raises(Exception, match="must be of type"):
        telegram._user_message(bot_state, USER, {"photo": "not a list"})


@pytest.fixture
async def vk() -> AsyncIterator[VkStandIn]:
    async with VkStandIn() as server:
        yield server


def get(url: str) -> requests.Response:
    with make_vk_session() as session:
        return session.get(url, timeout=5)


async def test_vk_links_serve_files_only_when_signed(vk: VkStandIn) -> None:
    doc = vk.doc_attachment(USER, b"%PDF-1.4", "Карточка.pdf")["doc"]
    assert (doc["title"], doc["ext"], doc["size"]) == ("Карточка.pdf", "pdf", 8)
    photo = vk.photo_attachment(USER, JPEG)["photo"]
    biggest = max(photo["sizes"], key=lambda s: s["width"])
    assert (await asyncio.to_thread(get, doc["url"])).content == b"%PDF-1.4"
    assert (await asyncio.to_thread(get, biggest["url"])).content == JPEG
    assert vk.violations == []
    forged = doc["url"].rsplit("=", 1)[0] + "=0000"
    assert (await asyncio.to_thread(get, forged)).status_code == 404
    assert (await asyncio.to_thread(get, f"{vk.url}/doc{USER}_99?hash=1")).status_code == 404
    assert len(vk.violations) == 2


async def test_vk_events_follow_the_schema(vk: VkStandIn) -> None:
    event = await vk.user_sends_attachments(USER, [vk.other_attachment("sticker")], "")
    assert event["object"]["message"]["attachments"][0]["type"] == "sticker"
    for broken in (
        {"type": "doc", "doc": {"id": 1}},  # no owner_id, title, size...
        {"type": "voice"},  # VK calls it audio_message
        {"type": "photo", "photo": {**vk.photo_attachment(USER, JPEG)["photo"], "id": "1"}},
    ):
        with pytest.raises(AssertionError):
            await vk.user_sends_attachments(USER, [broken])


async def test_telegram_refuses_a_photo_over_10_mb(telegram: TelegramStandIn, bot: Bot) -> None:
    telegram.add_chat(USER)
    photo = BufferedInputFile(JPEG + bytes(10 * 1024 * 1024), "big.jpg")
    with pytest.raises(TelegramBadRequest, match="PHOTO_SAVE_FILE_INVALID"):
        await bot.send_photo(USER, photo)
    await bot.send_document(USER, photo)
    assert [m.method for m in telegram.messages_to(USER)] == ["sendDocument"]
