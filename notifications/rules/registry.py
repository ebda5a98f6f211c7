"""Which rule turns which outbox event into notices; mark events come folded in groups."""

from collections.abc import Awaitable, Callable, Sequence

from db.models import OutboxEvent
from notifications.rules.absence_reasons import reason_notices
from notifications.rules.announcements import announcement_notices
from notifications.rules.attendance import attendance_notices
from notifications.rules.filling import filling_notices
from notifications.rules.marks import MARK_KINDS, mark_notices
from notifications.rules.messages import answer_notices, question_notices
from notifications.rules.notice import Notice, RuleContext
from notifications.rules.schedule import schedule_notices
from notifications.rules.substitutions import lesson_substitute_notices, substitution_notices
from services import events as kinds
from services.attendance.absence_reasons import ABSENCE_REASON_REPORTED
from services.messages.direct import MESSAGE_ANSWERED, MESSAGE_SENT
from services.reports.filling_sending import FILLING_LINES
from services.roster.staff import SUBSTITUTED_FOR_DAYS

Rule = Callable[[RuleContext, OutboxEvent], Awaitable[list[Notice]]]


async def lesson_changed_notices(rc: RuleContext, event: OutboxEvent) -> list[Notice]:
    """The class's families, and the lesson's substitutes if it has or had any."""
    return [*await schedule_notices(rc, event), *await lesson_substitute_notices(rc, event)]


RULES: dict[str, Rule] = {
    kinds.ATTENDANCE_RECORDED: attendance_notices,
    kinds.LESSON_CHANGED: lesson_changed_notices,
    kinds.ANNOUNCEMENT_PUBLISHED: announcement_notices,
    ABSENCE_REASON_REPORTED: reason_notices,
    MESSAGE_SENT: question_notices,
    MESSAGE_ANSWERED: answer_notices,
    FILLING_LINES: filling_notices,
    SUBSTITUTED_FOR_DAYS: substitution_notices,
}


async def notices_for(rc: RuleContext, group: Sequence[OutboxEvent]) -> list[Notice]:
    """Notices for one event, or for one mark's run of events (oldest first)."""
    if group[0].kind in MARK_KINDS:
        return await mark_notices(rc, list(group))
    rule = RULES.get(group[0].kind)
    return await rule(rc, group[0]) if rule else []
