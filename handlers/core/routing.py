"""Which handler answers: gates by the chat's standing (stranger, awaiting consent, ready), then
the routing table, one line per press: the family's and everyone's here, the staff's in
handlers.staff.routes, the notification settings' in handlers.account.notification_settings."""

import logging

from handlers.account import help, notification_buttons, notification_settings, start
from handlers.core import menu
from handlers.core.dispatch import on, table
from handlers.core.io import Reply
from handlers.core.menu import menu_reply
from handlers.core.navigation import in_place, moves
from handlers.core.parsing import FOR_FAMILY, Parsed, parse
from handlers.core.states import QUESTIONS
from handlers.core.turn import Turn, Viewer
from handlers.core.typed_requests import Refusal, SubjectMarks
from handlers.family import (
    announcements,
    attendance,
    children,
    graduates,
    homework,
    marks,
    pictures,
    schedule,
)
from handlers.staff import homework_files, school_import
from handlers.staff.routes import STAFF_ROUTES, TEXT_FLOWS
from keyboards.actions.family import (
    Announcements,
    Attendance,
    Children,
    ConsentNo,
    ConsentYes,
    Forget,
    ForgetYes,
    GraduateArchive,
    Help,
    HomeworkFile,
    HomeworkNext,
    HomeworkWeek,
    Marks,
    MarksBySubject,
    MarksFinal,
    Menu,
    PickChild,
    ScheduleDay,
    ScheduleLesson,
    ScheduleWeek,
    Settings,
    Unlink,
    UnlinkYes,
)
from keyboards.actions.notices import AbsenceReason, AnnouncementRead
from keyboards.actions.reports import PupilChart, ReportCard
from keyboards.payloads import is_stale

logger = logging.getLogger(__name__)

FAMILY_ROUTES = (
    on(Menu, menu.show_menu),
    on(Marks, marks.recent),
    on(MarksBySubject, marks.by_subject),
    on(MarksFinal, marks.finals),
    on(PupilChart, pictures.chart),
    on(ReportCard, pictures.card),
    on(HomeworkNext, homework.next_day),
    on(HomeworkWeek, homework.week),
    on(HomeworkFile, homework.send_file),
    on(ScheduleDay, schedule.show_day),
    on(ScheduleWeek, schedule.show_week),
    on(ScheduleLesson, schedule.show_lesson),
    on(Attendance, attendance.show),
    on(Announcements, announcements.show),
    on(Children, children.offer),
    on(PickChild, children.choose),
    on(GraduateArchive, graduates.show_archive),
)
ACCOUNT_ROUTES = (
    on(Help, help.show_help),
    on(Settings, help.settings),
    on(ConsentYes, start.consent_yes),
    on(ConsentNo, start.consent_no),
    on(Unlink, start.ask_unlink),
    on(UnlinkYes, start.do_unlink),
    on(Forget, start.ask_forget),
    on(ForgetYes, start.do_forget),
    on(AbsenceReason, notification_buttons.absence_reason),
    on(AnnouncementRead, notification_buttons.announcement_read),
)
ROUTES = table(FAMILY_ROUTES, ACCOUNT_ROUTES, STAFF_ROUTES, notification_settings.ROUTES)
OPEN_TO_ALL = frozenset({Menu, Help, Forget, ForgetYes})
# Buttons under notifications are answered without leaving the flow the chat is in.
ASIDE = frozenset({AbsenceReason, AnnouncementRead})
BEFORE_CONSENT = OPEN_TO_ALL | {ConsentYes, ConsentNo, Unlink, UnlinkYes}


def _leaves(parsed: Parsed) -> bool:
    """Typed "Отмена" or "В меню" leaves a flow waiting for text; anything else is the text."""
    return isinstance(parsed.press, Menu)


def _family_only(viewer: Viewer) -> bool:
    return bool(viewer.pupils) and viewer.actor is not None and not viewer.actor.is_staff


async def route(turn: Turn) -> list[Reply]:
    viewer = turn.viewer
    parsed = parse(turn.incoming, viewer.today)
    # A question is answered by the very next message or not at all: a "да" typed later,
    # after the person went elsewhere, must not delete their account.
    asked = turn.state
    if isinstance(asked, QUESTIONS):
        turn.clear_state()
    if turn.incoming.files:
        if school_import.takes(turn):
            return await school_import.received(turn)
        return await homework_files.received(turn)
    if parsed.start:
        return await start.start(turn, parsed.argument)
    flow = TEXT_FLOWS.get(type(asked)) if asked is not None else None
    if flow is not None and viewer.ready:
        typed = (turn.incoming.text or "").strip()
        if parsed.press is not None and turn.incoming.payload is not None:
            if type(parsed.press) not in flow.keeps | ASIDE:
                turn.clear_state()
        elif flow.strict and parsed.press is not None:
            turn.clear_state()
        elif typed and not typed.startswith("/") and not _leaves(parsed):
            if flow.takes is not None:
                return await flow.takes(turn, typed)
            turn.clear_state()
        elif _leaves(parsed) and flow.before_leaving is not None:
            asking = await flow.before_leaving(turn)
            if asking is not None:
                return asking
    if parsed.stale:
        logger.info(
            "unreadable button (%s) from %s",
            "stale" if is_stale(turn.incoming.payload) else "garbage",
            turn.platform.value,
        )
        if viewer.actor is None:
            return await start.start(turn, None)
        return await menu.stale(turn)
    press = parsed.press
    if press in FOR_FAMILY and not turn.pressed and _family_only(viewer):
        press = FOR_FAMILY[press]
    if press is None:
        if viewer.actor is None:
            return await start.text_from_stranger(turn, parsed.text)
        confirmed = await start.confirm_by_text(turn, asked, parsed.text)
        if confirmed is not None:
            return confirmed
        if not viewer.status.consent_given:
            return [menu.consent_reply(viewer)]
        if parsed.page:
            return await schedule.page_by_text(turn, parsed.page)
        if isinstance(parsed.request, SubjectMarks):
            return await marks.of_subject(turn, parsed.request.words)
        if isinstance(parsed.request, Refusal):
            return [menu_reply(viewer, note=parsed.request.text)]
        return await menu.not_understood(turn)
    if viewer.actor is None and type(press) not in OPEN_TO_ALL:
        return await start.start(turn, None)
    if not viewer.ready and type(press) not in BEFORE_CONSENT:
        return [menu.consent_reply(viewer)]
    replies = await ROUTES[type(press)](turn, press)
    return in_place(replies) if turn.pressed and moves(press) else replies
