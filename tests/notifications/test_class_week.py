"""The class teacher's weekly attendance summary (001 §4.3.11): when, to whom, what it says, and
its button, pressed in the chat."""

from datetime import date

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from db.enums import AttendanceStatus
from keyboards.actions.staff import ClassWeekOpen
from keyboards.payloads import pack
from notifications.delivery.stored_keyboards import keyboard_from_json
from notifications.jobs.class_week import class_attendance_summaries
from services.attendance.absence_reasons import record_absence_reason
from services.attendance.roll_call import save_roll_call
from services.context import Journal
from tests.conftest import FakeClock
from tests.notifications.support import held, link_accounts, queued, texts_by_account
from tests.staff_kit import staff_chat
from tests.tiny_school import TinySchool
from tests.write_support import actor, moscow
from texts import staff_phrases

A = AttendanceStatus
MONDAY = date(2026, 11, 16)


async def week_of_absences(journal: Journal, tiny: TinySchool) -> None:
    math, rus = await actor(journal, tiny, "math"), await actor(journal, tiny, "rus")
    eng2 = await actor(journal, tiny, "eng2")
    p = tiny.people
    await journal.run(save_roll_call, math, tiny.lessons["math-mon"], {p["a1"]: A.ILL})
    await journal.run(save_roll_call, rus, tiny.lessons["rus-today"], {p["a2"]: A.ABSENT})
    await journal.run(save_roll_call, eng2, tiny.lessons["eng2-today"], {p["a3"]: A.LATE})
    parent = await actor(journal, tiny, "g3")
    await journal.run(record_absence_reason, parent, tiny.lessons["rus-today"], p["a2"], "ill")


async def test_the_summary_goes_once_after_the_last_lesson_of_the_class_week(
    journal: Journal,
    tiny: TinySchool,
    session_factory: async_sessionmaker[AsyncSession],
    clock: FakeClock,
) -> None:
    acc = await link_accounts(journal, tiny, ["math", "rus", "g3"])
    await week_of_absences(journal, tiny)
    # Wednesday noon: 5Б (rus) is done for the week, 5А has lessons until Friday.
    assert await class_attendance_summaries(session_factory, clock) == 1
    [rus] = await queued(journal)
    assert rus.chat_account_id == acc["rus"]
    assert rus.text == (
        "Посещаемость 5Б за 16–22 ноября: всё без пропусков и опозданий.\n\n"
        "Перекличка не проведена:\n"
        "  ср, 18 ноября, 3-й урок, Математика — Числова М. А."
    )
    # 5А's last lesson, Friday's 2nd, ends at 10:10; the summary waits half an hour more.
    clock.now = moscow(2026, 11, 20, 10, 39)
    assert await class_attendance_summaries(session_factory, clock) == 0
    clock.now = moscow(2026, 11, 20, 10, 40)
    assert await class_attendance_summaries(session_factory, clock) == 1
    clock.now = moscow(2026, 11, 21, 12, 0)
    assert await class_attendance_summaries(session_factory, clock) == 0
    texts = texts_by_account(await queued(journal))
    assert sorted(texts) == [acc["math"], acc["rus"]]
    [summary] = texts[acc["math"]]
    assert summary.startswith(
        "Посещаемость 5А за 16–22 ноября: проверьте пропуски и при необходимости исправьте их "
        "вместе с учителями-предметниками.\n\n"
        "Иванов Иван\n"
        "  пн, 16 ноября, 1-й урок, Математика: болезнь\n\n"
        "Петрова Анна\n"
        "  ср, 18 ноября, 2-й урок, Русский язык: пропуск ❗ без уважительной причины; "
        "родитель: «Болеет» (Петров Н.)\n\n"
        "Сидоров Олег\n"
        "  ср, 18 ноября, 3-й урок, Английский язык: опоздание\n\n"
        "Без уважительной причины: 1 урок у 1 ученика.\n\n"
        "Перекличка не проведена:\n"
    ), summary
    math = next(m for m in await queued(journal) if m.chat_account_id == acc["math"])
    keyboard = keyboard_from_json(math.keyboard)
    assert keyboard is not None
    [button] = keyboard.buttons()
    assert button.payload == pack(ClassWeekOpen(class_id=tiny.classes["5А"], day=MONDAY))


async def test_at_night_the_summary_waits_for_the_morning_digest(
    journal: Journal,
    tiny: TinySchool,
    session_factory: async_sessionmaker[AsyncSession],
    clock: FakeClock,
) -> None:
    await link_accounts(journal, tiny, ["math"])
    clock.now = moscow(2026, 11, 20, 23, 30)  # the scheduler was down all afternoon
    assert await class_attendance_summaries(session_factory, clock) == 1
    assert await class_attendance_summaries(session_factory, clock) == 0
    assert await queued(journal) == []
    [item] = await held(journal)
    assert item.text.startswith("Посещаемость 5А за 16–22 ноября: всё без пропусков")
    # A new week: last week's summary is not sent late, this week's lessons are still ahead.
    clock.now = moscow(2026, 11, 23, 12, 0)
    assert await class_attendance_summaries(session_factory, clock) == 0


async def test_nobody_is_told_without_a_linked_class_teacher(
    journal: Journal,
    tiny: TinySchool,
    session_factory: async_sessionmaker[AsyncSession],
    clock: FakeClock,
) -> None:
    await link_accounts(journal, tiny, ["g1", "a1"])
    clock.now = moscow(2026, 11, 20, 15, 0)
    assert await class_attendance_summaries(session_factory, clock) == 0
    assert await queued(journal) == []


async def test_the_button_opens_the_week_as_a_new_message(
    journal: Journal,
    tiny: TinySchool,
    session_factory: async_sessionmaker[AsyncSession],
    clock: FakeClock,
) -> None:
    await week_of_absences(journal, tiny)
    chat = await staff_chat(journal, tiny, "math")
    clock.now = moscow(2026, 11, 20, 15, 0)
    assert await class_attendance_summaries(session_factory, clock) == 1
    [message] = await queued(journal)
    keyboard = keyboard_from_json(message.keyboard)
    assert keyboard is not None
    await chat.send_payload(keyboard.buttons()[0].payload)
    [reply] = chat.replies
    assert not reply.edit  # the summary stays in the chat
    assert reply.text.startswith("Посещаемость 5А за 16–22 ноября")
    assert "Петрова Анна\n  ср, 18 ноября: 2 н" in reply.text
    await chat.press("Петрова А. · ср")
    assert "Исправить один урок или весь день сразу?" in chat.text
    # Another class's teacher pressing a forged one is refused by the service.
    rus = await staff_chat(journal, tiny, "rus", "201")
    await rus.forge(ClassWeekOpen(class_id=tiny.classes["5А"], day=MONDAY))
    assert "Петрова" not in rus.text and staff_phrases.NOW in rus.labels
