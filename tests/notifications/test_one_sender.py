"""Issue 14, item 2: two `journal run` processes on one SQLite file send each message once."""

import asyncio
import os
import signal
import sys
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path

import pytest

from db.engine import make_engine, make_session_factory
from db.migrate import upgrade_to_head_async
from db.models import OutgoingMessage
from services.context import Ctx, Journal
from tests.notifications.support import ACCOUNTS, link_accounts
from tests.standins import TelegramStandIn
from tests.tiny_school import build_tiny_school

SENDS = "notifications: this process sends them"
WAITS = "notifications: another process on this database sends them"
CHATS = ["g1", "g3", "g4", "a1"]


async def _journal_run(url: str, standin: TelegramStandIn, cwd: Path) -> asyncio.subprocess.Process:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("TELEGRAM_", "VK_", "MAX_"))}
    env |= {
        "DATABASE_URL": url,
        "TELEGRAM_BOT_TOKEN": standin.token,
        "TELEGRAM_API_URL": standin.url,
        "TELEGRAM_BOT_USERNAME": "journal_test_bot",
    }
    return await asyncio.create_subprocess_exec(
        sys.executable,
        "-c",
        "import sys; from bot.cli import main; sys.exit(main(['run']))",
        cwd=cwd,
        env=env,
        stdout=asyncio.subprocess.DEVNULL,
        stderr=asyncio.subprocess.PIPE,
    )


async def _role(process: asyncio.subprocess.Process, log: list[str]) -> str:
    """Reads the process's log until it says whether it sends notifications."""
    assert process.stderr is not None
    while line := (await process.stderr.readline()).decode():
        log.append(line)
        if SENDS in line:
            return "sends"
        if WAITS in line:
            return "waits"
    raise AssertionError("journal run ended:\n" + "".join(log))


async def _school(url: str, chats: list[str]) -> dict[str, int]:
    """The tiny school with the chats linked: their accounts' ids."""
    engine = make_engine(url)
    try:
        journal = Journal(make_session_factory(engine))
        tiny = await journal.run(build_tiny_school)
        return await link_accounts(journal, tiny, chats)
    finally:
        await engine.dispose()


async def _queue(url: str, chats: list[str], accounts: dict[str, int]) -> None:
    engine = make_engine(url)
    try:
        journal = Journal(make_session_factory(engine))

        async def put(ctx: Ctx) -> None:
            now = datetime.now(UTC)
            for key in chats:
                ctx.session.add(
                    OutgoingMessage(
                        chat_account_id=accounts[key],
                        platform="telegram",
                        chat_external_id=ACCOUNTS[key][1],
                        kind="test",
                        text=f"для {key}",
                        dedup_key=f"t:{key}",
                        created_at=now,
                        next_attempt_at=now,
                    )
                )

        await journal.run(put)
    finally:
        await engine.dispose()


@pytest.mark.slow
async def test_two_journal_runs_on_one_sqlite_file_send_each_message_once(tmp_path: Path) -> None:
    url = f"sqlite+aiosqlite:///{tmp_path / 'journal.sqlite3'}"
    await upgrade_to_head_async(url)
    async with TelegramStandIn() as standin:
        for key in CHATS:
            standin.add_chat(int(ACCOUNTS[key][1]))
        processes = [await _journal_run(url, standin, tmp_path) for _ in range(2)]
        logs: list[list[str]] = [[], []]
        try:
            school = asyncio.create_task(_school(url, CHATS))  # built while they start up
            roles = await asyncio.wait_for(
                asyncio.gather(*(_role(p, log) for p, log in zip(processes, logs, strict=True))),
                180,
            )
            await _queue(url, CHATS, await school)
            deadline = asyncio.get_running_loop().time() + 60
            sent: Counter[int] = Counter()
            while sum(sent.values()) < len(CHATS):
                assert asyncio.get_running_loop().time() < deadline, sent
                await asyncio.sleep(0.2)
                sent = Counter(m.chat_id for m in standin.sent if m.method == "sendMessage")
            await asyncio.sleep(3)  # time enough for a second sender to repeat them
            sent = Counter(m.chat_id for m in standin.sent if m.method == "sendMessage")
        finally:
            for process in processes:
                if process.returncode is None:
                    process.send_signal(signal.SIGTERM)
            for process in processes:
                await asyncio.wait_for(process.wait(), 30)
    twice = sum(n - 1 for n in sent.values())
    print(f"\nmessages sent twice with two processes: {twice}")
    assert sorted(roles) == ["sends", "waits"]
    assert twice == 0 and set(sent) == {int(ACCOUNTS[key][1]) for key in CHATS}
