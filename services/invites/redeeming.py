"""Invite codes: how pupils, guardians and staff link a chat account to themselves.

The class teacher hands codes to the pupils and guardians of their class, the
administrator to staff (001 §3.1, §4.3.4). A code is random, single use and expires.
Wrong guesses are counted per chat account, and too many lock it out for a while.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import delete, func, select, update

from db.enums import Gender, InviteRole, Platform
from db.models import InviteAttempt, InviteCode, Person, SchoolClass
from services import events
from services.chat.accounts import link_chat
from services.context import Ctx
from services.errors import AccessDenied, NotFound, RuleViolation
from services.invites.codes import grouped_code, normalize_code, unused_codes
from services.invites.staff_list import staff_with_positions
from services.people.actor import Actor, Role, load_actor
from services.people.class_people import pupils_and_guardians
from services.serial import one_at_a_time

MAX_FAILED_ATTEMPTS = 5
ATTEMPT_WINDOW = timedelta(hours=1)
MAX_TTL_DAYS = 365

TOO_MANY_ATTEMPTS = (
    "Слишком много неверных попыток: этот чат сможет ввести код снова через час. "
    "Тогда пришлите код ещё раз, сверив каждый знак с листком."
)
NOT_A_CODE = (
    "Это не похоже на код приглашения. Код состоит из 10 знаков, например KX7M-P2TH-A9: "
    "буквы A B C E H K M P T X и цифры 2 3 4 5 6 7 9."
)
UNKNOWN_CODE = "Такого кода нет. Проверьте, что он введён без ошибок."


@dataclass(frozen=True)
class IssuedInvite:
    person_id: int
    full_name: str
    role: InviteRole
    class_title: str
    code: str
    expires_at: datetime
    children: tuple[str, ...] = ()
    # Staff: what they are in the school ("учитель, заместитель директора"); class_title
    # then names the classes they lead.
    position: str = ""
    gender: Gender | None = None


@dataclass(frozen=True)
class LinkResult:
    person_id: int
    full_name: str
    role: InviteRole
    gender: Gender | None = None


@dataclass(frozen=True)
class InviteRefused:
    """A code not taken, and why, in words fit to show."""

    message: str
    # A typo is worth another try at once; a used, revoked or expired code, or a lockout, not.
    retry: bool = False


@dataclass(frozen=True)
class _Invitee:
    person: Person
    role: InviteRole
    class_title: str = ""
    children: tuple[str, ...] = ()
    position: str = ""


async def issue_invites(
    ctx: Ctx,
    actor: Actor,
    *,
    class_id: int | None = None,
    staff: bool = False,
    ttl_days: int = 30,
) -> list[IssuedInvite]:
    if staff == (class_id is not None):
        raise RuleViolation("Укажите что-то одно: класс или сотрудников.")
    if not 1 <= ttl_days <= MAX_TTL_DAYS:
        raise RuleViolation(f"Срок действия кода: от 1 до {MAX_TTL_DAYS} дней.")
    if staff:
        if not actor.has(Role.ADMIN):
            raise AccessDenied("Коды приглашения для сотрудников выдаёт администратор журнала.")
        invitees = [
            _Invitee(member.person, InviteRole.STAFF, member.classes, position=member.position)
            for member in await staff_with_positions(ctx, actor.school_id)
        ]
    else:
        school_class = await ctx.session.get(SchoolClass, class_id)
        if (
            school_class is None
            or school_class.school_id != actor.school_id
            or school_class.id not in actor.class_teacher_of
        ):
            raise AccessDenied(
                "Коды приглашения для учеников и родителей выдаёт классный руководитель "
                "своего класса."
            )
        invitees = await _class_people(ctx, school_class)

    person_ids = [i.person.id for i in invitees]
    # An older slip of the same issuer that was lost or handed to the wrong person stops
    # working; slips from anyone else (the other class teacher of a family with children in
    # two classes) stay valid until used, expired or revoked by whoever issued them.
    await revoke_own_codes(ctx, actor, person_ids)
    expires_at = ctx.now + timedelta(days=ttl_days)
    codes = await unused_codes(ctx, len(invitees))
    issued = []
    for invitee, code in zip(invitees, codes, strict=True):
        ctx.session.add(
            InviteCode(
                school_id=actor.school_id,
                code=code,
                person_id=invitee.person.id,
                role=invitee.role,
                issued_by=actor.person_id,
                issued_at=ctx.now,
                expires_at=expires_at,
            )
        )
        issued.append(
            IssuedInvite(
                person_id=invitee.person.id,
                full_name=invitee.person.full_name,
                role=invitee.role,
                class_title=invitee.class_title,
                code=grouped_code(code),
                expires_at=expires_at,
                children=invitee.children,
                position=invitee.position,
                gender=invitee.person.gender,
            )
        )
    events.audit(
        ctx, actor, "invites.issued", class_id=class_id, staff=staff, person_ids=person_ids
    )
    return issued


async def _class_people(ctx: Ctx, school_class: SchoolClass) -> list[_Invitee]:
    pupils, rows = await pupils_and_guardians(ctx, school_class.id)
    names = {p.id: p.full_name for p in pupils}
    guardians: dict[int, Person] = {}
    children: dict[int, list[str]] = {}
    for guardian, pupil_id in rows:
        guardians[guardian.id] = guardian
        children.setdefault(guardian.id, []).append(names[pupil_id])
    title = school_class.title
    return [_Invitee(p, InviteRole.PUPIL, title) for p in pupils] + [
        _Invitee(g, InviteRole.GUARDIAN, title, tuple(children[g.id])) for g in guardians.values()
    ]


async def revoke_own_codes(ctx: Ctx, actor: Actor, person_ids: Sequence[int]) -> int:
    """Revokes the unused codes the actor issued to these people; returns how many."""
    done = await ctx.session.execute(
        update(InviteCode)
        .where(
            InviteCode.person_id.in_(person_ids),
            InviteCode.issued_by == actor.person_id,
            InviteCode.used_at.is_(None),
            InviteCode.revoked.is_(False),
        )
        .values(revoked=True)
        .execution_options(synchronize_session=False)
    )
    return int(done.rowcount)  # type: ignore[attr-defined]


async def revoke_invite(ctx: Ctx, actor: Actor, code: str) -> str:
    """Revokes one unused code; only whoever issued it may. Returns the holder's name."""
    canonical = normalize_code(code)
    invite = (
        None
        if canonical is None
        else await ctx.session.scalar(select(InviteCode).where(InviteCode.code == canonical))
    )
    if invite is None or invite.school_id != actor.school_id:
        raise NotFound(UNKNOWN_CODE)
    if invite.issued_by != actor.person_id:
        raise AccessDenied("Отменить код может только тот, кто его выдал.")
    if invite.used_at is not None:
        raise RuleViolation("Этот код уже использован: отменять нечего.")
    holder = await ctx.session.get(Person, invite.person_id)
    if not invite.revoked:
        invite.revoked = True
        events.audit(
            ctx, actor, "invite.revoked", subject_person_id=invite.person_id, invite_id=invite.id
        )
    return holder.full_name if holder else ""


