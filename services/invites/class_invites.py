"""Invite codes for the pupils and guardians of a class who are still outside the chat
(001 §3.1, §4.3.4): a code still good is handed out again, only missing ones are issued."""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import select, update

from db.enums import InviteRole
from db.models import ChatAccount, InviteCode, Person, SchoolClass
from db.names import full_name
from services import events
from services.context import Ctx
from services.errors import AccessDenied, RuleViolation
from services.invites.codes import grouped_code, unused_codes
from services.invites.redeeming import MAX_TTL_DAYS, revoke_own_codes
from services.lessons.timing import school_of
from services.people.actor import Actor
from services.people.class_people import pupils_and_guardians
from services.staff_views import UnlinkedPerson

# A slip travels home in a pupil's bag and may wait for the next parents' meeting: a code
# that would die sooner is replaced rather than printed.
MIN_VALID_DAYS = 7
ONLY_CLASS_TEACHER = (
    "Коды приглашения для учеников и родителей выдаёт классный руководитель своего класса."
)


@dataclass(frozen=True)
class _Invitee:
    person: Person
    role: InviteRole
    children: tuple[str, ...] = ()


async def _led_class(ctx: Ctx, actor: Actor, class_id: int) -> SchoolClass:
    cls = await ctx.session.get(SchoolClass, class_id)
    if cls is None or cls.school_id != actor.school_id or cls.id not in actor.class_teacher_of:
        raise AccessDenied(ONLY_CLASS_TEACHER)
    return cls


async def _class_people(ctx: Ctx, cls: SchoolClass) -> list[_Invitee]:
    """Each pupil followed by their guardians not yet listed: the slips are handed out so."""
    pupils, links = await pupils_and_guardians(ctx, cls.id)
    first_names = {p.id: p.first_name for p in pupils}
    children: dict[int, list[str]] = {}
    for guardian, pupil_id in links:
        children.setdefault(guardian.id, []).append(first_names[pupil_id])
    listed: set[int] = set()
    people: list[_Invitee] = []
    for pupil in pupils:
        people.append(_Invitee(pupil, InviteRole.PUPIL))
        for guardian, pupil_id in links:
            if pupil_id == pupil.id and guardian.id not in listed:
                listed.add(guardian.id)
                people.append(_Invitee(guardian, InviteRole.GUARDIAN, tuple(children[guardian.id])))
    return people


async def _issue(
    ctx: Ctx, actor: Actor, cls: SchoolClass, invitees: Sequence[_Invitee], ttl_days: int
) -> dict[int, InviteCode]:
    expires_at = ctx.now + timedelta(days=ttl_days)
    issued: dict[int, InviteCode] = {}
    for invitee, code in zip(invitees, await unused_codes(ctx, len(invitees)), strict=True):
        row = InviteCode(
            school_id=actor.school_id,
            code=code,
            person_id=invitee.person.id,
            role=invitee.role,
            issued_by=actor.person_id,
            issued_at=ctx.now,
            expires_at=expires_at,
        )
        ctx.session.add(row)
        issued[invitee.person.id] = row
    if invitees:
        ids = [i.person.id for i in invitees]
        events.audit(ctx, actor, "invites.issued", class_id=cls.id, staff=False, person_ids=ids)
    return issued


def _slip(
    zone: ZoneInfo, cls: SchoolClass, invitee: _Invitee, code: InviteCode, is_new: bool
) -> UnlinkedPerson:
    p = invitee.person
    return UnlinkedPerson(
        person_id=p.id,
        full_name=full_name(p.last_name, p.first_name, p.middle_name),
        role=invitee.role,
        class_title=cls.title,
        children=invitee.children,
        code=grouped_code(code.code),
        expires_at=code.expires_at,
        expires_on=code.expires_at.astimezone(zone).date(),
        is_new=is_new,
        gender=p.gender,
    )


def _check_ttl(ttl_days: int) -> None:
    if not MIN_VALID_DAYS <= ttl_days <= MAX_TTL_DAYS:
        raise RuleViolation(f"Срок действия кода: от {MIN_VALID_DAYS} до {MAX_TTL_DAYS} дней.")


@dataclass(frozen=True)
class InvitePlan:
    """What "Коды приглашения" would do, before it does it: shown for a confirmation."""

    class_id: int
    class_title: str
    # Without a chat and without a code good for MIN_VALID_DAYS: they get a new one.
    new: tuple[str, ...]
    # Without a chat but with a working code: the same code would be printed again.
    holding: tuple[str, ...]


