"""A teacher's own lines of the control of filling, sent on by the deputy
(services.reports.filling_sending): one message to each of the teacher's chats."""

from datetime import date
from typing import Any

from db.models import OutboxEvent
from notifications.rules.messages import personal_notices
from notifications.rules.notice import Notice, RuleContext
from texts import report_phrases


async def filling_notices(rc: RuleContext, event: OutboxEvent) -> list[Notice]:
    p: dict[str, Any] = event.payload
    start, end = date.fromisoformat(p["start"]), date.fromisoformat(p["end"])
    text = report_phrases.FILLING_LINES.format(
        start=f"{start:%d.%m}",
        end=f"{end:%d.%m.%Y}",
        who=p["sent_by"],
        lines="\n".join(f"• {line}" for line in p["lines"]),
    )
    if p.get("more"):
        text += report_phrases.FILLING_MORE.format(more=p["more"])
    return await personal_notices(
        rc, int(p["teacher_id"]), kind="filling_lines", text=text, ref_id=event.id
    )
