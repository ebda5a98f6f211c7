"""The staff's keyboards: the main menu by role, the lesson card, and long lists of pupils laid
out for the messenger (Telegram takes 100 buttons a message, a VK inline keyboard only 10)."""

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from db.enums import Platform
from keyboards.actions.family import Announcements, Help, Settings
from keyboards.actions.health import HealthClass, HealthClasses
from keyboards.actions.reports import Reports
from keyboards.actions.staff import (
    Announce,
    Card,
    ChangeDay,
    Finals,
    HomeworkSet,
    Inbox,
    Lessons,
    MarksList,
    MyClass,
    Now,
    RollCall,
    Roster,
    StaffWeek,
    Topic,
)
from keyboards.menus import archive_buttons, button, to_menu
from keyboards.model import Button, Keyboard
from services.people.actor import Actor, Role
from services.reports.scope import may_report
from services.staff_views import LessonSheet
from services.views import GraduateBrief
from texts import health_phrases, phrases, report_phrases, staff_phrases


@dataclass(frozen=True)
class Layout:
    per_row: int
    # Items of a long list (pupils, teachers) shown at once; more are paged with ◀ ▶.
    page_size: int


# A 30-pupil class fits one Telegram message (100 buttons); a VK inline keyboard takes 10.
TELEGRAM_PAGE = 40
VK_BUTTONS = 10
PAGING_BUTTONS = 2  # ◀ ▶


def layout(platform: Platform, reserved: int = 2, per_row: int = 2) -> Layout:
    """How many items a page shows, leaving room for `reserved` other buttons and ◀ ▶:
    on VK six pupils, ◀ ▶ and "Все на месте", "Сохранить" make one keyboard of 10."""
    if platform != Platform.VK:
        return Layout(per_row, TELEGRAM_PAGE)
    return Layout(per_row, max(per_row, VK_BUTTONS - PAGING_BUTTONS - reserved))


def rows_of(buttons: Sequence[Button], per_row: int) -> list[list[Button]]:
    return [list(buttons[k : k + per_row]) for k in range(0, len(buttons), per_row)]


def page_of(count: int, page: int, size: int) -> tuple[int, int, slice]:
    """The page actually shown (clamped), the number of pages, and the slice of items."""
    pages = max(1, -(-count // size))
    page = min(max(1, page), pages)
    return page, pages, slice((page - 1) * size, page * size)


def paged(
    buttons: Sequence[Button],
    page: int,
    fit: Layout,
    turn_to: Callable[[str, int], Button],
) -> tuple[list[list[Button]], int, int]:
    """One page of `buttons` in rows, then ◀ ▶ (wrapping round) when there are several pages."""
    page, pages, part = page_of(len(buttons), page, fit.page_size)
    rows = rows_of(buttons[part], fit.per_row)
    if pages > 1:
        back = page - 1 if page > 1 else pages
        forward = page + 1 if page < pages else 1
        rows.append(
            [turn_to(staff_phrases.PREV_PAGE, back), turn_to(staff_phrases.NEXT_PAGE, forward)]
        )
    return rows, page, pages


def staff_menu(actor: Actor, archives: Sequence[GraduateBrief] = ()) -> Keyboard:
    """The menu by role; `archives`: the graduates of their own whose archive they may open."""
    second = [button(staff_phrases.FINALS, Finals())] if actor.has(Role.TEACHER) else []
    second.append(button(staff_phrases.INBOX, Inbox()))
    # The medic keeps the health sheet; the administration reads any class's (004 §9).
    if actor.has(Role.MEDIC, Role.DEPUTY, Role.DIRECTOR):
        second.append(button(health_phrases.HEALTH_SHEET, HealthClasses()))
    if may_report(actor):
        second.append(button(report_phrases.REPORTS, Reports()))
    board = [button(phrases.ANNOUNCEMENTS, Announcements())]
    if actor.has(Role.DEPUTY, Role.DIRECTOR):
        board.append(button(staff_phrases.ANNOUNCE, Announce()))
    # A director or an administrator gives no lessons; a deputy may take a substitution.
    gives_lessons = actor.has(Role.TEACHER, Role.CLASS_TEACHER, Role.DEPUTY)
    lessons = [button(staff_phrases.NOW, Now()), button(staff_phrases.LESSONS, Lessons())]
    return Keyboard.of(
        lessons if gives_lessons else [],
        second,
        [button(staff_phrases.MY_CLASS, MyClass())] if actor.has(Role.CLASS_TEACHER) else [],
        board,
        [button(staff_phrases.CHANGES, ChangeDay())] if actor.has(Role.DEPUTY, Role.ADMIN) else [],
        [button(staff_phrases.ROSTER, Roster())] if actor.has(Role.ADMIN) else [],
        *archive_buttons(archives),
        [button(phrases.SETTINGS, Settings()), button(phrases.HELP, Help())],
    )


def lessons_menu(
    lessons: Sequence[tuple[int, str]], on: date, today: date, earliest: date
) -> Keyboard:
    """The day's lessons to open, then the neighbouring days (none before `earliest`, the
    first day the chat opens, nor beyond a week ahead) and a week back."""
    opens = [button(label, Card(lesson=i)) for i, label in lessons]
    week_ago = on - timedelta(days=7)
    days = []
    if on > earliest:
        days.append(button(staff_phrases.PREV_DAY, Lessons(day=on - timedelta(days=1))))
    if (on - today).days < 7:
        days.append(button(staff_phrases.NEXT_DAY, Lessons(day=on + timedelta(days=1))))
    back = [button(staff_phrases.WEEK_BACK, Lessons(day=week_ago))] if week_ago >= earliest else []
    return Keyboard.of(
        *rows_of(opens, 2),
        days,
        back,
        [button(phrases.WEEK, StaffWeek(day=on)), to_menu()],
    )


def back_to_lesson(lesson_id: int) -> Button:
    return button(staff_phrases.BACK_TO_LESSON, Card(lesson=lesson_id))


def card_menu(sheet: LessonSheet) -> Keyboard:
    lesson = sheet.lesson
    day = [button(staff_phrases.LESSONS, Lessons(day=lesson.date)), to_menu()]
    if not sheet.can_write:
        return Keyboard.of(day)
    marks = [button(staff_phrases.CARD_MARKS, MarksList(lesson=lesson.id))]
    homework = [button(staff_phrases.CARD_HOMEWORK, HomeworkSet(lesson=lesson.id))]
    health = button(
        health_phrases.HEALTH_SHEET, HealthClass(class_id=lesson.class_id, lesson=lesson.id)
    )
    return Keyboard.of(
        [button(staff_phrases.CARD_ROLL, RollCall(lesson=lesson.id))]
        + (marks if lesson.marks_allowed else []),
        [button(staff_phrases.CARD_TOPIC, Topic(lesson=lesson.id))]
        + (homework if lesson.marks_allowed else []),
        [health] if sheet.health_sheet else [],
        day,
    )


def cancel_to_lesson(lesson_id: int) -> Keyboard:
    return Keyboard.of([button(phrases.CANCEL, Card(lesson=lesson_id))])
