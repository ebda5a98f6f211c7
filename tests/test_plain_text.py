"""Hostile characters in free text: a NUL, bidi overrides and VK mention markup are cleaned at
the service boundary, the same on SQLite and PostgreSQL (issue 14, items 10 and 11)."""

import pytest

from db.enums import AnnouncementScope, AttendanceStatus
from db.models import (
    Announcement,
    Attendance,
    DirectMessage,
    HealthRecord,
    Homework,
    Lesson,
    Mark,
)
from services.attendance.roll_call import save_roll_call
from services.context import Journal
from services.errors import RuleViolation
from services.lessons.homework_files import NewFile, checked
from services.lessons.notes import set_homework, set_topic
from services.marks.marking import change_mark, record_mark
from services.messages.announcing import publish_announcement
from services.messages.direct import answer, send_question
from services.people.health import set_health
from services.plain_text import kept_text, shown_text
from services.schedule.changes import cancel_lesson, change_room
from tests.staff_kit import staff_chat
from tests.tiny_school import TinySchool
from tests.write_support import actor, get, rows
from texts import phrases, staff_phrases

HOSTILE = "Тест\x00 \u202eтxt.exe\u202c [id1|Администрация] [club7|сайт] @id9 \x07конец"
CLEAN = "Тест тxt.exe Администрация сайт id9 конец"


def test_the_cleaner() -> None:
    assert shown_text(HOSTILE) == CLEAN
    assert shown_text("строка 1\r\nстрока 2\tтаб") == "строка 1\nстрока 2\tтаб"
    assert shown_text("[id1|[club2|вложенное]]") == "вложенное"
    assert shown_text("почта a@id1.ru и [ссылка|не VK]") == "почта a@id1.ru и [ссылка|не VK]"
    family = "\U0001f468\u200d\U0001f469\u200d\U0001f467"
    assert shown_text(family) == family  # the joiners of an emoji stay
    assert kept_text("\x00\u2066x\u2069") == "x"
    assert shown_text(None) == ""


def test_a_file_name_is_cleaned_the_same_way() -> None:
    sent = checked(NewFile("document", "[id1|отчёт]\u202eexe.pdf", "application/pdf", b"%PDF"))
    assert sent.filename == "отчётexe.pdf"


async def test_free_text_is_stored_clean_on_both_databases(
    journal: Journal, tiny: TinySchool
) -> None:
    teacher = await actor(journal, tiny, "math")
    lesson = tiny.lessons["math-today"]
    await journal.run(set_topic, teacher, lesson, HOSTILE)
    homework_id = await journal.run(set_homework, teacher, lesson, HOSTILE)
    mark_id = await journal.run(
        record_mark, teacher, lesson, tiny.people["a1"], 5, "answer", comment=HOSTILE
    )
    await journal.run(
        save_roll_call,
        teacher,
        lesson,
        {tiny.people["a2"]: AttendanceStatus.ABSENT},
        {tiny.people["a2"]: HOSTILE},
    )
    assert (await get(journal, Lesson, lesson)).topic == CLEAN
    assert (await get(journal, Homework, homework_id)).text == CLEAN
    assert (await get(journal, Mark, mark_id)).comment == CLEAN
    await journal.run(change_mark, teacher, mark_id, comment="\x00[id5|Исправлено]")
    assert (await get(journal, Mark, mark_id)).comment == "Исправлено"
    [absence] = await rows(journal, Attendance, Attendance.lesson_id == lesson)
    assert absence.reason == CLEAN

    guardian = await actor(journal, tiny, "g2")
    question_id = await journal.run(
        send_question, guardian, tiny.people["a1"], tiny.people["math"], HOSTILE
    )
    answer_id = await journal.run(answer, teacher, question_id, HOSTILE)
    assert (await get(journal, DirectMessage, question_id)).text == CLEAN
    assert (await get(journal, DirectMessage, answer_id)).text == CLEAN

    deputy = await actor(journal, tiny, "deputy")
    announcement_id = await journal.run(
        publish_announcement,
        deputy,
        title=HOSTILE,
        text=HOSTILE,
        scope=AnnouncementScope.SCHOOL,
    )
    published = await get(journal, Announcement, announcement_id)
    assert (published.title, published.text) == (CLEAN, CLEAN)

    await journal.run(change_room, deputy, tiny.lessons["rus-thu"], "\u202e12\x00", HOSTILE)
    moved = await get(journal, Lesson, tiny.lessons["rus-thu"])
    assert (moved.room, moved.change_note) == ("12", CLEAN)
    await journal.run(cancel_lesson, deputy, tiny.lessons["math-fri"], HOSTILE)
    assert (await get(journal, Lesson, tiny.lessons["math-fri"])).change_note == CLEAN

    medic = await actor(journal, tiny, "medic")
    await journal.run(set_health, medic, tiny.people["a1"], 2, "основная", HOSTILE)
    [record] = await rows(journal, HealthRecord, HealthRecord.pupil_id == tiny.people["a1"])
    assert record.note == CLEAN


async def test_a_text_of_nothing_but_controls_is_empty(journal: Journal, tiny: TinySchool) -> None:
    teacher = await actor(journal, tiny, "math")
    with pytest.raises(RuleViolation, match="текст не может быть пустым"):
        await journal.run(set_topic, teacher, tiny.lessons["math-today"], "\x00\u202e\u200b ")


async def test_a_nul_typed_in_the_chat_is_no_failure(journal: Journal, tiny: TinySchool) -> None:
    chat = await staff_chat(journal, tiny, "math")
    await chat.press(staff_phrases.LESSONS)
    await chat.press(next(b for b in chat.labels if b.startswith("1. 5А Математика")))
    await chat.press(staff_phrases.CARD_HOMEWORK)
    await chat.send("№ 12\x00 [id1|стр. 40]")
    assert chat.text.startswith(staff_phrases.HOMEWORK_SAVED)
    assert phrases.SOMETHING_WRONG not in chat.text
    [homework] = await rows(journal, Homework)
    assert homework.text == "№ 12 стр. 40"
