import pytest
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from db.engine import make_session_factory
from notifications.delivery.drain import OutboxDrain
from tests.conftest import FakeClock


@pytest.fixture
def session_factory(engine: AsyncEngine) -> async_sessionmaker[AsyncSession]:
    return make_session_factory(engine)


@pytest.fixture
def drain(session_factory: async_sessionmaker[AsyncSession], clock: FakeClock) -> OutboxDrain:
    return OutboxDrain(session_factory, clock)
