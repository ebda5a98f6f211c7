"""Linked chat accounts for the tiny school, and short ways to read what got queued."""

from datetime import timedelta
from typing import Any

from sqlalchemy import select

from db.enums import Platform
from db.models import ChatAccount, DigestItem, NotificationPreference, OutgoingMessage
from services.context import Ctx, Journal
from tests.tiny_school import TinySchool

# Who has which chat account: key -> (platform, external id).
ACCOUNTS: dict[str, tuple[Platform, str]] = {
    "g1": (Platform.TELEGRAM, "1001"),
    "g2": (Platform.VK, "2002"),
    "g3": (Platform.TELEGRAM, "1003"),
    "g4": (Platform.TELEGRAM, "1004"),
    "a1": (Platform.TELEGRAM, "1101"),
    "a2": (Platform.TELEGRAM, "1102"),
    "math": (Platform.TELEGRAM, "1201"),
    "rus": (Platform.TELEGRAM, "1202"),
}


async def link_accounts(
    journal: Journal,
    tiny: TinySchool,
    keys: list[str] | None = None,
    chats: dict[str, tuple[Platform, str]] | None = None,
) -> dict[str, int]:
    """Chat account ids by person key, linked and with consent given."""
    where = ACCOUNTS | (chats or {})

    async def op(ctx: Ctx) -> dict[str, int]:
        found = {}
        for key in keys or list(where):
            platform, external_id = where[key]
            account = ChatAccount(
                platform=platform,
                external_id=external_id,
                person_id=tiny.people[key],
                consent_at=ctx.now - timedelta(days=1),
                linked_at=ctx.now - timedelta(days=1),
            )
            ctx.session.add(account)
            await ctx.session.flush()
            found[key] = account.id
        return found

    return await journal.run(op)


async def set_prefs(journal: Journal, account_id: int, pupil_id: int | None, **values: Any) -> None:
    async def op(ctx: Ctx) -> None:
        ctx.session.add(
            NotificationPreference(chat_account_id=account_id, pupil_id=pupil_id, **values)
        )

    await journal.run(op)


async def queued(journal: Journal, status: str | None = None) -> list[OutgoingMessage]:
    async def op(ctx: Ctx) -> list[OutgoingMessage]:
        query = select(OutgoingMessage).order_by(OutgoingMessage.id)
        if status:
            query = query.where(OutgoingMessage.status == status)
        return list((await ctx.session.scalars(query)).all())

    return await journal.run(op)


async def held(journal: Journal) -> list[DigestItem]:
    async def op(ctx: Ctx) -> list[DigestItem]:
        return list((await ctx.session.scalars(select(DigestItem).order_by(DigestItem.id))).all())

    return await journal.run(op)


def texts_by_account(messages: list[Any]) -> dict[int, list[str]]:
    found: dict[int, list[str]] = {}
    for m in messages:
        found.setdefault(m.chat_account_id, []).append(m.text)
    return found
