"""The deputy's schedule changes from the chat: day → class → lesson → cancel, substitute or
change the room; the director and teachers are refused by the services."""

from db.enums import LessonStatus
from db.models import Lesson
from keyboards.actions.staff import ChangeCancelYes, ChangeClass
from services.context import Journal
from services.people.staff_directory import SCHEDULER_ONLY
from tests.staff_kit import staff_chat
from tests.tiny_school import TODAY, TinySchool
from tests.write_support import events, get
from texts import staff_phrases


async def test_cancel_a_lesson(journal: Journal, tiny: TinySchool) -> None:
    chat = await staff_chat(journal, tiny, "deputy")
    await chat.press(staff_phrases.CHANGES)
    assert chat.labels[:2] == ["ср, 18 ноября", "чт, 19 ноября"]
    await chat.press("чт, 19 ноября")
    assert chat.text.startswith("Четверг, 19 ноября. Выберите класс.")
    await chat.press("5А")
    assert "1. 08:30–09:15 Русский язык, каб. 21" in chat.text
    await chat.press("1. Русский язык")
    assert "Что изменить?" in chat.text
    await chat.press(staff_phrases.CHANGE_CANCEL)
    await chat.press(staff_phrases.CHANGE_CANCEL_YES)
    assert chat.text.startswith("Готово: урок отменён — ученики")
    assert "1. 08:30–09:15 Русский язык — отменён" in chat.text
    assert "1. Русский язык" not in chat.labels
    lesson = await get(journal, Lesson, tiny.lessons["rus-thu"])
    assert lesson.status == LessonStatus.CANCELLED
    [event] = await events(journal, "lesson.changed")
    assert event.payload["change"] == "cancelled"


async def test_substitute_and_room(journal: Journal, tiny: TinySchool) -> None:
    chat = await staff_chat(journal, tiny, "deputy")
    await chat.press(staff_phrases.CHANGES)
    await chat.press("пт, 20 ноября")
    await chat.press("5А")
    await chat.press("2. Математика")
    await chat.press(staff_phrases.CHANGE_SUBSTITUTE)
    assert "Словесников И. И. · Рус. яз." in chat.labels
    assert not any(label.startswith("Здоровых") for label in chat.labels)
    await chat.press("Словесников И. И. · Рус. яз.")
    assert chat.text.startswith("Готово: урок ведёт Словесников И. И.")
    await chat.press("2. Математика")
    await chat.press(staff_phrases.CHANGE_ROOM)
    await chat.send("ку-ку" * 10)
    assert "не длиннее 20 символов" in chat.text  # the service's words; the flow waits
    await chat.send("14")
    assert chat.text.startswith("Готово: урок перенесён в кабинет 14 — ученики")
    lesson = await get(journal, Lesson, tiny.lessons["math-fri"])
    assert (lesson.substitute_teacher_id, lesson.room) == (tiny.people["rus"], "14")
    changes = [e.payload["change"] for e in await events(journal, "lesson.changed")]
    assert changes == ["substituted", "room"]


async def test_only_the_deputy_changes_the_schedule(journal: Journal, tiny: TinySchool) -> None:
    director = await staff_chat(journal, tiny, "director")
    assert staff_phrases.CHANGES not in director.labels
    await director.forge(ChangeClass(class_id=tiny.classes["5А"], day=TODAY))
    assert director.text == SCHEDULER_ONLY
    math = await staff_chat(journal, tiny, "math", "202")
    await math.send(staff_phrases.CHANGES)
    assert math.text == SCHEDULER_ONLY
    await math.forge(ChangeClass(class_id=tiny.classes["5А"], day=TODAY))
    assert math.text == SCHEDULER_ONLY
    await math.forge(ChangeCancelYes(lesson=tiny.lessons["rus-thu"]))
    assert "устарела" in math.text
    lesson = await get(journal, Lesson, tiny.lessons["rus-thu"])
    assert lesson.status == LessonStatus.PLANNED
