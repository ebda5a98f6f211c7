"""Issue 14, item 14: moving about (menus, pages, choosing a child) edits the pressed message
on every messenger; what a person may want to keep arrives as a new message."""

from handlers.core.io import Attachment, Reply
from handlers.core.navigation import in_place, moves
from keyboards.actions.family import Marks, Menu, PickChild, ScheduleDay
from keyboards.actions.staff import StaffDay
from services.context import Journal
from tests.e2e.conftest import invite_code, on_sqlite, record_marks
from tests.e2e.messengers import Messenger, Said, labels_of, messenger, text_of
from tests.e2e.test_personas import link
from tests.test_conversation_kit import invite_code as staff_code
from tests.tiny_school import TODAY, TinySchool
from texts import phrases, staff_phrases

__all__ = ["messenger"]

MOTHER, TEACHER = 911, 912


def edited(said: list[Said]) -> bool:
    """One message, and an edit of the pressed one."""
    return len(said) == 1 and said[0].edit


def anew(said: list[Said]) -> bool:
    return bool(said) and not any(s.edit for s in said)


@on_sqlite
async def test_moving_about_edits_and_answers_to_keep_come_anew(
    messenger: Messenger, journal: Journal, tiny: TinySchool
) -> None:
    chat = messenger
    await record_marks(journal, tiny, "a1", 5)
    await link(chat, MOTHER, await invite_code(journal, tiny, "g1"))  # Иван and Мария

    first = await chat.press(MOTHER, "Иван, 5А")  # a guardian of two picks a child first
    assert edited(first) and phrases.MARKS in labels_of(first)
    marks = await chat.press(MOTHER, phrases.MARKS)
    assert anew(marks) and "Математика: 5" in text_of(marks)  # to keep
    to_menu = await chat.press(MOTHER, phrases.TO_MENU)
    assert edited(to_menu) and phrases.MARKS in labels_of(to_menu)

    children = await chat.press(MOTHER, phrases.CHILDREN)
    assert edited(children), children
    child = next(label for label in labels_of(children) if "Мария" in label)
    picked = await chat.press(MOTHER, child)
    assert edited(picked) and "Мария" in text_of(picked)

    schedule = await chat.press(MOTHER, phrases.SCHEDULE)
    assert anew(schedule)  # opened from the menu: a message of its own
    week = await chat.press(MOTHER, phrases.WEEK)
    assert edited(week) and "Неделя" not in labels_of(week)
    next_week = await chat.press(MOTHER, phrases.NEXT_WEEK)
    assert edited(next_week)
    today = await chat.press(MOTHER, phrases.TODAY)  # back to today among the pages: a page too
    assert edited(today) and phrases.TOMORROW in labels_of(today)
    again = await chat.press(MOTHER, phrases.TODAY)  # the same page: edited, or left as it is
    assert all(s.edit for s in again)
    assert edited(await chat.press(MOTHER, phrases.TO_MENU))


@on_sqlite
async def test_a_teachers_week_turns_back_to_today_in_place(
    messenger: Messenger, journal: Journal, tiny: TinySchool
) -> None:
    chat = messenger
    await link(chat, TEACHER, await staff_code(journal, tiny, "math"))
    lessons = await chat.press(TEACHER, staff_phrases.LESSONS)
    assert anew(lessons)
    week = await chat.press(TEACHER, phrases.WEEK)
    assert edited(week) and phrases.TODAY in labels_of(week)
    today = await chat.press(TEACHER, phrases.TODAY)
    assert edited(today) and "5А" in text_of(today)


def test_which_presses_move_about() -> None:
    assert moves(Menu()) and moves(PickChild(pupil=1))
    assert moves(ScheduleDay(day=TODAY)) and not moves(ScheduleDay())
    assert moves(ScheduleDay(paging=True)) and moves(StaffDay())
    assert not moves(Marks())
    file = Reply("файл", attachment=Attachment("a.pdf", b"%PDF"))
    assert in_place([file]) == [file]  # a file always comes anew
    assert in_place([Reply("меню"), Reply("ещё")]) == [Reply("меню", edit=True), Reply("ещё")]
