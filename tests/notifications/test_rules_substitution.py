"""A teacher's substitute for several days gets one message with the days, classes and
subjects, not one a lesson; the substitute of one lesson hears of it and of its changes."""

from datetime import date, timedelta

from db.enums import Platform
from notifications.delivery.drain import OutboxDrain
from services.context import Journal
from services.roster.staff import substitute_for_days
from services.schedule.changes import cancel_lesson, substitute_teacher
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


async def test_the_substitute_of_one_lesson_hears_what_when_and_where(
    journal: Journal, tiny: TinySchool, drain: OutboxDrain
) -> None:
    acc = await link_accounts(journal, tiny, ["rus", "math", "g3"])
    deputy = await actor(journal, tiny, "deputy")
    fri = tiny.lessons["math-fri"]
    await journal.run(substitute_teacher, deputy, fri, tiny.people["rus"], "курсы")
    await drain.drain_all()
    by_account = texts_by_account(await queued(journal))
    assert by_account[acc["rus"]] == [
        "Замена: вы ведёте урок Числовой М. А. (курсы).\n"
        "пт, 20 ноября, 2-й урок (09:25–10:10) — 5А, Математика, каб. 21"
    ]
    assert acc["math"] not in by_account  # her own lesson is not news to her
    assert len(by_account[acc["g3"]]) == 1  # the family hears of it as before


async def test_a_substitution_taken_back_or_handed_on_tells_who_lost_it(
    journal: Journal, tiny: TinySchool, drain: OutboxDrain
) -> None:
    acc = await link_accounts(
        journal, tiny, ["rus", "eng2"], chats={"eng2": (Platform.TELEGRAM, "1203")}
    )
    deputy = await actor(journal, tiny, "deputy")
    fri = tiny.lessons["math-fri"]
    for teacher in ("rus", "eng2", "math"):  # the last: hers again
        await journal.run(substitute_teacher, deputy, fri, tiny.people[teacher])
        await drain.drain_all()
    by_account = texts_by_account(await queued(journal))
    line = "пт, 20 ноября, 2-й урок (09:25–10:10) — 5А, Математика, каб. 21"
    assert by_account[acc["rus"]] == [
        f"Замена: вы ведёте урок Числовой М. А.\n{line}",
        f"Замена отменена: урок Числовой М. А. ведёт Лондонов П. О., а не вы.\n{line}",
    ]
    assert by_account[acc["eng2"]] == [
        f"Замена: вы ведёте урок Числовой М. А.\n{line}",
        f"Замена отменена: вы не ведёте урок Числовой М. А.\n{line}",
    ]


async def test_the_substitute_hears_their_lesson_is_cancelled(
    journal: Journal, tiny: TinySchool, drain: OutboxDrain
) -> None:
    acc = await link_accounts(journal, tiny, ["rus"])
    deputy = await actor(journal, tiny, "deputy")
    fri = tiny.lessons["math-fri"]
    await journal.run(substitute_teacher, deputy, fri, tiny.people["rus"])
    await journal.run(cancel_lesson, deputy, fri, "экскурсия")
    await drain.drain_all()
    told = texts_by_account(await queued(journal))[acc["rus"]]
    assert told[-1] == (
        "Урок Числовой М. А., который вы заменяете, — отменён.\n"
        "пт, 20 ноября, 2-й урок (09:25–10:10) — 5А, Математика, каб. 21"
    )
