"""The conversation's memory between messages: its states, and a small port to it.

handlers.core.turn.Turn reads and writes the memory in the message's own transaction
(services.chat.state); DatabaseStateStore is the same memory for code outside a turn."""

from typing import Any, Protocol

from db.enums import Platform
from services.chat.state import clear_state, get_state, set_state
from services.context import Journal

AWAITING_CODE = "awaiting_code"
CONFIRM_UNLINK = "confirm_unlink"
CONFIRM_FORGET = "confirm_forget"
QUESTIONS = frozenset({CONFIRM_UNLINK, CONFIRM_FORGET})
SCHEDULE_WEEK = "schedule_week"  # data: {"pupil": id, "week": ordinal of its Monday}


class StateStore(Protocol):
    async def get(self, platform: Platform, external_id: str) -> tuple[str, dict[str, Any]]: ...

    async def set(
        self, platform: Platform, external_id: str, state: str, data: dict[str, Any] | None = None
    ) -> None: ...

    async def clear(self, platform: Platform, external_id: str) -> None: ...


class DatabaseStateStore:
    def __init__(self, journal: Journal) -> None:
        self._journal = journal

    async def get(self, platform: Platform, external_id: str) -> tuple[str, dict[str, Any]]:
        return await self._journal.run(get_state, platform, external_id)

    async def set(
        self, platform: Platform, external_id: str, state: str, data: dict[str, Any] | None = None
    ) -> None:
        await self._journal.run(set_state, platform, external_id, state, data)

    async def clear(self, platform: Platform, external_id: str) -> None:
        await self._journal.run(clear_state, platform, external_id)
