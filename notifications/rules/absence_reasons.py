"""The class teacher hears a guardian's answer to an absence alert."""

from typing import Any

from db.models import AbsenceReasonReport, Lesson, OutboxEvent, Person, SchoolClass
from db.names import short_name
from notifications.rules.audience import accounts_of, pupil_info
from notifications.rules.notice import Notice, RuleContext, quiet_notices
from texts import notification_phrases


async def reason_notices(rc: RuleContext, event: OutboxEvent) -> list[Notice]:
    """Tells the class teacher a guardian's answer."""
    p: dict[str, Any] = event.payload
    report = await rc.session.get(AbsenceReasonReport, int(p["report_id"]))
    if report is None:
        return []
    school_class = await rc.session.get(SchoolClass, report.class_id)
    lesson = await rc.session.get(Lesson, report.lesson_id)
    guardian = await rc.session.get(Person, report.reported_by)
    pupil = await pupil_info(rc.session, report.pupil_id)
    if not (school_class and school_class.class_teacher_id and lesson and guardian and pupil):
        return []
    text = notification_phrases.reason_for_teacher(
        short_name(guardian.last_name, guardian.first_name, guardian.middle_name),
        notification_phrases.who(pupil.first_name, pupil.class_title),
        lesson.number,
        lesson.date,
        notification_phrases.ABSENCE_REASONS.get(report.reason, report.reason),
    )
    accounts = await accounts_of(rc.session, [school_class.class_teacher_id], rc.platforms)
    recipients = accounts.get(school_class.class_teacher_id, [])
    return await quiet_notices(
        rc.session, recipients, kind="absence_reason", text=text, ref_id=report.id
    )
