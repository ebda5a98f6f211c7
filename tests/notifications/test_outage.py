"""Issue 14, item 1: an outage loses nothing that still matters, and says what it is doing."""

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta

import pytest
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.cli import main
from db.enums import AttendanceStatus
from db.models import ChatAccount, OutgoingMessage
from keyboards.model import Keyboard
from notifications.delivery.drain import OutboxDrain
from notifications.delivery.loop import DeliveryWorker, Transient
from notifications.delivery.rate import Pacer
from notifications.delivery.status import queue_status
from services.context import Ctx, Journal
from tests.conftest import FakeClock, SchoolFile
from tests.notifications.fakes import FakeSender
from tests.notifications.support import ACCOUNTS, link_accounts, queued
from tests.notifications.test_delivery import deliver_all
from tests.notifications.test_rules_attendance import roll_call
from tests.tiny_school import TinySchool
from tests.write_support import get, moscow, run_op


@dataclass
class FlakyNetwork(FakeSender):
    """Every send fails as a connection error while the network is down."""

    down: bool = False
    tries: int = 0

    async def send(self, chat_id: str, text: str, keyboard: Keyboard | None, *, ref: str) -> str:
        self.tries += 1
        if self.down:
            raise Transient("ClientConnectorError: Cannot connect to host api.telegram.org")
        return await super().send(chat_id, text, keyboard, ref=ref)


async def put(
    journal: Journal, account_id: int, chat: str, text: str, expires_at: datetime | None
) -> int:
    async def op(ctx: Ctx) -> int:
        row = OutgoingMessage(
            chat_account_id=account_id,
            platform="telegram",
            chat_external_id=chat,
            kind="test",
            text=text,
            dedup_key=f"t:{text}",
            created_at=ctx.now,
            next_attempt_at=ctx.now,
            expires_at=expires_at,
        )
        ctx.session.add(row)
        await ctx.session.flush()
        return row.id

    return await journal.run(op)


async def run_for(w: DeliveryWorker, clock: FakeClock, span: timedelta, step: timedelta) -> None:
    """The delivery loop's passes over `span` of simulated time, without sleeping."""
    end = clock.now + span
    while clock.now < end:
        await deliver_all(w)
        clock.now += step


async def test_an_hour_without_network_then_everything_owed_is_delivered(
    journal: Journal,
    tiny: TinySchool,
    session_factory: async_sessionmaker[AsyncSession],
    clock: FakeClock,
    drain: OutboxDrain,
    caplog: pytest.LogCaptureFixture,
) -> None:
    acc = await link_accounts(journal, tiny, ["g1", "g3", "g4"])
    await roll_call(journal, tiny, {"a1": AttendanceStatus.ABSENT})  # today's absence alert
    await drain.drain_all()
    for n, (key, chat) in enumerate([("g3", "1003"), ("g4", "1004")] * 3):
        await put(journal, acc[key], chat, f"оценка {n}", None)
    network = FlakyNetwork(down=True)
    w = DeliveryWorker(session_factory, network, Pacer(1000, 0.0), clock=clock)
    started = clock.now
    with caplog.at_level(logging.INFO, "notifications"):
        await run_for(w, clock, timedelta(hours=1), timedelta(seconds=30))
        pending = await queued(journal, "pending")
        assert len(pending) == 7 and all(m.failing_since == started for m in pending)
        assert network.sent == []
        # Capped back-off: every message is still tried at least every five minutes or so.
        assert network.tries >= 7 * 12
        async with session_factory() as session:
            status = await queue_status(session, clock.now)
        [tg] = status.platforms
        assert (tg.queued, tg.failing, tg.failing_since) == (7, 7, started)
        network.down = False
        while not network.sent:  # the next try of some message: up to five minutes
            await run_for(w, clock, timedelta(seconds=30), timedelta(seconds=30))
    owed = await queued(journal)
    print(
        f"\noutage of 1 h: {network.tries} tries; after it {len(network.sent)} of {len(owed)} owed"
    )
    # The first message through called the rest in at once, not each at its own next try.
    assert {m.status for m in owed} == {"sent"} and len(network.sent) == 7
    assert any("отсутствует" in text for _, text, _ in network.sent)
    lines = [r.getMessage() for r in caplog.records]
    assert sum("not delivered, will retry" in line for line in lines) == 7  # once per message
    assert sum("delivered after failing since" in line for line in lines) == 7
    assert not any(r.exc_info for r in caplog.records)


