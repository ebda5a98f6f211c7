"""The lesson's topic and homework typed after pressing the button: for everyone, or for the
pupils ticked; a typed "Отмена" or another button leaves the flow."""

from db.models import Homework, HomeworkTarget, Lesson
from keyboards.actions.staff import HomeworkSet, HomeworkToggle, Topic
from services.context import Journal
from services.lessons.notes import set_homework
from tests.staff_kit import refusal, staff_chat
from tests.tiny_school import TinySchool
from tests.write_support import get, rows
from texts import phrases, staff_phrases


async def first_lesson(chat) -> None:  # type: ignore[no-untyped-def]
    await chat.press(staff_phrases.LESSONS)
    await chat.press(next(b for b in chat.labels if b.startswith("1. 5А Математика")))


async def test_the_topic_is_typed_after_the_button(journal: Journal, tiny: TinySchool) -> None:
    chat = await staff_chat(journal, tiny, "math")
    await first_lesson(chat)
    await chat.press(staff_phrases.CARD_TOPIC)
    assert staff_phrases.TOPIC_ASK in chat.text
    await chat.send("Сложение дробей с разными знаменателями")
    assert chat.text.startswith(staff_phrases.TOPIC_SAVED)
    assert "Тема: Сложение дробей с разными знаменателями" in chat.text
    lesson = await get(journal, Lesson, tiny.lessons["math-today"])
    assert lesson.topic == "Сложение дробей с разными знаменателями"
    await chat.send("Ещё что-то")  # the flow is over: just text now
    assert phrases.NOT_UNDERSTOOD in chat.text


async def test_leaving_the_flow_by_a_button_or_cancel(journal: Journal, tiny: TinySchool) -> None:
    chat = await staff_chat(journal, tiny, "math")
    await first_lesson(chat)
    await chat.press(staff_phrases.CARD_TOPIC)
    await chat.send("Отмена")
    assert "Главное меню" in chat.text
    await chat.send("Сложение")
    assert phrases.NOT_UNDERSTOOD in chat.text
    await first_lesson(chat)
    await chat.press(staff_phrases.CARD_TOPIC)
    await chat.press(phrases.CANCEL)  # back to the card
    await chat.send("Сложение")
    assert phrases.NOT_UNDERSTOOD in chat.text
    lesson = await get(journal, Lesson, tiny.lessons["math-today"])
    assert lesson.topic == ""


async def test_homework_for_everyone(journal: Journal, tiny: TinySchool) -> None:
    chat = await staff_chat(journal, tiny, "math")
    await first_lesson(chat)
    await chat.press(staff_phrases.CARD_HOMEWORK)
    assert staff_phrases.HOMEWORK_ASK in chat.text
    await chat.send("№ 12, 14 на стр. 40")
    assert chat.text.startswith(staff_phrases.HOMEWORK_SAVED)
    assert "Домашнее задание: № 12, 14 на стр. 40" in chat.text.splitlines()
    [homework] = await rows(journal, Homework)
    assert (homework.text, homework.is_individual) == ("№ 12, 14 на стр. 40", False)


async def test_homework_for_chosen_pupils(journal: Journal, tiny: TinySchool) -> None:
    chat = await staff_chat(journal, tiny, "math")
    await first_lesson(chat)
    await chat.press(staff_phrases.CARD_HOMEWORK)
    await chat.press(staff_phrases.HOMEWORK_PICK)
    assert chat.labels[:3] == ["☐ Иванов И.", "☐ Петрова А.", "☐ Сидоров О."]
    await chat.press(staff_phrases.HOMEWORK_PICKED)
    assert staff_phrases.HOMEWORK_NOBODY in chat.text
    await chat.press("☐ Иванов И.")
    await chat.press("☐ Сидоров О.")
    await chat.press("☑ Иванов И.")
    await chat.press("☐ Иванов И.")
    assert chat.replies[0].edit and "☑ Сидоров О." in chat.labels
    await chat.press(staff_phrases.HOMEWORK_PICKED)
    assert "Напишите задание для: Иванов И., Сидоров О." in chat.text
    await chat.send("Карточка № 3")
    assert "Индивидуальное задание записано: Иванов И., Сидоров О." in chat.text
    assert "Домашнее задание: 1 индивидуальное задание" in chat.text.splitlines()
    [homework] = await rows(journal, Homework)
    assert homework.is_individual
    targets = {t.pupil_id for t in await rows(journal, HomeworkTarget)}
    assert targets == {tiny.people["a1"], tiny.people["a3"]}


async def test_refusals_keep_the_flow_and_say_why(journal: Journal, tiny: TinySchool) -> None:
    primary = await staff_chat(journal, tiny, "primary")
    reading = tiny.lessons["1А-read-today"]
    await primary.forge(HomeworkSet(lesson=reading))  # no button for it in 1А
    await primary.send("Прочитать сказку")
    assert primary.text.startswith(
        await refusal(journal, tiny, "primary", set_homework, reading, "Прочитать сказку")
    )
    assert await rows(journal, Homework) == []
    math = await staff_chat(journal, tiny, "math", "202")
    await math.forge(Topic(lesson=tiny.lessons["rus-today"]))  # her class's lesson
    assert staff_phrases.NOT_YOURS in math.text
    eng = await staff_chat(journal, tiny, "eng2", "203")
    await eng.forge(Topic(lesson=tiny.lessons["math-today"]))
    assert staff_phrases.NOW in eng.labels and staff_phrases.TOPIC_ASK not in eng.text
    await eng.send("Чужая тема")
    assert phrases.NOT_UNDERSTOOD in eng.text
    await math.forge(HomeworkToggle(lesson=tiny.lessons["math-today"], pupil=tiny.people["b1"]))
    assert staff_phrases.NOT_IN_LESSON in math.text
