"""The monthly control of filling reaches the deputy on the first working day of the month, and
the lines the deputy sends on reach each teacher (001 §6.2, §9.1; 004 §7.3)."""

from datetime import date

import pytest
from sqlalchemy.ext.asyncio import AsyncEngine

from db.engine import make_session_factory
from db.enums import Platform
from notifications.delivery.drain import OutboxDrain
from notifications.jobs.monthly_filling import first_working_day, monthly_filling_reports
from services.context import Journal
from services.reports.filling_sending import send_filling_lines
from tests import reports_support
from tests.conftest import FakeClock
from tests.notifications.support import link_accounts, queued, texts_by_account
from tests.tiny_school import TinySchool
from tests.write_support import actor, moscow

ON_SQLITE = pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
DEPUTY_CHAT = {"deputy": (Platform.TELEGRAM, "1301")}


def test_the_first_working_day() -> None:
    assert first_working_day(date(2026, 11, 18)) == date(2026, 11, 2)  # 1 November, Sunday
    assert first_working_day(date(2026, 12, 5)) == date(2026, 12, 1)


@ON_SQLITE
async def test_the_deputy_hears_on_the_first_working_day(
    journal: Journal, tiny: TinySchool, engine: AsyncEngine, clock: FakeClock
) -> None:
    await journal.run(reports_support.tuesday_lessons, tiny)
    accounts = await link_accounts(journal, tiny, ["deputy", "math"], chats=DEPUTY_CHAT)
    factory = make_session_factory(engine)
    assert await monthly_filling_reports(factory, clock) == 0  # 18 November
    clock.now = moscow(2026, 12, 1, 7, 59)
    assert await monthly_filling_reports(factory, clock) == 0
    clock.now = moscow(2026, 12, 1, 8, 0)
    assert await monthly_filling_reports(factory, clock) == 1
    assert await monthly_filling_reports(factory, clock) == 0  # once a month
    [text] = texts_by_account(await queued(journal))[accounts["deputy"]]
    assert text.startswith("Контроль заполнения журнала за ноябрь 2026: замечаний ")
    [message] = await queued(journal)
    labels = [b["label"] for row in message.keyboard or [] for b in row]
    assert labels == ["Заполнение журнала", "Разослать учителям"]


@ON_SQLITE
async def test_teachers_get_their_own_lines(
    journal: Journal, tiny: TinySchool, engine: AsyncEngine, clock: FakeClock
) -> None:
    await journal.run(reports_support.tuesday_lessons, tiny)
    accounts = await link_accounts(journal, tiny, ["math", "rus"])
    deputy = await actor(journal, tiny, "deputy")
    sent = await journal.run(send_filling_lines, deputy, date(2026, 11, 1), date(2026, 11, 18))
    assert sent >= 2
    await OutboxDrain(make_session_factory(engine), clock).drain_all()
    texts = texts_by_account(await queued(journal))
    [maths] = texts[accounts["math"]]
    assert maths.startswith(
        "Замечания по заполнению журнала за 01.11–18.11.2026 (передал(а) Завучева Ольга "
        "Сергеевна):\n• 5А: "
    )
    assert "Русский язык" not in maths  # only the teacher's own lines
    [russian] = texts[accounts["rus"]]
    assert "Русский язык" in russian
