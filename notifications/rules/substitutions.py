"""A substitute hears what they take over, at once and not the evening before: a lesson of
their own when the deputy hands it to them or takes it back, and what then happens to it
(cancelled, moved, another room); for several days, once, with every day, class and subject.
The families hear of each lesson as of any other change (rules/schedule.py)."""

from collections.abc import Iterable
from datetime import date
from typing import Any

from sqlalchemy import select

from db.models import Lesson, OutboxEvent, Person, SchoolClass, Subject
from notifications.rules.audience import accounts_of
from notifications.rules.notice import PERSONAL, Notice, RuleContext
from notifications.rules.prefs import load_prefs
from notifications.rules.schedule import change_words, shown_slot
from services.lessons.timing import slot_interval
from texts import notification_phrases
from texts.declension import Case, decline_name


async def _tell(
    rc: RuleContext,
    person_ids: Iterable[int],
    text: str,
    *,
    ref_id: int,
    until: date,
    topic: str | None = None,
) -> list[Notice]:
    """The same words to each account of these teachers, within their own quiet hours."""
    accounts = await accounts_of(rc.session, person_ids, rc.platforms)
    recipients = [r for found in accounts.values() for r in found]
    prefs = await load_prefs(rc.session, (r.account_id for r in recipients))
    return [
        Notice(
            recipient=r,
            kind="substitution",
            text=text,
            priority=PERSONAL,
            quiet=prefs.get(r.account_id).quiet,
            topic=topic,
            ref_id=ref_id,
            expires_at=rc.end_of(until),
        )
        for r in recipients
    ]


async def _whose(rc: RuleContext, teacher_id: int) -> str | None:
    teacher = await rc.session.get(Person, teacher_id)
    if teacher is None:
        return None
    return decline_name(teacher.short_name, Case.GENITIVE, teacher.gender)


async def substitution_notices(rc: RuleContext, event: OutboxEvent) -> list[Notice]:
    """A substitution for several days (services/roster/staff.py): one message."""
    p: dict[str, Any] = event.payload
    substitute_id = int(p["substitute_id"])
    # Lessons still theirs and still ahead: one handed on meanwhile is not theirs to prepare.
    rows = (
        await rc.session.execute(
            select(Lesson.date, Lesson.number, SchoolClass.grade, SchoolClass.letter, Subject.name)
            .join(SchoolClass, SchoolClass.id == Lesson.class_id)
            .join(Subject, Subject.id == Lesson.subject_id)
            .where(
                Lesson.id.in_([int(i) for i in p["lesson_ids"]]),
                Lesson.substitute_teacher_id == substitute_id,
                Lesson.date >= rc.local().date(),
            )
            .order_by(Lesson.date, Lesson.number)
        )
    ).all()
    teacher = await _whose(rc, int(p["teacher_id"]))
    if not rows or teacher is None:
        return []
    text = notification_phrases.substitution_for_days(
        teacher,
        str(p.get("note", "")),
        [
            (day, number, f"{grade}{letter}", subject)
            for day, number, grade, letter, subject in rows
        ],
    )
    return await _tell(rc, [substitute_id], text, ref_id=event.id, until=rows[-1][0])


async def _lesson_words(rc: RuleContext, lesson: Lesson, on: date, number: int) -> str | None:
    school_class = await rc.session.get(SchoolClass, lesson.class_id)
    subject = await rc.session.get(Subject, lesson.subject_id)
    if school_class is None or subject is None:
        return None
    interval = await slot_interval(rc.ctx(), school_class, on, number)
    bells = None
    if interval is not None:
        bells = (rc.local(interval[0]).time(), rc.local(interval[1]).time())
    return notification_phrases.substituted_lesson(
        on, number, bells, school_class.title, subject.name, lesson.room or ""
    )


async def _handed(
    rc: RuleContext, p: dict[str, Any], lesson: Lesson, teacher: str, words: str
) -> list[tuple[int, str]]:
    """(substitute, text) for a lesson handed over: to the one it is taken from, to the one it
    is given to (unless a summary tells them, or it was handed on again meanwhile)."""
    told = []
    previous, now_with = p.get("previous_substitute_id"), lesson.substitute_teacher_id
    if previous is not None and previous != now_with:
        acting = await rc.session.get(Person, now_with) if now_with is not None else None
        name = acting.short_name if acting else ""
        told.append((int(previous), notification_phrases.substitution_ended(teacher, name, words)))
    given_now = now_with is not None and p.get("substitute_teacher_id") == now_with
    if now_with is not None and given_now and not p.get("told_in_summary"):
        text = notification_phrases.substitution_for_lesson(teacher, lesson.change_note, words)
        told.append((now_with, text))
    return told


async def lesson_substitute_notices(rc: RuleContext, event: OutboxEvent) -> list[Notice]:
    """One lesson's change, for its substitutes: the one it is handed to and the one it is
    taken from; or the substitute of a lesson cancelled, moved or given another room."""
    p: dict[str, Any] = event.payload
    lesson = await rc.session.get(Lesson, int(p["lesson_id"]))
    if lesson is None:
        return []
    change = str(p.get("change", ""))
    if change != "substituted" and lesson.substitute_teacher_id is None:
        return []
    on, number = shown_slot(lesson, change)
    if max(on, lesson.date) < rc.local().date():
        return []
    teacher = await _whose(rc, lesson.teacher_id)
    words = await _lesson_words(rc, lesson, on, number)
    if teacher is None or words is None:
        return []
    if change == "substituted":
        told = await _handed(rc, p, lesson, teacher, words)
    else:
        what = await change_words(rc, lesson, change)
        text = notification_phrases.substituted_lesson_changed(teacher, what, words)
        told = [(lesson.substitute_teacher_id, text)] if lesson.substitute_teacher_id else []
    notices = []
    for person_id, text in told:
        notices += await _tell(
            rc,
            [person_id],
            text,
            ref_id=lesson.id,
            until=max(on, lesson.date),
            topic=f"substitute:{lesson.id}",
        )
    return notices
