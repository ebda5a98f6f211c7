"""Where a conversation stands between messages (awaiting a code, a page), kept in the database
so that any bot worker can take the next message. The conversation (handlers.core.states)
decides what a state's name and data mean; here they are only kept."""

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import String, bindparam, cast, delete, insert, select, update
from sqlalchemy.exc import IntegrityError

from db.enums import Platform
from db.models import ConversationState
from services.context import Ctx
from services.errors import JournalError

_OF_CHAT = (
    ConversationState.platform == bindparam("chat_platform"),
    ConversationState.external_id == bindparam("chat_external_id"),
)
_AS_READ = ConversationState.version == bindparam("read_version")
_GET = select(
    ConversationState.state, cast(ConversationState.data, String), ConversationState.version
).where(*_OF_CHAT)
_NEW: dict[str, Any] = {
    "state": bindparam("new_state"),
    "data": bindparam("new_data"),
    "updated_at": bindparam("new_updated_at"),
}
_UPDATE = (
    update(ConversationState)
    .where(*_OF_CHAT)
    .values(**_NEW, version=ConversationState.version + 1)
    .execution_options(synchronize_session=False)
)
_UPDATE_AS_READ = _UPDATE.where(_AS_READ)
_INSERT = insert(ConversationState).values(
    platform=bindparam("chat_platform"),
    external_id=bindparam("chat_external_id"),
    **_NEW,
    version=1,
)
_CLEAR = delete(ConversationState).where(*_OF_CHAT).execution_options(synchronize_session=False)

CONFLICT = (
    "Это нажатие пришло одновременно с другим в этом же чате, и журнал выполнил только "
    "первое. Посмотрите ответ выше и, если нужно, нажмите ещё раз."
)


class StateConflict(JournalError):
    """Another message of the chat changed the conversation since this one read it: a double
    tap handled by two workers at once. The later one is refused, and all it wrote undone."""

    def __init__(self) -> None:
        super().__init__(CONFLICT)


@dataclass(frozen=True)
class StoredState:
    """A chat's state as kept: its name ("" for none) and its data as JSON text, unread; and
    (not part of what the state is) how many times it was written, None if never."""

    name: str = ""
    data: str = "{}"
    version: int | None = field(default=None, compare=False)


NO_STATE = StoredState()


async def get_state(ctx: Ctx, platform: Platform, external_id: str) -> StoredState:
    row = (
        await ctx.session.execute(
            _GET, {"chat_platform": platform, "chat_external_id": external_id}
        )
    ).first()
    return NO_STATE if row is None else StoredState(row[0], row[1], row[2])


async def set_state(
    ctx: Ctx,
    platform: Platform,
    external_id: str,
    state: str,
    data: Mapping[str, Any] | None = None,
    *,
    expected: StoredState | None = None,
) -> None:
    """Keeps the chat's state; with `expected` (the state as this turn read it) only if it is
    still that one, else StateConflict."""
    params = {
        "chat_platform": platform,
        "chat_external_id": external_id,
        "new_state": state,
        "new_data": dict(data or {}),
        "new_updated_at": ctx.now,
    }
    # One row per chat (a unique key): change it, or add it the first time.
    if expected is None or expected.version is not None:
        statement = _UPDATE if expected is None else _UPDATE_AS_READ
        changed = await ctx.session.execute(
            statement, params if expected is None else params | {"read_version": expected.version}
        )
        if changed.rowcount == 1:  # type: ignore[attr-defined]
            return
        if expected is not None:
            raise StateConflict
    try:
        await ctx.session.execute(_INSERT, params)
    except IntegrityError:  # another message of the chat added it first
        raise StateConflict from None


async def clear_state(
    ctx: Ctx, platform: Platform, external_id: str, *, expected: StoredState | None = None
) -> None:
    """Forgets the chat's state; with `expected`, only if it is still the one read, else
    StateConflict. A state forgotten that way keeps its row (state "", a new version), so that
    a message still holding the old version cannot take it for its own."""
    params: dict[str, Any] = {"chat_platform": platform, "chat_external_id": external_id}
    if expected is None:
        await ctx.session.execute(_CLEAR, params)
        return
    if expected.version is None:
        return
    emptied = await ctx.session.execute(
        _UPDATE_AS_READ,
        params
        | {
            "read_version": expected.version,
            "new_state": "",
            "new_data": {},
            "new_updated_at": ctx.now,
        },
    )
    if emptied.rowcount == 1:  # type: ignore[attr-defined]
        return
    if (await get_state(ctx, platform, external_id)).version is not None:
        raise StateConflict
    # No row at all: this very message forgot the chat (services.chat.accounts.forget_me).
