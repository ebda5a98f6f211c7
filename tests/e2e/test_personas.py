"""Persona scripts, each run on Telegram, VK, MAX and the terminal chat (tests/e2e/messengers.py):
a flow missing on one messenger fails there. Real bots, real conversation, the tiny school."""

from datetime import UTC, datetime

from sqlalchemy.ext.asyncio import AsyncEngine

from db.models import Announcement, Attendance, DirectMessage, FinalMark, HomeworkAttachment, Mark
from services.context import Journal
from tests.conftest import FakeClock
from tests.e2e.conftest import invite_code, on_sqlite, record_marks
from tests.e2e.messengers import Messenger, labels_of, messenger, notifications, text_of
from tests.test_conversation_kit import invite_code as staff_code
from tests.tiny_school import TinySchool
from tests.write_support import put_marks, rows
from texts import homework_file_phrases, notification_phrases, phrases, settings_phrases
from texts import staff_phrases as staff

__all__ = ["messenger"]

FATHER, PUPIL, TEACHER, DEPUTY, DIRECTOR = 901, 902, 903, 904, 905
JPEG = b"\xff\xd8\xff\xe0" + b"page 30" + bytes(200)
PDF = b"%PDF-1.4 worksheet"


async def link(chat: Messenger, user: int, code: str, *, by_link: bool = False) -> str:
    """Linking by the code typed, or by the slip's deep link; then the consent."""
    said = await (chat.deep_link(user, code) if by_link else chat.type(user, code))
    assert text_of(said).startswith("Код принят"), text_of(said)
    assert labels_of(said) == [phrases.AGREE, phrases.DISAGREE]
    return text_of(await chat.press(user, phrases.AGREE))


@on_sqlite
async def test_a_father_links_by_the_slip_reads_and_sets_his_notifications(
    messenger: Messenger, journal: Journal, tiny: TinySchool
) -> None:
    chat = messenger
    await record_marks(journal, tiny, "a1", 5, 4)
    await record_marks(journal, tiny, "a2", 2)  # someone else's child
    menu = await link(chat, FATHER, await invite_code(journal, tiny, "g2"), by_link=True)
    assert phrases.CONSENT_THANKS in menu and "Иван, 5А" in menu

    marks = text_of(await chat.press(FATHER, phrases.MARKS))
    assert "пн, 16 ноября — Математика: 5 (отв)" in marks and "2 (отв)" not in marks
    await chat.press(FATHER, phrases.TO_MENU)
    schedule = text_of(await chat.press(FATHER, phrases.SCHEDULE))
    assert "Расписание на ср, 18 ноября · Иван, 5А" in schedule
    week = await chat.press(FATHER, phrases.WEEK)
    assert "пн, 16 ноября" in text_of(week)
    await chat.press(FATHER, phrases.TO_MENU)
    assert "Домашнее задание на чт, 19 ноября" in text_of(
        await chat.press(FATHER, phrases.HOMEWORK)
    )
    await chat.press(FATHER, phrases.TO_MENU)

    screen = await chat.press(FATHER, settings_phrases.NOTIFICATIONS)
    assert "Уведомления · Иван, 5А" in text_of(screen) and "✅ Пропуски" in labels_of(screen)
    warned = await chat.press(FATHER, "✅ Пропуски")
    assert "⚠️" in text_of(warned) and "☐ Пропуски" in labels_of(warned)
    assert "✅ Пропуски" in labels_of(await chat.press(FATHER, "☐ Пропуски"))
    assert phrases.NOT_UNDERSTOOD in text_of(await chat.type(FATHER, "абырвалг"))


@on_sqlite
async def test_a_pupil_types_the_code_and_a_stranger_is_refused(
    messenger: Messenger, journal: Journal, tiny: TinySchool
) -> None:
    chat = messenger
    await record_marks(journal, tiny, "a1", 3)
    assert text_of(await chat.type(PUPIL + 50, "/start")) == phrases.WELCOME
    assert text_of(await chat.type(PUPIL + 50, "ABCE-HKMP-TX")).startswith("Не получилось")
    await chat.type(PUPIL, "/start")
    menu = await link(chat, PUPIL, await invite_code(journal, tiny, "a1"))
    assert phrases.CONSENT_THANKS in menu
    assert "Математика: 3 (отв)" in text_of(await chat.press(PUPIL, phrases.MARKS))


