"""p50/p99 of the parents' most frequent service calls on the default and a 10x demo school.

Usage: python bench/service_latency.py [--pupils 600] [--scale 10] [--calls 2000]
Each call runs as the bot runs it: its own session and transaction through Journal.run,
on a SQLite file with the production pragmas. A trivial call measured in the same run is the
baseline that tells how noisy the machine is.
"""

import argparse
import asyncio
import random
import statistics
import tempfile
import time
from collections.abc import Awaitable, Callable
from datetime import date, timedelta
from pathlib import Path

from sqlalchemy import select

from db.demo import build_demo
from db.engine import make_engine, make_session_factory
from db.migrate import upgrade_to_head_async
from db.models import GuardianLink
from services.context import Ctx, Journal
from services.lessons.homework_reading import homework_for
from services.marks.reading import period_marks
from services.people.actor import Actor, load_actor
from services.schedule.periods import school_today
from services.schedule.reading import pupil_schedule

Call = Callable[[Journal, Actor, int], Awaitable[object]]


async def trivial(ctx: Ctx) -> None:
    await ctx.session.scalar(select(1))


async def call_baseline(journal: Journal, actor: Actor, pupil_id: int) -> object:
    return await journal.run(trivial)


async def call_marks(journal: Journal, actor: Actor, pupil_id: int) -> object:
    return await journal.run(period_marks, actor, pupil_id)


# The bot knows "today" from the message's context; only the service call itself is timed.
TODAY: dict[int, date] = {}


async def call_homework(journal: Journal, actor: Actor, pupil_id: int) -> object:
    tomorrow = TODAY[actor.school_id] + timedelta(days=1)
    return await journal.run(homework_for, actor, pupil_id, tomorrow, tomorrow)


async def call_schedule(journal: Journal, actor: Actor, pupil_id: int) -> object:
    today = TODAY[actor.school_id]
    monday = today - timedelta(days=today.weekday())
    return await journal.run(pupil_schedule, actor, pupil_id, monday, monday + timedelta(days=6))


CALLS: dict[str, Call] = {
    "baseline select 1": call_baseline,
    "marks and averages": call_marks,
    "homework for tomorrow": call_homework,
    "week schedule": call_schedule,
}


async def sample_guardians(journal: Journal, n: int, rng: random.Random) -> list[tuple[Actor, int]]:
    async def links(ctx: Ctx) -> list[tuple[int, int]]:
        rows = await ctx.session.execute(select(GuardianLink.guardian_id, GuardianLink.pupil_id))
        return [(g, p) for g, p in rows.all()]

    pairs = rng.sample(await journal.run(links), n)
    return [(await journal.run(load_actor, g), p) for g, p in pairs]


def percentile(samples: list[float], q: float) -> float:
    return statistics.quantiles(samples, n=100, method="inclusive")[int(q) - 1]


async def measure(
    db_path: Path, pupils: int, calls: int, seed: int
) -> dict[str, tuple[float, float]]:
    url = f"sqlite+aiosqlite:///{db_path}"
    await upgrade_to_head_async(url)
    engine = make_engine(url)
    factory = make_session_factory(engine)
    started = time.perf_counter()
    await build_demo(factory, pupils=pupils, seed=seed)
    print(f"built {pupils} pupils in {time.perf_counter() - started:.1f} s")
    journal = Journal(factory)
    rng = random.Random(seed)
    people = await sample_guardians(journal, 50, rng)
    for actor, _ in people:
        TODAY[actor.school_id] = await journal.run(school_today, actor.school_id)
    results: dict[str, tuple[float, float]] = {}
    for name, call in CALLS.items():
        for actor, pupil in people[:10]:  # warm caches and statements
            await call(journal, actor, pupil)
        samples = []
        for i in range(calls):
            actor, pupil = people[i % len(people)]
            t0 = time.perf_counter()
            await call(journal, actor, pupil)
            samples.append((time.perf_counter() - t0) * 1000)
        results[name] = (percentile(samples, 50), percentile(samples, 99))
        print(f"  {name:<24} p50 {results[name][0]:6.2f} ms   p99 {results[name][1]:6.2f} ms")
    await engine.dispose()
    return results


async def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--pupils", type=int, default=600)
    parser.add_argument("--scale", type=int, default=10)
    parser.add_argument("--calls", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=2026)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        sizes = {"default": args.pupils, "large": args.pupils * args.scale}
        figures = {
            label: await measure(Path(tmp) / f"{label}.sqlite3", n, args.calls, args.seed)
            for label, n in sizes.items()
        }
    for label, results in figures.items():
        for name, (p50, p99) in results.items():
            slug = name.replace(" ", "_")
            print(f"{label} {slug} p50: {p50:.2f} ms")
            print(f"{label} {slug} p99: {p99:.2f} ms")
    for name in CALLS:
        ratio = figures["large"][name][1] / figures["default"][name][1]
        print(f"large/default {name.replace(' ', '_')} p99 ratio: {ratio:.2f} x")


if __name__ == "__main__":
    asyncio.run(main())
