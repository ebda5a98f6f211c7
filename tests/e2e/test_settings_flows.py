"""A father sets his notifications through the real aiogram bot on the Telegram stand-in, every
tap redrawing the same message; then a 3 in maths reaches him, since he asked for threes too."""

from datetime import timedelta

from sqlalchemy.ext.asyncio import AsyncEngine

from db.engine import make_session_factory
from keyboards.actions.settings import NotifyThreshold
from keyboards.payloads import pack
from notifications.delivery.drain import OutboxDrain
from services.context import Journal
from services.settings.notifications import NOT_YOUR_CHILD
from tests.conftest import FakeClock
from tests.e2e.conftest import Handle, invite_code, on_sqlite, record_marks, telegram_polling
from tests.e2e.test_telegram_flows import link_and_consent, one
from tests.notifications.fakes import RunningClock
from tests.notifications.telegram_support import telegram_delivery
from tests.standins import TelegramStandIn
from tests.tiny_school import TinySchool
from texts import phrases, settings_phrases

PARENT = 701  # g2: the father of a1 (Иван, 5А)
POOR_3 = "Низкая оценка: Иван (5А) — 3 по предмету «Математика»"


@on_sqlite
async def test_father_asks_for_threes_and_gets_one(
    telegram: TelegramStandIn,
    handle: Handle,
    journal: Journal,
    tiny: TinySchool,
    engine: AsyncEngine,
    clock: FakeClock,
) -> None:
    code = await invite_code(journal, tiny, "g2")
    async with telegram_polling(telegram, handle):
        await link_and_consent(telegram, PARENT, code)
        menu = telegram.messages_to(PARENT)[-1]
        await telegram.user_presses(PARENT, settings_phrases.NOTIFICATIONS)
        (screen,) = await telegram.wait_for_edits(PARENT)
        assert screen.message_id == menu.message_id
        assert screen.plain_text is not None and "Уведомления · Иван, 5А" in screen.plain_text
        assert "✅ Пропуски" in screen.button_labels()

        await telegram.user_presses(PARENT, "✅ Пропуски")
        (warned,) = await telegram.wait_for_edits(PARENT)
        assert warned.plain_text is not None and "⚠️" in warned.plain_text
        await telegram.user_presses(PARENT, "☐ Пропуски")
        (back_on,) = await telegram.wait_for_edits(PARENT)
        assert "✅ Пропуски" in back_on.button_labels()

        await telegram.user_presses(PARENT, settings_phrases.MORE)
        await telegram.wait_for_edits(PARENT)
        await telegram.user_presses(PARENT, "Тройки и двойки")
        (more,) = await telegram.wait_for_edits(PARENT)
        assert "✅ Тройки и двойки" in more.button_labels()
        await telegram.user_presses(PARENT, "23:00–08:00")
        (quiet,) = await telegram.wait_for_edits(PARENT)
        assert "✅ 23:00–08:00" in quiet.button_labels()

        # A forged button for another pupil: refused in a new message, nothing set for her.
        forged = pack(NotifyThreshold(pupil=tiny.people["a2"], threshold=2))
        await telegram.user_presses_data(PARENT, menu.message_id, forged)
        assert await one(telegram, PARENT) == NOT_YOUR_CHILD

    # Every tap edited the one message the menu came in.
    edits = [m for m in telegram.sent if m.chat_id == PARENT and m.method.startswith("edit")]
    assert len(edits) == 6 and {m.message_id for m in edits} == {menu.message_id}
    assert telegram.unanswered_callback_queries() == []
    assert telegram.violations == []

    await record_marks(journal, tiny, "a1", 3)
    session_factory = make_session_factory(engine)
    drain = OutboxDrain(session_factory, clock, grace=timedelta(0))
    async with telegram_delivery(telegram, session_factory, RunningClock(clock)) as worker:
        drain.on_enqueued = worker.wake
        assert await drain.drain_all() >= 1
        alert = await one(telegram, PARENT)
    assert alert.startswith(POOR_3)
    assert phrases.STALE_BUTTON not in alert
    assert telegram.violations == []
