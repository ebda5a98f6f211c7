"""The control of filling each month (001 §9.1: at least monthly; 004 §7.3): on the first
working day of the month, from 08:00 school time, each deputy director gets the last month's
summary, with buttons for the report and for sending each teacher their own lines."""

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from db.enums import Platform, StaffRole
from db.models import Person, School, StaffPosition
from keyboards.actions.reports import FillingSend, ReportKind, ReportShow
from keyboards.menus import button
from keyboards.model import Keyboard
from notifications.delivery.enqueue import unsent
from notifications.jobs.school_jobs import for_each_school, queue_for_morning_if_quiet
from notifications.rules.audience import DELIVERABLE, accounts_of
from services.class_teacher.monthly_sheet import MONTHS
from services.context import Clock, Ctx, system_clock
from services.people.actor import load_actor
from services.reports.filling import CHECKS, filling_report
from texts import report_phrases

SEND_FROM = time(8, 0)


def first_working_day(day: date) -> date:
    first = day.replace(day=1)
    while first.weekday() >= 5:
        first += timedelta(days=1)
    return first


async def monthly_filling_reports(
    session_factory: async_sessionmaker[AsyncSession],
    clock: Clock = system_clock,
    platforms: frozenset[Platform] = DELIVERABLE,
) -> int:
    async def school_reports(ctx: Ctx, school: School, local: datetime) -> int:
        today = local.date()
        if today != first_working_day(today) or local.time() < SEND_FROM:
            return 0
        end = today.replace(day=1) - timedelta(days=1)
        start = end.replace(day=1)
        deputies = (
            await ctx.session.scalars(
                select(StaffPosition.person_id)
                .join(Person, Person.id == StaffPosition.person_id)
                .where(
                    StaffPosition.role == StaffRole.DEPUTY,
                    Person.school_id == school.id,
                    Person.is_active.is_(True),
                )
            )
        ).all()
        accounts = await accounts_of(ctx.session, deputies, platforms)
        queued = 0
        for deputy in deputies:
            source = f"fc{deputy}:{start:%Y-%m}"
            recipients = await unsent(ctx.session, source, accounts.get(deputy, []))
            if not recipients:
                continue
            report = await filling_report(ctx, await load_actor(ctx, deputy), start, end)
            text = report_phrases.FILLING_MONTHLY.format(
                month=f"{MONTHS[start.month - 1]} {start.year}",
                count=sum(report.total(c) for c in CHECKS),
                teachers=len(report.teachers()),
            )
            keyboard = Keyboard.of(
                [button(report_phrases.FILLING, ReportShow(kind=ReportKind.FILLING, month=start))],
                [button(report_phrases.SEND_FILLING, FillingSend(month=start))],
            )
            queued += await queue_for_morning_if_quiet(
                ctx,
                recipients,
                source,
                kind="filling_control",
                text=text,
                keyboard=keyboard,
                ref_id=deputy,
                zone=ZoneInfo(school.timezone),
            )
        return queued

    return await for_each_school(session_factory, clock, school_reports)
