"""A connection of its own whose commits do not wait for the disk.

Such a commit survives our process crashing; only a power cut (or a database server crash) can
lose it. The notification side's commits can afford that: a lost "sent" mark means one more
copy of a message, a lost drain means the (durable) outbox events are drained again. The
journal's own writes stay fully durable; these stop queueing behind the disk, which is what
lets one-at-a-time sending keep up with Telegram's 30 messages a second.
"""

import contextlib

from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine


class LightConnection:
    def __init__(self, engine: AsyncEngine) -> None:
        self._engine = engine
        self._conn: AsyncConnection | None = None

    async def get(self) -> AsyncConnection:
        if self._conn is None:
            conn = await self._engine.connect()
            if conn.dialect.name == "sqlite":
                await conn.exec_driver_sql("PRAGMA synchronous=NORMAL")
            else:
                await conn.exec_driver_sql("SET synchronous_commit TO OFF")
            await conn.commit()
            self._conn = conn
        return self._conn

    async def close(self) -> None:
        """Lets go of the connection (also after an error, to start afresh next time).

        It is discarded, not returned to the pool: journal writes must never get its setting.
        """
        if self._conn is not None:
            with contextlib.suppress(Exception):
                await self._conn.invalidate()
                await self._conn.close()
            self._conn = None
