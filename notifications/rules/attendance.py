"""Absences and lateness reach the guardians at once, at any hour, with buttons to give a reason.

Decisions: "absent" and "late" are alerts; "ill" and "excused" are told only when they correct
an alert the guardians already had (otherwise the family knows the reason); "present" after an
alert withdraws it; "exempt" is never told.
"""

from datetime import date, time
from typing import Any

from sqlalchemy import select

from db.enums import Gender
from db.models import AbsenceReasonReport, Lesson, OutboxEvent, SchoolClass, Subject
from keyboards import notification_buttons
from notifications.rules.audience import family_recipients, pupil_info
from notifications.rules.notice import PERSONAL, URGENT, Notice, RuleContext
from notifications.rules.prefs import load_prefs
from services.lessons.timing import slot_interval
from texts import notification_phrases

ALERTS = frozenset({"absent", "late"})
EXCUSES = frozenset({"ill", "excused"})


async def _start_time(rc: RuleContext, lesson: Lesson | None, on: date, number: int) -> time | None:
    class_id = lesson.class_id if lesson else None
    school_class = await rc.session.get(SchoolClass, class_id) if class_id else None
    if school_class is None:
        return None
    interval = await slot_interval(rc.ctx(), school_class, on, number)
    return rc.local(interval[0]).time() if interval else None


async def _reasons_given(rc: RuleContext, pupil_id: int, on: date) -> dict[int, str]:
    rows = await rc.session.execute(
        select(AbsenceReasonReport.reported_by, AbsenceReasonReport.reason)
        .where(AbsenceReasonReport.pupil_id == pupil_id, AbsenceReasonReport.lesson_date == on)
        .order_by(AbsenceReasonReport.id)
    )
    return {person: reason for person, reason in rows.all()}


def _text(
    status: str, previous: str, pupil: str, number: int, line: str, gender: Gender | None
) -> str | None:
    if status == "absent":
        return notification_phrases.absent(pupil, number, line)
    if status == "late":
        return notification_phrases.late(pupil, number, line, gender)
    if status in EXCUSES and previous in ALERTS:
        return notification_phrases.absence_excused(pupil, number, line, status)
    if status == "present" and previous in ALERTS:
        return notification_phrases.absence_withdrawn(pupil, number, line)
    return None


async def attendance_notices(rc: RuleContext, event: OutboxEvent) -> list[Notice]:
    p: dict[str, Any] = event.payload
    status, previous = p["status"], p.get("previous_status") or "present"
    pupil = await pupil_info(rc.session, int(p["pupil_id"]))
    if pupil is None:
        return []
    on = date.fromisoformat(p["lesson_date"])
    lesson = await rc.session.get(Lesson, int(p["lesson_id"]))
    number = int(p.get("lesson_number") or (lesson.number if lesson else 0))
    subject = await rc.session.get(Subject, int(p["subject_id"]))
    starts = await _start_time(rc, lesson, on, number)
    line = notification_phrases.lesson_line(number, subject.name if subject else "", starts, on)
    text = _text(
        status,
        previous,
        notification_phrases.who(pupil.first_name, pupil.class_title),
        number,
        line,
        pupil.gender,
    )
    if text is None:
        return []
    pairs = await family_recipients(rc.session, [pupil.id], platforms=rc.platforms)
    prefs = await load_prefs(rc.session, (acc.account_id for acc, _ in pairs))
    given = await _reasons_given(rc, pupil.id, on) if status == "absent" else {}
    alert = status in ALERTS or status == "present"
    notices = []
    for recipient, pupil_id in pairs:
        wanted = prefs.get(recipient.account_id, pupil_id)
        if not wanted.absences:
            continue
        keyboard = None
        body = text
        if status == "absent":
            reason = given.get(recipient.person_id)
            if reason is None:
                keyboard = notification_buttons.absence_keyboard(int(p["lesson_id"]), pupil.id)
            else:
                label = notification_phrases.ABSENCE_REASONS[reason]
                body = f"{text}\n{notification_phrases.reason_already_given(label)}"
        notices.append(
            Notice(
                recipient=recipient,
                kind=f"attendance.{status}",
                text=body,
                keyboard=keyboard,
                priority=URGENT if alert else PERSONAL,
                quiet=None if alert else (wanted.quiet_from, wanted.quiet_to),
                topic=f"att:{p['lesson_id']}:{pupil.id}",
                ref_id=int(p["lesson_id"]),
                expires_at=rc.end_of(on),
            )
        )
    return notices
