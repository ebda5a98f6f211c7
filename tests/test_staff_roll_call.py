"""The staff menu by role, the lesson now and of a day, and the roll call in one message."""

from db.enums import AttendanceStatus, Platform
from db.models import Attendance, GuardianLink, Lesson
from keyboards.actions.staff import Card, Lessons, RollCall, RollSave, RollToggle
from keyboards.payloads import VERSION
from services.attendance.roll_call import save_roll_call
from services.context import Ctx, Journal
from services.lessons.teacher_day import TOO_OLD
from tests.conftest import FakeClock
from tests.staff_kit import add_pupils, refusal, staff_chat
from tests.tiny_school import TinySchool
from tests.write_support import events, get, moscow, rows
from texts import phrases, report_phrases, staff_phrases

A = AttendanceStatus


async def open_first_lesson(chat) -> None:  # type: ignore[no-untyped-def]
    await chat.press(staff_phrases.LESSONS)
    await chat.press("1. 5А Математика")


async def test_the_staff_menu_follows_the_roles(journal: Journal, tiny: TinySchool) -> None:
    math = await staff_chat(journal, tiny, "math", "201")
    assert "Главное меню · Числова Мария Андреевна" in math.text
    assert math.labels == [
        staff_phrases.NOW,
        staff_phrases.LESSONS,
        staff_phrases.FINALS,
        staff_phrases.INBOX,
        report_phrases.REPORTS,
        staff_phrases.MY_CLASS,
        phrases.ANNOUNCEMENTS,
        phrases.SETTINGS,
        phrases.HELP,
    ]
    deputy = await staff_chat(journal, tiny, "deputy", "202")
    assert staff_phrases.ANNOUNCE in deputy.labels and staff_phrases.CHANGES in deputy.labels
    assert staff_phrases.FINALS not in deputy.labels and staff_phrases.MY_CLASS not in deputy.labels
    director = await staff_chat(journal, tiny, "director", "203")
    assert (
        staff_phrases.ANNOUNCE in director.labels and staff_phrases.CHANGES not in director.labels
    )


async def test_a_teacher_who_is_also_a_parent_reaches_both_menus(
    journal: Journal, tiny: TinySchool
) -> None:
    async def parent(ctx: Ctx) -> None:
        ctx.session.add(GuardianLink(guardian_id=tiny.people["rus"], pupil_id=tiny.people["b2"]))

    await journal.run(parent)
    chat = await staff_chat(journal, tiny, "rus")
    assert "Главное меню · Дмитрий, 5Б" in chat.text and staff_phrases.STAFF_HOME in chat.labels
    await chat.press(staff_phrases.STAFF_HOME)
    assert (
        chat.text.startswith("Главное меню · Словесников Иван Ильич")
        and staff_phrases.NOW in chat.labels
    )
    await chat.send(phrases.HELP)
    assert "Дмитрий" not in chat.text
    teacher = await staff_chat(journal, tiny, "eng1", "202")
    await teacher.send(phrases.HELP)
    assert teacher.text.startswith(staff_phrases.HELP_TITLE)
    assert staff_phrases.HELP_LINES[staff_phrases.NOW] in teacher.text


async def test_now_is_the_next_lesson_not_started_yet(journal: Journal, tiny: TinySchool) -> None:
    chat = await staff_chat(journal, tiny, "math")
    await chat.press(staff_phrases.NOW)  # 12:00: maths 1 and 3 are over, the 5th begins at 12:30
    assert chat.text.startswith("5А · Математика, 5-й урок\nср, 18 ноября, 12:30–13:15, каб. 21")
    assert "Урок начнётся в 12:30" in chat.text and "Перекличка: не проведена" in chat.text
    await chat.press(staff_phrases.CARD_ROLL)
    assert staff_phrases.ROLL_NOT_STARTED in chat.text
    assert await rows(journal, Attendance) == []


async def test_now_during_a_lesson_and_after_the_last(
    journal: Journal, tiny: TinySchool, clock: FakeClock
) -> None:
    chat = await staff_chat(journal, tiny, "math")
    clock.now = moscow(2026, 11, 18, 10, 45)
    await chat.press(staff_phrases.NOW)
    assert chat.text.startswith("5Б · Математика, 3-й урок")
    assert "Урок начнётся" not in chat.text
    clock.now = moscow(2026, 11, 18, 15, 0)
    await chat.send(staff_phrases.NOW)  # typed, as a menu label
    assert chat.text.startswith(staff_phrases.NO_LESSON_NOW)
    assert "Мои уроки на ср, 18 ноября" in chat.text
    assert "1. 08:30–09:15 5А Математика, каб. 21" in chat.text
    assert "1. 5А Математика" in chat.labels


