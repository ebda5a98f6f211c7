"""Where a conversation stands between messages (awaiting a code, a page), kept in the database
so that any bot worker can take the next message."""

from typing import Any

from sqlalchemy import delete, select

from db.enums import Platform
from db.models import ConversationState
from services.context import Ctx


async def get_state(ctx: Ctx, platform: Platform, external_id: str) -> tuple[str, dict[str, Any]]:
    row = await ctx.session.scalar(
        select(ConversationState).where(
            ConversationState.platform == platform, ConversationState.external_id == external_id
        )
    )
    if row is None:
        return "", {}
    return row.state, dict(row.data or {})


async def set_state(
    ctx: Ctx,
    platform: Platform,
    external_id: str,
    state: str,
    data: dict[str, Any] | None = None,
) -> None:
    row = await ctx.session.scalar(
        select(ConversationState)
        .where(ConversationState.platform == platform, ConversationState.external_id == external_id)
        .with_for_update()
    )
    if row is None:
        ctx.session.add(
            ConversationState(
                platform=platform,
                external_id=external_id,
                state=state,
                data=data or {},
                updated_at=ctx.now,
            )
        )
        return
    row.state = state
    row.data = data or {}
    row.updated_at = ctx.now


async def clear_state(ctx: Ctx, platform: Platform, external_id: str) -> None:
    await ctx.session.execute(
        delete(ConversationState).where(
            ConversationState.platform == platform, ConversationState.external_id == external_id
        )
    )
