"""The bot's addresses on printed invite slips: from the settings, else Telegram's getMe at
start; a Telegram that does not answer leaves only the link out."""

import re

from pydantic import SecretStr

from bot.links import bot_links
from bot.settings import Settings
from handlers.core.conversation import Conversation
from services.chat.bot_links import BotLinks
from services.context import Journal
from tests.staff_kit import calm, staff_chat
from tests.standins import TelegramStandIn
from tests.tiny_school import TinySchool
from texts import staff_phrases


def settings(api_url: str, token: str | None, username: str | None = None) -> Settings:
    return Settings(
        _env_file=None,  # type: ignore[call-arg]
        telegram_bot_token=SecretStr(token) if token else None,
        telegram_api_url=api_url,
        telegram_bot_username=username,
        vk_group_id=77,
    )


async def test_the_username_set_is_used_as_it_is(telegram: TelegramStandIn) -> None:
    links = await bot_links(settings(telegram.url, telegram.token, "school_bot"))
    assert links == BotLinks("school_bot", 77)
    assert not [c for c in telegram.calls if c.method == "getMe"]


async def test_without_it_telegram_is_asked(telegram: TelegramStandIn) -> None:
    links = await bot_links(settings(telegram.url, telegram.token))
    assert links == BotLinks("journal_test_bot", 77)  # the stand-in bot's username
    assert [c.method for c in telegram.calls] == ["getMe"]
    assert not telegram.violations


async def test_a_silent_telegram_leaves_the_link_out() -> None:
    links = await bot_links(settings("http://127.0.0.1:9", "123456:ABCdefGhIJKlmnoPQRstuvWXyz"))
    assert links == BotLinks(None, 77)


async def test_without_telegram_nothing_is_asked() -> None:
    assert await bot_links(settings("http://127.0.0.1:9", None)) == BotLinks(None, 77)


async def test_the_class_teacher_s_slips_carry_the_links(
    journal: Journal, tiny: TinySchool
) -> None:
    conversation = Conversation(journal, throttle=calm(), links=BotLinks("school_bot", 77))
    chat = await staff_chat(journal, tiny, "math", conversation=conversation)
    await chat.press(staff_phrases.MY_CLASS)
    await chat.press(staff_phrases.CLASS_CODES)
    await chat.press(staff_phrases.CODES_ISSUE_NEW.format(count=6))
    [reply] = chat.replies
    assert reply.attachment is not None
    uris = set(re.findall(rb"/URI \(([^)]*)\)", reply.attachment.content))
    assert len(uris) == 12  # six people, a Telegram and a VK link each
    assert all(
        re.fullmatch(rb"https://(t\.me/school_bot\?start|vk\.me/club77\?ref)=\w+", u) for u in uris
    )
