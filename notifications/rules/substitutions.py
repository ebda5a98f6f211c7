"""A teacher's substitute for several days hears once what they take over: the days, the
classes and the subjects, in one message rather than one a lesson. The families hear of
each lesson as of any other change (rules/schedule.py)."""

from typing import Any

from sqlalchemy import select

from db.models import Lesson, OutboxEvent, Person, SchoolClass, Subject
from notifications.rules.audience import accounts_of
from notifications.rules.notice import PERSONAL, Notice, RuleContext
from notifications.rules.prefs import load_prefs
from texts import notification_phrases
from texts.declension import Case, decline_name


async def substitution_notices(rc: RuleContext, event: OutboxEvent) -> list[Notice]:
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
    teacher = await rc.session.get(Person, int(p["teacher_id"]))
    if not rows or teacher is None:
        return []
    text = notification_phrases.substitution_for_days(
        decline_name(teacher.short_name, Case.GENITIVE, teacher.gender),
        str(p.get("note", "")),
        [
            (day, number, f"{grade}{letter}", subject)
            for day, number, grade, letter, subject in rows
        ],
    )
    recipients = (await accounts_of(rc.session, [substitute_id], rc.platforms)).get(
        substitute_id, []
    )
    prefs = await load_prefs(rc.session, (r.account_id for r in recipients))
    return [
        Notice(
            recipient=r,
            kind="substitution",
            text=text,
            priority=PERSONAL,
            quiet=prefs.get(r.account_id).quiet,
            ref_id=event.id,
            expires_at=rc.end_of(rows[-1][0]),
        )
        for r in recipients
    ]
