import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from jconfig.memory import MemoryConfig
from sqlalchemy import update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from vk_api import VkApi

from bot.vk.sender import VkSender, vk_pacer
from bot.vk.transport import make_vk_session
from db.enums import AnnouncementScope, Platform
from db.models import ChatAccount, OutgoingMessage
from notifications.delivery.drain import OutboxDrain
from notifications.delivery.loop import DeliveryWorker
from services.context import Ctx, Journal
from services.messages.announcing import publish_announcement
from tests.conftest import FakeClock
from tests.notifications.fakes import RunningClock
from tests.notifications.support import link_accounts, queued
from tests.notifications.telegram_support import on_sqlite
from tests.standins import API_VERSION, VkStandIn
from tests.tiny_school import TinySchool
from tests.write_support import actor, get

VK_FAMILY = {
    "g1": (Platform.VK, "2001"),
    "g2": (Platform.VK, "2002"),
    "g3": (Platform.VK, "2003"),
    "a1": (Platform.VK, "2101"),
    "a2": (Platform.VK, "2102"),
}


@asynccontextmanager
async def vk_delivery(
    standin: VkStandIn, session_factory: async_sessionmaker[AsyncSession], clock: FakeClock
) -> AsyncIterator[DeliveryWorker]:
    vk = VkApi(
        token=standin.token,
        session=make_vk_session(standin.api_url),
        api_version=API_VERSION,
        config=MemoryConfig,
    )
    sender = VkSender(vk)
    worker = DeliveryWorker(session_factory, sender, vk_pacer(), clock=RunningClock(clock))
    task = asyncio.create_task(worker.run())
    try:
        yield worker
    finally:
        worker.stop()
        await asyncio.wait_for(task, 10)
        sender.close()


async def settle(journal: Journal) -> list[OutgoingMessage]:
    for _ in range(200):
        rows = await queued(journal)
        if rows and all(r.status != "pending" for r in rows):
            return rows
        await asyncio.sleep(0.05)
    raise AssertionError(f"still pending: {[r.status for r in await queued(journal)]}")


@on_sqlite
async def test_announcement_goes_to_vk_in_one_request_and_a_resend_is_dropped_by_vk(
    journal: Journal,
    tiny: TinySchool,
    session_factory: async_sessionmaker[AsyncSession],
    clock: FakeClock,
) -> None:
    acc = await link_accounts(journal, tiny, list(VK_FAMILY), VK_FAMILY)
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
    async with VkStandIn() as vk:
        for _, peer in VK_FAMILY.values():
            vk.add_user(int(peer))
        vk.block_user(2003)
        async with vk_delivery(vk, session_factory, clock):
            rows = await settle(journal)

            async def crash_after_send(ctx: Ctx) -> None:
                await ctx.session.execute(
                    update(OutgoingMessage)
                    .where(OutgoingMessage.status == "sent")
                    .values(status="pending")
                )

            await journal.run(crash_after_send)
            await settle(journal)
        sends = [c for c in vk.calls if c.method == "messages.send"]
        assert len(sends) == 2 and "peer_ids" in sends[0].params
        assert sorted(m.peer_id for m in vk.sent) == [2001, 2002, 2101, 2102]
        assert len(vk.deduplicated) == 4
        assert vk.violations == []
        labels = [b["action"]["label"] for row in vk.sent[0].keyboard["buttons"] for b in row]
        assert labels == ["Ознакомлен"]
    assert {r.chat_external_id: r.status for r in rows}["2003"] == "failed"
    assert (await get(journal, ChatAccount, acc["g3"])).is_blocked
