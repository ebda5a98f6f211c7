"""A cheap nudge: when a transaction that wrote outbox events commits in this process, say so."""

from collections.abc import Callable
from typing import Any

from sqlalchemy import event
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from sqlalchemy.orm import Session

from db.models import OutboxEvent

FLAG = "outbox_written"


def install_outbox_wakeup(
    session_factory: async_sessionmaker[AsyncSession], callback: Callable[[], None]
) -> None:
    """Makes sessions of this factory call `callback` after committing an outbox event.

    The drain still polls: this only shortens the wait when the write happens in-process.
    Installing again (a new runtime after re-election) replaces the callback.
    """
    base: type[Session] = session_factory.kw.get("sync_session_class", Session)
    if getattr(base, "wake_on_outbox", False):
        base.wake = staticmethod(callback)  # type: ignore[attr-defined]
        return

    class WakingSession(base):  # type: ignore[valid-type, misc]
        wake_on_outbox = True
        wake = staticmethod(callback)

    def seen(session: Session, _context: Any) -> None:
        if any(isinstance(obj, OutboxEvent) for obj in session.new):
            session.info[FLAG] = True

    def committed(session: Session) -> None:
        if session.info.pop(FLAG, False):
            type(session).wake()

    def rolled_back(session: Session) -> None:
        session.info.pop(FLAG, None)

    event.listen(WakingSession, "after_flush", seen)
    event.listen(WakingSession, "after_commit", committed)
    event.listen(WakingSession, "after_rollback", rolled_back)
    session_factory.configure(sync_session_class=WakingSession)
