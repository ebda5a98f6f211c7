"""A class-wide announcement to N Telegram chats against the rate-limited stand-in (30 msg/s),
with absences recorded meanwhile: how close delivery comes to the limit, and how long a guardian
waits for an absence alert while the broadcast is running.

Usage (from the project root): .venv/bin/python -m bench.broadcast [--recipients 600] [--full]
--full sends to 3,000. Everything runs in this process as `journal run` would: the scheduler's
drain job (woken by the writes), the Telegram delivery loop, and the service calls.
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

from aiogram import Bot
from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.client.telegram import TelegramAPIServer

from bot.scheduler import build_notifications
from bot.telegram.sender import TelegramSender, telegram_pacer
from db.base import Base
from db.engine import make_engine, make_session_factory
from db.enums import AnnouncementScope, AttendanceStatus
from services.attendance.roll_call import save_roll_call
from services.context import Journal
from services.messages.announcing import publish_announcement
from services.people.actor import load_actor
from tests.notifications.population import PROBE_CHATS, SchoolDayClock, populate
from tests.notifications.standin_process import standin_process
from tests.standins import DEFAULT_TOKEN
from tests.tiny_school import TinySchool, build_tiny_school

TELEGRAM_LIMIT = 30.0
PROBES = 40


async def probe_absences(
    journal: Journal, tiny: TinySchool, probes: list[int], every: float
) -> dict[int, float]:
    """Marks one more probe pupil absent every `every` seconds; returns chat -> commit time."""
    teacher = await journal.run(load_actor, tiny.people["math"])
    absent: dict[int, AttendanceStatus] = {}
    saved: dict[int, float] = {}
    for n, pupil in enumerate(probes):
        absent[pupil] = AttendanceStatus.ABSENT
        await journal.run(save_roll_call, teacher, tiny.lessons["math-today"], dict(absent))
        saved[PROBE_CHATS + n] = time.time()
        await asyncio.sleep(every)
    return saved


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


async def main(recipients: int, database_url: str | None, in_flight: int) -> int:
    # A drain tick that overlaps the next one is skipped by design; no need to hear of it.
    logging.getLogger("apscheduler").setLevel(logging.ERROR)
    workdir = Path(tempfile.mkdtemp(prefix="broadcast-"))
    engine = make_engine(database_url or f"sqlite+aiosqlite:///{workdir / 'bench.sqlite3'}")
    async with engine.begin() as conn:
        await conn.run_sync(Base.metadata.create_all)
    factory = make_session_factory(engine)
    clock = SchoolDayClock()
    journal = Journal(factory, clock)
    tiny = await journal.run(build_tiny_school)
    population = await journal.run(populate, tiny, recipients, PROBES)
    bulk_chats, probes = population.bulk_chats, population.probe_pupils
    with standin_process(rate_limits=True) as tg:
        await tg.add_chats([*bulk_chats, *(PROBE_CHATS + n for n in range(PROBES))])
        api = TelegramAPIServer.from_base(tg.url)
        bot = Bot(DEFAULT_TOKEN, session=AiohttpSession(api=api))
        runtime = build_notifications(
            factory, [(TelegramSender(bot), telegram_pacer())], clock=clock, in_flight=in_flight
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
            expected_seconds = recipients / TELEGRAM_LIMIT
            saved = await probe_absences(journal, tiny, probes, expected_seconds * 0.8 / PROBES)
            deadline = time.monotonic() + expected_seconds * 3 + 30
            while time.monotonic() < deadline:
                report = await tg.report()
                if len({chat for chat, _, _ in report["sent"]}) >= recipients + PROBES:
                    break
                await asyncio.sleep(0.5)
        finally:
            await runtime.stop()
            await bot.session.close()
        report = await tg.report()
    bulk_set = set(bulk_chats)
    stamps = sorted(at for chat, _, at in report["sent"] if chat in bulk_set)
    received = {chat: at for chat, _, at in report["sent"] if chat >= PROBE_CHATS}
    latencies = [received[c] - t for c, t in saved.items() if c in received]
    refused, violations = report["refused_429"], report["violations"]
    await engine.dispose()
    rate = (len(stamps) - 1) / (stamps[-1] - stamps[0]) if len(stamps) > 1 else 0.0
    print(f"broadcast_recipients: {recipients} chats")
    print(f"broadcast_delivered: {len(stamps)} messages")
    print(
        f"broadcast_duration: {stamps[-1] - stamps[0]:.1f} s"
        if stamps
        else "broadcast_duration: n/a s"
    )
    print(f"delivery_rate: {rate:.1f} msg/s")
    print(f"delivery_rate_share_of_limit: {100 * rate / TELEGRAM_LIMIT:.1f} %")
    print(f"telegram_429_received: {refused} responses")
    print(f"telegram_429_unhonoured: {len(violations)} requests")
    print(f"absence_alerts_delivered: {len(latencies)}/{len(saved)} alerts")
    if latencies:
        print(f"absence_latency_p50: {statistics.median(latencies):.2f} s")
        print(f"absence_latency_p99: {percentile(latencies, 0.99):.2f} s")
        print(f"absence_latency_max: {max(latencies):.2f} s")
    ok = len(stamps) == recipients and not violations and len(latencies) == len(saved)
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
