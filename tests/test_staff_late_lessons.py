"""Lessons older than a week of the current period are reached from the chat, a week at a
time, and filled as late entries: the card says so, and the control of filling shows them."""

from datetime import date

from db.models import Mark
from services.context import Journal
from services.reports.filling import LATE_MARK, filling_report
from tests.staff_kit import staff_chat
from tests.tiny_school import TinySchool
from tests.write_support import actor, add_lesson, rows
from texts import staff_phrases


async def test_an_old_lesson_of_the_period_is_filled_late_and_flagged(
    journal: Journal, tiny: TinySchool
) -> None:
    old = await add_lesson(journal, tiny, "5А-math", date(2026, 11, 6), 2)
    chat = await staff_chat(journal, tiny, "math")
    await chat.press(staff_phrases.LESSONS)
    await chat.press(staff_phrases.WEEK_BACK)
    assert "Мои уроки на ср, 11 ноября" in chat.text
    assert staff_phrases.WEEK_BACK not in chat.labels  # 4 November is before the quarter
    for _ in range(5):
        await chat.press(staff_phrases.PREV_DAY)
    assert "Мои уроки на пт, 6 ноября" in chat.text and staff_phrases.LATE_ENTRY in chat.text
    await chat.press("2. 5А Математика")
    assert staff_phrases.LATE_ENTRY in chat.text
    await chat.press(staff_phrases.CARD_MARKS)
    await chat.press("Иванов И.")
    await chat.press("4")
    await chat.press("Контрольная работа")
    await chat.press(staff_phrases.MARK_NO_COMMENT)
    await chat.press(staff_phrases.MARK_SAVE)
    [mark] = await rows(journal, Mark)
    assert (mark.lesson_id, mark.value) == (old, 4)
    # The first day of the quarter is as far back as the days go.
    await chat.send(staff_phrases.LESSONS)
    await chat.press(staff_phrases.WEEK_BACK)
    for _ in range(6):
        await chat.press(staff_phrases.PREV_DAY)
    assert "Мои уроки на чт, 5 ноября" in chat.text
    assert staff_phrases.PREV_DAY not in chat.labels
    deputy = await actor(journal, tiny, "deputy")
    report = await journal.run(
        filling_report, deputy, date(2026, 11, 1), date(2026, 11, 18), tiny.classes["5А"]
    )
    late = [i for row in report.rows for i in row.issues if i.check == LATE_MARK]
    assert late and late[0].day == date(2026, 11, 6)
