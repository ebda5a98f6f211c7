"""A teacher is reminded once of a guardian's question still unanswered after REMIND_AFTER_DAYS
days, two days before the regulations' 7 (001 §2.9, §4.8.1).

Every overdue question is marked reminded, told or not: a teacher without a chat (unlinked,
blocked) sees it in "Вопросы родителей", and a later link must not bring a flood of old news.
"""

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from db.enums import Platform
from db.models import School
from notifications.delivery.enqueue import enqueue
from notifications.rules.audience import DELIVERABLE
from notifications.rules.messages import answer_keyboard, personal_notices, reminder_text
from notifications.rules.notice import RuleContext
from services.context import Clock, Ctx, Journal, system_clock
from services.messages.direct import mark_reminded, overdue_questions


async def question_reminders(
    session_factory: async_sessionmaker[AsyncSession],
    clock: Clock = system_clock,
    platforms: frozenset[Platform] = DELIVERABLE,
) -> int:
    """Queues the reminders due now (each question at most once); returns how many were queued."""
    return await Journal(session_factory, clock).run(_remind, platforms)


async def _remind(ctx: Ctx, platforms: frozenset[Platform]) -> int:
    queued = 0
    due = await overdue_questions(ctx)
    schools: dict[int, School | None] = {}
    for q in due:
        if q.school_id not in schools:
            schools[q.school_id] = await ctx.session.get(School, q.school_id)
        school = schools[q.school_id]
        if school is None:
            continue
        rc = RuleContext(ctx.session, ctx.now, school, platforms)
        text = reminder_text(
            q.sender, q.pupil, q.class_title, q.text, rc.local(q.sent_at), rc.local(q.answer_due)
        )
        notices = await personal_notices(
            rc,
            q.recipient_id,
            kind="question_reminder",
            text=text,
            ref_id=q.id,
            keyboard=answer_keyboard(q.id),
        )
        source = f"r:q{q.id}"
        queued += await enqueue(ctx.session, notices, source=source, now=ctx.now, zone=rc.zone)
    await mark_reminded(ctx, [q.id for q in due])
    return queued
