"""How far an announcement got (001 §4.6.8): who it was for, who can be reached in a chat,
to whom it was delivered, who pressed "Ознакомлен", and who is outside the chat or blocked it.

The audience is the one notifications.rules.announcements tells
(services.messages.announcement_audience).
"""

from sqlalchemy import select
from sqlalchemy.orm import aliased

from db.models import (
    Announcement,
    AnnouncementRead,
    ChatAccount,
    DigestItem,
    OutgoingMessage,
    Person,
)
from services.context import Ctx
from services.errors import AccessDenied, NotFound
from services.messages.announcement_audience import announcement_audience
from services.people.actor import Actor, Role
from services.scoped_queries import AnySelect
from services.staff_views import AnnouncementReport, ReportPerson

# What notifications/ writes into the delivery queue for an announcement.
ANNOUNCEMENT_KIND = "announcement"
DIGEST_KIND = "digest"
SENT, PENDING = "sent", "pending"
CHUNK = 500
STAFF_NOTE = "сотрудник"


async def _persons(ctx: Ctx, query: AnySelect) -> set[int]:
    return {pid for pid in (await ctx.session.scalars(query)).all() if pid is not None}


async def _delivery(ctx: Ctx, ann: Announcement) -> tuple[set[int], set[int]]:
    """(persons it reached, persons it still waits for) through any of their chats."""
    direct = (
        select(ChatAccount.person_id)
        .join(OutgoingMessage, OutgoingMessage.chat_account_id == ChatAccount.id)
        .where(OutgoingMessage.kind == ANNOUNCEMENT_KIND, OutgoingMessage.ref_id == ann.id)
    )
    digest = (
        select(ChatAccount.person_id)
        .join(DigestItem, DigestItem.chat_account_id == ChatAccount.id)
        .where(DigestItem.kind == ANNOUNCEMENT_KIND, DigestItem.ref_id == ann.id)
    )
    # A morning digest of several notices names none of them: any digest sent to the same
    # chat after this item was released carried it.
    digest_message = aliased(OutgoingMessage)

    def via_digest(status: str) -> AnySelect:
        return digest.join(
            digest_message,
            (digest_message.chat_account_id == ChatAccount.id)
            & (digest_message.kind == DIGEST_KIND)
            & (digest_message.status == status)
            & (digest_message.created_at >= DigestItem.release_at),
        ).where(DigestItem.released.is_(True))

    delivered = await _persons(ctx, direct.where(OutgoingMessage.status == SENT))
    delivered |= await _persons(ctx, via_digest(SENT))
    waiting = await _persons(ctx, direct.where(OutgoingMessage.status == PENDING))
    waiting |= await _persons(ctx, digest.where(DigestItem.released.is_(False)))
    waiting |= await _persons(ctx, via_digest(PENDING))
    return delivered, waiting - delivered


async def delivery_report(ctx: Ctx, actor: Actor, announcement_id: int) -> AnnouncementReport:
    ann = await ctx.session.get(Announcement, announcement_id)
    if ann is None or ann.school_id != actor.school_id:
        raise NotFound("Объявление не найдено.")
    if ann.author_id != actor.person_id and not actor.has(Role.DEPUTY, Role.DIRECTOR):
        raise AccessDenied(
            "Отчёт о доставке видят автор объявления, заместитель директора и директор."
        )
    people = await announcement_audience(ctx.session, ann)
    audience = set(people)
    accounts = await ctx.session.execute(
        select(Person.id, ChatAccount.is_blocked)
        .select_from(ChatAccount)
        .join(Person, Person.id == ChatAccount.person_id)
        .where(Person.school_id == ann.school_id)
    )
    reachable: dict[int, bool] = {}
    for pid, is_blocked in accounts.all():
        reachable[pid] = reachable.get(pid, False) or not is_blocked
    linked = audience & set(reachable)
    blocked = {pid for pid in linked if not reachable[pid]}
    delivered, waiting = await _delivery(ctx, ann)
    readers = await _persons(
        ctx,
        select(AnnouncementRead.person_id).where(AnnouncementRead.announcement_id == ann.id),
    )

    def listed(ids: set[int]) -> tuple[ReportPerson, ...]:
        rows = [ReportPerson(pid, people[pid].full_name, people[pid].note) for pid in ids]
        return tuple(sorted(rows, key=lambda r: (r.note, r.full_name, r.person_id)))

    return AnnouncementReport(
        announcement_id=ann.id,
        title=ann.title,
        published_at=ann.published_at,
        audience=len(audience),
        linked=len(linked),
        delivered=len(audience & delivered),
        queued=len(audience & waiting),
        read=len(audience & readers),
        not_linked=len(audience - linked),
        blocked=len(blocked),
        not_linked_people=listed(audience - linked),
        blocked_people=listed(blocked),
    )
