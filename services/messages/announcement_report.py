"""How far an announcement got (001 §4.6.8): who it was for, who can be reached in a chat,
to whom it was delivered, who pressed "Ознакомлен", and who is outside the chat or blocked it.

The audience is the one notifications.rules.announcements tells: the pupils and/or guardians
of the classes covered, and staff if asked; active people only, the author left out.
"""

from collections.abc import Iterable
from typing import Any

from sqlalchemy import (
    Select,
    select,
)
from sqlalchemy.orm import aliased

from db.enums import AnnouncementScope
from db.models import (
    Announcement,
    AnnouncementRead,
    ChatAccount,
    DigestItem,
    Enrollment,
    GuardianLink,
    OutgoingMessage,
    Person,
    SchoolClass,
    StaffPosition,
    TeachingAssignment,
)
from services.context import Ctx
from services.errors import (
    AccessDenied,
    NotFound,
)
from services.people.actor import (
    Actor,
    Role,
)
from services.staff_views import (
    AnnouncementReport,
    ReportPerson,
)

# What notifications/ writes into the delivery queue for an announcement.
ANNOUNCEMENT_KIND = "announcement"
DIGEST_KIND = "digest"
SENT, PENDING = "sent", "pending"
CHUNK = 500
STAFF_NOTE = "сотрудник"


def _classes(ann: Announcement) -> Select[tuple[int]]:
    query = select(SchoolClass.id).where(SchoolClass.school_id == ann.school_id)
    if ann.scope == AnnouncementScope.GRADE:
        query = query.where(SchoolClass.grade == ann.grade)
    elif ann.scope == AnnouncementScope.CLASS:
        query = query.where(SchoolClass.id == ann.class_id)
    return query


async def _audience(ctx: Ctx, ann: Announcement) -> dict[int, str]:
    """Each person the announcement is for, with a note on why ("ученик 5А")."""
    s, classes = ctx.session, _classes(ann)
    notes: dict[int, list[str]] = {}
    pupils = (
        select(Enrollment.pupil_id, SchoolClass.grade, SchoolClass.letter)
        .join(SchoolClass, SchoolClass.id == Enrollment.class_id)
        .where(Enrollment.class_id.in_(classes), Enrollment.is_active.is_(True))
        .order_by(SchoolClass.grade, SchoolClass.letter)
    )
    if ann.to_pupils:
        for pid, grade, letter in (await s.execute(pupils)).all():
            notes.setdefault(pid, []).append(f"ученик {grade}{letter}")
    if ann.to_guardians:
        kids = pupils.subquery()
        guardians = select(GuardianLink.guardian_id, kids.c.grade, kids.c.letter).join(
            kids, kids.c.pupil_id == GuardianLink.pupil_id
        )
        by_guardian: dict[int, list[str]] = {}
        for gid, grade, letter in (await s.execute(guardians)).all():
            titles = by_guardian.setdefault(gid, [])
            if f"{grade}{letter}" not in titles:
                titles.append(f"{grade}{letter}")
        for gid, titles in by_guardian.items():
            notes.setdefault(gid, []).append("родитель, " + ", ".join(sorted(titles)))
    if ann.to_staff:
        for pid in await _staff(ctx, ann, classes):
            notes.setdefault(pid, []).append(STAFF_NOTE)
    notes.pop(ann.author_id, None)
    return {pid: "; ".join(n) for pid, n in notes.items()}


async def _staff(ctx: Ctx, ann: Announcement, classes: Select[tuple[int]]) -> set[int]:
    s = ctx.session
    if ann.scope == AnnouncementScope.SCHOOL:
        staff = select(StaffPosition.person_id).join(Person, Person.id == StaffPosition.person_id)
        return set((await s.scalars(staff.where(Person.school_id == ann.school_id))).all())
    teachers = select(TeachingAssignment.teacher_id).where(TeachingAssignment.class_id.in_(classes))
    leads = select(SchoolClass.class_teacher_id).where(SchoolClass.id.in_(classes))
    found = set((await s.scalars(teachers)).all())
    return found | {p for p in (await s.scalars(leads)).all() if p is not None}


async def _active_people(ctx: Ctx, ids: Iterable[int]) -> dict[int, Person]:
    unique = sorted(set(ids))
    found: dict[int, Person] = {}
    for start in range(0, len(unique), CHUNK):
        people = await ctx.session.scalars(
            select(Person).where(
                Person.id.in_(unique[start : start + CHUNK]), Person.is_active.is_(True)
            )
        )
        found.update({p.id: p for p in people})
    return found


async def _persons(ctx: Ctx, query: Select[Any]) -> set[int]:
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

    def via_digest(status: str) -> Select[Any]:
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
    notes = await _audience(ctx, ann)
    people = await _active_people(ctx, notes)
    audience = set(people)
    accounts = await ctx.session.execute(
        select(ChatAccount.person_id, ChatAccount.is_blocked)
        .join(Person, Person.id == ChatAccount.person_id)
        .where(Person.school_id == ann.school_id)
    )
    reachable: dict[int, bool] = {}
    for pid, blocked in accounts.all():
        reachable[pid] = reachable.get(pid, False) or not blocked
    linked = audience & set(reachable)
    blocked = {pid for pid in linked if not reachable[pid]}
    delivered, waiting = await _delivery(ctx, ann)
    readers = await _persons(
        ctx,
        select(AnnouncementRead.person_id).where(AnnouncementRead.announcement_id == ann.id),
    )

    def listed(ids: set[int]) -> tuple[ReportPerson, ...]:
        rows = [ReportPerson(pid, people[pid].full_name, notes[pid]) for pid in ids]
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
