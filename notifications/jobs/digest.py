"""The morning digest: what quiet hours held back goes out as one message per chat account."""

from collections import defaultdict
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from db.models import ChatAccount, DigestItem, OutgoingMessage
from keyboards.model import Button, Keyboard
from notifications.delivery.enqueue import PENDING, insert_ignoring_duplicates
from notifications.delivery.stored_keyboards import keyboard_from_json, keyboard_to_json
from notifications.rules.notice import DIGEST
from services.context import Clock, system_clock
from texts import notification_phrases

MESSAGE_LIMIT = 4000  # both messengers take 4096 characters; room for the heading
MAX_BUTTONS = 10


def _buttons(items: list[DigestItem]) -> Keyboard | None:
    with_buttons = [(n, keyboard_from_json(i.keyboard)) for n, i in enumerate(items, 1)]
    with_buttons = [(n, k) for n, k in with_buttons if k is not None]
    rows: list[list[Button]] = []
    for n, keyboard in with_buttons[:MAX_BUTTONS]:
        assert keyboard is not None
        for b in keyboard.buttons():
            label = f"{b.label} ({n})" if len(with_buttons) > 1 else b.label
            rows.append([Button(label, b.payload, b.url)])
    return Keyboard.of(*rows) if rows else None


def _pages(items: list[DigestItem]) -> list[str]:
    if len(items) == 1:
        return [items[0].text]
    numbered = [f"{n}. {i.text}" for n, i in enumerate(items, 1)]
    pages: list[list[str]] = [[]]
    size = 0
    for entry in numbered:
        entry = entry[:MESSAGE_LIMIT]
        if pages[-1] and size + len(entry) > MESSAGE_LIMIT:
            pages.append([])
            size = 0
        pages[-1].append(entry)
        size += len(entry) + 2
    first, *rest = ["\n\n".join(p) for p in pages]
    return [notification_phrases.digest_heading() + "\n\n" + first, *rest]


def _messages(account: ChatAccount, items: list[DigestItem], now: Any) -> list[dict[str, Any]]:
    pages = _pages(items)
    keyboard = keyboard_to_json(
        _buttons(items) if len(items) > 1 else keyboard_from_json(items[0].keyboard)
    )
    return [
        {
            "chat_account_id": account.id,
            "platform": account.platform,
            "chat_external_id": account.external_id,
            "kind": "digest" if len(items) > 1 else items[0].kind,
            "topic": None,
            "ref_id": items[0].ref_id if len(items) == 1 else None,
            "text": text,
            "keyboard": keyboard if n == len(pages) - 1 else None,
            "priority": DIGEST,
            "dedup_key": f"d{items[0].id}:{n}",
            "status": PENDING,
            "attempts": 0,
            "created_at": now,
            "next_attempt_at": now,
        }
        for n, text in enumerate(pages)
    ]


async def release_digests(
    session_factory: async_sessionmaker[AsyncSession], clock: Clock = system_clock
) -> int:
    """Turns every digest item whose quiet hours are over into messages; returns messages queued."""
    async with session_factory() as session, session.begin():
        now = clock()
        due = (
            await session.scalars(
                select(DigestItem)
                .where(DigestItem.released.is_(False), DigestItem.release_at <= now)
                .order_by(DigestItem.chat_account_id, DigestItem.id)
                .with_for_update(skip_locked=True)
            )
        ).all()
        by_account: dict[int, list[DigestItem]] = defaultdict(list)
        for item in due:
            by_account[item.chat_account_id].append(item)
        rows: list[dict[str, Any]] = []
        for account_id, items in by_account.items():
            account = await session.get(ChatAccount, account_id)
            if account is None or account.is_blocked or account.person_id is None:
                continue
            rows.extend(_messages(account, items, now))
        await insert_ignoring_duplicates(session, OutgoingMessage, rows)
        ids = [i.id for i in due]
        for start in range(0, len(ids), 500):
            await session.execute(
                update(DigestItem)
                .where(DigestItem.id.in_(ids[start : start + 500]))
                .values(released=True)
            )
        return len(rows)