async def redeem_invite(
    ctx: Ctx, platform: Platform, external_id: str, code: str
) -> LinkResult | InviteRefused:
    """Links the chat to the code's person, or says why not. A refusal is returned, not raised,
    and a wrong guess is recorded in the caller's transaction: committing it keeps the count
    of guesses that the lockout reads, whatever the answer."""
    if await _failures(ctx, platform, external_id) >= MAX_FAILED_ATTEMPTS:
        return InviteRefused(TOO_MANY_ATTEMPTS)
    canonical = normalize_code(code)
    if canonical is None:
        # Not counted: a malformed entry is a typo, never a guess that could succeed.
        return InviteRefused(NOT_A_CODE, retry=True)
    # The guess is counted before the code is looked at, one guess of the chat at a time
    # (several bot workers may take one chat's messages at once): 20 guesses sent together
    # against a limit of 5 have 5 checked.
    await one_at_a_time(ctx, "invite_attempts", platform.value, external_id)
    attempt = InviteAttempt(platform=platform, external_id=external_id, attempted_at=ctx.now)
    ctx.session.add(attempt)
    await ctx.session.flush()
    if await _failures(ctx, platform, external_id) > MAX_FAILED_ATTEMPTS:
        await ctx.session.delete(attempt)  # refused unchecked: not a guess
        return InviteRefused(TOO_MANY_ATTEMPTS)
    invite = await ctx.session.scalar(select(InviteCode).where(InviteCode.code == canonical))
    refusal = _refusal(invite, ctx.now)
    if refusal is None and invite is not None:
        # Two taps on the same code at once: only one of them may take it.
        taken = await ctx.session.execute(
            update(InviteCode)
            .where(
                InviteCode.id == invite.id,
                InviteCode.used_at.is_(None),
                InviteCode.revoked.is_(False),
            )
            .values(used_at=ctx.now)
            .execution_options(synchronize_session=False)
        )
        if taken.rowcount != 1:  # type: ignore[attr-defined]
            refusal = _used_message(invite.role)
    if refusal is not None or invite is None:
        return InviteRefused(refusal or UNKNOWN_CODE, retry=refusal in (None, UNKNOWN_CODE))
    await ctx.session.delete(attempt)  # the right code: no wrong guess

    actor = await load_actor(ctx, invite.person_id)
    await link_chat(ctx, platform, external_id, invite.person_id)
    events.emit(
        ctx,
        invite.school_id,
        events.INVITE_REDEEMED,
        {
            "invite_id": invite.id,
            "person_id": invite.person_id,
            "role": invite.role.value,
            "platform": platform.value,
            "issued_by": invite.issued_by,
        },
    )
    events.audit(
        ctx,
        actor,
        "invite.redeemed",
        subject_person_id=invite.person_id,
        invite_id=invite.id,
        platform=platform.value,
    )
    person = await ctx.session.get(Person, invite.person_id)
    return LinkResult(
        person_id=actor.person_id,
        full_name=actor.name,
        role=invite.role,
        gender=person.gender if person is not None else None,
    )


