"""The deputy moves a lesson, undoes a cancellation, and picks a substitute from a list that
shows subjects and puts the free teachers first; a busy one leaves the deputy on the list."""

from datetime import date

from db.enums import LessonStatus
from db.models import Lesson, TeachingAssignment
from services.context import Ctx, Journal
from tests.staff_kit import staff_chat
from tests.tiny_school import TinySchool
from tests.write_support import events, get
from texts import staff_phrases


async def test_move_a_lesson_to_a_free_time(journal: Journal, tiny: TinySchool) -> None:
    chat = await staff_chat(journal, tiny, "deputy")
    await chat.press(staff_phrases.CHANGES)
    await chat.press("ср, 18 ноября")
    await chat.press("5А")
    await chat.press("5. Математика")
    await chat.press(staff_phrases.CHANGE_MOVE)
    assert "На какой день перенести урок" in chat.text
    await chat.press("чт, 19 ноября")
    assert "чт, 19 ноября: каким уроком?" in chat.text and "3. 10:30" in chat.labels
    await chat.press("1. 08:30")  # 5А has Russian then: refused, the slots stay
    assert "У класса в это время уже есть другой урок." in chat.text
    assert "3. 10:30" in chat.labels
    await chat.press("3. 10:30")
    moved = staff_phrases.CHANGE_MOVED.format(when="чт, 19 ноября", number=3)
    assert chat.text.startswith(staff_phrases.CHANGE_DONE.format(what=moved))
    assert "урок перенесён на чт, 19 ноября, 3-й урок" in chat.text
    lesson = await get(journal, Lesson, tiny.lessons["math-later-today"])
    assert (lesson.date, lesson.number) == (date(2026, 11, 19), 3)
    assert (lesson.moved_from_date, lesson.moved_from_number) == (date(2026, 11, 18), 5)
    [event] = await events(journal, "lesson.changed")
    assert event.payload["change"] == "moved"


async def test_a_cancellation_is_undone(journal: Journal, tiny: TinySchool) -> None:
    chat = await staff_chat(journal, tiny, "deputy")
    await chat.press(staff_phrases.CHANGES)
    await chat.press("чт, 19 ноября")
    await chat.press("5А")
    await chat.press("1. Русский язык")
    await chat.press(staff_phrases.CHANGE_CANCEL)
    await chat.press(staff_phrases.CHANGE_CANCEL_YES)
    await chat.press("1. Русский язык — отменён")
    assert "Урок отменён. Вернуть его в расписание?" in chat.text
    await chat.press(staff_phrases.CHANGE_RESTORE)
    restored = staff_phrases.CHANGE_DONE.format(what=staff_phrases.CHANGE_RESTORED)
    assert chat.text.startswith(restored) and "отмена снята, урок состоится" in chat.text
    assert "1. Русский язык" in chat.labels
    lesson = await get(journal, Lesson, tiny.lessons["rus-thu"])
    assert lesson.status == LessonStatus.PLANNED
    changes = [e.payload["change"] for e in await events(journal, "lesson.changed")]
    assert changes == ["cancelled", "restored"]


async def test_substitutes_free_and_of_the_subject_first(
    journal: Journal, tiny: TinySchool
) -> None:
    async def primary_teaches_maths(ctx: Ctx) -> None:
        ctx.session.add(
            TeachingAssignment(
                class_id=tiny.classes["1А"],
                subject_id=tiny.subjects["math"],
                teacher_id=tiny.people["primary"],
                hours_per_week=4,
            )
        )

    await journal.run(primary_teaches_maths)
    chat = await staff_chat(journal, tiny, "deputy")
    await chat.press(staff_phrases.CHANGES)
    await chat.press("ср, 18 ноября")
    await chat.press("5Б")
    await chat.press("3. Математика")  # 10:30, while 5А has English in two groups
    await chat.press(staff_phrases.CHANGE_SUBSTITUTE)
    assert staff_phrases.CHANGE_TEACHERS_HINT in chat.text
    assert chat.labels[:4] == [
        "Азбукина Н. П. · Матем. · Чтение",
        "Словесников И. И. · Рус. яз.",
        "занят: Инглишева А. В. · Англ. яз.",
        "занят: Лондонов П. О. · Англ. яз.",
    ]
    await chat.press("занят: Инглишева А. В. · Англ. яз.")
    assert "Инглишева А. В. в это время ведёт другой урок." in chat.text
    assert "Словесников И. И. · Рус. яз." in chat.labels  # still the list
    await chat.press("Азбукина Н. П. · Матем. · Чтение")
    assert chat.text.startswith("Готово: урок ведёт Азбукина Н. П.")
    lesson = await get(journal, Lesson, tiny.lessons["5Б-math-today"])
    assert lesson.substitute_teacher_id == tiny.people["primary"]
