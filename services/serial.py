"""One transaction at a time for one thing (a chat's code guesses, a record being edited),
whichever bot worker runs it.

On PostgreSQL a transaction-level advisory lock on the thing's key: a second transaction
waits here until the first commits, then reads what it wrote. SQLite has one writer at a time:
the caller's next write takes the database's write lock and holds it to the commit (and a
transaction whose reads are older than another's commit is refused by SQLite and run again by
services.context.Journal)."""

import hashlib
from typing import Any

from sqlalchemy import func, select, update

from services.context import Ctx


def lock_key(*parts: str) -> int:
    """A signed 64-bit key for pg_advisory_xact_lock, the same in every process."""
    digest = hashlib.blake2b("\x1f".join(parts).encode(), digest_size=8).digest()
    return int.from_bytes(digest, "big", signed=True)


async def one_at_a_time(ctx: Ctx, *parts: str) -> None:
    if ctx.session.get_bind().dialect.name == "postgresql":
        await ctx.session.execute(select(func.pg_advisory_xact_lock(lock_key(*parts))))


async def lock_row(ctx: Ctx, model: Any, row_id: int) -> None:
    """Holds the row (and on SQLite the database's write lock) until the commit: a second
    transaction doing the same waits here, then reads what the first wrote. Read the row and
    what hangs on it after this, with populate_existing."""
    await ctx.session.execute(
        update(model)
        .where(model.id == row_id)
        .values(id=model.id)
        .execution_options(synchronize_session=False)
    )
