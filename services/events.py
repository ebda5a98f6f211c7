"""Outbox event kinds: written with the change that causes them, delivered by notifications/."""

from typing import Any

from db.models import AuditEntry, OutboxEvent
from services.context import Ctx
from services.people.actor import Actor

MARK_RECORDED = "mark.recorded"
MARK_CHANGED = "mark.changed"
MARK_DELETED = "mark.deleted"
ATTENDANCE_RECORDED = "attendance.recorded"
HOMEWORK_SET = "homework.set"
TOPIC_SET = "topic.set"
FINAL_MARK_SET = "final_mark.set"
LESSON_CHANGED = "lesson.changed"
ANNOUNCEMENT_PUBLISHED = "announcement.published"
INVITE_REDEEMED = "invite.redeemed"


def emit(ctx: Ctx, school_id: int, kind: str, payload: dict[str, Any]) -> None:
    ctx.session.add(
        OutboxEvent(school_id=school_id, kind=kind, payload=payload, created_at=ctx.now)
    )


def audit(
    ctx: Ctx,
    actor: Actor | None,
    action: str,
    subject_person_id: int | None = None,
    **details: Any,
) -> None:
    ctx.session.add(
        AuditEntry(
            actor_id=actor.person_id if actor else None,
            action=action,
            subject_person_id=subject_person_id,
            details=details,
            at=ctx.now,
        )
    )


def staff_read(ctx: Ctx, actor: Actor, pupil_id: int, what: str) -> None:
    """A staff member opened one pupil's record (marks, finals, report card): kept in the audit
    log (see README, «Журнал аудита»). The pupil's own and their guardians' reads are not:
    it is their own data."""
    if actor.is_staff and pupil_id != actor.person_id and pupil_id not in actor.children:
        audit(ctx, actor, "pupil.read", pupil_id, what=what)