async def test_a_message_is_given_up_only_when_it_no_longer_matters(
    journal: Journal,
    tiny: TinySchool,
    session_factory: async_sessionmaker[AsyncSession],
    clock: FakeClock,
    caplog: pytest.LogCaptureFixture,
) -> None:
    acc = await link_accounts(journal, tiny, ["g1", "g3"])
    today_ends = moscow(2026, 11, 19, 0)
    absence = await put(journal, acc["g1"], "1001", "отсутствует", today_ends)
    mark = await put(journal, acc["g3"], "1003", "оценка", None)  # a week by default
    network = FlakyNetwork(down=True)
    w = DeliveryWorker(session_factory, network, Pacer(1000, 0.0), clock=clock)
    with caplog.at_level(logging.ERROR, "notifications"):
        await run_for(
            w, clock, today_ends - clock.now + timedelta(minutes=10), timedelta(minutes=5)
        )
    row = await get(journal, OutgoingMessage, absence)
    assert row.status == "expired" and "Cannot connect" in (row.last_error or "")
    assert row.attempts > 12
    assert (await get(journal, OutgoingMessage, mark)).status == "pending"
    [line] = [r.getMessage() for r in caplog.records]
    assert f"message {absence} expired unsent" in line
    network.down = False
    await run_for(w, clock, timedelta(minutes=10), timedelta(minutes=1))
    assert (await get(journal, OutgoingMessage, mark)).status == "sent"
    assert [text for _, text, _ in network.sent] == ["оценка"]


async def test_absence_alerts_matter_until_the_end_of_their_day(
    journal: Journal, tiny: TinySchool, drain: OutboxDrain
) -> None:
    await link_accounts(journal, tiny, ["g1"])
    await roll_call(journal, tiny, {"a1": AttendanceStatus.ABSENT})
    await drain.drain_all()
    [message] = await queued(journal)
    assert message.expires_at == moscow(2026, 11, 19, 0)


def test_journal_status_shows_what_is_queued_failing_and_given_up(
    school_file: SchoolFile, capsys: pytest.CaptureFixture[str]
) -> None:
    url, tiny = school_file.url, school_file.tiny
    now = datetime.now().astimezone()

    async def fill(ctx: Ctx) -> None:
        account = ChatAccount(
            platform=ACCOUNTS["g1"][0], external_id="1001", person_id=tiny.people["g1"]
        )
        ctx.session.add(account)
        await ctx.session.flush()
        common = {"chat_account_id": account.id, "platform": "telegram", "kind": "test"}
        since = now - timedelta(minutes=40)
        ctx.session.add_all(
            [
                OutgoingMessage(
                    **common,
                    chat_external_id="1001",
                    text="a",
                    dedup_key="a",
                    status="pending",
                    created_at=since,
                    next_attempt_at=now,
                    failing_since=since,
                    last_error="Transient('Cannot connect to host')",
                ),
                OutgoingMessage(
                    **common,
                    chat_external_id="1001",
                    text="b",
                    dedup_key="b",
                    status="failed",
                    created_at=since,
                    next_attempt_at=since,
                    last_error="Bad Request: chat not found",
                ),
            ]
        )

    run_op(url, fill)
    capsys.readouterr()
    assert main(["status"]) == 0
    out = capsys.readouterr().out
    assert "не ведёт ни один процесс" in out
    assert "telegram: в очереди 1" in out
    assert "не доставляются 1 с" in out and "Cannot connect to host" in out
    assert "отказ: 1" in out and "chat not found" in out