async def test_lessons_of_a_day_page_back_within_the_rules(
    journal: Journal, tiny: TinySchool
) -> None:
    chat = await staff_chat(journal, tiny, "math")
    await chat.press(staff_phrases.LESSONS)
    assert "✗ перекличка · ✗ тема · ✗ задание" in chat.text
    await chat.press(staff_phrases.PREV_DAY)
    assert "Мои уроки на вт, 17 ноября" in chat.text and chat.replies[0].edit
    await chat.press(staff_phrases.PREV_DAY)
    assert "Мои уроки на пн, 16 ноября" in chat.text and "1. 5А Математика" in chat.labels
    await chat.forge(Lessons(day=moscow(2026, 11, 1, 12).date()))  # the 1st quarter's holidays
    assert "В чате открыты уроки текущего периода — с 05.11.2026." in chat.text  # the service's
    assert TOO_OLD.format(day=moscow(2026, 11, 5, 12).date()) in chat.text
    assert staff_phrases.NOW in chat.labels


async def test_roll_call_cycles_statuses_in_one_message_and_saves(
    journal: Journal, tiny: TinySchool
) -> None:
    chat = await staff_chat(journal, tiny, "math")
    await open_first_lesson(chat)
    await chat.press(staff_phrases.CARD_ROLL)
    assert chat.text.startswith("Перекличка · 5А · Математика, 1-й урок")
    assert chat.labels[:3] == ["✓ Иванов И.", "✓ Петрова А.", "✓ Сидоров О."]
    assert chat.replies[0].edit
    await chat.press("✓ Петрова А.")
    assert "н Петрова А." in chat.labels and len(chat.replies) == 1 and chat.replies[0].edit
    assert "Сейчас: на месте — 2, отсутствуют — 1." in chat.text
    await chat.press("✓ Сидоров О.")
    await chat.press("н Сидоров О.")
    assert "оп Сидоров О." in chat.labels
    assert await rows(journal, Attendance) == []  # nothing is written before "Сохранить"
    await chat.press(staff_phrases.ROLL_SAVE)
    assert "Перекличка сохранена: на месте — 1, отсутствуют — 1, опоздали — 1." in chat.text
    assert staff_phrases.ROLL_ALERTS in chat.text and "Перекличка: проведена" in chat.text
    saved = {r.pupil_id: r.status for r in await rows(journal, Attendance)}
    assert saved == {tiny.people["a2"]: A.ABSENT, tiny.people["a3"]: A.LATE}
    assert len(await events(journal, "attendance.recorded")) == 2
    lesson = await get(journal, Lesson, tiny.lessons["math-today"])
    assert lesson.roll_call_done
    # Opened again, it starts from what is saved; "Все на месте" clears it in one tap.
    await chat.press(staff_phrases.CARD_ROLL)
    assert "н Петрова А." in chat.labels and "оп Сидоров О." in chat.labels
    await chat.press(staff_phrases.ROLL_ALL)
    assert chat.labels[:3] == ["✓ Иванов И.", "✓ Петрова А.", "✓ Сидоров О."]
    await chat.press(staff_phrases.ROLL_SAVE)
    assert "на месте — 3" in chat.text
    assert {r.status for r in await rows(journal, Attendance)} == {A.PRESENT}


async def test_a_thirty_pupil_class_fits_one_message(journal: Journal, tiny: TinySchool) -> None:
    await add_pupils(journal, tiny, "5А", 27)
    chat = await staff_chat(journal, tiny, "math")
    sent = 0
    await open_first_lesson(chat)
    await chat.press(staff_phrases.CARD_ROLL)
    pupils = [label for label in chat.labels if label.startswith("✓ ")]
    assert len(pupils) == 30 and len(chat.replies) == 1
    wanted = {1: A.ABSENT, 2: A.LATE, 3: A.ILL, 4: A.EXCUSED}  # taps per pupil
    for taps, _ in wanted.items():
        for _ in range(taps):
            label = next(b for b in chat.labels if b.endswith(pupils[taps * 5][2:]))
            await chat.press(label)
            sent += sum(1 for r in chat.replies if not r.edit)
    await chat.press(staff_phrases.ROLL_SAVE)
    sent += sum(1 for r in chat.replies if not r.edit)
    assert sent == 0  # every tap and the save redraw the same message
    saved = {r.pupil_id: r.status for r in await rows(journal, Attendance)}
    assert sorted(saved.values()) == sorted(wanted.values())
    assert "на месте — 26" in chat.text


