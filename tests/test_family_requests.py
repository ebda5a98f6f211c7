"""Parents and pupils as they write: typed requests in their own words, the week at the
weekend by one rule, a question checked before it goes, and help for who they are."""

from datetime import UTC, datetime

import pytest

from db.models import DirectMessage
from services.context import Journal
from services.messages.direct import TEXT_LIMIT
from tests.conftest import FakeClock
from tests.test_conversation_kit import add_records, linked_chat
from tests.tiny_school import TinySchool
from tests.write_support import rows
from texts import phrases, staff_phrases


@pytest.mark.parametrize(
    ("moment", "week"),
    [
        (datetime(2026, 11, 21, 7, 0, tzinfo=UTC), "16–22 ноября"),  # Saturday 10:00 in Moscow
        (datetime(2026, 11, 21, 12, 0, tzinfo=UTC), "23–29 ноября"),  # Saturday 15:00
        (datetime(2026, 11, 22, 9, 0, tzinfo=UTC), "23–29 ноября"),  # Sunday
        (datetime(2026, 11, 20, 15, 0, tzinfo=UTC), "16–22 ноября"),  # Friday
    ],
)
async def test_the_week_button_and_the_typed_week_agree(
    journal: Journal, tiny: TinySchool, clock: FakeClock, moment: datetime, week: str
) -> None:
    clock.now = moment
    chat = await linked_chat(journal, tiny, "g2")
    await chat.press(phrases.SCHEDULE)
    await chat.press(phrases.WEEK)
    pressed = chat.text.splitlines()[0]
    assert pressed == f"Расписание на неделю {week} · Иван, 5А"
    await chat.send("/menu")
    await chat.send("Неделя")
    assert chat.text.splitlines()[0] == pressed


@pytest.mark.parametrize(
    ("typed", "answer"),
    [
        ("что задали", "Домашнее задание на чт, 19 ноября · Иван, 5А"),
        ("Что задали на пятницу?", "Домашнее задание на пт, 20 ноября · Иван, 5А"),
        ("расписание на среду", "Расписание на ср, 18 ноября · Иван, 5А"),
        ("расписание на 12.12", "Расписание на сб, 12 декабря · Иван, 5А"),
        ("уроки 24.11.2026", "Расписание на вт, 24 ноября · Иван, 5А"),
        ("расписание на 1 декабря", "Расписание на вт, 1 декабря · Иван, 5А"),
        ("завтра", "Расписание на чт, 19 ноября · Иван, 5А"),
        ("послезавтра", "Расписание на пт, 20 ноября · Иван, 5А"),
        ("расписание в понедельник", "Расписание на пн, 23 ноября · Иван, 5А"),
    ],
)
async def test_requests_typed_in_words(
    journal: Journal, tiny: TinySchool, typed: str, answer: str
) -> None:
    chat = await linked_chat(journal, tiny, "g2")
    await chat.send(typed)
    assert chat.text.splitlines()[0] == answer


async def test_marks_of_one_subject_and_dates_that_do_not_exist(
    journal: Journal, tiny: TinySchool
) -> None:
    await add_records(journal, tiny)
    chat = await linked_chat(journal, tiny, "a2")
    await chat.send("оценки по математике")
    assert chat.text.startswith("Оценки за ")
    assert "Математика: 2 (отв)" in chat.text
    assert "Русский язык" not in chat.text
    await chat.send("оценки по химии")
    assert chat.text.startswith("Не нашёл у Анны предмета «химии». Предметы: ")
    assert "Главное меню · Анна, 5А" in chat.text
    await chat.send("31.02")
    assert chat.text.startswith("31 февраля не бывает: в феврале не больше 29 дней.")
    assert "Напишите дату так: 12.12" in chat.text and phrases.NOT_UNDERSTOOD not in chat.text
    await chat.send("расписание на 31.04")
    assert chat.text.startswith("31 апреля не бывает: в апреле не больше 30 дней.")
    await chat.send("расписание на 10.13")
    assert chat.text.startswith("Месяца с номером 13 нет")


async def test_a_question_is_shown_before_it_goes(journal: Journal, tiny: TinySchool) -> None:
    parent = await linked_chat(journal, tiny, "g2")
    await parent.press(staff_phrases.WRITE_TEACHER)
    await parent.press("Числова М. А. (кл. рук.)")
    await parent.send("4")  # a stray digit
    assert parent.text.startswith("Вопрос для Числовой М. А.:\n\n«4»\n\nОтправить?")
    assert parent.labels == [staff_phrases.WRITE_SEND, phrases.CANCEL]
    await parent.send("Можно ли переписать контрольную?")  # typed again: replaces the text
    assert "«Можно ли переписать контрольную?»" in parent.text
    assert await rows(journal, DirectMessage) == []
    await parent.press(staff_phrases.WRITE_SEND)
    assert parent.text.startswith("Вопрос для Числовой М. А. отправлен.")
    assert [m.text for m in await rows(journal, DirectMessage)] == [
        "Можно ли переписать контрольную?"
    ]


async def test_a_long_question_keeps_its_text_and_says_the_limit(
    journal: Journal, tiny: TinySchool
) -> None:
    parent = await linked_chat(journal, tiny, "g2")
    await parent.press(staff_phrases.WRITE_TEACHER)
    await parent.press("Числова М. А. (кл. рук.)")
    long = "Очень длинный вопрос. " * 100  # 2,200 characters
    await parent.send(long)
    assert parent.replies[0].text.startswith("Вопрос длиннее 2 000 знаков (в этом — 2 199)")
    assert "\n".join(r.text for r in parent.replies[1:]) == long.strip()
    assert await rows(journal, DirectMessage) == []
    # Still writing to the same teacher: the shortened text gets its preview.
    await parent.send(long[:TEXT_LIMIT].strip())
    assert parent.text.startswith("Вопрос для Числовой М. А.:")
    await parent.press(staff_phrases.WRITE_SEND)
    assert len(await rows(journal, DirectMessage)) == 1


async def test_help_tells_each_what_they_have(journal: Journal, tiny: TinySchool) -> None:
    pupil = await linked_chat(journal, tiny, "a2")
    await pupil.press(phrases.HELP)
    assert pupil.text == phrases.help_text(guardian=False, several=False)
    assert "ребён" not in pupil.text and "Написать учителю" not in pupil.text
    mother = await linked_chat(journal, tiny, "g1", "200")  # two children
    await mother.press("Иван, 5А")
    await mother.press(phrases.HELP)
    assert phrases.HELP_CHILDREN in mother.text and phrases.HELP_WRITE in mother.text
