"""Reply latency and throughput of the journal bot, beside a minimal echo bot, same stand-in.

The demo school (600 pupils) with 50 linked, consenting guardians; the Telegram stand-in with
rate limits off; each bot in its own process, as in production (bench/journal_bot.py runs
`bot.runner.serve`, bench/echo_bot.py is the yardstick). Latency is from the update being
queued at the stand-in to the reply arriving there.

    .venv/bin/python -m bench.chat_latency [--seconds 30] [--requests 2000] [--guardians 50]
        [--database-url postgresql+asyncpg://.../empty_db]
"""

import argparse
import asyncio
import contextlib
import itertools
import os
import random
import shutil
import statistics
import sys
import tempfile
import time
from collections import defaultdict
from functools import partial
from pathlib import Path

from sqlalchemy import text

from db.engine import make_engine, make_session_factory
from db.enums import InviteRole, Platform
from db.migrate import upgrade_to_head_async
from services.chat.accounts import give_consent
from services.context import Journal
from services.invites.redeeming import issue_invites, redeem_invite
from services.people.actor import load_actor
from tests.standins import TelegramStandIn
from tests.standins.telegram_state import SEND_METHODS

ROOT = Path(__file__).resolve().parent.parent
JOURNAL_TOKEN = "700000001:AAJournalBenchTokenForTheStandIn_abcde"
ECHO_TOKEN = "700000002:AAEchoBenchTokenForTheStandIn_abcdefgh"
QUESTIONS = ("Оценки", "Домашнее задание", "Расписание")
FIRST_USER = 900_000
Arrivals = dict[tuple[str, int], asyncio.Queue[float]]
# The journal's p99 at most, its replies per second at least, as multiples of the echo bot's.
GOALS = {"sqlite": (2.0, 0.5), "postgresql": (2.5, 0.4)}


async def prepare_school(database_url: str, guardians: int) -> list[int]:
    """Demo school with `guardians` single-child guardians linked to Telegram users, taken in turn
    from every class (first graders have no marks, seniors many): their Telegram ids."""
    from db.demo import build_demo  # heavy; only the parent process builds

    await upgrade_to_head_async(database_url)
    engine = make_engine(database_url)
    journal = Journal(make_session_factory(engine))
    summary = await build_demo(make_session_factory(engine), pupils=600)
    codes_by_class: list[list[tuple[int, str]]] = []
    current: dict[int, str] = {}  # a later class's issue revokes a guardian's earlier code
    children: dict[int, int] = defaultdict(int)  # a class's invite names its children only
    for school_class in summary.schools[0].classes:
        if school_class.class_teacher_id is None:
            continue
        teacher = await journal.run(load_actor, school_class.class_teacher_id)
        issued = await journal.run(issue_invites, teacher, class_id=school_class.id)
        current |= {i.person_id: i.code for i in issued}
        invites = [i for i in issued if i.role is InviteRole.GUARDIAN]
        for invite in invites:
            children[invite.person_id] += len(invite.children)
        codes_by_class.append([(i.person_id, i.code) for i in invites])
    in_turn = [
        code
        for in_classes in itertools.zip_longest(*codes_by_class)
        for person, code in filter(None, in_classes)
        if current[person] == code and children[person] == 1
    ]
    users: list[int] = []
    for code in in_turn[:guardians]:
        user = FIRST_USER + len(users)
        await journal.run(redeem_invite, Platform.TELEGRAM, str(user), code)
        await journal.run(give_consent, Platform.TELEGRAM, str(user))
        users.append(user)
    if engine.dialect.name == "postgresql":
        # The statistics autovacuum would have gathered by the time anyone asks (a server
        # with autovacuum off, as a test server may be, plans a 600-pupil school as empty).
        async with engine.connect() as connection:
            await connection.execution_options(isolation_level="AUTOCOMMIT")
            await connection.execute(text("ANALYZE"))
    await engine.dispose()
    return users


async def start_process(*args: str) -> asyncio.subprocess.Process:
    return await asyncio.create_subprocess_exec(sys.executable, *args, cwd=ROOT)


async def stop_process(process: asyncio.subprocess.Process) -> None:
    if process.returncode is None:
        process.terminate()
    with contextlib.suppress(TimeoutError):
        await asyncio.wait_for(process.wait(), 20)
    if process.returncode is None:
        process.kill()
        await process.wait()


async def polling_started(
    standin: TelegramStandIn, token: str, process: asyncio.subprocess.Process
) -> None:
    polling = asyncio.create_task(
        standin.wait_until(
            lambda: any(c.token == token and c.method == "getUpdates" for c in standin.calls), 180
        )
    )
    exited = asyncio.create_task(process.wait())
    await asyncio.wait({polling, exited}, return_when=asyncio.FIRST_COMPLETED)
    for task in (polling, exited):
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task
    if process.returncode is not None:
        raise RuntimeError(f"the bot process exited with code {process.returncode}")


