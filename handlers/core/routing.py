"""Which handler answers: gates by the chat's standing (stranger, awaiting consent, ready)."""

import logging

from handlers.account import help, notification_buttons, notification_settings, start
from handlers.core import menu, states
from handlers.core.io import Reply
from handlers.core.menu import Handler
from handlers.core.parsing import Parsed, parse
from handlers.core.turn import Turn
from handlers.family import announcements, attendance, children, homework, marks, schedule
from handlers.staff import homework_files, timetable
from handlers.staff.routes import STAFF_HANDLERS, TEXT_FLOWS
from keyboards.notification_buttons import is_notification_payload
from keyboards.payloads import Action, is_stale

logger = logging.getLogger(__name__)

HANDLERS: dict[Action, Handler] = {
    Action.MENU: menu.show_menu,
    Action.MARKS: marks.recent,
    Action.MARKS_BY_SUBJECT: marks.by_subject,
    Action.MARKS_FINAL: marks.finals,
    Action.HOMEWORK_NEXT: homework.next_day,
    Action.HOMEWORK_WEEK: homework.week,
    Action.HOMEWORK_FILE: homework.send_file,
    Action.SCHEDULE_DAY: schedule.show_day,
    Action.SCHEDULE_WEEK: schedule.show_week,
    Action.LESSON: schedule.show_lesson,
    Action.ATTENDANCE: attendance.show,
    Action.ANNOUNCEMENTS: announcements.show,
    Action.HELP: help.show_help,
    Action.SETTINGS: help.settings,
    Action.CHILDREN: children.offer,
    Action.PICK_CHILD: children.choose,
    Action.CONSENT_YES: start.consent_yes,
    Action.CONSENT_NO: start.consent_no,
    Action.UNLINK: start.ask_unlink,
    Action.UNLINK_YES: start.do_unlink,
    Action.FORGET: start.ask_forget,
    Action.FORGET_YES: start.do_forget,
    Action.STAFF_DAY: timetable.my_day,
    Action.STAFF_WEEK: timetable.my_week,
    **STAFF_HANDLERS,
    **notification_settings.HANDLERS,
}
OPEN_TO_ALL = frozenset({Action.MENU, Action.HELP, Action.FORGET, Action.FORGET_YES})
BEFORE_CONSENT = OPEN_TO_ALL | {
    Action.CONSENT_YES,
    Action.CONSENT_NO,
    Action.UNLINK,
    Action.UNLINK_YES,
}


def _leaves(parsed: Parsed) -> bool:
    """Typed "Отмена" or "В меню" leaves a flow waiting for text; anything else is the text."""
    return parsed.payload is not None and parsed.payload.action == Action.MENU


async def route(turn: Turn) -> list[Reply]:
    viewer = turn.viewer
    parsed = parse(turn.incoming, viewer.today)
    # A question is answered by the very next message or not at all: a "да" typed later,
    # after the person went elsewhere, must not delete their account.
    asked = turn.state[0]
    if asked in states.QUESTIONS:
        await turn.clear_state()
    if turn.incoming.files:
        return await homework_files.received(turn)
    if parsed.start:
        return await start.start(turn, parsed.argument)
    if is_notification_payload(turn.incoming.payload) and viewer.ready:
        return await notification_buttons.answer(turn)
    flow = TEXT_FLOWS.get(asked)
    if flow is not None and viewer.ready:
        typed = (turn.incoming.text or "").strip()
        if parsed.payload is not None and turn.incoming.payload is not None:
            if parsed.payload.action not in flow[1]:
                await turn.clear_state()
        elif typed and not typed.startswith("/") and not _leaves(parsed):
            return await flow[0](turn, typed)
    if parsed.stale:
        logger.info(
            "unreadable button (%s) from %s",
            "stale" if is_stale(turn.incoming.payload) else "garbage",
            turn.platform.value,
        )
        if viewer.actor is None:
            return await start.start(turn, None)
        return await menu.stale(turn)
    if parsed.payload is None:
        if viewer.actor is None:
            return await start.text_from_stranger(turn, parsed.text)
        confirmed = await start.confirm_by_text(turn, asked, parsed.text)
        if confirmed is not None:
            return confirmed
        if not viewer.status.consent_given:
            return [menu.consent_reply(viewer)]
        if parsed.page:
            return await schedule.page_by_text(turn, parsed.page)
        return await menu.not_understood(turn)
    action = parsed.payload.action
    if viewer.actor is None and action not in OPEN_TO_ALL:
        return await start.start(turn, None)
    if not viewer.ready and action not in BEFORE_CONSENT:
        return [menu.consent_reply(viewer)]
    return await HANDLERS[action](turn, parsed.payload)
