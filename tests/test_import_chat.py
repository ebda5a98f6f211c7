"""The administrator of the journal sends the school's file to the bot: the dry run's
summary and a "Загрузить" button; nobody else's file is taken for one."""

from db.models import Person, TimetableEntry
from services.context import Journal
from tests.school_files.asc import tiny_school_export
from tests.school_files.class_lists import class_list_per_sheet, sample_pupils
from tests.school_files.grid import GRID, timetable_grid_across
from tests.staff_kit import staff_chat
from tests.test_homework_files_chat import Fetches, send_files
from tests.tiny_school import TinySchool
from tests.write_support import count
from texts import import_phrases


async def test_the_administrator_checks_then_loads_a_class_list(
    journal: Journal, tiny: TinySchool
) -> None:
    chat = await staff_chat(journal, tiny, "admin")
    await chat.send("/help")
    assert import_phrases.HELP_LINE in chat.text
    got = Fetches()
    persons = await count(journal, Person)
    await send_files(
        chat, got.file("document", "ученики.xlsx", class_list_per_sheet(sample_pupils()))
    )
    assert "Проверка, ничего не записано: ученики и родители" in chat.text
    assert "ученики: добавится 4" in chat.text and import_phrases.ASK_APPLY in chat.text
    assert await count(journal, Person) == persons
    old_button = chat.button(import_phrases.APPLY).payload
    await chat.press(import_phrases.APPLY)
    assert chat.text.startswith(import_phrases.APPLIED)
    assert "ученики: добавлено 4" in chat.text
    assert await count(journal, Person) == persons + 8
    # The button of a file already loaded loads nothing again.
    await chat.send_payload(old_button)
    assert chat.text == import_phrases.EXPIRED
    await send_files(
        chat, got.file("document", "ученики.xlsx", class_list_per_sheet(sample_pupils()))
    )
    assert "Всё в журнале уже так, как в файле." in chat.text
    assert import_phrases.APPLY not in chat.labels


async def test_an_asc_export_and_files_with_errors(journal: Journal, tiny: TinySchool) -> None:
    chat = await staff_chat(journal, tiny, "admin")
    got = Fetches()
    await send_files(chat, got.file("document", "raspisanie.xml", tiny_school_export()))
    assert "расписание (выгрузка aSc или сетка Excel)" in chat.text
    await chat.press(import_phrases.APPLY)
    assert chat.text.startswith(import_phrases.APPLIED)
    assert await count(journal, TimetableEntry) > 10
    await send_files(chat, got.file("document", "bad.xlsx", b"PK\x03\x04 not really"))
    assert "Не понял, что в файле «bad.xlsx»" in chat.text
    await send_files(chat, got.file("photo", "photo.jpg", b"\xff\xd8\xff"))
    assert chat.text == import_phrases.WRONG_KIND


async def test_a_teacher_file_outside_homework_is_not_an_import(
    journal: Journal, tiny: TinySchool
) -> None:
    chat = await staff_chat(journal, tiny, "math")
    got = Fetches()
    await send_files(
        chat, got.file("document", "ученики.xlsx", class_list_per_sheet(sample_pupils()))
    )
    assert "Проверка" not in chat.text and got.done == []


async def test_a_grid_with_days_across_sent_to_the_bot(journal: Journal, tiny: TinySchool) -> None:
    chat = await staff_chat(journal, tiny, "admin")
    got = Fetches()
    across = timetable_grid_across(GRID, merged=False)
    await send_files(chat, got.file("document", "расписание.xlsx", across))
    assert "расписание (выгрузка aSc или сетка Excel)" in chat.text
    assert "уроки в неделю: добавится 10" in chat.text
    await chat.press(import_phrases.APPLY)
    assert chat.text.startswith(import_phrases.APPLIED)
    assert await count(journal, TimetableEntry) == 10