@on_sqlite
async def test_a_teacher_takes_the_roll_gives_a_mark_and_sets_homework_with_a_file(
    messenger: Messenger, journal: Journal, tiny: TinySchool
) -> None:
    chat = messenger
    await link(chat, TEACHER, await staff_code(journal, tiny, "math"))
    await chat.press(TEACHER, staff.LESSONS)
    await chat.press(TEACHER, "1. 5А Математика")
    roll = await chat.press(TEACHER, staff.CARD_ROLL)
    pupils = [label for label in labels_of(roll) if label.startswith("✓ ")]
    assert len(pupils) == 3
    marked = await chat.press(TEACHER, pupils[1])
    assert any(label.startswith("н ") for label in labels_of(marked))
    saved = text_of(await chat.press(TEACHER, staff.ROLL_SAVE))
    assert "Перекличка сохранена: на месте — 2, отсутствуют — 1." in saved

    await chat.press(TEACHER, staff.CARD_MARKS)
    await chat.press(TEACHER, "Иванов И.")
    await chat.press(TEACHER, "5")
    await chat.press(TEACHER, "Контрольная работа")
    asked = await chat.type(TEACHER, "Молодец, всё решено")
    assert "Иванов Иван: поставить отметку 5 (к/р)?" in text_of(asked)
    assert "Отметка 5 (к/р) поставлена: Иванов И." in text_of(
        await chat.press(TEACHER, staff.MARK_SAVE)
    )

    await chat.press(TEACHER, staff.BACK_TO_LESSON)
    ask = await chat.press(TEACHER, staff.CARD_HOMEWORK)
    if chat.sends_files:
        assert homework_file_phrases.FILE_HINT in text_of(ask)
        saved_file = text_of(await chat.send_file(TEACHER, PDF, "Карточка 5А.pdf", "Упр. 5"))
        assert saved_file.startswith(staff.HOMEWORK_SAVED), saved_file
    else:
        assert text_of(await chat.type(TEACHER, "Упр. 5")).startswith(staff.HOMEWORK_SAVED)

    await link(chat, FATHER, await invite_code(journal, tiny, "g2"))
    await chat.press(FATHER, phrases.HOMEWORK)
    week = await chat.press(FATHER, phrases.HOMEWORK_WEEK)
    assert "Упр. 5" in text_of(week)
    if chat.sends_files:
        document = await chat.press(FATHER, "📎 Математика: Карточка 5А.pdf")
        assert [s.file[1] for s in document if s.file] == [PDF]
        assert len(await rows(journal, HomeworkAttachment)) == 1
    assert [(m.value, m.comment) for m in await rows(journal, Mark)] == [(5, "Молодец, всё решено")]
    assert len(await rows(journal, Attendance)) == 1


@on_sqlite
async def test_final_marks_at_the_end_of_the_quarter(
    messenger: Messenger, journal: Journal, tiny: TinySchool, clock: FakeClock
) -> None:
    chat = messenger
    await put_marks(journal, tiny, "math-mon", "a1", [5, 5, 4, 5, 4])
    await link(chat, TEACHER, await staff_code(journal, tiny, "math"))
    clock.now = datetime(2026, 12, 24, 9, tzinfo=UTC)  # the quarter ends on 28 December
    await chat.press(TEACHER, staff.FINALS)
    sheet = await chat.press(TEACHER, "5А Математика")
    assert "Иванов И.: средний 4,60, выходит 5; отметок 5 из 5" in text_of(sheet)
    await chat.press(TEACHER, "Иванов И.")
    assert "Итоговая 5 поставлена: Иванов И." in text_of(await chat.press(TEACHER, "5"))
    [final] = await rows(journal, FinalMark)
    assert (final.pupil_id, final.value) == (tiny.people["a1"], "5")


