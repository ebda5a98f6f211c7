"""The staff's keyboards: the main menu by role, the lesson card, and long lists of pupils laid
out for the messenger (Telegram takes 100 buttons a message, a VK inline keyboard only 10)."""

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date

from db.enums import Platform
from handlers import staff_texts as st
from handlers import texts
from keyboards.menus import MAX_LABEL, to_menu
from keyboards.model import Button, Keyboard
from keyboards.payloads import Action, Payload, pack
from services.actor import Actor, Role
from services.staff_views import LessonSheet


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


def button(
    label: str,
    action: Action,
    *,
    pupil: int | None = None,
    day: date | None = None,
    item: int | None = None,
    value: int | None = None,
) -> Button:
    if len(label) > MAX_LABEL:
        label = label[: MAX_LABEL - 1] + "…"
    payload = Payload(action, pupil=pupil, day=day, item=item, value=value)
    return Button(label, pack(payload))


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
        rows.append([turn_to(st.PREV_PAGE, back), turn_to(st.NEXT_PAGE, forward)])
    return rows, page, pages


def staff_menu(actor: Actor) -> Keyboard:
    second = [button(st.FINALS, Action.FINALS)] if actor.has(Role.TEACHER) else []
    second.append(button(st.INBOX, Action.INBOX))
    board = [button(texts.ANNOUNCEMENTS, Action.ANNOUNCEMENTS)]
    if actor.has(Role.DEPUTY, Role.DIRECTOR):
        board.append(button(st.ANNOUNCE, Action.ANNOUNCE))
    return Keyboard.of(
        [button(st.NOW, Action.NOW), button(st.LESSONS, Action.LESSONS)],
        second,
        [button(st.MY_CLASS, Action.MY_CLASS)] if actor.has(Role.CLASS_TEACHER) else [],
        board,
        [button(st.CHANGES, Action.CHANGE_DAY)] if actor.has(Role.DEPUTY, Role.ADMIN) else [],
        [button(texts.SETTINGS, Action.SETTINGS), button(texts.HELP, Action.HELP)],
    )


def lessons_menu(lessons: Sequence[tuple[int, str]], on: date, today: date) -> Keyboard:
    """The day's lessons to open, then the neighbouring days (none beyond a week ahead)."""
    opens = [button(label, Action.CARD, item=i) for i, label in lessons]
    days = [button(st.PREV_DAY, Action.LESSONS, day=date.fromordinal(on.toordinal() - 1))]
    if (on - today).days < 7:
        days.append(button(st.NEXT_DAY, Action.LESSONS, day=date.fromordinal(on.toordinal() + 1)))
    return Keyboard.of(
        *rows_of(opens, 2),
        days,
        [button(texts.WEEK, Action.STAFF_WEEK, day=on), to_menu()],
    )


def back_to_lesson(lesson_id: int) -> Button:
    return button(st.BACK_TO_LESSON, Action.CARD, item=lesson_id)


def card_menu(sheet: LessonSheet) -> Keyboard:
    lesson = sheet.lesson
    day = [button(st.LESSONS, Action.LESSONS, day=lesson.date), to_menu()]
    if not sheet.can_write:
        return Keyboard.of(day)
    marks = [button(st.CARD_MARKS, Action.MARKS_LIST, item=lesson.id)]
    homework = [button(st.CARD_HOMEWORK, Action.HOMEWORK_SET, item=lesson.id)]
    return Keyboard.of(
        [button(st.CARD_ROLL, Action.ROLL_CALL, item=lesson.id)]
        + (marks if lesson.marks_allowed else []),
        [button(st.CARD_TOPIC, Action.TOPIC, item=lesson.id)]
        + (homework if lesson.marks_allowed else []),
        day,
    )


def cancel_to_lesson(lesson_id: int) -> Keyboard:
    return Keyboard.of([button(texts.CANCEL, Action.CARD, item=lesson_id)])
