"""The bot's addresses for the deep links printed on invite slips, from the settings or, for
the Telegram username when it is not set, from Telegram itself (getMe) at start."""

import asyncio
import logging

from bot.settings import Settings
from bot.telegram.adapter import make_bot
from services.chat.bot_links import BotLinks

log = logging.getLogger(__name__)

GET_ME_TIMEOUT_SECONDS = 10


def configured_links(settings: Settings) -> BotLinks:
    return BotLinks(settings.telegram_bot_username or None, settings.vk_group_id)


async def bot_links(settings: Settings) -> BotLinks:
    links = configured_links(settings)
    if links.telegram_username or not settings.telegram_bot_token:
        return links
    bot = make_bot(settings.telegram_bot_token.get_secret_value(), settings.telegram_api_url)
    try:
        me = await asyncio.wait_for(bot.get_me(), GET_ME_TIMEOUT_SECONDS)
    except Exception as exc:  # slips still carry their codes, only without the Telegram link
        log.warning("Telegram не назвал имя бота (%s): ссылки t.me на листках не будет", exc)
        return links
    finally:
        await bot.session.close()
    return BotLinks(me.username, links.vk_group_id)
