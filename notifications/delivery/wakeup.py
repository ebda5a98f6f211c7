"""A cheap nudge: when a transaction that wrote outbox events commits in this process, say so."""

from collections.abc import Callable
from typing import Any

from sqlalchemy import event
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from sqlalchemy.orm import Session, sessionmaker

from db.models import OutboxEvent

WRITTEN = "outbox_written"
WAKE = "outbox_wake"


def _seen(session: Session, _context: Any) -> None:
    if any(isinstance(obj, OutboxEvent) for obj in session.new):
        session.info[WRITTEN] = True


def _committed(session: Session) -> None:
    if session.info.pop(WRITTEN, False):
        wake: Callable[[], None] = session.info[WAKE]
        wake()


def _rolled_back(session: Session) -> None:
    session.info.pop(WRITTEN, None)


_LISTENERS = (
    ("after_flush", _seen),
    ("after_commit", _committed),
    ("after_rollback", _rolled_back),
)


def install_outbox_wakeup(
    session_factory: async_sessionmaker[AsyncSession], callback: Callable[[], None]
) -> None:
    """Makes sessions of this factory call `callback` after committing an outbox event.

    The drain still polls: this only shortens the wait when the write happens in-process.
    Installing again (a new runtime after re-election) replaces the callback.
    """
    # SQLAlchemy's documented way to listen to the sessions of an async factory: a plain
    # sessionmaker as its sync_session_class, listened to; sessions of other factories pay
    # nothing, and each finds the callback in its `info`, which the factory fills.
    watching = sessionmaker()
    for name, listener in _LISTENERS:
        event.listen(watching, name, listener)
    info = {**session_factory.kw.get("info", {}), WAKE: callback}
    session_factory.configure(sync_session_class=watching, info=info)
