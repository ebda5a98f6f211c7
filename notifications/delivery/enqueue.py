"""Notices into the delivery queue, or into the morning digest during quiet hours."""

from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession

from db.models import DigestItem, OutgoingMessage
from notifications.delivery.stored_keyboards import keyboard_to_json
from notifications.rules.audience import Recipient
from notifications.rules.notice import Notice
from notifications.rules.prefs import is_quiet, quiet_ends
from texts.splitting import split_text

PENDING = "pending"


async def insert_ignoring_duplicates(
    session: AsyncSession,
    model: type[OutgoingMessage] | type[DigestItem],
    rows: list[dict[str, Any]],
) -> None:
    """Inserts rows; a row whose dedup key is already there (a reprocessed event) is skipped."""
    if not rows:
        return
    dialect = session.get_bind().dialect.name
    maker = postgresql.insert if dialect == "postgresql" else sqlite.insert
    stmt = maker(model).on_conflict_do_nothing(index_elements=["dedup_key"])
    for start in range(0, len(rows), 1000):
        await session.execute(stmt, rows[start : start + 1000])


async def _replace_held_message(
    session: AsyncSession, n: Notice, release: datetime, now: datetime
) -> bool:
    held = await session.scalar(
        select(OutgoingMessage.id)
        .where(
            OutgoingMessage.chat_account_id == n.recipient.account_id,
            OutgoingMessage.topic == n.topic,
            OutgoingMessage.status == PENDING,
            OutgoingMessage.next_attempt_at > now,
        )
        .order_by(OutgoingMessage.id.desc())
        .limit(1)
    )
    if held is None:
        return False
    # The condition is repeated: the row may have fallen due (and be in flight) meanwhile.
    result = await session.execute(
        update(OutgoingMessage)
        .where(OutgoingMessage.id == held, OutgoingMessage.next_attempt_at > now)
        .values(
            text=n.text,
            keyboard=keyboard_to_json(n.keyboard),
            kind=n.kind,
            next_attempt_at=release,
            expires_at=n.expires_at,
        )
    )
    return bool(getattr(result, "rowcount", 0))


async def _replace_digest_item(session: AsyncSession, n: Notice) -> bool:
    held = await session.scalar(
        select(DigestItem)
        .where(
            DigestItem.chat_account_id == n.recipient.account_id,
            DigestItem.topic == n.topic,
            DigestItem.released.is_(False),
        )
        .order_by(DigestItem.id.desc())
        .limit(1)
    )
    if held is None:
        return False
    held.text, held.keyboard, held.kind = n.text, keyboard_to_json(n.keyboard), n.kind
    return True


def dedup_key(source: str, account_id: int) -> str:
    return f"{source}:a{account_id}"


async def unsent(session: AsyncSession, source: str, accounts: list[Recipient]) -> list[Recipient]:
    """The accounts that have not had this source's message yet (queued, sent or held)."""
    keys = {dedup_key(source, a.account_id): a for a in accounts}
    keys |= {f"{key}:p0": a for key, a in keys.items()}  # a long one, cut in parts
    if not keys:
        return []
    found = await session.scalars(
        select(OutgoingMessage.dedup_key)
        .where(OutgoingMessage.dedup_key.in_(list(keys)))
        .union_all(select(DigestItem.dedup_key).where(DigestItem.dedup_key.in_(list(keys))))
    )
    had = {keys[k].account_id for k in found}
    return [a for a in accounts if a.account_id not in had]


async def enqueue(
    session: AsyncSession, notices: Sequence[Notice], *, source: str, now: datetime, zone: ZoneInfo
) -> int:
    """Queues the notices of one source (e.g. "e17": outbox event 17); returns how many."""
    messages: list[dict[str, Any]] = []
    digest: list[dict[str, Any]] = []
    for n in notices:
        release = n.not_before or now
        key = dedup_key(source, n.recipient.account_id)
        local = release.astimezone(zone)
        common = {
            "chat_account_id": n.recipient.account_id,
            "kind": n.kind,
            "topic": n.topic,
            "ref_id": n.ref_id,
            "text": n.text,
            "keyboard": keyboard_to_json(n.keyboard),
            "dedup_key": key,
            "created_at": now,
        }
        if n.quiet is not None and is_quiet(local, *n.quiet):
            if n.topic and await _replace_digest_item(session, n):
                continue
            until = quiet_ends(local, *n.quiet).astimezone(UTC)
            digest.append(common | {"release_at": until, "released": False})
            continue
        if n.topic and await _replace_held_message(session, n, release, now):
            continue
        parts = split_text(n.text) or [n.text]
        for i, part in enumerate(parts):
            last = i == len(parts) - 1
            messages.append(
                common
                | {
                    "text": part,
                    "keyboard": common["keyboard"] if last else None,
                    "dedup_key": key if len(parts) == 1 else f"{key}:p{i}",
                    "platform": n.recipient.platform,
                    "chat_external_id": n.recipient.external_id,
                    "priority": n.priority,
                    "status": PENDING,
                    "attempts": 0,
                    "next_attempt_at": release,
                    "expires_at": n.expires_at,
                }
            )
    await insert_ignoring_duplicates(session, OutgoingMessage, messages)
    await insert_ignoring_duplicates(session, DigestItem, digest)
    return len(messages) + len(digest)
