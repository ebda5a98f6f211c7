"""The deputy hands each teacher their own lines of the control of filling (001 §6.2: the
results of the check are brought to the teachers): one outbox event per teacher, which
notifications/ turns into a message to that teacher's chats."""

from datetime import date

from services import events
from services.context import Ctx
from services.errors import AccessDenied
from services.people.actor import Actor
from services.reports.filling import filling_report
from services.reports.menu import may_send_filling

FILLING_LINES = "filling.lines"
NOT_YOURS = "Замечания учителям рассылают заместитель директора и директор."
LINES_PER_MESSAGE = 40


async def send_filling_lines(ctx: Ctx, actor: Actor, start: date, end: date) -> int:
    """Queues each teacher's lines for the span; returns to how many teachers."""
    if not may_send_filling(actor):
        raise AccessDenied(NOT_YOURS)
    report = await filling_report(ctx, actor, start, end)
    for teacher_id, rows in report.teachers().items():
        lines = [f"{r.class_title}: {i.text}" for r in rows for i in r.issues]
        events.emit(
            ctx,
            actor.school_id,
            FILLING_LINES,
            {
                "teacher_id": teacher_id,
                "start": report.start.isoformat(),
                "end": report.end.isoformat(),
                "sent_by": actor.name,
                "lines": lines[:LINES_PER_MESSAGE],
                "more": max(0, len(lines) - LINES_PER_MESSAGE),
            },
        )
    events.audit(ctx, actor, "filling.sent", None, start=start.isoformat(), end=end.isoformat())
    return len(report.teachers())
