"""Buttons under notifications ("Болеет", "Ознакомлен"): what was pressed goes to its service,
which checks again that this person may do it."""

from handlers.core.io import Reply
from handlers.core.menu import menu_keyboard, stale
from handlers.core.turn import Turn
from keyboards.actions.notices import AbsenceReason, AnnouncementRead
from services.attendance.absence_reasons import record_absence_reason
from services.messages.announcing import mark_announcement_read
from texts import notification_phrases


async def absence_reason(turn: Turn, press: AbsenceReason) -> list[Reply]:
    if press.reason not in notification_phrases.ABSENCE_REASONS:
        return await stale(turn)
    text = await turn.run(record_absence_reason, press.lesson, press.pupil, press.reason)
    return [Reply(text, menu_keyboard(turn.viewer))]


async def announcement_read(turn: Turn, press: AnnouncementRead) -> list[Reply]:
    await turn.run(mark_announcement_read, press.announcement)
    return [Reply(notification_phrases.ANNOUNCEMENT_READ, menu_keyboard(turn.viewer))]
