"""Where a conversation stands between messages (awaiting a code, a page), kept in the database
so that any bot worker can take the next message."""

from typing import Any

from sqlalchemy import bindparam, delete, insert, select, update

from db.enums import Platform
from db.models import ConversationState
from services.context import Ctx

_OF_CHAT = (
    ConversationState.platform == bindparam("chat_platform"),
    ConversationState.external_id == bindparam("chat_external_id"),
)
_GET = select(ConversationState.state, ConversationState.data).where(*_OF_CHAT)
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


async def get_state(ctx: Ctx, platform: Platform, external_id: str) -> tuple[str, dict[str, Any]]:
    row = (
        await ctx.session.execute(
            _GET, {"chat_platform": platform, "chat_external_id": external_id}
        )
    ).first()
    if row is None:
        return "", {}
    return row[0], dict(row[1] or {})


async def set_state(
    ctx: Ctx,
    platform: Platform,
    external_id: str,
    state: str,
    data: dict[str, Any] | None = None,
) -> None:
    params = {
        "chat_platform": platform,
        "chat_external_id": external_id,
        "new_state": state,
        "new_data": data or {},
        "new_updated_at": ctx.now,
    }
    # One row per chat (a unique key): change it, or add it the first time.
    changed = await ctx.session.execute(_UPDATE, params)
    if changed.rowcount == 0:  # type: ignore[attr-defined]
        await ctx.session.execute(_INSERT, params)


async def clear_state(ctx: Ctx, platform: Platform, external_id: str) -> None:
    await ctx.session.execute(_CLEAR, {"chat_platform": platform, "chat_external_id": external_id})
