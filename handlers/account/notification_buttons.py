"""Buttons under notifications ("Болеет", "Ознакомлен"): what was pressed goes to its service,
which checks again that this person may do it."""

from handlers.core.io import Reply
from handlers.core.menu import menu_keyboard, stale
from handlers.core.turn import Turn
from keyboards.notification_buttons import AbsenceReasonPress, AnnouncementReadPress, parse
from services.attendance.absence_reasons import record_absence_reason
from services.messages.announcing import mark_announcement_read
from texts import notification_phrases


async def answer(turn: Turn) -> list[Reply]:
    pressed = parse(turn.incoming.payload)
    if isinstance(pressed, AbsenceReasonPress):
        text = await turn.run(
            record_absence_reason, pressed.lesson_id, pressed.pupil_id, pressed.reason
        )
    elif isinstance(pressed, AnnouncementReadPress):
        await turn.run(mark_announcement_read, pressed.announcement_id)
        text = notification_phrases.ANNOUNCEMENT_READ
    else:
        return await stale(turn)
    return [Reply(text, menu_keyboard(turn.viewer))]