async def purge_invite_attempts(ctx: Ctx) -> int:
    """Forgets the wrong guesses older than the window they count in (they identify a chat
    account, personal data kept no longer than it serves); returns how many."""
    purged = await ctx.session.execute(
        delete(InviteAttempt)
        .where(InviteAttempt.attempted_at <= ctx.now - ATTEMPT_WINDOW)
        .execution_options(synchronize_session=False)
    )
    return int(purged.rowcount)  # type: ignore[attr-defined]


async def _failures(ctx: Ctx, platform: Platform, external_id: str) -> int:
    found = await ctx.session.scalar(
        select(func.count())
        .select_from(InviteAttempt)
        .where(
            InviteAttempt.platform == platform,
            InviteAttempt.external_id == external_id,
            InviteAttempt.attempted_at > ctx.now - ATTEMPT_WINDOW,
        )
    )
    return int(found or 0)


def _issuer(role: InviteRole) -> str:
    return "администратора журнала" if role is InviteRole.STAFF else "классного руководителя"


def _used_message(role: InviteRole) -> str:
    return (
        "Этот код уже использован. Если это сделали не вы, сообщите об этом "
        f"и попросите новый код у {_issuer(role)}."
    )


def _refusal(invite: InviteCode | None, now: datetime) -> str | None:
    if invite is None:
        return UNKNOWN_CODE
    if invite.used_at is not None:
        return _used_message(invite.role)
    if invite.revoked:
        return f"Этот код отменён тем, кто его выдал. Попросите новый у {_issuer(invite.role)}."
    if invite.expires_at <= now:
        return f"Срок действия кода истёк. Попросите новый код у {_issuer(invite.role)}."
    return None
