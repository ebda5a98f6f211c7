"""A teacher's roll call through the real bots: aiogram polling the Telegram stand-in, and
vk_api on Bots Long Poll against the VK stand-in."""

from db.enums import AttendanceStatus
from db.models import Attendance, OutboxEvent
from services.context import Journal
from tests.e2e.conftest import Handle, on_sqlite, telegram_polling, vk_polling
from tests.staff_kit import add_pupils
from tests.standins import TelegramStandIn, VkStandIn
from tests.test_conversation_kit import invite_code
from tests.tiny_school import TinySchool
from tests.write_support import rows
from texts import phrases, staff_phrases

TEACHER = 601
A = AttendanceStatus


@on_sqlite
async def test_a_thirty_pupil_roll_call_takes_three_messages_at_most(
    telegram: TelegramStandIn, handle: Handle, journal: Journal, tiny: TinySchool
) -> None:
    await add_pupils(journal, tiny, "5А", 27)
    code = await invite_code(journal, tiny, "math")
    async with telegram_polling(telegram, handle):
        await telegram.user_sends_text(TEACHER, f"/start {code}", "Мария")
        await telegram.wait_for_messages(TEACHER, 2)
        await telegram.user_presses(TEACHER, phrases.AGREE)
        (menu,) = await telegram.wait_for_messages(TEACHER)
        assert staff_phrases.NOW in menu.button_labels()

        await telegram.user_presses(TEACHER, staff_phrases.LESSONS)
        (day,) = await telegram.wait_for_messages(TEACHER)
        await telegram.user_presses(TEACHER, "1. 5А Математика")
        await telegram.wait_for_edits(TEACHER)
        await telegram.user_presses(TEACHER, staff_phrases.CARD_ROLL)
        (roll,) = await telegram.wait_for_edits(TEACHER)
        assert roll.message_id == day.message_id
        pupils = [label for label in roll.button_labels() if label.startswith("✓ ")]
        assert len(pupils) == 30

        wanted = {pupils[3][2:]: A.ABSENT, pupils[10][2:]: A.LATE, pupils[20][2:]: A.ILL}
        labels = roll.button_labels()
        for name, status in wanted.items():
            for _ in range({A.ABSENT: 1, A.LATE: 2, A.ILL: 3}[status]):
                await telegram.user_presses(TEACHER, next(b for b in labels if b.endswith(name)))
                (redrawn,) = await telegram.wait_for_edits(TEACHER)
                labels = redrawn.button_labels()
        await telegram.user_presses(TEACHER, staff_phrases.ROLL_SAVE)
        (saved,) = await telegram.wait_for_edits(TEACHER)
        assert saved.plain_text is not None
        assert "Перекличка сохранена: на месте — 27" in saved.plain_text

    # From the menu on: the day's list is the one new message, everything else edits it.
    messages = telegram.messages_to(TEACHER)
    assert len([m for m in messages if m.message_id >= menu.message_id]) <= 3
    assert all(m.message_id == day.message_id for m in telegram.sent if m.method.startswith("edit"))
    recorded = {r.status for r in await rows(journal, Attendance)}
    assert recorded == {A.ABSENT, A.LATE, A.ILL}
    alerts = await rows(journal, OutboxEvent, OutboxEvent.kind == "attendance.recorded")
    assert len(alerts) == 3  # the parents' alerts go out through the outbox
    assert telegram.unanswered_callback_queries() == []
    assert telegram.violations == []


@on_sqlite
async def test_on_vk_the_roll_call_pages_within_one_inline_keyboard(
    vk: VkStandIn, handle: Handle, journal: Journal, tiny: TinySchool
) -> None:
    await add_pupils(journal, tiny, "5А", 27)
    code = await invite_code(journal, tiny, "math")
    async with vk_polling(vk, handle):
        await vk.user_sends_text(TEACHER, code)
        await vk.wait_for_messages(TEACHER, 2)
        await vk.user_presses(TEACHER, phrases.AGREE)
        await vk.wait_for_messages(TEACHER)
        await vk.user_presses(TEACHER, staff_phrases.LESSONS)
        (day,) = await vk.wait_for_messages(TEACHER)
        await vk.user_presses(TEACHER, "1. 5А Математика")
        await vk.wait_for_edits(TEACHER)
        await vk.user_presses(TEACHER, staff_phrases.CARD_ROLL)
        (roll,) = await vk.wait_for_edits(TEACHER)
        assert "Страница 1 из 5." in roll.text and len(roll.button_labels()) == 10
        await vk.user_presses(TEACHER, roll.button_labels()[0])
        (marked,) = await vk.wait_for_edits(TEACHER)
        assert marked.button_labels()[0].startswith("н ")
        await vk.user_presses(TEACHER, staff_phrases.NEXT_PAGE)
        (second,) = await vk.wait_for_edits(TEACHER)
        assert "Страница 2 из 5." in second.text
        await vk.user_presses(TEACHER, staff_phrases.ROLL_SAVE)
        (saved,) = await vk.wait_for_edits(TEACHER)
        assert "Перекличка сохранена: на месте — 29, отсутствуют — 1." in saved.text
        assert saved.conversation_message_id == day.conversation_message_id
    assert len(vk.messages_to(TEACHER)) == 4  # the code's two answers, the menu, the day
    assert [r.status for r in await rows(journal, Attendance)] == [A.ABSENT]
    assert vk.unanswered_events() == []
    assert vk.violations == []
