"""Every menu item for a guardian, a guardian of two children, and a pupil."""

from datetime import timedelta

from db.enums import Platform
from services.chat.accounts import account_status
from services.context import Ctx, Journal
from tests import read_rows
from tests.test_conversation_kit import add_records, linked_chat
from tests.tiny_school import TINY_NOW, TinySchool
from texts import phrases


async def test_marks_recent_by_subject_and_final(journal: Journal, tiny: TinySchool) -> None:
    await add_records(journal, tiny)
    chat = await linked_chat(journal, tiny, "g2")
    await chat.press("Оценки")
    assert chat.text.startswith("Последние оценки · Иван, 5А")
    assert "пн, 16 ноября — Математика: 5 (к/р)" in chat.text
    assert "«Молодец»" in chat.text
    assert "2 (отв)" not in chat.text  # Anna's mark, not Ivan's
    await chat.press("По предметам")
    assert chat.text.startswith("Оценки за 2 четверть · Иван, 5А")
    assert "Математика: 5 (к/р), 4 (отв), 3 (д/з)" in chat.text
    assert "средний балл 4,25, выходит 4; ещё две пятёрки — и выйдет 5" in chat.text
    assert "мало оценок для аттестации: 3 из 5" in chat.text
    assert "Английский язык: оценок пока нет" in chat.text
    await chat.press("Итоговые")
    assert "1 четверть\nМатематика — 5" in chat.text
    assert "В меню" in chat.labels


async def test_recent_marks_read_by_lesson_date_though_entered_late(
    journal: Journal, tiny: TinySchool
) -> None:
    async def fill(ctx: Ctx) -> None:
        await read_rows.mark(ctx, tiny, "math-today", "a1", 4, at=TINY_NOW - timedelta(hours=2))
        # Monday's test, marked only now: the latest entered, not the latest lesson.
        await read_rows.mark(ctx, tiny, "math-mon", "a1", 5, "control", at=TINY_NOW)

    await journal.run(fill)
    chat = await linked_chat(journal, tiny, "g2")
    await chat.press("Оценки")
    assert chat.text.index("ср, 18 ноября — Математика: 4") < chat.text.index(
        "пн, 16 ноября — Математика: 5 (к/р)"
    )


async def test_homework_for_tomorrow_and_the_week(journal: Journal, tiny: TinySchool) -> None:
    await add_records(journal, tiny)
    chat = await linked_chat(journal, tiny, "g2")
    await chat.press("Домашнее задание")
    assert chat.text.startswith("Домашнее задание на чт, 19 ноября · Иван, 5А")
    assert "• Математика: № 12, 14" in chat.text
    assert "• Русский язык: Упр. 5 (индивидуально)" in chat.text
    assert "для Анны" not in chat.text
    await chat.press("На неделю")
    assert "Домашнее задание на 19–25 ноября · Иван, 5А" in chat.text
    assert "пт, 20 ноября\n• Математика: Стр. 40" in chat.text


async def test_schedule_today_tomorrow_week_with_changes_and_paging(journal: Journal, tiny) -> None:
    await add_records(journal, tiny)
    chat = await linked_chat(journal, tiny, "g2")
    await chat.press("Расписание")
    assert chat.text.startswith("Расписание на ср, 18 ноября · Иван, 5А")
    assert "1. 08:30–09:15 Математика, каб. 21" in chat.text
    assert "3. 10:30–11:15 Английский язык (1 группа), каб. 21" in chat.text
    assert "2 группа" not in chat.text  # not Ivan's subgroup
    await chat.press("Завтра")
    assert "чт, 19 ноября" in chat.text and "перенесён с вт, 17 ноября, 3-й урок" in chat.text
    await chat.press("Неделя")
    week = chat.text
    assert week.startswith("Расписание на неделю 16–22 ноября · Иван, 5А")
    assert "1. 08:30–09:15 Русский язык — отменён" in week
    assert "2. 09:25–10:10 Математика, каб. 21 → 14 — замена: Словесников И. И." in week
    await chat.press("След. неделя ▶")
    assert "23–29 ноября" in chat.text and chat.replies[0].edit
    await chat.send("◀")  # typed: pages from the week seen last, kept in the database
    assert "16–22 ноября" in chat.text
    await chat.send("◀ Пред. неделя")
    assert "9–15 ноября" in chat.text


