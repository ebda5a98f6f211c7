"""The notification sender as one more long-running part of `journal run`."""

import asyncio
import contextlib
from pathlib import Path
from zoneinfo import ZoneInfo

from jconfig.memory import MemoryConfig
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker
from vk_api import VkApi

from bot.max.client import MaxClient
from bot.max.sender import MaxSender, max_pacer
from bot.nightly_backup import BackupPlan, NightlyBackup
from bot.scheduler import build_notifications, run_notifications
from bot.settings import Settings
from bot.telegram.adapter import make_bot
from bot.telegram.sender import TelegramSender, telegram_pacer
from bot.vk.runtime import API_VERSION
from bot.vk.sender import VkSender, vk_pacer
from bot.vk.transport import make_vk_session
from notifications.delivery.loop import Sender
from notifications.delivery.rate import Pacer


class NotificationsPart:
    """Outbox drain, delivery and scheduled jobs; with several processes one leader runs them."""

    def __init__(
        self,
        settings: Settings,
        engine: AsyncEngine,
        session_factory: async_sessionmaker[AsyncSession],
    ) -> None:
        self._settings = settings
        self._engine = engine
        self._session_factory = session_factory

    async def run(self, stop: asyncio.Event) -> None:
        settings = self._settings
        senders: list[tuple[Sender, Pacer]] = []
        bot = None
        vk_sender: VkSender | None = None
        max_client: MaxClient | None = None
        if settings.telegram_bot_token:
            bot = make_bot(
                settings.telegram_bot_token.get_secret_value(), settings.telegram_api_url
            )
            senders.append((TelegramSender(bot), telegram_pacer()))
        if settings.vk_group_token and settings.vk_group_id:
            vk = VkApi(
                token=settings.vk_group_token.get_secret_value(),
                session=make_vk_session(settings.vk_api_url),
                api_version=API_VERSION,
                config=MemoryConfig,
            )
            vk_sender = VkSender(vk)
            senders.append((vk_sender, vk_pacer()))
        if settings.max_bot_token:
            token = settings.max_bot_token.get_secret_value()
            max_client = MaxClient(token, settings.max_api_url)
            senders.append((MaxSender(max_client), max_pacer()))
        try:
            backup = nightly_backup(settings)
            extra = [("nightly-backup", backup)] if backup is not None else []
            await run_notifications(
                self._engine,
                lambda: build_notifications(self._session_factory, senders, extra_jobs=extra),
                stop,
            )
        finally:
            if bot is not None:
                await bot.session.close()
            if max_client is not None:
                await max_client.close()
            if vk_sender is not None and vk is not None:
                vk_sender.close()
                with contextlib.suppress(Exception):
                    vk.http.close()


def nightly_backup(settings: Settings) -> NightlyBackup | None:
    if settings.backup_keep_days == 0:
        return None
    plan = BackupPlan(
        database_url=settings.database_url,
        directory=Path(settings.backup_dir),
        keep_days=settings.backup_keep_days,
        hour=settings.backup_hour,
        timezone=ZoneInfo(settings.backup_timezone),
    )
    return NightlyBackup(plan)
