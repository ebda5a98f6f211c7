"""Reply latency of quick presses on the Telegram stand-in that enforces the per-chat limit
(one new message a second per chat): navigation answered by editing the pressed message, as
now, against answered by new messages, as before issue 14 (--before).

The tiny school on SQLite, one guardian of two, pressing about (menu, child, schedule pages)
as fast as the answers come. Latency: from the press queued to the first answer (a new
message or an edit) arriving at the stand-in.

    .venv/bin/python -m bench.quick_presses [--rounds 5] [--before]
"""

import argparse
import asyncio
import statistics
import tempfile
import time
from pathlib import Path

from db.engine import make_engine, make_session_factory
from db.migrate import upgrade_to_head_async
from handlers.core import routing
from handlers.core.conversation import Conversation
from handlers.core.throttling import Throttle
from services.context import Journal
from tests.e2e.conftest import invite_code, telegram_polling, wait_until
from tests.standins import TelegramStandIn
from tests.tiny_school import TINY_NOW, build_tiny_school
from texts import phrases

USER = 4242
ROUND = (
    "Мария",
    phrases.SCHEDULE,
    phrases.WEEK,
    phrases.NEXT_WEEK,
    phrases.PREV_WEEK,
    phrases.TO_MENU,
    phrases.CHILDREN,
)


async def _answered(standin: TelegramStandIn, press: object) -> float:
    before = len([m for m in standin.sent if m.chat_id == USER])
    started = time.perf_counter()
    await press  # type: ignore[misc]
    await wait_until(lambda: len([m for m in standin.sent if m.chat_id == USER]) > before, 30)
    return time.perf_counter() - started


def _label(standin: TelegramStandIn, start: str) -> str:
    newest = [m for m in standin.sent if m.chat_id == USER and m.button_labels()][-1]
    found = [label for label in newest.button_labels() if start in label]
    if not found:
        raise LookupError(f"no {start!r} among {newest.button_labels()}")
    return found[0]


async def measure(rounds: int, before: bool) -> list[float]:
    if before:
        # As on main before: every menu and page as a new message.
        setattr(routing, "moves", lambda press: False)  # noqa: B010
    with tempfile.TemporaryDirectory() as folder:
        url = f"sqlite+aiosqlite:///{Path(folder) / 'journal.sqlite3'}"
        await upgrade_to_head_async(url)
        engine = make_engine(url)
        journal = Journal(make_session_factory(engine), lambda: TINY_NOW)
        tiny = await journal.run(build_tiny_school)
        code = await invite_code(journal, tiny, "g1")
        handle = Conversation(journal, throttle=Throttle(burst=1000)).handle
        latencies: list[float] = []
        async with TelegramStandIn(rate_limits=True) as standin, telegram_polling(standin, handle):
            await _answered(standin, standin.user_sends_text(USER, code))
            await asyncio.sleep(1.1)
            await _answered(standin, standin.user_presses(USER, phrases.AGREE))
            await asyncio.sleep(1.1)
            for _ in range(rounds):
                for label in ROUND:
                    shown = _label(standin, label)
                    latencies.append(await _answered(standin, standin.user_presses(USER, shown)))
            refused = sum(1 for c in standin.calls if c.status == 429)
        await engine.dispose()
    print(f"429 answers from the stand-in: {refused}")
    return latencies


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--before", action="store_true", help="navigation as new messages")
    args = parser.parse_args()
    latencies = asyncio.run(measure(args.rounds, args.before))
    ms = sorted(x * 1000 for x in latencies)
    p50, p90 = statistics.median(ms), ms[int(len(ms) * 0.9) - 1]
    mode = "new messages (before)" if args.before else "edits (now)"
    print(f"{len(ms)} quick presses, navigation as {mode}: p50 {p50:.0f} ms, p90 {p90:.0f} ms")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
