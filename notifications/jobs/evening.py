"""The evening "tomorrow" card per child, for those who turned it on: schedule with its changes,
homework due, and today's marks. Read through the services as the recipient, so it shows only
what that person may see.
"""

from datetime import datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from db.enums import LessonStatus, Platform
from db.models import ChatAccount, NotificationPreference, OutgoingMessage, Person, School
from notifications.delivery.enqueue import PENDING, insert_ignoring_duplicates
from notifications.rules.audience import DELIVERABLE, pupil_info
from notifications.rules.notice import DIGEST
from services.context import Clock, Ctx, system_clock
from services.errors import JournalError
from services.lessons.homework_reading import homework_for
from services.marks.reading import recent_marks
from services.people.actor import Actor, load_actor
from services.schedule.reading import pupil_schedule
from services.views import DaySchedule, HomeworkView, LessonView, MarkView
from texts import notification_phrases

EVENING_FROM = time(19, 0)
EVENING_UNTIL = time(21, 30)


def _lesson(lesson: LessonView) -> str:
    start = f"{notification_phrases.clock(lesson.starts_at)} " if lesson.starts_at else ""
    line = f"{lesson.number}. {start}{lesson.subject}"
    if lesson.status == LessonStatus.CANCELLED:
        return f"{line} — отменён"
    notes = []
    if lesson.substitute_teacher:
        notes.append(f"замена: {lesson.substitute_teacher}")
    if lesson.original_room:
        notes.append(f"кабинет {lesson.room} вместо {lesson.original_room}")
    elif lesson.room:
        notes.append(f"каб. {lesson.room}")
    if lesson.moved_from_date:
        notes.append("перенесён")
    return f"{line}, {', '.join(notes)}" if notes else line


def card_text(
    who: str, day: DaySchedule, homework: list[HomeworkView], marks: list[MarkView]
) -> str | None:
    if not day.lessons and not homework and not marks:
        return None
    parts = [f"Завтра, {notification_phrases.day(day.date)} — {who}"]
    if day.holiday:
        parts.append(f"Каникулы: {day.holiday}")
    elif day.lessons:
        parts.append("\n".join(_lesson(lesson) for lesson in day.lessons))
    else:
        parts.append("Уроков нет.")
    if homework:
        parts.append(
            "Домашнее задание:\n" + "\n".join(f"• {h.subject}: {h.text}" for h in homework)
        )
    if marks:
        parts.append("Оценки сегодня: " + ", ".join(f"{m.subject} {m.value}" for m in marks))
    return "\n\n".join(parts)


async def _card(ctx: Ctx, actor: Actor, pupil_id: int, today: Any) -> str | None:
    tomorrow = today + timedelta(days=1)
    pupil = await pupil_info(ctx.session, pupil_id)
    if pupil is None:
        return None
    [day] = await pupil_schedule(ctx, actor, pupil_id, tomorrow, tomorrow)
    homework = await homework_for(ctx, actor, pupil_id, tomorrow, tomorrow)
    marks = [m for m in await recent_marks(ctx, actor, pupil_id, 20) if m.lesson_date == today]
    return card_text(
        notification_phrases.who(pupil.first_name, pupil.class_title), day, homework, marks
    )


async def evening_cards(
    session_factory: async_sessionmaker[AsyncSession],
    clock: Clock = system_clock,
    platforms: frozenset[Platform] = DELIVERABLE,
) -> int:
    """Queues today's cards for every school where it is evening now; returns how many."""
    queued = 0
    async with session_factory() as session, session.begin():
        now = clock()
        ctx = Ctx(session, now)
        subscribed = (
            await session.execute(
                select(NotificationPreference.pupil_id, ChatAccount, Person.id, Person.school_id)
                .join(ChatAccount, ChatAccount.id == NotificationPreference.chat_account_id)
                .join(Person, Person.id == ChatAccount.person_id)
                .where(
                    NotificationPreference.evening_card.is_(True),
                    ChatAccount.is_blocked.is_(False),
                    ChatAccount.consent_at.is_not(None),
                    ChatAccount.platform.in_(platforms),
                )
                .order_by(ChatAccount.id)
            )
        ).all()
        zones: dict[int, ZoneInfo] = {}
        for pupil_id, account, person_id, school_id in subscribed:
            if school_id not in zones:
                school = await session.get(School, school_id)
                zones[school_id] = ZoneInfo(school.timezone if school else "Europe/Moscow")
            local: datetime = now.astimezone(zones[school_id])
            if not EVENING_FROM <= local.time() < EVENING_UNTIL:
                continue
            pupil_id = pupil_id or person_id
            dedup_key = f"ev:{account.id}:{pupil_id}:{local.date().isoformat()}"
            if await session.scalar(
                select(OutgoingMessage.id).where(OutgoingMessage.dedup_key == dedup_key)
            ):
                continue
            try:
                actor = await load_actor(ctx, person_id)
                text = await _card(ctx, actor, pupil_id, local.date())
            except JournalError:
                continue  # no longer this person's child, or the account is switched off
            if text is None:
                continue
            row = {
                "chat_account_id": account.id,
                "platform": account.platform,
                "chat_external_id": account.external_id,
                "kind": "evening_card",
                "topic": None,
                "ref_id": pupil_id,
                "text": text,
                "keyboard": None,
                "priority": DIGEST,
                "dedup_key": dedup_key,
                "status": PENDING,
                "attempts": 0,
                "created_at": now,
                "next_attempt_at": now,
            }
            await insert_ignoring_duplicates(session, OutgoingMessage, [row])
            queued += 1
    return queued
