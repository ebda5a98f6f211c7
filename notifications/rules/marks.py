"""Marks: poor ones to guardians, every new, changed or deleted one to whoever asked for all.

The drain holds a mark's events for a grace window and hands them over together, folded into
their net effect, so a quick correction goes out as one corrected message (or none at all).
"""

from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import select

from db.models import OutboxEvent, Subject, WorkType
from notifications.rules.audience import family_recipients, pupil_info
from notifications.rules.notice import PERSONAL, Notice, RuleContext
from notifications.rules.prefs import Prefs, load_prefs
from services import events as kinds
from texts import notification_phrases

MARK_KINDS = frozenset({kinds.MARK_RECORDED, kinds.MARK_CHANGED, kinds.MARK_DELETED})


@dataclass(frozen=True)
class MarkOutcome:
    """The net effect of a run of one mark's events: "new", "changed" or "deleted"."""

    what: str
    mark_id: int
    pupil_id: int
    subject_id: int
    lesson_date: date
    value: int
    old_value: int | None
    work_type: str


def fold(group: list[OutboxEvent]) -> MarkOutcome | None:
    first: dict[str, Any] = group[0].payload
    last: dict[str, Any] = group[-1].payload
    head, tail = group[0].kind, group[-1].kind

    def outcome(what: str, value: int, old_value: int | None = None) -> MarkOutcome:
        return MarkOutcome(
            what,
            mark_id=int(first["mark_id"]),
            pupil_id=int(first["pupil_id"]),
            subject_id=int(last["subject_id"]),
            lesson_date=date.fromisoformat(last["lesson_date"]),
            value=value,
            old_value=old_value,
            work_type=str(last.get("work_type", "")),
        )

    if head == kinds.MARK_RECORDED:
        if tail == kinds.MARK_DELETED:
            return None
        return outcome("new", int(last["value"]))
    if head == kinds.MARK_CHANGED:
        old = int(first["old_value"])
        if tail == kinds.MARK_DELETED:
            return outcome("deleted", old)
        if int(last["value"]) == old:
            return None
        return outcome("changed", int(last["value"]), old)
    return outcome("deleted", int(first["value"]))


def _concerns(wanted: Prefs, outcome: MarkOutcome, is_guardian: bool) -> tuple[bool, bool]:
    """(tell at all, is it a poor mark) for this account's preferences."""
    poor_now = outcome.what != "deleted" and wanted.is_poor(outcome.subject_id, outcome.value)
    was_poor = (
        outcome.what == "deleted" and wanted.is_poor(outcome.subject_id, outcome.value)
    ) or (outcome.old_value is not None and wanted.is_poor(outcome.subject_id, outcome.old_value))
    if wanted.all_marks:
        return True, poor_now
    # A guardian told of a poor mark hears of its correction or deletion too.
    return is_guardian and wanted.poor_marks and (poor_now or was_poor), poor_now


async def _names(rc: RuleContext, outcome: MarkOutcome) -> tuple[str, str]:
    subject = await rc.session.get(Subject, outcome.subject_id)
    work = await rc.session.scalar(
        select(WorkType.name).where(
            WorkType.school_id == rc.school.id, WorkType.code == outcome.work_type
        )
    )
    return (subject.name if subject else "", work or outcome.work_type)


def _text(outcome: MarkOutcome, pupil: str, subject: str, work: str, poor: bool) -> str:
    if outcome.what == "new":
        return notification_phrases.mark_new(
            pupil, outcome.value, subject, work, outcome.lesson_date, poor
        )
    if outcome.what == "changed":
        assert outcome.old_value is not None
        return notification_phrases.mark_changed(
            pupil, outcome.old_value, outcome.value, subject, outcome.lesson_date
        )
    return notification_phrases.mark_deleted(pupil, outcome.value, subject, outcome.lesson_date)


async def mark_notices(rc: RuleContext, group: list[OutboxEvent]) -> list[Notice]:
    outcome = fold(group)
    if outcome is None:
        return []
    pupil = await pupil_info(rc.session, outcome.pupil_id)
    if pupil is None:
        return []
    subject, work = await _names(rc, outcome)
    who = notification_phrases.who(pupil.first_name, pupil.class_title)
    pairs = await family_recipients(rc.session, [pupil.id], pupils=True, platforms=rc.platforms)
    prefs = await load_prefs(
        rc.session, (acc.account_id for acc, _ in pairs), rc.school.poor_mark_threshold
    )
    notices = []
    for recipient, pupil_id in pairs:
        wanted = prefs.get(recipient.account_id, pupil_id)
        tell, poor = _concerns(wanted, outcome, recipient.person_id != pupil.id)
        if not tell:
            continue
        notices.append(
            Notice(
                recipient=recipient,
                kind=f"mark.{outcome.what}",
                text=_text(outcome, who, subject, work, poor),
                priority=PERSONAL,
                quiet=wanted.quiet,
                topic=f"mark:{outcome.mark_id}",
                ref_id=outcome.mark_id,
            )
        )
    return notices
