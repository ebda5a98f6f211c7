"""The bot's addresses for the deep links printed on invite slips, from the settings or, for a
bot name that is not set, from the messenger itself at start (Telegram getMe, MAX GET /me)."""

import asyncio
import logging

from bot.max.client import MaxApiError, MaxClient, MaxNetworkError
from bot.settings import Settings
from bot.telegram.adapter import make_bot
from services.chat.bot_links import BotLinks

log = logging.getLogger(__name__)

GET_ME_TIMEOUT_SECONDS = 10


def configured_links(settings: Settings) -> BotLinks:
    return BotLinks(
        settings.telegram_bot_username or None,
        settings.vk_group_id,
        settings.max_bot_username or None,
    )


async def _telegram_username(settings: Settings) -> str | None:
    assert settings.telegram_bot_token is not None
    bot = make_bot(settings.telegram_bot_token.get_secret_value(), settings.telegram_api_url)
    try:
        me = await asyncio.wait_for(bot.get_me(), GET_ME_TIMEOUT_SECONDS)
    except Exception as exc:  # slips still carry their codes, only without the Telegram link
        log.warning("Telegram не назвал имя бота (%s): ссылки t.me на листках не будет", exc)
        return None
    finally:
        await bot.session.close()
    return me.username


async def _max_username(settings: Settings) -> str | None:
    assert settings.max_bot_token is not None
    client = MaxClient(settings.max_bot_token.get_secret_value(), settings.max_api_url)
    try:
        me = await asyncio.wait_for(client.me(), GET_ME_TIMEOUT_SECONDS)
    except (MaxApiError, MaxNetworkError, TimeoutError) as exc:
        log.warning("MAX не назвал имя бота (%s): ссылки max.ru на листках не будет", exc)
        return None
    finally:
        await client.close()
    username = me.get("username")
    return str(username) if username else None


async def bot_links(settings: Settings) -> BotLinks:
    links = configured_links(settings)
    telegram, max_name = links.telegram_username, links.max_username
    if not telegram and settings.telegram_bot_token:
        telegram = await _telegram_username(settings)
    if not max_name and settings.max_bot_token:
        max_name = await _max_username(settings)
    return BotLinks(telegram, links.vk_group_id, max_name)