async def test_a_lesson_opens_with_its_topic(journal: Journal, tiny: TinySchool) -> None:
    await add_records(journal, tiny)
    chat = await linked_chat(journal, tiny, "a1")
    await chat.press("Расписание")
    await chat.press("1. Математика")
    assert "Учитель: Числова М. А." in chat.text
    assert "Тема: Сложение дробей" in chat.text
    assert chat.text.startswith("ср, 18 ноября · Иван, 5А")


async def test_attendance_of_the_period_with_reasons(journal: Journal, tiny: TinySchool) -> None:
    await add_records(journal, tiny)
    chat = await linked_chat(journal, tiny, "g2")
    await chat.press("Посещаемость")
    assert chat.text.startswith("Посещаемость за 2 четверть · Иван, 5А")
    assert "пн, 16 ноября, 1-й урок (Математика): болезнь — справка" in chat.text
    assert "ср, 18 ноября, 1-й урок (Математика): опоздание" in chat.text
    assert "пропущено уроков — 1, опозданий — 1" in chat.text
    pupil = await linked_chat(journal, tiny, "a3", account="300")
    await pupil.press("Посещаемость")
    assert phrases.ATTENDANCE_NONE in pupil.text


async def test_announcements_of_the_school_and_the_class(journal: Journal, tiny) -> None:
    await add_records(journal, tiny)
    chat = await linked_chat(journal, tiny, "g2")
    await chat.press("Объявления")
    assert "Родительское собрание" in chat.text and "вт, 17 ноября" in chat.text
    assert "Экскурсия 5А" in chat.text
    assert "Экскурсия 5Б" not in chat.text


async def test_a_guardian_of_two_picks_and_every_answer_says_whose(journal: Journal, tiny) -> None:
    await add_records(journal, tiny)
    chat = await linked_chat(journal, tiny, "g1")
    assert phrases.PICK_CHILD in chat.text
    assert chat.labels == ["Иван, 5А", "Мария, 5Б", "В меню"]
    await chat.send("Оценки")  # no child chosen yet: asked again, nothing shown
    assert phrases.PICK_CHILD in chat.text and "Последние оценки" not in chat.text
    await chat.press("Мария, 5Б")
    assert "Теперь показываю: Мария, 5Б." in chat.text
    assert "Выбрать ребёнка" in chat.labels
    maria_marks = chat.button("Оценки").payload
    await chat.send("Оценки")
    assert chat.text.startswith("Последние оценки · Мария, 5Б")
    await chat.send("/children")
    await chat.press("Иван, 5А")
    await chat.send("Оценки")  # the choice is remembered
    assert chat.text.startswith("Последние оценки · Иван, 5А")
    await chat.send_payload(maria_marks)  # an older button still says whose it shows
    assert chat.text.startswith("Последние оценки · Мария, 5Б")
    status = await journal.run(account_status, Platform.TELEGRAM, chat.account)
    assert status.selected_pupil_id == tiny.people["a1"]


async def test_a_pupil_sees_their_own_journal(journal: Journal, tiny: TinySchool) -> None:
    await add_records(journal, tiny)
    chat = await linked_chat(journal, tiny, "a2")
    assert "Главное меню · Анна, 5А" in chat.text
    await chat.press("Домашнее задание")
    assert "Упр. 6 для Анны (индивидуально)" in chat.text and "Упр. 5" not in chat.text
    await chat.press("В меню")
    await chat.press("Оценки")
    assert "Математика: 2 (отв)" in chat.text


async def test_help_and_the_way_back_from_everywhere(journal: Journal, tiny: TinySchool) -> None:
    chat = await linked_chat(journal, tiny, "g2")
    await chat.press("Помощь")
    # A guardian of one child: writing to teachers, no choice of child.
    assert chat.text == phrases.help_text(guardian=True, several=False)
    assert phrases.HELP_CHILDREN not in chat.text and phrases.HELP_WRITE in chat.text
    for item in ("Оценки", "Домашнее задание", "Расписание", "Посещаемость", "Объявления"):
        await chat.send("/menu")
        await chat.press(item)
        assert "В меню" in chat.labels, item
        await chat.press("В меню")
        assert "Главное меню · Иван, 5А" in chat.text
    await chat.send("меню")
    assert "Главное меню" in chat.text


async def test_an_unmarked_grade_shows_no_marks(journal: Journal, tiny: TinySchool) -> None:
    chat = await linked_chat(journal, tiny, "g4")
    await chat.press("Оценки")
    await chat.press("По предметам")
    assert "Ева, 1А" in chat.text and phrases.MARKS_NONE in chat.text
