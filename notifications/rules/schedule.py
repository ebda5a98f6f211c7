"""Schedule changes reach the class's pupils and guardians the evening before, or at once.

A change for today goes out at once; one for a later day is held until EVENING (local) of the
day before, so a guardian hears of tomorrow's changes together in the evening; a change made
after that hour goes out at once. Further changes of the same lesson replace a held message.
"""

from datetime import date, datetime, time, timedelta
from typing import Any

from db.enums import LessonStatus
from db.models import Lesson, OutboxEvent, Person, SchoolClass, Subject
from db.names import short_name
from notifications.rules.audience import family_recipients
from notifications.rules.notice import PERSONAL, Notice, RuleContext
from notifications.rules.prefs import load_prefs
from services.people.access import pupils_of_lesson
from texts import notification_phrases

EVENING = time(18, 0)


def release_time(rc: RuleContext, first_day: date) -> datetime:
    evening_before = datetime.combine(first_day - timedelta(days=1), EVENING, rc.zone)
    return max(rc.now, evening_before)


def shown_slot(lesson: Lesson, change: str) -> tuple[date, int]:
    """A moved lesson is named by where it was; any other by where it is."""
    if change == "moved" and lesson.moved_from_date and lesson.moved_from_number:
        return lesson.moved_from_date, lesson.moved_from_number
    return lesson.date, lesson.number


async def change_words(rc: RuleContext, lesson: Lesson, change: str) -> str:
    """What happened to the lesson, as the families read it: 'отменён', 'кабинет 21 → 14'."""
    if change == "cancelled" or lesson.status == LessonStatus.CANCELLED:
        return "отменён"
    if change == "restored":
        return "отмена снята, урок состоится"
    if change == "substituted" and lesson.substitute_teacher_id:
        teacher = await rc.session.get(Person, lesson.substitute_teacher_id)
        name = (
            short_name(teacher.last_name, teacher.first_name, teacher.middle_name)
            if teacher
            else ""
        )
        return f"замена учителя: {name}" if name else "замена учителя"
    if change == "room":
        before = f"{lesson.original_room} → " if lesson.original_room else ""
        return f"кабинет {before}{lesson.room}"
    if change == "moved":
        return notification_phrases.moved_to(lesson.date, lesson.number)
    return "изменение"


async def schedule_notices(rc: RuleContext, event: OutboxEvent) -> list[Notice]:
    p: dict[str, Any] = event.payload
    lesson = await rc.session.get(Lesson, int(p["lesson_id"]))
    if lesson is None:
        return []
    change = str(p.get("change", ""))
    shown_day, shown_number = shown_slot(lesson, change)
    first_day = min(shown_day, lesson.date)
    if max(shown_day, lesson.date) < rc.local().date():
        return []
    school_class = await rc.session.get(SchoolClass, lesson.class_id)
    subject = await rc.session.get(Subject, lesson.subject_id)
    if school_class is None or subject is None:
        return []
    what = await change_words(rc, lesson, change)
    text = notification_phrases.lesson_change(
        school_class.title, shown_day, shown_number, subject.name, what
    )
    pupil_ids = [p.id for p in await pupils_of_lesson(rc.ctx(), lesson)]
    pairs = await family_recipients(rc.session, pupil_ids, pupils=True, platforms=rc.platforms)
    prefs = await load_prefs(rc.session, (acc.account_id for acc, _ in pairs))
    release = release_time(rc, first_day)
    notices: dict[int, Notice] = {}
    for recipient, pupil_id in pairs:
        wanted = prefs.get(recipient.account_id, pupil_id)
        if recipient.account_id in notices or not wanted.schedule_changes:
            continue
        notices[recipient.account_id] = Notice(
            recipient=recipient,
            kind="lesson.changed",
            text=text,
            priority=PERSONAL,
            quiet=wanted.quiet,
            topic=f"lesson:{lesson.id}",
            ref_id=lesson.id,
            not_before=release if release > rc.now else None,
            expires_at=rc.end_of(max(shown_day, lesson.date)),
        )
    return list(notices.values())