@on_sqlite
async def test_an_announcement_is_acknowledged_and_a_question_answered(
    messenger: Messenger,
    journal: Journal,
    tiny: TinySchool,
    engine: AsyncEngine,
    clock: FakeClock,
) -> None:
    chat = messenger
    await link(chat, FATHER, await invite_code(journal, tiny, "g2"))
    await link(chat, TEACHER, await staff_code(journal, tiny, "math"))
    async with notifications(chat, engine, clock) as drain:
        # The class teacher to the parents of 5А; the father acknowledges it.
        await chat.press(TEACHER, staff.MY_CLASS)
        await chat.press(TEACHER, staff.CLASS_ANNOUNCE)
        await chat.press(TEACHER, staff.TO_GUARDIANS)
        preview = await chat.type(TEACHER, "Собрание в пятницу\nВ 18:00 в кабинете 21.")
        assert text_of(preview).startswith("Предпросмотр · Объявление для 5А · родителям")
        assert text_of(await chat.press(TEACHER, staff.ANNOUNCE_PUBLISH)) == staff.ANNOUNCE_DONE
        await drain()
        if chat.receives_notifications:
            [notice] = await chat.notices(FATHER)
            assert "Собрание в пятницу" in notice.text
            assert list(notice.labels) == [notification_phrases.READ_BUTTON]
            thanks = await chat.press(FATHER, notification_phrases.READ_BUTTON)
            assert thanks and not any(phrases.STALE_BUTTON in s.text for s in thanks)

        # The father's question, the teacher's answer.
        await chat.press(FATHER, staff.WRITE_TEACHER)
        await chat.press(FATHER, "Числова М. А. (кл. рук.)")
        preview = await chat.type(FATHER, "Почему у Ивана двойка?")
        assert text_of(preview).startswith("Вопрос для Числовой М. А.:\n\n«Почему у Ивана")
        sent = await chat.press(FATHER, staff.WRITE_SEND)
        assert text_of(sent).startswith("Вопрос для Числовой М. А. отправлен.")
        await drain()
        if chat.receives_notifications:
            [question] = await chat.notices(TEACHER)
            assert "Почему у Ивана двойка?" in question.text
        await chat.type(TEACHER, "/menu")
        await chat.press(TEACHER, staff.INBOX)
        await chat.press(TEACHER, "Ответить: Иванов (Иван)")
        answered = await chat.type(TEACHER, "Не решил вторую задачу.")
        assert text_of(answered).startswith("Ответ для Иванова Сергея отправлен.")
        await drain()
        if chat.receives_notifications:
            [answer] = await chat.notices(FATHER)
            assert "Не решил вторую задачу." in answer.text
    [announcement] = await rows(journal, Announcement)
    assert announcement.title == "Собрание в пятницу"
    assert [m.text for m in await rows(journal, DirectMessage)][:1] == ["Почему у Ивана двойка?"]


@on_sqlite
async def test_the_deputy_and_the_director_announce(
    messenger: Messenger, journal: Journal, tiny: TinySchool
) -> None:
    chat = messenger
    await link(chat, DEPUTY, await staff_code(journal, tiny, "deputy"))
    await chat.press(DEPUTY, staff.ANNOUNCE)
    await chat.press(DEPUTY, "5-е классы")
    await chat.press(DEPUTY, staff.TO_EVERYONE)
    preview = await chat.type(DEPUTY, "Экскурсия в музей в субботу.")
    assert "Объявление для 5-х классов · родителям, ученикам, сотрудникам" in text_of(preview)
    await chat.press(DEPUTY, staff.ANNOUNCE_PUBLISH)
    await link(chat, DIRECTOR, await staff_code(journal, tiny, "director"))
    await chat.press(DIRECTOR, staff.ANNOUNCE)
    await chat.press(DIRECTOR, staff.SCOPE_SCHOOL)
    await chat.press(DIRECTOR, staff.TO_STAFF)
    await chat.type(DIRECTOR, "Педсовет\nВ понедельник в 15:00.")
    assert text_of(await chat.press(DIRECTOR, staff.ANNOUNCE_PUBLISH)) == staff.ANNOUNCE_DONE
    titles = sorted(a.title for a in await rows(journal, Announcement))
    assert titles == ["Объявление", "Педсовет"]  # a one-line text is titled for it


@on_sqlite
async def test_the_deputy_hands_a_lesson_to_a_substitute_who_hears_of_it(
    messenger: Messenger,
    journal: Journal,
    tiny: TinySchool,
    engine: AsyncEngine,
    clock: FakeClock,
) -> None:
    chat = messenger
    await link(chat, DEPUTY, await staff_code(journal, tiny, "deputy"))
    await link(chat, TEACHER, await staff_code(journal, tiny, "rus"))
    line = "пт, 20 ноября, 2-й урок (09:25–10:10) — 5А, Математика, каб. 21"
    async with notifications(chat, engine, clock) as drain:
        await chat.press(DEPUTY, staff.CHANGES)
        await chat.press(DEPUTY, "пт, 20 ноября")
        await chat.press(DEPUTY, "5А")
        await chat.press(DEPUTY, "2. Математика")
        await chat.press(DEPUTY, staff.CHANGE_SUBSTITUTE)
        done = await chat.press(DEPUTY, "Словесников И. И. · Рус. яз.")
        assert text_of(done).startswith("Готово: урок ведёт Словесников И. И. — заменяющий")
        await drain()
        if chat.receives_notifications:
            [notice] = await chat.notices(TEACHER)
            assert notice.text == f"Замена: вы ведёте урок Числовой М. А.\n{line}"

        await chat.press(DEPUTY, "2. Математика")
        await chat.press(DEPUTY, staff.CHANGE_SUBSTITUTE)
        await chat.press(DEPUTY, "Числова М. А. · Матем.")  # she is back
        await drain()
        if chat.receives_notifications:
            [notice] = await chat.notices(TEACHER)
            assert notice.text == f"Замена отменена: вы не ведёте урок Числовой М. А.\n{line}"
