"""Marks through the chat: put with a work type and a comment, corrected and deleted with the
history kept, and every refusal in the service's own words."""

from db.enums import AttendanceStatus, ChangeAction
from db.models import Mark, MarkChange
from keyboards.actions.staff import MarkDeleteYes, MarkPupil, MarkSave, MarksList, MarkValue
from keyboards.payloads import pack
from services.attendance.roll_call import save_roll_call
from services.context import Journal
from services.lessons.teacher_day import lesson_sheet
from services.marks.marking import MARK_NOT_FOUND, record_mark
from tests.staff_kit import refusal, staff_chat
from tests.test_conversation_kit import linked_chat
from tests.tiny_school import TinySchool
from tests.write_support import actor, rows
from texts import staff_phrases


async def marks_of_first_lesson(chat) -> None:  # type: ignore[no-untyped-def]
    await chat.press(staff_phrases.LESSONS)
    await chat.press(next(b for b in chat.labels if b.startswith("1. 5А Математика")))
    await chat.press(staff_phrases.CARD_MARKS)


async def test_a_mark_with_work_type_and_comment(journal: Journal, tiny: TinySchool) -> None:
    chat = await staff_chat(journal, tiny, "math")
    await marks_of_first_lesson(chat)
    assert chat.text.startswith("Отметки · 5А · Математика, 1-й урок")
    assert chat.labels[:3] == ["Иванов И.", "Петрова А.", "Сидоров О."]
    await chat.press("Иванов И.")
    assert chat.labels[:5] == ["5", "4", "3", "2", "1"]
    await chat.press("5")
    assert "Отметка 5. За какой вид работы?" in chat.text
    assert "Контрольная работа" in chat.labels and "Ответ на уроке" in chat.labels
    await chat.press("Контрольная работа")
    assert staff_phrases.MARK_ASK_COMMENT in chat.text
    await chat.send("Молодец, всё решено")
    assert "Иванов Иван: поставить отметку 5 (к/р)?" in chat.text
    assert "Комментарий: «Молодец, всё решено»" in chat.text
    assert await rows(journal, Mark) == []  # nothing written before confirmation
    await chat.press(staff_phrases.MARK_SAVE)
    assert "Отметка 5 (к/р) поставлена: Иванов И." in chat.text
    assert "Иванов И.: 5 (к/р)" in chat.text and "Иванов И. 5" in chat.labels
    [mark] = await rows(journal, Mark)
    assert (mark.pupil_id, mark.value, mark.comment) == (
        tiny.people["a1"],
        5,
        "Молодец, всё решено",
    )
    assert mark.work_type_id == tiny.work_types["control"]


async def test_without_comment_then_corrected_and_deleted_with_history(
    journal: Journal, tiny: TinySchool
) -> None:
    chat = await staff_chat(journal, tiny, "math")
    await marks_of_first_lesson(chat)
    await chat.press("Петрова А.")
    await chat.press("3")
    await chat.press("Ответ на уроке")
    await chat.press(staff_phrases.MARK_NO_COMMENT)
    assert (
        "Петрова Анна: поставить отметку 3 (отв)?" in chat.text and "Комментарий" not in chat.text
    )
    await chat.press(staff_phrases.MARK_SAVE)
    await chat.press("Петрова А. 3")
    await chat.press("Исправить 3 (отв)")
    assert "исправляем отметку 3 (отв)" in chat.text
    await chat.press("4")
    await chat.press("Самостоятельная работа")
    await chat.send("Исправила ошибки")
    assert "Петрова Анна: исправить отметку 3 (отв) на 4 (с/р)?" in chat.text
    await chat.press(staff_phrases.MARK_SAVE_EDIT)
    assert "Отметка исправлена: Петрова А. — 4 (с/р)." in chat.text
    [mark] = await rows(journal, Mark)
    assert (mark.value, mark.comment, mark.is_deleted) == (4, "Исправила ошибки", False)
    await chat.press("Петрова А. 4")
    await chat.press("Удалить 4 (с/р)")
    assert "удалить отметку 4 (с/р)?" in chat.text
    await chat.press(staff_phrases.MARK_DELETE_YES)
    assert "Отметка 4 (с/р) удалена: Петрова А." in chat.text
    [mark] = await rows(journal, Mark)
    assert mark.is_deleted
    history = [c.action for c in await rows(journal, MarkChange, MarkChange.mark_id == mark.id)]
    assert history == [ChangeAction.CREATED, ChangeAction.UPDATED, ChangeAction.DELETED]


async def test_absent_pupils_are_not_offered(journal: Journal, tiny: TinySchool) -> None:
    teacher = await actor(journal, tiny, "math")
    lesson = tiny.lessons["math-today"]
    absent = {tiny.people["a2"]: AttendanceStatus.ABSENT}
    await journal.run(save_roll_call, teacher, lesson, absent)
    chat = await staff_chat(journal, tiny, "math")
    await marks_of_first_lesson(chat)
    assert "Не было на уроке: Петрова А." in chat.text and "Петрова А." not in chat.labels
    await chat.forge(MarkValue(lesson=lesson, pupil=tiny.people["a2"], value=5))
    assert "Не было на уроке: Петрова А." in chat.text and "5" not in chat.labels


