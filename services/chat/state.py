"""Where a conversation stands between messages (awaiting a code, a page), kept in the database
so that any bot worker can take the next message. The conversation (handlers.core.states)
decides what a state's name and data mean; here they are only kept."""

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import String, bindparam, cast, delete, insert, select, update

from db.enums import Platform
from db.models import ConversationState
from services.context import Ctx

_OF_CHAT = (
    ConversationState.platform == bindparam("chat_platform"),
    ConversationState.external_id == bindparam("chat_external_id"),
)
_GET = select(ConversationState.state, cast(ConversationState.data, String)).where(*_OF_CHAT)
_UPDATE = (
    update(ConversationState)
    .where(*_OF_CHAT)
    .values(
        state=bindparam("new_state"),
        data=bindparam("new_data"),
        updated_at=bindparam("new_updated_at"),
    )
    .execution_options(synchronize_session=False)
)
_INSERT = insert(ConversationState).values(
    platform=bindparam("chat_platform"),
    external_id=bindparam("chat_external_id"),
    state=bindparam("new_state"),
    data=bindparam("new_data"),
    updated_at=bindparam("new_updated_at"),
)
_CLEAR = delete(ConversationState).where(*_OF_CHAT).execution_options(synchronize_session=False)


@dataclass(frozen=True)
class StoredState:
    """A chat's state as kept: its name ("" for none) and its data as JSON text, unread."""

    name: str = ""
    data: str = "{}"


NO_STATE = StoredState()


async def get_state(ctx: Ctx, platform: Platform, external_id: str) -> StoredState:
    row = (
        await ctx.session.execute(
            _GET, {"chat_platform": platform, "chat_external_id": external_id}
        )
    ).first()
    return NO_STATE if row is None else StoredState(row[0], row[1])


async def set_state(
    ctx: Ctx,
    platform: Platform,
    external_id: str,
    state: str,
    data: Mapping[str, Any] | None = None,
) -> None:
    params = {
        "chat_platform": platform,
        "chat_external_id": external_id,
        "new_state": state,
        "new_data": dict(data or {}),
        "new_updated_at": ctx.now,
    }
    # One row per chat (a unique key): change it, or add it the first time.
    changed = await ctx.session.execute(_UPDATE, params)
    if changed.rowcount == 0:  # type: ignore[attr-defined]
        await ctx.session.execute(_INSERT, params)


async def clear_state(ctx: Ctx, platform: Platform, external_id: str) -> None:
    await ctx.session.execute(_CLEAR, {"chat_platform": platform, "chat_external_id": external_id})
