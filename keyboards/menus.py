"""The keyboards of the conversation, built from typed presses (keyboards/payloads.py)."""

from collections.abc import Sequence
from datetime import date, timedelta

from keyboards.actions.family import (
    Announcements,
    Attendance,
    Children,
    ConsentNo,
    ConsentYes,
    Forget,
    GraduateArchive,
    Help,
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
    WriteTeacher,
)
from keyboards.actions.reports import PupilChart, ReportCard
from keyboards.actions.settings import Notify
from keyboards.actions.staff import StaffDay, StaffHome, StaffWeek
from keyboards.model import Button, Keyboard
from keyboards.payloads import Press, pack
from services.views import GraduateBrief, PupilBrief
from texts import phrases, report_phrases, settings_phrases, staff_phrases
from texts.formatting import graduate, whose

MAX_LABEL = 40
WEEK = timedelta(days=7)


def button(label: str, press: Press) -> Button:
    if len(label) > MAX_LABEL:
        label = label[: MAX_LABEL - 1] + "…"
    return Button(label, pack(press))


def to_menu(pupil: int | None = None) -> Button:
    return button(phrases.TO_MENU, Menu(pupil=pupil))


def family_menu(
    pupil: int, several_children: bool, is_staff: bool = False, is_guardian: bool = False
) -> Keyboard:
    news = [button(phrases.ANNOUNCEMENTS, Announcements())]
    if several_children:
        news.append(button(phrases.CHILDREN, Children()))
    if is_guardian:
        news.append(button(staff_phrases.WRITE_TEACHER, WriteTeacher(pupil=pupil)))
    staff = [button(staff_phrases.STAFF_HOME, StaffHome())] if is_staff else []
    # A VK keyboard takes 10 buttons: a teacher with several children of their own finds
    # the notifications under "Настройки".
    full = several_children and is_guardian and is_staff
    notify = [] if full else [button(settings_phrases.NOTIFICATIONS, Notify(pupil=pupil))]
    return Keyboard.of(
        [
            button(phrases.MARKS, Marks(pupil=pupil)),
            button(phrases.HOMEWORK, HomeworkNext(pupil=pupil)),
        ],
        [
            button(phrases.SCHEDULE, ScheduleDay(pupil=pupil)),
            button(phrases.ATTENDANCE, Attendance(pupil=pupil)),
        ],
        news,
        staff,
        [*notify, button(phrases.SETTINGS, Settings()), button(phrases.HELP, Help())],
    )


def marks_menu(pupil: int) -> Keyboard:
    return Keyboard.of(
        [
            button(phrases.MARKS_RECENT, Marks(pupil=pupil)),
            button(phrases.MARKS_BY_SUBJECT, MarksBySubject(pupil=pupil)),
            button(phrases.MARKS_FINAL, MarksFinal(pupil=pupil)),
        ],
        [
            button(report_phrases.PUPIL_CHART, PupilChart(pupil=pupil)),
            button(report_phrases.REPORT_CARD, ReportCard(pupil=pupil)),
        ],
        [to_menu(pupil)],
    )


def homework_menu(pupil: int) -> Keyboard:
    return Keyboard.of(
        [
            button(phrases.HOMEWORK_NEXT, HomeworkNext(pupil=pupil)),
            button(phrases.HOMEWORK_WEEK, HomeworkWeek(pupil=pupil)),
        ],
        [to_menu(pupil)],
    )


def schedule_day_menu(
    pupil: int, today: date, on: date, lessons: Sequence[tuple[int, str]]
) -> Keyboard:
    """lessons: (lesson id, label) of the day shown, each opening the lesson's details.
    Up to six lessons the keyboard fits one VK inline keyboard (10 buttons)."""
    opens = [button(label, ScheduleLesson(pupil=pupil, day=on, lesson=i)) for i, label in lessons]
    return Keyboard.of(
        *[opens[k : k + 2] for k in range(0, len(opens), 2)],
        [
            button(phrases.TODAY, ScheduleDay(pupil=pupil, paging=True)),
            button(phrases.TOMORROW, ScheduleDay(pupil=pupil, day=today + timedelta(1))),
            # Today's "Неделя" is the school week (the coming one at the weekend), as typed.
            button(phrases.WEEK, ScheduleWeek(pupil=pupil, day=None if on == today else on)),
            to_menu(pupil),
        ],
    )


def schedule_week_menu(monday: date, pupil: int | None = None) -> Keyboard:
    """Paging by week through the pupil's schedule."""
    return Keyboard.of(
        [
            button(phrases.PREV_WEEK, ScheduleWeek(pupil=pupil, day=monday - WEEK)),
            button(phrases.NEXT_WEEK, ScheduleWeek(pupil=pupil, day=monday + WEEK)),
        ],
        [button(phrases.TODAY, ScheduleDay(pupil=pupil, paging=True)), to_menu(pupil)],
    )


def staff_week_menu(monday: date) -> Keyboard:
    """Paging by week through the teacher's own timetable."""
    return Keyboard.of(
        [
            button(phrases.PREV_WEEK, StaffWeek(day=monday - WEEK)),
            button(phrases.NEXT_WEEK, StaffWeek(day=monday + WEEK)),
        ],
        [button(phrases.TODAY, StaffDay()), to_menu()],
    )


def staff_day_menu() -> Keyboard:
    return Keyboard.of([button(phrases.WEEK, StaffWeek()), to_menu()])


def children_menu(
    pupils: Sequence[PupilBrief], graduates: Sequence[GraduateBrief] = ()
) -> Keyboard:
    picks = [[button(whose(p), PickChild(pupil=p.id))] for p in pupils]
    picks += [[button(graduate(g), GraduateArchive(pupil=g.id))] for g in graduates]
    return Keyboard.of(*picks, [to_menu()])


def archive_buttons(graduates: Sequence[GraduateBrief]) -> list[list[Button]]:
    """One row a graduate: «Вера, выпускница 2027» opens the archive of the year she finished."""
    return [[button(graduate(g), GraduateArchive(pupil=g.id))] for g in graduates]


def graduates_menu(graduates: Sequence[GraduateBrief]) -> Keyboard:
    """A family whose children all finished school: each one's archive, and the account."""
    return Keyboard.of(
        *archive_buttons(graduates),
        [button(phrases.SETTINGS, Settings()), button(phrases.HELP, Help())],
    )


def archive_menu(with_children: bool) -> Keyboard:
    children = [button(phrases.CHILDREN, Children())] if with_children else []
    return Keyboard.of([*children, to_menu()])


def consent_menu() -> Keyboard:
    return Keyboard.of([button(phrases.AGREE, ConsentYes()), button(phrases.DISAGREE, ConsentNo())])


def settings_menu(several_children: bool) -> Keyboard:
    children = [button(phrases.CHILDREN, Children())] if several_children else []
    return Keyboard.of(
        [button(settings_phrases.NOTIFICATIONS, Notify())],
        children,
        [button(phrases.UNLINK, Unlink()), button(phrases.FORGET, Forget())],
        [button(phrases.HELP, Help()), to_menu()],
    )


def confirm_menu(yes_label: str, yes: Press) -> Keyboard:
    return Keyboard.of([button(yes_label, yes), button(phrases.CANCEL, Menu())])


def menu_only(pupil: int | None = None) -> Keyboard:
    return Keyboard.of([to_menu(pupil)])
