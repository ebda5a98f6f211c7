"""On the last day of the month the class teacher hands printed summaries to the families who
refused the electronic journal (001 §4.3.9): in the morning of that day each class teacher with
such pupils is reminded, with a button that returns the PDF (made on demand in the chat, so it
shows the journal as it is when printed, and the access check runs again then).
"""

from datetime import datetime, time
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from db.enums import Platform
from db.models import School, SchoolClass
from keyboards.actions.staff import ClassPrintouts
from keyboards.menus import button
from keyboards.model import Keyboard
from notifications.delivery.enqueue import unsent
from notifications.jobs.school_jobs import for_each_school, queue_for_morning_if_quiet
from notifications.rules.audience import DELIVERABLE, accounts_of
from services.class_teacher.monthly_sheet import MONTHS, month_bounds, refusals_by_class
from services.context import Clock, Ctx, system_clock
from texts.formatting import plural
from texts.staff_phrases import PUPILS_GENITIVE

REMIND_FROM = time(8, 0)


def reminder_text(class_title: str, count: int) -> str:
    return (
        f"Сегодня последний день месяца: распечатайте сводки для {count} "
        f"{plural(count, PUPILS_GENITIVE)} {class_title}, чьи родители отказались от электронного "
        "журнала, и передайте их родителям под подпись (п. 4.3.9 положения об ЭЖ)."
    )


async def refused_journal_reminders(
    session_factory: async_sessionmaker[AsyncSession],
    clock: Clock = system_clock,
    platforms: frozenset[Platform] = DELIVERABLE,
) -> int:
    """Queues the reminder to every class teacher concerned where it is the last day of the
    month (from REMIND_FROM, local time); returns how many were queued."""

    async def school_reminders(ctx: Ctx, school: School, local: datetime) -> int:
        today = local.date()
        if today != month_bounds(today)[1] or local.time() < REMIND_FROM:
            return 0
        counts = await refusals_by_class(ctx, school.id)
        classes = (
            await ctx.session.scalars(
                select(SchoolClass)
                .where(SchoolClass.id.in_(list(counts)), SchoolClass.class_teacher_id.is_not(None))
                .order_by(SchoolClass.id)
            )
        ).all()
        accounts = await accounts_of(
            ctx.session, (c.class_teacher_id for c in classes if c.class_teacher_id), platforms
        )
        queued = 0
        for cls in classes:
            source = f"mp{cls.id}:{today:%Y-%m}"
            teacher = accounts.get(cls.class_teacher_id or 0, [])
            recipients = await unsent(ctx.session, source, teacher)
            if not recipients:
                continue
            label = f"Сводки за {MONTHS[today.month - 1]} (PDF)"
            keyboard = Keyboard.of([button(label, ClassPrintouts(class_id=cls.id, day=today))])
            queued += await queue_for_morning_if_quiet(
                ctx,
                recipients,
                source,
                kind="monthly_printouts",
                text=reminder_text(cls.title, counts[cls.id]),
                keyboard=keyboard,
                ref_id=cls.id,
                zone=ZoneInfo(school.timezone),
            )
        return queued

    return await for_each_school(session_factory, clock, school_reminders)
