"""What the people of a demo would receive, shown in the terminal: the notifications (an
absence alert, a new mark, an answer to a question) that the bots would send them.

The person played and the families of the classes a played teacher works with get terminal
chat accounts of their own; after each message the outbox is drained for the terminal, and
what was queued for those accounts is printed (and marked sent) instead of being delivered."""

from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from db.enums import Platform
from db.models import (
    ChatAccount,
    Enrollment,
    GuardianLink,
    OutgoingMessage,
    Person,
    SchoolClass,
    TeachingAssignment,
)
from notifications.delivery.drain import OutboxDrain
from services.context import Clock, Ctx, Journal
from services.people.actor import Actor
from texts.declension import Case, decline_name

TERMINAL_ONLY = frozenset({Platform.TERMINAL})
LISTENER_PREFIX = "demo-family-"
SHOWN_AT_ONCE = 5


@dataclass(frozen=True)
class Notice:
    whom: str
    text: str
    buttons: tuple[str, ...]


async def _families_of(ctx: Ctx, actor: Actor) -> list[int]:
    """Guardians of the pupils in the classes the person teaches or leads."""
    taught = select(TeachingAssignment.class_id).where(
        TeachingAssignment.teacher_id == actor.person_id
    )
    led = select(SchoolClass.id).where(SchoolClass.class_teacher_id == actor.person_id)
    rows = await ctx.session.scalars(
        select(GuardianLink.guardian_id)
        .join(Enrollment, Enrollment.pupil_id == GuardianLink.pupil_id)
        .where(
            Enrollment.is_active.is_(True),
            Enrollment.class_id.in_(taught) | Enrollment.class_id.in_(led),
        )
        .distinct()
    )
    return list(rows.all())


async def _teachers_of(ctx: Ctx, actor: Actor) -> list[int]:
    """The teachers and class teachers of a played guardian's children (or a pupil's own)."""
    pupils = [*actor.children, actor.person_id]
    classes = select(Enrollment.class_id).where(
        Enrollment.pupil_id.in_(pupils), Enrollment.is_active.is_(True)
    )
    taught = await ctx.session.scalars(
        select(TeachingAssignment.teacher_id).where(TeachingAssignment.class_id.in_(classes))
    )
    led = await ctx.session.scalars(
        select(SchoolClass.class_teacher_id).where(
            SchoolClass.id.in_(classes), SchoolClass.class_teacher_id.is_not(None)
        )
    )
    return list(dict.fromkeys([*taught.all(), *(t for t in led.all() if t is not None)]))


async def add_listeners(ctx: Ctx, actor: Actor) -> int:
    """Terminal accounts for those the played person's doings reach (the families of a
    teacher's classes; the teachers of a guardian's children): linked and consented as if each
    had redeemed their code, so that the rules address them as they would."""
    have = set(
        (
            await ctx.session.scalars(
                select(ChatAccount.person_id).where(ChatAccount.platform == Platform.TERMINAL)
            )
        ).all()
    )
    added = 0
    reached = await _families_of(ctx, actor) if actor.is_staff else await _teachers_of(ctx, actor)
    for person_id in reached:
        if person_id == actor.person_id:
            continue
        if person_id in have:
            continue
        have.add(person_id)
        ctx.session.add(
            ChatAccount(
                platform=Platform.TERMINAL,
                external_id=f"{LISTENER_PREFIX}{person_id}",
                person_id=person_id,
                linked_at=ctx.now,
                consent_at=ctx.now,
            )
        )
        added += 1
    return added


async def take_queued(ctx: Ctx) -> list[Notice]:
    """The messages queued for terminal accounts, as notices; marked sent."""
    rows = (
        await ctx.session.execute(
            select(OutgoingMessage, Person)
            .join(ChatAccount, ChatAccount.id == OutgoingMessage.chat_account_id)
            .join(Person, Person.id == ChatAccount.person_id)
            .where(OutgoingMessage.platform == Platform.TERMINAL)
            .where(OutgoingMessage.status == "pending")
            .order_by(OutgoingMessage.priority, OutgoingMessage.id)
        )
    ).all()
    notices = [
        Notice(
            whom=person.full_name,
            text=message.text,
            buttons=tuple(b.get("label", "") for row in message.keyboard or [] for b in row),
        )
        for message, person in rows
    ]
    if rows:
        await ctx.session.execute(
            update(OutgoingMessage)
            .where(OutgoingMessage.id.in_([m.id for m, _ in rows]))
            .values(status="sent", sent_at=ctx.now)
            .execution_options(synchronize_session=False)
        )
    return notices


def render_notices(notices: list[Notice], me: str) -> str:
    lines = []
    for notice in notices[:SHOWN_AT_ONCE]:
        whom = "вам" if notice.whom == me else decline_name(notice.whom, Case.DATIVE)
        lines.append(f"\n🔔 Уведомление — {whom}:\n{notice.text}")
        if notice.buttons:
            lines.append("   кнопки: " + " · ".join(f"«{b}»" for b in notice.buttons))
    if len(notices) > SHOWN_AT_ONCE:
        lines.append(f"\n🔔 …и ещё уведомлений: {len(notices) - SHOWN_AT_ONCE}.")
    return "\n".join(lines)


class DemoNotices:
    """After each message: the outbox drained for the terminal, what it queued printed."""

    def __init__(
        self,
        factory: async_sessionmaker[AsyncSession],
        clock: Clock,
        me: str,
    ) -> None:
        self._journal = Journal(factory, clock)
        self._me = me
        self._drain = OutboxDrain(factory, clock, grace=timedelta(0), platforms=TERMINAL_ONLY)

    async def __call__(self) -> str:
        await self._drain.drain_all(keep_open=True)
        return render_notices(await self._journal.run(take_queued), self._me)

    async def close(self) -> None:
        await self._drain.close()
