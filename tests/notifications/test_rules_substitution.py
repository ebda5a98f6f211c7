"""A teacher's substitute for several days gets one message with the days, classes and
subjects, not one a lesson."""

from datetime import date, timedelta

from db.enums import Platform
from notifications.delivery.drain import OutboxDrain
from services.context import Journal
from services.roster.staff import substitute_for_days
from tests.notifications.support import link_accounts, queued, texts_by_account
from tests.tiny_school import TinySchool
from tests.write_support import actor
from texts.notification_phrases import substitution_for_days


async def test_the_substitute_hears_once_with_every_day(
    journal: Journal, tiny: TinySchool, drain: OutboxDrain
) -> None:
    acc = await link_accounts(
        journal, tiny, ["eng2", "g3"], chats={"eng2": (Platform.TELEGRAM, "1203")}
    )
    deputy = await actor(journal, tiny, "deputy")
    await journal.run(
        substitute_for_days,
        deputy,
        tiny.people["math"],
        tiny.people["eng2"],
        date(2026, 11, 16),
        date(2026, 11, 20),
        "больничный",
    )
    await drain.drain_all()
    by_account = texts_by_account(await queued(journal))
    assert by_account[acc["eng2"]] == [
        "Замена: вы ведёте уроки Числовой М. А. с 18 ноября по 20 ноября (больничный).\n"
        "ср, 18 ноября: 1-й урок — 5А, Математика; 5-й урок — 5А, Математика\n"
        "пт, 20 ноября: 2-й урок — 5А, Математика"
    ]
    assert len(by_account[acc["g3"]]) == 3  # the family hears of each of 5А's lessons


def test_a_long_substitution_is_told_in_brief() -> None:
    monday = date(2026, 11, 23)
    lessons = [(monday + timedelta(days=i), 1, "5А", "Математика") for i in range(12)]
    text = substitution_for_days("Числовой М. А.", "", lessons)
    assert text.startswith("Замена: вы ведёте уроки Числовой М. А. с 23 ноября по 4 декабря.")
    assert text.endswith("…и ещё 2 урока — они в «Моём расписании».")
    assert text.count("1-й урок") == 10
