"""The delivery loop with the MAX sender (bot.max) against the MAX stand-in."""

import asyncio
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.max.client import MaxClient
from bot.max.sender import TEXT_LIMIT, MaxSender, fitted, max_pacer
from db.enums import AnnouncementScope, Platform
from db.models import ChatAccount
from notifications.delivery.drain import OutboxDrain
from notifications.delivery.loop import DeliveryWorker
from services.context import Journal
from services.messages.announcing import publish_announcement
from tests.conftest import FakeClock
from tests.notifications.fakes import RunningClock
from tests.notifications.support import link_accounts
from tests.notifications.telegram_support import on_sqlite
from tests.notifications.test_delivery_telegram import IVAN_ABSENT, absent, settled
from tests.standins import MaxStandIn
from tests.tiny_school import TinySchool
from tests.write_support import actor, get

MAX_FAMILY = {
    "g1": (Platform.MAX, "3001"),
    "g2": (Platform.MAX, "3002"),
    "g3": (Platform.MAX, "3003"),
}


@asynccontextmanager
async def max_delivery(
    standin: MaxStandIn, session_factory: async_sessionmaker[AsyncSession], clock: FakeClock
) -> AsyncIterator[DeliveryWorker]:
    client = MaxClient(standin.token, standin.url)
    worker = DeliveryWorker(
        session_factory, MaxSender(client), max_pacer(), clock=RunningClock(clock)
    )
    task = asyncio.create_task(worker.run())
    try:
        yield worker
    finally:
        worker.stop()
        await asyncio.wait_for(task, 10)
        await client.close()


@on_sqlite
async def test_an_absence_reaches_guardians_on_max_and_a_blocked_one_is_deactivated(
    journal: Journal,
    tiny: TinySchool,
    session_factory: async_sessionmaker[AsyncSession],
    clock: FakeClock,
) -> None:
    acc = await link_accounts(journal, tiny, ["g1", "g2"], MAX_FAMILY)
    drain = OutboxDrain(session_factory, clock)
    async with MaxStandIn() as max_api:
        max_api.add_user(3001)
        max_api.add_user(3002)
        max_api.block_user(3002)
        async with max_delivery(max_api, session_factory, clock) as worker:
            drain.on_enqueued = worker.wake
            await absent(journal, tiny)
            await drain.drain_all()
            [message] = await max_api.wait_for_messages(3001)
            rows = await settled(journal)
        assert max_api.violations == []
    assert message.text == IVAN_ABSENT
    assert message.button_labels() == ["Болеет", "По семейным обстоятельствам", "Справка будет"]
    assert {r.chat_external_id: r.status for r in rows} == {"3001": "sent", "3002": "failed"}
    assert all(r.platform_message_id for r in rows if r.status == "sent")
    assert (await get(journal, ChatAccount, acc["g2"])).is_blocked
    assert not (await get(journal, ChatAccount, acc["g1"])).is_blocked


@on_sqlite
async def test_an_announcement_with_its_button_and_too_many_requests_waited_out(
    journal: Journal,
    tiny: TinySchool,
    session_factory: async_sessionmaker[AsyncSession],
    clock: FakeClock,
) -> None:
    await link_accounts(journal, tiny, ["g1", "g2", "g3"], MAX_FAMILY)
    deputy = await actor(journal, tiny, "deputy")
    await journal.run(
        publish_announcement,
        deputy,
        title="Собрание",
        text="В четверг.",
        scope=AnnouncementScope.CLASS,
        class_id=tiny.classes["5А"],
    )
    await OutboxDrain(session_factory, clock).drain_all()
    async with MaxStandIn() as max_api:
        for user in (3001, 3002, 3003):
            max_api.add_user(user)
        max_api.fail_next("POST /messages", 429)
        started = time.monotonic()
        async with max_delivery(max_api, session_factory, clock):
            for user in (3001, 3002, 3003):
                [message] = await max_api.wait_for_messages(user, timeout=10)
                assert message.button_labels() == ["Ознакомлен"]
                assert message.text.startswith("Объявление") or "Собрание" in message.text
            rows = await settled(journal)
        assert time.monotonic() - started >= 1  # MAX's Retry-After: 1
        assert max_api.violations == []
    assert {r.status for r in rows} == {"sent"}


def test_a_notice_over_max_s_limit_is_cut_at_a_line() -> None:
    text = "Заголовок\n" + "строка объявления\n" * 400
    cut = fitted(text)
    assert len(cut) <= TEXT_LIMIT and cut.endswith("\n…") and cut.startswith("Заголовок\n")
    assert fitted("коротко") == "коротко"