async def settled(process: asyncio.subprocess.Process, within: float = 180) -> None:
    """Until the bot idles: its scheduler runs the day's jobs at its first tick (in the
    afternoon, the final-mark check of 600 pupils, seconds of work), which are not replies."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + within
    while loop.time() < deadline:
        before = cpu_seconds(process)
        await asyncio.sleep(1)
        if cpu_seconds(process) - before < 0.05:
            return
    print("warning: the journal bot never went idle; its scheduled jobs weigh on the figures")


def _more_than(standin: TelegramStandIn, seen: int) -> bool:
    return len(standin.sent) > seen


async def route_arrivals(standin: TelegramStandIn, arrivals: Arrivals) -> None:
    """Hands each message the bots send to the waiting user, without rescanning the log."""
    seen = 0
    async with standin.changed:
        while True:
            await standin.changed.wait_for(partial(_more_than, standin, seen))
            for message in standin.sent[seen:]:
                if message.method in SEND_METHODS:
                    arrivals[(message.token, message.chat_id)].put_nowait(message.timestamp)
            seen = len(standin.sent)


class Asker:
    def __init__(self, standin: TelegramStandIn, arrivals: Arrivals) -> None:
        self.standin = standin
        self.arrivals = arrivals
        self.extra_messages = 0

    async def ask(self, token: str, user: int, text: str) -> float:
        """Seconds from the question reaching Telegram to the first message of the reply."""
        queue = self.arrivals[(token, user)]
        while not queue.empty():  # later parts of the previous reply
            queue.get_nowait()
            self.extra_messages += 1
        sent_at = time.time()
        await self.standin.user_sends_text(user, text, "Родитель", token=token)
        return await asyncio.wait_for(queue.get(), 30) - sent_at

    async def paced(
        self, tokens: tuple[str, ...], users: list[int], seconds: float, interval: float = 2.0
    ) -> dict[str, list[float]]:
        """Each guardian asks each bot every `interval` seconds, the bots in turn, so that
        whatever else the machine does weighs on both alike."""
        loop = asyncio.get_running_loop()
        latencies: dict[str, list[float]] = {token: [] for token in tokens}
        rng = random.Random(7)

        async def guardian(user: int, token: str, offset: float) -> None:
            await asyncio.sleep(offset)
            due = loop.time()
            deadline = due + seconds
            for question in itertools.cycle(QUESTIONS):
                if loop.time() >= deadline:
                    return
                latencies[token].append(await self.ask(token, user, question))
                due += interval
                await asyncio.sleep(max(0.0, due - loop.time()))

        askers = []
        for user in users:
            start = rng.uniform(0, interval)  # people do not ask in step
            for k, token in enumerate(tokens):
                askers.append(guardian(user, token, start + k * interval / len(tokens)))
        await asyncio.gather(*askers)
        return latencies

    async def flat_out(self, token: str, users: list[int], total: int) -> float:
        """Seconds for `total` replies when every guardian asks again as soon as answered."""
        asked = itertools.count()

        async def guardian(user: int) -> None:
            for question in itertools.cycle(QUESTIONS):
                if next(asked) >= total:
                    return
                await self.ask(token, user, question)

        started = time.perf_counter()
        await asyncio.gather(*(guardian(u) for u in users))
        return time.perf_counter() - started

    async def rates(
        self,
        bots: dict[str, asyncio.subprocess.Process],
        users: list[int],
        total: int,
        rounds: int = 4,
    ) -> dict[str, tuple[float, float]]:
        """Replies per second of each bot and its CPU ms per reply, in alternating rounds for
        the same reason."""
        spent = dict.fromkeys(bots, 0.0)
        cpu = dict.fromkeys(bots, 0.0)
        for _ in range(rounds):
            for token, process in bots.items():
                before = cpu_seconds(process)
                spent[token] += await self.flat_out(token, users, total // rounds)
                cpu[token] += cpu_seconds(process) - before
        done = (total // rounds) * rounds
        return {t: (done / spent[t], cpu[t] / done * 1000) for t in bots}


def cpu_seconds(process: asyncio.subprocess.Process) -> float:
    """User + system CPU of a child so far (Linux); a figure other load on the machine barely
    moves, unlike wall-clock latency."""
    try:
        fields = Path(f"/proc/{process.pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return float("nan")
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def percentile(values: list[float], p: int) -> float:
    return statistics.quantiles(values, n=100, method="inclusive")[p - 1]


async def measure(args: argparse.Namespace) -> None:
    workdir = Path(tempfile.mkdtemp(prefix="journal-bench-"))
    try:
        database_url = args.database_url or f"sqlite+aiosqlite:///{workdir / 'journal.sqlite3'}"
        print(f"building the demo school and linking {args.guardians} guardians…", flush=True)
        users = await prepare_school(database_url, args.guardians)
        async with TelegramStandIn(JOURNAL_TOKEN, rate_limits=False) as standin:
            standin.add_bot(ECHO_TOKEN, username="echo_bench_bot", first_name="Эхо")
            latency, rate, extra = await run_bots(args, standin, database_url, users)
            if standin.violations:
                print("stand-in violations:", *standin.violations[:10], sep="\n  ")
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    report(latency, rate, extra, GOALS[database_url.split(":", 1)[0].split("+", 1)[0]])


async def run_bots(
    args: argparse.Namespace, standin: TelegramStandIn, database_url: str, users: list[int]
) -> tuple[dict[str, list[float]], dict[str, tuple[float, float]], int]:
    arrivals: Arrivals = defaultdict(asyncio.Queue)
    router = asyncio.create_task(route_arrivals(standin, arrivals))
    journal_bot = await start_process(
        "-m",
        "bench.journal_bot",
        "--token",
        JOURNAL_TOKEN,
        "--api-url",
        standin.url,
        "--database-url",
        database_url,
    )
    echo_bot = await start_process(
        "-m", "bench.echo_bot", "--token", ECHO_TOKEN, "--api-url", standin.url
    )
    try:
        await polling_started(standin, JOURNAL_TOKEN, journal_bot)
        await polling_started(standin, ECHO_TOKEN, echo_bot)
        await settled(journal_bot)
        asker = Asker(standin, arrivals)
        bots = (ECHO_TOKEN, JOURNAL_TOKEN)
        for token in bots:  # warm-up, not measured
            await asker.flat_out(token, users, len(users) * len(QUESTIONS))
        print(f"paced: {len(users)} guardians ask each bot every 2 s for {args.seconds} s…")
        latency = await asker.paced(bots, users, args.seconds)
        print(f"flat out: {args.requests} questions to each bot without pause…", flush=True)
        rate = await asker.rates(
            {ECHO_TOKEN: echo_bot, JOURNAL_TOKEN: journal_bot}, users, args.requests
        )
        return latency, rate, asker.extra_messages
    finally:
        await stop_process(journal_bot)
        await stop_process(echo_bot)
        router.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await router


def report(
    latency: dict[str, list[float]],
    rate: dict[str, tuple[float, float]],
    extra: int,
    goals: tuple[float, float],
) -> None:
    echo, journal = latency[ECHO_TOKEN], latency[JOURNAL_TOKEN]
    (echo_rate, echo_cpu), (journal_rate, journal_cpu) = rate[ECHO_TOKEN], rate[JOURNAL_TOKEN]
    print(f"samples: echo {len(echo)}, journal {len(journal)}; extra reply messages: {extra}")
    figures = {
        "echo p50": percentile(echo, 50) * 1000,
        "echo p99": percentile(echo, 99) * 1000,
        "journal p50": percentile(journal, 50) * 1000,
        "journal p99": percentile(journal, 99) * 1000,
    }
    for name, value in figures.items():
        print(f"{name}: {value:.1f} ms")
    print(f"echo throughput: {echo_rate:.0f} replies/s")
    print(f"journal throughput: {journal_rate:.0f} replies/s")
    print(f"echo cpu per reply: {echo_cpu:.1f} ms")
    print(f"journal cpu per reply: {journal_cpu:.1f} ms")
    p99_ratio = figures["journal p99"] / figures["echo p99"]
    rate_ratio = journal_rate / echo_rate
    most_p99, least_rate = goals
    print(
        f"p99 ratio to echo: {p99_ratio:.2f} x "
        f"(goal ≤ {most_p99}: {_verdict(p99_ratio <= most_p99)})"
    )
    print(
        f"throughput ratio to echo: {rate_ratio:.2f} x "
        f"(goal ≥ {least_rate}: {_verdict(rate_ratio >= least_rate)})"
    )


def _verdict(met: bool) -> str:
    return "met" if met else "MISSED"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seconds", type=float, default=30)
    parser.add_argument("--requests", type=int, default=2000)
    parser.add_argument("--guardians", type=int, default=50)
    parser.add_argument(
        "--database-url", help="an empty database to build the demo in (default: a temp SQLite)"
    )
    args = parser.parse_args()
    asyncio.run(measure(args))
    return 0


if __name__ == "__main__":
    sys.exit(main())
