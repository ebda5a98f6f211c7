from datetime import timedelta

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from db.models import ChatAccount, OutgoingMessage
from notifications.delivery.loop import Blocked, DeliveryWorker, Permanent, RetryAfter, Transient
from notifications.delivery.rate import Pacer
from notifications.rules.notice import BULK, URGENT
from services.context import Ctx, Journal
from tests.conftest import FakeClock
from tests.notifications.fakes import FakeSender
from tests.notifications.support import link_accounts, queued
from tests.tiny_school import TinySchool
from tests.write_support import get


async def put(journal: Journal, account_id: int, chat: str, text: str, priority: int = 3) -> int:
    async def op(ctx: Ctx) -> int:
        row = OutgoingMessage(
            chat_account_id=account_id,
            platform="telegram",
            chat_external_id=chat,
            kind="test",
            text=text,
            priority=priority,
            dedup_key=f"t:{text}",
            created_at=ctx.now,
            next_attempt_at=ctx.now,
        )
        ctx.session.add(row)
        await ctx.session.flush()
        return row.id

    return await journal.run(op)


def worker(
    session_factory: async_sessionmaker[AsyncSession], sender: FakeSender, clock: FakeClock
) -> DeliveryWorker:
    return DeliveryWorker(session_factory, sender, Pacer(1000, 0.0), clock=clock)


class FakeMonotonic:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


async def deliver_all(w: DeliveryWorker) -> None:
    while await w.deliver_once():
        await w.drain()
    await w.close()


async def test_absence_goes_before_a_waiting_broadcast_and_is_marked_sent(
    journal: Journal, tiny: TinySchool, session_factory, clock: FakeClock
) -> None:
    acc = await link_accounts(journal, tiny, ["g1", "g3"])
    for n in range(3):
        await put(journal, acc["g3"], "1003", f"объявление {n}", BULK)
    urgent = await put(journal, acc["g1"], "1001", "отсутствует", URGENT)
    sender = FakeSender()
    await deliver_all(worker(session_factory, sender, clock))
    assert sender.sent[0][1] == "отсутствует"
    row = await get(journal, OutgoingMessage, urgent)
    assert row.status == "sent" and row.platform_message_id == "1" and row.sent_at == clock.now
    assert {m.status for m in await queued(journal)} == {"sent"}


async def test_retry_after_pauses_the_whole_sender_and_keeps_the_message(
    journal: Journal, tiny: TinySchool, session_factory, clock: FakeClock
) -> None:
    acc = await link_accounts(journal, tiny, ["g1"])
    row_id = await put(journal, acc["g1"], "1001", "текст")
    sender = FakeSender(failures=[RetryAfter(5)])
    monotonic = FakeMonotonic()  # the pacer's clock, moved on with the journal's
    w = DeliveryWorker(session_factory, sender, Pacer(1000, 0.0, clock=monotonic), clock=clock)
    await deliver_all(w)
    assert 4 < w.pacer.paused_for() <= 5
    row = await get(journal, OutgoingMessage, row_id)
    assert row.status == "pending" and row.attempts == 0
    assert row.next_attempt_at == clock.now + timedelta(seconds=5)
    clock.now += timedelta(seconds=5)
    monotonic.now += 5
    assert w.pacer.paused_for() == 0
    await deliver_all(w)
    assert (await get(journal, OutgoingMessage, row_id)).status == "sent"


async def test_transient_errors_back_off_exponentially_capped_and_never_give_up(
    journal: Journal, tiny: TinySchool, session_factory, clock: FakeClock
) -> None:
    acc = await link_accounts(journal, tiny, ["g1"])
    row_id = await put(journal, acc["g1"], "1001", "текст")
    sender = FakeSender(failures=[Transient("502")] * 15)
    w = worker(session_factory, sender, clock)
    delays = []
    for _ in range(15):
        await deliver_all(w)
        row = await get(journal, OutgoingMessage, row_id)
        delays.append((row.next_attempt_at - clock.now).total_seconds())
        clock.now = row.next_attempt_at
    assert 1.6 <= delays[0] <= 2.4 and 3.2 <= delays[1] <= 4.8
    assert max(delays) <= 300 * 1.2 and delays[-1] >= 300 * 0.8
    assert row.status == "pending" and row.attempts == 15 and sender.sent == []
    await deliver_all(w)
    assert (await get(journal, OutgoingMessage, row_id)).status == "sent"


async def test_blocked_user_is_deactivated_and_their_queue_dropped(
    journal: Journal, tiny: TinySchool, session_factory, clock: FakeClock
) -> None:
    acc = await link_accounts(journal, tiny, ["g1", "g3"])
    await put(journal, acc["g1"], "1001", "первое")
    await put(journal, acc["g1"], "1001", "второе")
    await put(journal, acc["g3"], "1003", "другому")
    sender = FakeSender(failures=[Blocked("Forbidden: bot was blocked by the user")])
    await deliver_all(worker(session_factory, sender, clock))
    assert (await get(journal, ChatAccount, acc["g1"])).is_blocked
    assert [m.status for m in await queued(journal)] == ["failed", "cancelled", "sent"]


async def test_refused_message_fails_without_retry(
    journal: Journal, tiny: TinySchool, session_factory, clock: FakeClock
) -> None:
    acc = await link_accounts(journal, tiny, ["g1"])
    row_id = await put(journal, acc["g1"], "1001", "текст")
    sender = FakeSender(failures=[Permanent("Bad Request: message is too long")])
    await deliver_all(worker(session_factory, sender, clock))
    row = await get(journal, OutgoingMessage, row_id)
    assert row.status == "failed" and "too long" in row.last_error


async def test_one_chat_is_written_to_at_most_once_per_interval(
    journal: Journal, tiny: TinySchool, session_factory, clock: FakeClock
) -> None:
    acc = await link_accounts(journal, tiny, ["g1", "g3"])
    await put(journal, acc["g1"], "1001", "раз")
    await put(journal, acc["g1"], "1001", "два")
    await put(journal, acc["g3"], "1003", "другому")
    sender = FakeSender()
    w = DeliveryWorker(session_factory, sender, Pacer(1000, 60.0), clock=clock)
    await w.deliver_once()
    await w.close()
    assert [text for _, text, _ in sender.sent] == ["раз", "другому"]