async def test_vk_pages_the_class_six_pupils_at_a_time(journal: Journal, tiny: TinySchool) -> None:
    await add_pupils(journal, tiny, "5А", 27)
    chat = await staff_chat(journal, tiny, "math", platform=Platform.VK)
    await open_first_lesson(chat)
    await chat.press(staff_phrases.CARD_ROLL)
    keyboard = chat.replies[0].keyboard
    assert keyboard is not None
    assert len(keyboard.buttons()) <= 10 and len(keyboard.rows) <= 6
    assert "Страница 1 из 5." in chat.text
    await chat.press("✓ Абрамов У.")
    assert "н Абрамов У." in chat.labels and chat.replies[0].edit
    await chat.press(staff_phrases.NEXT_PAGE)
    assert "Страница 2 из 5." in chat.text and "н Абрамов У." not in chat.labels
    await chat.press(chat.labels[0])  # the 7th pupil
    await chat.press(staff_phrases.PREV_PAGE)
    assert "н Абрамов У." in chat.labels  # what was marked on page 1 is kept
    await chat.press(staff_phrases.PREV_PAGE)
    assert "Страница 5 из 5." in chat.text  # paging wraps round
    await chat.press(staff_phrases.ROLL_SAVE)
    assert len([r for r in await rows(journal, Attendance) if r.status == A.ABSENT]) == 2


async def test_forged_and_stale_buttons_are_refused(journal: Journal, tiny: TinySchool) -> None:
    chat = await staff_chat(journal, tiny, "math")
    # Another teacher's lesson: the service refuses, a fresh menu follows.
    eng = tiny.lessons["eng1-today"]
    await chat.forge(RollSave(lesson=eng))
    assert chat.text == await refusal(journal, tiny, "math", save_roll_call, eng, {})
    assert staff_phrases.NOW in chat.labels
    # Her class's English lesson: as class teacher she may look, not call the roll.
    await chat.forge(RollToggle(lesson=eng, pupil=tiny.people["a1"]))
    assert staff_phrases.ROLL_CANNOT in chat.text and staff_phrases.CARD_ROLL not in chat.labels
    # A pupil of another class on this teacher's lesson.
    await open_first_lesson(chat)
    await chat.press(staff_phrases.CARD_ROLL)
    lesson = tiny.lessons["math-today"]
    await chat.forge(RollToggle(lesson=lesson, pupil=tiny.people["b1"]))
    assert staff_phrases.NOT_IN_LESSON in chat.text and "Иванова М." not in chat.labels
    await chat.send_payload(f"{VERSION}Rs")  # its lesson id missing
    assert phrases.STALE_BUTTON in chat.text
    assert await rows(journal, Attendance) == []
    # The class teacher of 5Б may not open a 5А lesson at all.
    rus = await staff_chat(journal, tiny, "rus", "202")
    await rus.forge(RollSave(lesson=lesson))
    assert staff_phrases.NOW in rus.labels and await rows(journal, Attendance) == []


async def test_the_class_teacher_looks_but_does_not_call_the_roll(
    journal: Journal, tiny: TinySchool
) -> None:
    primary = await staff_chat(journal, tiny, "primary")
    # The 1А teacher opens her own lesson; the 5А class teacher (math) opens a 5А rus lesson.
    math = await staff_chat(journal, tiny, "math", "202")
    await math.forge(Card(lesson=tiny.lessons["rus-today"]))
    assert (
        math.text.startswith("5А · Русский язык, 2-й урок") and staff_phrases.NOT_YOURS in math.text
    )
    assert staff_phrases.CARD_ROLL not in math.labels
    await math.forge(RollCall(lesson=tiny.lessons["rus-today"]))
    assert staff_phrases.ROLL_CANNOT in math.text
    await primary.press(staff_phrases.LESSONS)
    await primary.press("1. 1А Чтение")
    assert (
        staff_phrases.CARD_MARKS not in primary.labels
        and staff_phrases.CARD_HOMEWORK not in primary.labels
    )


