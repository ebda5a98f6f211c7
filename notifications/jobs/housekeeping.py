"""Personal data kept no longer than it serves: wrong invite-code guesses are forgotten once
they no longer count towards the lockout (services.invites.redeeming.ATTEMPT_WINDOW)."""

import logging

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from db.enums import Platform
from services.context import Clock, Journal, system_clock
from services.invites.redeeming import purge_invite_attempts

log = logging.getLogger(__name__)


async def purge_old_attempts(
    session_factory: async_sessionmaker[AsyncSession],
    clock: Clock = system_clock,
    platforms: frozenset[Platform] = frozenset(),
) -> int:
    """Deletes the guesses older than their window; queues no message, so returns 0."""
    purged = await Journal(session_factory, clock).run(purge_invite_attempts)
    if purged:
        log.info("invite attempts older than their window forgotten: %d", purged)
    return 0
