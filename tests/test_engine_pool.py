"""PostgreSQL connections: pinged before use only after sitting idle, so that a question in a
busy hour costs no extra round trips, and a connection dropped overnight is still replaced."""

import pytest
from sqlalchemy import exc, text
from sqlalchemy.ext.asyncio import AsyncEngine

from db.engine import make_engine


async def backend_of(engine: AsyncEngine) -> int:
    async with engine.connect() as connection:
        pid: int = (await connection.execute(text("SELECT pg_backend_pid()"))).scalar_one()
        return pid


async def terminate(url: str, pid: int) -> None:
    admin = make_engine(url)
    try:
        async with admin.connect() as connection:
            await connection.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": pid})
    finally:
        await admin.dispose()


async def test_an_idle_connection_that_died_is_replaced_before_use(postgres_url: str):
    engine = make_engine(postgres_url, ping_after=0.0)  # every connection counts as idle
    try:
        dead = await backend_of(engine)
        await terminate(postgres_url, dead)
        assert await backend_of(engine) != dead
    finally:
        await engine.dispose()


async def test_a_connection_in_steady_use_is_not_pinged(postgres_url: str):
    engine = make_engine(postgres_url, ping_after=3600.0)
    try:
        dead = await backend_of(engine)
        await terminate(postgres_url, dead)
        # No ping stood in the way: the turn that meets the dead connection fails…
        with pytest.raises(exc.DBAPIError) as failed:
            await backend_of(engine)
        assert failed.value.connection_invalidated
        # …and SQLAlchemy renews the pool, so the next one is served.
        assert await backend_of(engine) != dead
    finally:
        await engine.dispose()
