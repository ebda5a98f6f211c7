"""The in-process nudge to the outbox drain: after a commit that wrote outbox events, only."""

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from sqlalchemy.orm import Session

from db.models import OutboxEvent
from notifications.delivery.wakeup import install_outbox_wakeup
from tests.tiny_school import TINY_NOW, TinySchool


def event_of(tiny: TinySchool) -> OutboxEvent:
    return OutboxEvent(school_id=tiny.school_id, kind="test", payload={}, created_at=TINY_NOW)


async def test_a_commit_with_outbox_events_wakes_the_drain_and_nothing_else_does(
    session_factory: async_sessionmaker[AsyncSession], tiny: TinySchool
) -> None:
    woken: list[str] = []
    install_outbox_wakeup(session_factory, lambda: woken.append("first"))
    async with session_factory() as session:
        session.add(event_of(tiny))
        await session.commit()
    assert woken == ["first"]
    async with session_factory() as session:
        session.add(event_of(tiny))
        await session.flush()
        await session.rollback()
        await session.commit()
    async with session_factory() as session:
        await session.commit()
    assert woken == ["first"]
    # A new runtime (after re-election) installs again: its callback replaces the first.
    install_outbox_wakeup(session_factory, lambda: woken.append("second"))
    async with session_factory() as session:
        session.add(event_of(tiny))
        await session.commit()
    assert woken == ["first", "second"]


async def test_the_sessions_stay_sqlalchemy_s_own(
    session_factory: async_sessionmaker[AsyncSession], tiny: TinySchool
) -> None:
    """No subclass of Session of ours: SQLAlchemy's sessionmaker is what is listened to."""
    install_outbox_wakeup(session_factory, lambda: None)
    async with session_factory() as session:
        assert isinstance(session.sync_session, Session)
        defined_here = [
            cls
            for cls in type(session.sync_session).__mro__
            if cls.__module__.startswith(("notifications", "services", "db", "bot"))
        ]
        assert defined_here == []
