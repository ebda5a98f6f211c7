"""Where the printed invite slips send people: the bot's Telegram username and VK community.

Read from the environment when a sheet is printed (TELEGRAM_BOT_USERNAME, VK_GROUP_ID), so the
conversation needs no settings object; a slip without either still carries its code.
"""

import os

from services.invite_sheet import BotLinks


def bot_links() -> BotLinks:
    group = os.environ.get("VK_GROUP_ID", "").strip()
    return BotLinks(
        telegram_username=os.environ.get("TELEGRAM_BOT_USERNAME", "").strip() or None,
        vk_group_id=int(group) if group.isdigit() else None,
    )
