import asyncio
import time

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from db.enums import AttendanceStatus, Platform
from db.models import ChatAccount, OutgoingMessage
from notifications.delivery.drain import OutboxDrain
from services.attendance.roll_call import save_roll_call
from services.context import Journal
from tests.conftest import FakeClock
from tests.notifications.fakes import RunningClock
from tests.notifications.support import link_accounts, queued
from tests.notifications.telegram_support import on_sqlite, telegram_delivery
from tests.standins import TelegramStandIn
from tests.tiny_school import TinySchool
from tests.write_support import actor, get

IVAN_ABSENT = "Иван (5А) отсутствует на 1-м уроке — Математика, 08:30, ср, 18 ноября"
TELEGRAM_GUARDIANS = {"g1": (Platform.TELEGRAM, "1001"), "g2": (Platform.TELEGRAM, "1002")}


async def absent(journal: Journal, tiny: TinySchool, pupil: str = "a1") -> None:
    teacher = await actor(journal, tiny, "math")
    statuses = {tiny.people[pupil]: AttendanceStatus.ABSENT}
    await journal.run(save_roll_call, teacher, tiny.lessons["math-today"], statuses)


async def settled(journal: Journal, within: float = 10.0) -> list[OutgoingMessage]:
    deadline = time.monotonic() + within
    while True:
        rows = await queued(journal)
        if all(r.status != "pending" for r in rows) or time.monotonic() > deadline:
            return rows
        await asyncio.sleep(0.05)


@on_sqlite
async def test_recorded_absence_reaches_each_linked_guardian_on_telegram(
    journal: Journal,
    tiny: TinySchool,
    session_factory: async_sessionmaker[AsyncSession],
    clock: FakeClock,
) -> None:
    await link_accounts(journal, tiny, ["g1", "g2", "g3"], TELEGRAM_GUARDIANS)
    drain = OutboxDrain(session_factory, clock)
    async with TelegramStandIn() as tg:
        for chat in (1001, 1002, 1003):
            tg.add_chat(chat)
        async with telegram_delivery(tg, session_factory, RunningClock(clock)) as worker:
            drain.on_enqueued = worker.wake
            await absent(journal, tiny)
            await drain.drain_all()
            for chat in (1001, 1002):
                [message] = await tg.wait_for_messages(chat)
                assert message.plain_text == IVAN_ABSENT
                assert message.button_labels() == [
                    "Болеет",
                    "По семейным обстоятельствам",
                    "Справка будет",
                ]
            assert tg.messages_to(1003) == []
        assert tg.violations == []
    rows = await settled(journal)
    assert {r.status for r in rows} == {"sent"}
    assert all(r.platform_message_id for r in rows)


@on_sqlite
async def test_guardian_who_blocked_the_bot_is_deactivated(
    journal: Journal,
    tiny: TinySchool,
    session_factory: async_sessionmaker[AsyncSession],
    clock: FakeClock,
) -> None:
    acc = await link_accounts(journal, tiny, ["g1", "g2"], TELEGRAM_GUARDIANS)
    async with TelegramStandIn() as tg:
        tg.add_chat(1001)
        tg.add_chat(1002)
        tg.block_user(1002)
        async with telegram_delivery(tg, session_factory, RunningClock(clock)) as worker:
            await absent(journal, tiny)
            await OutboxDrain(session_factory, clock, on_enqueued=worker.wake).drain_all()
            await tg.wait_for_messages(1001)
            rows = await settled(journal)
        assert tg.violations == []
    assert (await get(journal, ChatAccount, acc["g2"])).is_blocked
    assert not (await get(journal, ChatAccount, acc["g1"])).is_blocked
    assert {r.chat_external_id: r.status for r in rows} == {"1001": "sent", "1002": "failed"}


@on_sqlite
async def test_retry_after_is_waited_out(
    journal: Journal,
    tiny: TinySchool,
    session_factory: async_sessionmaker[AsyncSession],
    clock: FakeClock,
) -> None:
    await link_accounts(journal, tiny, ["g1", "g2"], TELEGRAM_GUARDIANS)
    async with TelegramStandIn() as tg:
        tg.add_chat(1001)
        tg.add_chat(1002)
        tg.fail_next("sendMessage", 429, retry_after=2)
        async with telegram_delivery(tg, session_factory, RunningClock(clock)) as worker:
            started = time.monotonic()
            await absent(journal, tiny)
            await OutboxDrain(session_factory, clock, on_enqueued=worker.wake).drain_all()
            await tg.wait_for_messages(1001, timeout=10)
            await tg.wait_for_messages(1002, timeout=10)
            assert time.monotonic() - started >= 2
        assert tg.violations == []
        refused = [c for c in tg.calls if c.method == "sendMessage" and c.status == 429]
        assert len(refused) == 1
    assert {r.status for r in await settled(journal)} == {"sent"}