async def test_refusals_come_in_the_services_words(journal: Journal, tiny: TinySchool) -> None:
    math = await staff_chat(journal, tiny, "math")
    # A lesson not started yet: the button is there, the reason comes with the card.
    await math.press(staff_phrases.NOW)
    await math.press(staff_phrases.CARD_MARKS)
    assert "Урок ещё не начался" in math.text
    later = tiny.lessons["math-later-today"]
    await math.forge(MarkValue(lesson=later, pupil=tiny.people["a1"], value=5))
    assert "Урок ещё не начался" in math.text
    # A grade without marks.
    primary = await staff_chat(journal, tiny, "primary", "202")
    reading = tiny.lessons["1А-read-today"]
    await primary.forge(MarksList(lesson=reading))
    assert "отметки не ставятся" in primary.text
    # Another teacher's lesson: refused by the service, whatever the button said.
    eng = await staff_chat(journal, tiny, "eng2", "203")
    lesson, ivan = tiny.lessons["math-today"], tiny.people["a1"]
    await eng.forge(MarkValue(lesson=lesson, pupil=ivan, value=5))
    expected = await refusal(journal, tiny, "eng2", record_mark, lesson, ivan, 5, "answer")
    assert eng.text == expected and staff_phrases.NOW in eng.labels
    # A pupil of another class; a save with no draft; a mark that is not on the lesson.
    await math.forge(MarkPupil(lesson=lesson, pupil=tiny.people["b1"]))
    assert staff_phrases.NOT_IN_LESSON in math.text and "Иванова" not in math.text
    await math.forge(MarkSave(lesson=lesson, pupil=ivan))
    assert staff_phrases.MARK_LOST in math.text
    await math.forge(MarkDeleteYes(lesson=lesson, pupil=ivan, mark=999))
    assert MARK_NOT_FOUND in math.text
    await math.forge(MarkValue(lesson=lesson, pupil=ivan, value=7))
    assert "устарела" in math.text
    assert await rows(journal, Mark) == []


async def test_a_parent_pressing_a_teachers_button_gets_nothing(
    journal: Journal, tiny: TinySchool
) -> None:
    parent = await linked_chat(journal, tiny, "g2", "300")
    lesson, ivan = tiny.lessons["math-today"], tiny.people["a1"]
    await parent.send_payload(pack(MarkValue(lesson=lesson, pupil=ivan, value=5)))
    assert parent.text == await refusal(journal, tiny, "g2", lesson_sheet, lesson)
    assert "Оценки" in parent.labels  # the family menu again
    assert await rows(journal, Mark) == []


async def test_correcting_a_mark_with_a_comment_may_keep_the_comment(
    journal: Journal, tiny: TinySchool
) -> None:
    chat = await staff_chat(journal, tiny, "math")
    await marks_of_first_lesson(chat)
    await chat.press("Иванов И.")
    await chat.press("4")
    await chat.press("Ответ на уроке")
    await chat.send("Хорошо, но с ошибкой")
    await chat.press(staff_phrases.MARK_SAVE)
    await chat.press("Иванов И. 4")
    await chat.press("Исправить 4 (отв)")
    await chat.press("5")
    await chat.press("Ответ на уроке")
    assert staff_phrases.MARK_KEEP_COMMENT in chat.labels
    await chat.press(staff_phrases.MARK_KEEP_COMMENT)
    assert "Иванов Иван: исправить отметку 4 (отв) на 5 (отв)?" in chat.text
    assert "Комментарий: «Хорошо, но с ошибкой»" in chat.text
    await chat.press(staff_phrases.MARK_SAVE_EDIT)
    assert "Отметка исправлена: Иванов И. — 5 (отв)." in chat.text
    [mark] = await rows(journal, Mark)
    assert (mark.value, mark.comment) == (5, "Хорошо, но с ошибкой")


async def test_correcting_shows_the_marks_history(journal: Journal, tiny: TinySchool) -> None:
    chat = await staff_chat(journal, tiny, "math")
    await marks_of_first_lesson(chat)
    await chat.press("Петрова А.")
    await chat.press("3")
    await chat.press("Ответ на уроке")
    await chat.press(staff_phrases.MARK_NO_COMMENT)
    await chat.press(staff_phrases.MARK_SAVE)
    await chat.press("Петрова А. 3")
    await chat.press("Исправить 3 (отв)")
    assert "История отметки:\n• ср, 18 ноября, 12:00 — Числова М.: поставлена 3 (отв)" in chat.text
    await chat.press("4")
    await chat.press("Самостоятельная работа")
    await chat.press(staff_phrases.MARK_NO_COMMENT)
    await chat.press(staff_phrases.MARK_SAVE_EDIT)
    await chat.press("Петрова А. 4")
    await chat.press("Исправить 4 (с/р)")
    assert chat.text.endswith(
        "• ср, 18 ноября, 12:00 — Числова М.: поставлена 3 (отв)\n"
        "• ср, 18 ноября, 12:00 — Числова М.: было 3 (отв), стало 4 (с/р)"
    )
