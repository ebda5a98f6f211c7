"""Journal.run runs again an operation SQLite refused at once (a transaction that read before
another's commit), and not one refused after waiting out the busy timeout."""

import sqlite3

import pytest
from sqlalchemy.exc import OperationalError

from services import context
from services.context import SQLITE_RETRIES, Ctx, Journal

LOCKED = OperationalError("UPDATE x", {}, sqlite3.OperationalError("database is locked"))


async def test_a_quick_refusal_is_run_again_a_slow_one_is_not(
    journal: Journal, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls = 0

    async def refused(_ctx: Ctx) -> None:
        nonlocal calls
        calls += 1
        raise LOCKED

    with pytest.raises(OperationalError):
        await journal.run(refused)
    assert calls == SQLITE_RETRIES + 1

    async def twice(_ctx: Ctx) -> str:
        nonlocal calls
        calls += 1
        if calls < 3:
            raise LOCKED
        return "done"

    calls = 0
    assert await journal.run(twice) == "done" and calls == 3

    ticks = iter(range(0, 1000, 11))
    monkeypatch.setattr(context, "monotonic", lambda: float(next(ticks)))
    calls = 0
    with pytest.raises(OperationalError):
        await journal.run(refused)
    assert calls == 1


async def test_other_errors_are_not_run_again(journal: Journal) -> None:
    calls = 0

    async def broken(_ctx: Ctx) -> None:
        nonlocal calls
        calls += 1
        raise OperationalError("SELECT", {}, sqlite3.OperationalError("no such table: x"))

    with pytest.raises(OperationalError):
        await journal.run(broken)
    assert calls == 1
