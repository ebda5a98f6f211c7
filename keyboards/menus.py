"""The keyboards of the conversation, built from typed payloads."""

from collections.abc import Sequence
from datetime import date, timedelta

from keyboards.model import Button, Keyboard
from keyboards.payloads import Action, Payload, pack
from services.views import PupilBrief
from texts import phrases, settings_phrases, staff_phrases
from texts.formatting import whose

MAX_LABEL = 40
WEEK = timedelta(days=7)


def button(
    label: str,
    action: Action,
    *,
    pupil: int | None = None,
    day: date | None = None,
    item: int | None = None,
) -> Button:
    if len(label) > MAX_LABEL:
        label = label[: MAX_LABEL - 1] + "…"
    return Button(label, pack(Payload(action, pupil=pupil, day=day, item=item)))


def to_menu(pupil: int | None = None) -> Button:
    return button(phrases.TO_MENU, Action.MENU, pupil=pupil)


def family_menu(
    pupil: int, several_children: bool, is_staff: bool = False, is_guardian: bool = False
) -> Keyboard:
    news = [button(phrases.ANNOUNCEMENTS, Action.ANNOUNCEMENTS)]
    if several_children:
        news.append(button(phrases.CHILDREN, Action.CHILDREN))
    if is_guardian:
        news.append(button(staff_phrases.WRITE_TEACHER, Action.WRITE_TEACHER, pupil=pupil))
    staff = [button(staff_phrases.STAFF_HOME, Action.STAFF_HOME)] if is_staff else []
    # A VK keyboard takes 10 buttons: a teacher with several children of their own finds
    # the notifications under "Настройки".
    full = several_children and is_guardian and is_staff
    notify = [] if full else [button(settings_phrases.NOTIFICATIONS, Action.NOTIFY, pupil=pupil)]
    return Keyboard.of(
        [
            button(phrases.MARKS, Action.MARKS, pupil=pupil),
            button(phrases.HOMEWORK, Action.HOMEWORK_NEXT, pupil=pupil),
        ],
        [
            button(phrases.SCHEDULE, Action.SCHEDULE_DAY, pupil=pupil),
            button(phrases.ATTENDANCE, Action.ATTENDANCE, pupil=pupil),
        ],
        news,
        staff,
        [*notify, button(phrases.SETTINGS, Action.SETTINGS), button(phrases.HELP, Action.HELP)],
    )


def marks_menu(pupil: int) -> Keyboard:
    return Keyboard.of(
        [
            button(phrases.MARKS_RECENT, Action.MARKS, pupil=pupil),
            button(phrases.MARKS_BY_SUBJECT, Action.MARKS_BY_SUBJECT, pupil=pupil),
            button(phrases.MARKS_FINAL, Action.MARKS_FINAL, pupil=pupil),
        ],
        [to_menu(pupil)],
    )


def homework_menu(pupil: int) -> Keyboard:
    return Keyboard.of(
        [
            button(phrases.HOMEWORK_NEXT, Action.HOMEWORK_NEXT, pupil=pupil),
            button(phrases.HOMEWORK_WEEK, Action.HOMEWORK_WEEK, pupil=pupil),
        ],
        [to_menu(pupil)],
    )


def schedule_day_menu(
    pupil: int, today: date, on: date, lessons: Sequence[tuple[int, str]]
) -> Keyboard:
    """lessons: (lesson id, label) of the day shown, each opening the lesson's details.
    Up to six lessons the keyboard fits one VK inline keyboard (10 buttons)."""
    opens = [button(label, Action.LESSON, pupil=pupil, day=on, item=i) for i, label in lessons]
    return Keyboard.of(
        *[opens[k : k + 2] for k in range(0, len(opens), 2)],
        [
            button(phrases.TODAY, Action.SCHEDULE_DAY, pupil=pupil),
            button(phrases.TOMORROW, Action.SCHEDULE_DAY, pupil=pupil, day=today + timedelta(1)),
            button(phrases.WEEK, Action.SCHEDULE_WEEK, pupil=pupil, day=on),
            to_menu(pupil),
        ],
    )


def week_menu(action: Action, monday: date, pupil: int | None = None) -> Keyboard:
    """Paging by week for the pupil's (SCHEDULE_WEEK) or the teacher's (STAFF_WEEK) schedule."""
    day_action = Action.SCHEDULE_DAY if action == Action.SCHEDULE_WEEK else Action.STAFF_DAY
    return Keyboard.of(
        [
            button(phrases.PREV_WEEK, action, pupil=pupil, day=monday - WEEK),
            button(phrases.NEXT_WEEK, action, pupil=pupil, day=monday + WEEK),
        ],
        [button(phrases.TODAY, day_action, pupil=pupil), to_menu(pupil)],
    )


def staff_day_menu() -> Keyboard:
    return Keyboard.of([button(phrases.WEEK, Action.STAFF_WEEK), to_menu()])


def children_menu(pupils: Sequence[PupilBrief]) -> Keyboard:
    picks = [[button(whose(p), Action.PICK_CHILD, pupil=p.id)] for p in pupils]
    return Keyboard.of(*picks, [to_menu()])


def consent_menu() -> Keyboard:
    return Keyboard.of(
        [button(phrases.AGREE, Action.CONSENT_YES), button(phrases.DISAGREE, Action.CONSENT_NO)]
    )


def settings_menu(several_children: bool) -> Keyboard:
    children = [button(phrases.CHILDREN, Action.CHILDREN)] if several_children else []
    return Keyboard.of(
        [button(settings_phrases.NOTIFICATIONS, Action.NOTIFY)],
        children,
        [button(phrases.UNLINK, Action.UNLINK), button(phrases.FORGET, Action.FORGET)],
        [button(phrases.HELP, Action.HELP), to_menu()],
    )


def confirm_menu(yes_label: str, yes: Action) -> Keyboard:
    return Keyboard.of([button(yes_label, yes), button(phrases.CANCEL, Action.MENU)])


def menu_only(pupil: int | None = None) -> Keyboard:
    return Keyboard.of([to_menu(pupil)])