@dataclass(frozen=True)
class _Standing:
    outside: list[_Invitee]
    kept: dict[int, InviteCode]
    dying: list[int]


async def _standing(ctx: Ctx, actor: Actor, cls: SchoolClass) -> _Standing:
    people = await _class_people(ctx, cls)
    ids = [i.person.id for i in people]
    linked = set(
        (
            await ctx.session.scalars(
                select(ChatAccount.person_id).where(ChatAccount.person_id.in_(ids))
            )
        ).all()
    )
    outside = [i for i in people if i.person.id not in linked]
    live = (
        await ctx.session.scalars(
            select(InviteCode)
            .where(
                InviteCode.person_id.in_([i.person.id for i in outside]),
                InviteCode.used_at.is_(None),
                InviteCode.revoked.is_(False),
                InviteCode.expires_at > ctx.now,
            )
            .order_by(InviteCode.expires_at, InviteCode.id)
        )
    ).all()
    keep_until = ctx.now + timedelta(days=MIN_VALID_DAYS)
    kept = {c.person_id: c for c in live if c.expires_at > keep_until}
    # Only the actor's own dying codes are revoked: a code from someone else (the other class
    # teacher of a family with children in two classes) stays valid until it expires.
    dying = [c.id for c in live if c.person_id not in kept and c.issued_by == actor.person_id]
    return _Standing(outside, kept, dying)


def _label(invitee: _Invitee) -> str:
    p = invitee.person
    name = full_name(p.last_name, p.first_name, p.middle_name)
    if invitee.role is InviteRole.GUARDIAN:
        return f"{name} (родитель: {', '.join(invitee.children)})"
    return name


async def invite_plan(ctx: Ctx, actor: Actor, class_id: int) -> InvitePlan:
    """Who would get a new code and who already holds one; changes nothing."""
    cls = await _led_class(ctx, actor, class_id)
    found = await _standing(ctx, actor, cls)
    return InvitePlan(
        class_id=cls.id,
        class_title=cls.title,
        new=tuple(_label(i) for i in found.outside if i.person.id not in found.kept),
        holding=tuple(_label(i) for i in found.outside if i.person.id in found.kept),
    )


async def unlinked_people(
    ctx: Ctx, actor: Actor, class_id: int, ttl_days: int = 30, *, only_new: bool = False
) -> list[UnlinkedPerson]:
    """Pupils and guardians of the class with no linked chat, each with a working code
    (only_new: just those who had none and get one now).

    Unlike invites.issue_invites, which replaces the actor's own earlier slips, a code still
    good for MIN_VALID_DAYS (whoever issued it) is handed out again and only the missing (or
    dying) ones are issued.
    """
    _check_ttl(ttl_days)
    cls = await _led_class(ctx, actor, class_id)
    found = await _standing(ctx, actor, cls)
    if found.dying:
        await ctx.session.execute(
            update(InviteCode).where(InviteCode.id.in_(found.dying)).values(revoked=True)
        )
    missing = [i for i in found.outside if i.person.id not in found.kept]
    issued = await _issue(ctx, actor, cls, missing, ttl_days)
    zone = ZoneInfo((await school_of(ctx, actor.school_id)).timezone)
    return [
        _slip(
            zone, cls, i, found.kept.get(i.person.id) or issued[i.person.id], i.person.id in issued
        )
        for i in found.outside
        if not only_new or i.person.id in issued
    ]


async def reissue_invite(
    ctx: Ctx, actor: Actor, class_id: int, person_id: int, ttl_days: int = 30
) -> UnlinkedPerson:
    """A new code for one pupil or guardian of the class (a lost slip, or a second messenger
    for someone already linked); the earlier unused codes the actor gave them stop working,
    codes from anyone else stay valid."""
    _check_ttl(ttl_days)
    cls = await _led_class(ctx, actor, class_id)
    invitee = next((i for i in await _class_people(ctx, cls) if i.person.id == person_id), None)
    if invitee is None:
        raise RuleViolation("Этого человека нет среди учеников класса и их родителей.")
    await revoke_own_codes(ctx, actor, [person_id])
    issued = await _issue(ctx, actor, cls, [invitee], ttl_days)
    zone = ZoneInfo((await school_of(ctx, actor.school_id)).timezone)
    return _slip(zone, cls, invitee, issued[person_id], True)
