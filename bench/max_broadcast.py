"""bench/broadcast.py for MAX: a class-wide announcement to N MAX dialogs against the
rate-limited MAX stand-in (30 requests a second per bot), with absences recorded meanwhile: how
close delivery comes to the limit, and how long a guardian waits for an absence alert while the
broadcast is running. The baseline, measured first in the same run: bare sends through the same
client and pacer, with no journal, database or outbox behind them.

Usage (from the project root): .venv/bin/python -m bench.max_broadcast [--recipients 600] [--full]
--full sends to 3,000. Everything runs in this process as `journal run` would: the scheduler's
drain job (woken by the writes), the MAX delivery loop, and the service calls; the stand-in runs
in a process of its own.
"""

import argparse
import asyncio
import logging
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.broadcast import PROBES, percentile, probe_absences
from bot.max.client import MaxClient, message_body
from bot.max.sender import MaxSender, max_pacer
from bot.scheduler import build_notifications
from db.base import Base
from db.engine import make_engine, make_session_factory
from db.enums import AnnouncementScope, Platform
from services.context import Journal
from services.messages.announcing import publish_announcement
from services.people.actor import load_actor
from tests.notifications.max_standin_process import max_standin_process
from tests.notifications.population import PROBE_CHATS, SchoolDayClock, populate
from tests.standins import DEFAULT_MAX_TOKEN
from tests.tiny_school import build_tiny_school

MAX_LIMIT = 30.0
BASELINE_SENDS = 211  # seven windows of 30, and the first of the eighth
BASELINE_USER = 700_000_000


async def baseline_rate(url: str) -> float:
    """Bare paced sends, one at a time as the delivery loop sends: the ceiling here."""
    client = MaxClient(DEFAULT_MAX_TOKEN, url)
    pacer = max_pacer()
    stamps = []
    try:
        for _ in range(BASELINE_SENDS):
            await pacer.take([str(BASELINE_USER)])
            try:
                await client.send(BASELINE_USER, message_body("проверка"))
            finally:
                pacer.done([str(BASELINE_USER)])
            stamps.append(time.monotonic())
    finally:
        await client.close()
    # Whole windows only, from the first send of the second to the first of the seventh: the
    # pacer lets each window's 30 go at once, so a part-window would flatter the rate.
    steady = stamps[30:181]
    return (len(steady) - 1) / (steady[-1] - steady[0])


async def main(recipients: int, database_url: str | None, in_flight: int) -> int:
    logging.getLogger("apscheduler").setLevel(logging.ERROR)
    workdir = Path(tempfile.mkdtemp(prefix="max-broadcast-"))
    engine = make_engine(database_url or f"sqlite+aiosqlite:///{workdir / 'bench.sqlite3'}")
    async with engine.begin() as conn:
        await conn.run_sync(Base.metadata.create_all)
    factory = make_session_factory(engine)
    clock = SchoolDayClock()
    journal = Journal(factory, clock)
    tiny = await journal.run(build_tiny_school)
    population = await journal.run(populate, tiny, recipients, PROBES, Platform.MAX)
    bulk_chats, probes = population.bulk_chats, population.probe_pupils
    with max_standin_process(rate_limit=True) as standin:
        await standin.add_users([BASELINE_USER, *bulk_chats, *population.probe_chats])
        baseline = await baseline_rate(standin.url)
        await asyncio.sleep(1.1)  # the baseline's requests leave the stand-in's window
        client = MaxClient(DEFAULT_MAX_TOKEN, standin.url)
        runtime = build_notifications(
            factory, [(MaxSender(client), max_pacer())], clock=clock, in_flight=in_flight
        )
        await runtime.start()
        try:
            deputy = await journal.run(load_actor, tiny.people["deputy"])
            await journal.run(
                publish_announcement,
                deputy,
                title="Родительское собрание",
                text="В четверг в 18:00 в актовом зале.",
                scope=AnnouncementScope.CLASS,
                class_id=population.bulk_class_id,
                to_guardians=False,
            )
            expected_seconds = recipients / MAX_LIMIT
            saved = await probe_absences(journal, tiny, probes, expected_seconds * 0.8 / PROBES)
            deadline = time.monotonic() + expected_seconds * 3 + 30
            wanted = recipients + PROBES + BASELINE_SENDS
            while time.monotonic() < deadline:
                report = await standin.report()
                if len(report["sent"]) >= wanted:
                    break
                await asyncio.sleep(0.5)
        finally:
            await runtime.stop()
            await client.close()
        report = await standin.report()
    await engine.dispose()
    bulk_set = set(bulk_chats)
    stamps = sorted(at for user, _, at in report["sent"] if user in bulk_set)
    received = {user: at for user, _, at in report["sent"] if PROBE_CHATS <= user < BASELINE_USER}
    latencies = [received[c] - t for c, t in saved.items() if c in received]
    rate = (len(stamps) - 1) / (stamps[-1] - stamps[0]) if len(stamps) > 1 else 0.0
    duration = f"{stamps[-1] - stamps[0]:.1f}" if stamps else "n/a"
    print(f"max_baseline_rate: {baseline:.1f} msg/s")
    print(f"max_baseline_share_of_limit: {100 * baseline / MAX_LIMIT:.1f} %")
    print(f"max_broadcast_recipients: {recipients} dialogs")
    print(f"max_broadcast_delivered: {len(stamps)} messages")
    print(f"max_broadcast_duration: {duration} s")
    print(f"max_delivery_rate: {rate:.1f} msg/s")
    print(f"max_delivery_rate_share_of_limit: {100 * rate / MAX_LIMIT:.1f} %")
    print(f"max_429_received: {report['refused_429']} responses")
    print(f"max_standin_violations: {len(report['violations'])} requests")
    print(f"max_absence_alerts_delivered: {len(latencies)}/{len(saved)} alerts")
    if latencies:
        print(f"max_absence_latency_p50: {statistics.median(latencies):.2f} s")
        print(f"max_absence_latency_p99: {percentile(latencies, 0.99):.2f} s")
        print(f"max_absence_latency_max: {max(latencies):.2f} s")
    ok = len(stamps) == recipients and not report["violations"] and len(latencies) == len(saved)
    return 0 if ok else 1


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--recipients", type=int, default=600)
    parser.add_argument("--full", action="store_true", help="3,000 recipients")
    parser.add_argument("--database-url", default=None, help="default: a temporary SQLite file")
    parser.add_argument(
        "--in-flight", type=int, default=1, help="sends at once (each may repeat after a crash)"
    )
    args = parser.parse_args()
    recipients = 3000 if args.full else args.recipients
    sys.exit(asyncio.run(main(recipients, args.database_url, args.in_flight)))