async def test_leaving_an_unsaved_roll_call_asks_first(journal: Journal, tiny: TinySchool) -> None:
    chat = await staff_chat(journal, tiny, "math")
    await open_first_lesson(chat)
    await chat.press(staff_phrases.CARD_ROLL)
    await chat.press(staff_phrases.BACK_TO_LESSON)  # nothing changed: straight back
    assert staff_phrases.CARD_ROLL in chat.labels
    await chat.press(staff_phrases.CARD_ROLL)
    await chat.press("✓ Иванов И.")
    await chat.press(staff_phrases.BACK_TO_LESSON)
    assert "Перекличка не сохранена: на месте — 2, отсутствуют — 1. Сохранить" in chat.text
    await chat.press(staff_phrases.ROLL_BACK)
    assert "н Иванов И." in chat.labels  # the draft kept
    await chat.press(staff_phrases.BACK_TO_LESSON)
    await chat.press(staff_phrases.ROLL_DISCARD)
    assert staff_phrases.CARD_ROLL in chat.labels and await rows(journal, Attendance) == []
    await chat.press(staff_phrases.CARD_ROLL)
    assert "✓ Иванов И." in chat.labels  # the roll call as saved: nothing
    await chat.press("✓ Петрова А.")
    await chat.press(staff_phrases.BACK_TO_LESSON)
    await chat.press(staff_phrases.ROLL_SAVE)
    assert "Перекличка сохранена" in chat.text
    [absent] = [a for a in await rows(journal, Attendance) if a.status != A.PRESENT]
    assert absent.pupil_id == tiny.people["a2"]


async def test_the_roll_call_typed_by_surname(journal: Journal, tiny: TinySchool) -> None:
    chat = await staff_chat(journal, tiny, "math")
    await open_first_lesson(chat)
    await chat.press(staff_phrases.CARD_ROLL)
    await chat.send("Иванов н, Петрова оп")
    assert staff_phrases.ROLL_READ in chat.text
    assert "н Иванов И." in chat.labels and "оп Петрова А." in chat.labels
    await chat.send("Сидоров болен")  # not a status: the sheet stays as marked
    assert "«Сидоров болен» — нет отметки" in chat.text and "н Иванов И." in chat.labels
    await chat.send("Сейчас урок")  # a menu label is not taken for the roll call either
    assert "Не понял" in chat.text and "оп Петрова А." in chat.labels
    await chat.send("сохранить")
    assert "Перекличка сохранена: на месте — 1, отсутствуют — 1, опоздали — 1." in chat.text
    saved = {a.pupil_id: a.status for a in await rows(journal, Attendance)}
    assert saved[tiny.people["a1"]] == A.ABSENT and saved[tiny.people["a2"]] == A.LATE


async def test_typing_to_menu_on_an_unsaved_roll_call_asks_as_the_button_does(
    journal: Journal, tiny: TinySchool
) -> None:
    """Issue 15: «В меню» (or «Отмена», «назад») typed on the sheet asks to save or not, or
    goes back to the sheet with what is marked; with nothing to lose it goes to the menu."""
    chat = await staff_chat(journal, tiny, "math")
    await open_first_lesson(chat)
    await chat.press(staff_phrases.CARD_ROLL)
    await chat.send("В меню")  # nothing marked: straight to the menu
    assert chat.text.startswith("Главное меню · Числова Мария Андреевна")
    await open_first_lesson(chat)
    await chat.press(staff_phrases.CARD_ROLL)
    await chat.press("✓ Иванов И.")
    await chat.send("В меню")
    assert (
        chat.text
        == "Перекличка не сохранена: на месте — 2, отсутствуют — 1. Сохранить перед уходом?"
    )
    assert chat.labels == [
        staff_phrases.ROLL_SAVE,
        staff_phrases.ROLL_DISCARD,
        staff_phrases.ROLL_BACK,
    ]
    await chat.press(staff_phrases.ROLL_BACK)
    assert "н Иванов И." in chat.labels  # the draft kept
    await chat.send("отмена")
    assert "Перекличка не сохранена" in chat.text
    await chat.press(staff_phrases.ROLL_DISCARD)  # not saved: on to the menu
    assert chat.text.startswith("Главное меню · Числова Мария Андреевна")
    assert await rows(journal, Attendance) == []
    await open_first_lesson(chat)
    await chat.press(staff_phrases.CARD_ROLL)
    assert "✓ Иванов И." in chat.labels  # as saved: nothing
    await chat.press("✓ Петрова А.")
    await chat.send("главное меню")
    await chat.press(staff_phrases.ROLL_SAVE)
    assert "Перекличка сохранена" in chat.text
    [absent] = [a for a in await rows(journal, Attendance) if a.status != A.PRESENT]
    assert absent.pupil_id == tiny.people["a2"]
