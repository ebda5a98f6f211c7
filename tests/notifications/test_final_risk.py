from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from db.models import Enrollment, Person
from notifications.jobs.digest import release_digests
from notifications.jobs.final_risk import final_risk_alerts
from services.context import Ctx, Journal
from services.marks.marking import record_mark
from tests.conftest import FakeClock
from tests.notifications.support import held, link_accounts, queued, set_prefs, texts_by_account
from tests.tiny_school import TinySchool
from tests.write_support import actor, moscow

IVAN_MATH = (
    "Итоговая отметка под угрозой: Иван (5А), 2 четверть.\n"
    "• Математика: прогноз 2, средний балл 2,25; ещё одна пятёрка — и выйдет 3\n"
    "Последний день периода — пн, 28 декабря."
)
FEW = "мало отметок для аттестации"
CLASS_5A_IVAN_MATH = (
    "Итоговые отметки под угрозой — 5А, 2 четверть (последний день — пн, 28 декабря):\n"
    "• Иванов Иван, Математика: прогноз 2, средний балл 2,25; ещё одна пятёрка — и выйдет 3"
)
# 12 days before the second quarter ends (28 December): within its last two weeks.
LATE_IN_QUARTER = moscow(2026, 12, 16, 16, 10)


async def poor_maths_marks(journal: Journal, tiny: TinySchool, clock: FakeClock) -> None:
    """Иван's maths: 2 for an answer on Monday, 2 for a control work and 3 for an answer today
    (weighted 2.25); the clock is left at 16:00."""
    math = await actor(journal, tiny, "math")
    pupil = tiny.people["a1"]
    await journal.run(record_mark, math, tiny.lessons["math-mon"], pupil, 2, "answer")
    await journal.run(record_mark, math, tiny.lessons["math-today"], pupil, 2, "control")
    clock.now = moscow(2026, 11, 18, 16, 0)
    await journal.run(record_mark, math, tiny.lessons["math-later-today"], pupil, 3, "answer")


async def test_a_forecast_below_three_reaches_guardians_and_the_class_teacher_once(
    journal: Journal,
    tiny: TinySchool,
    session_factory: async_sessionmaker[AsyncSession],
    clock: FakeClock,
) -> None:
    acc = await link_accounts(journal, tiny, ["g1", "g2", "g3", "a1", "math", "rus"])
    math = await actor(journal, tiny, "math")
    await journal.run(record_mark, math, tiny.lessons["math-today"], tiny.people["a2"], 2, "answer")
    assert await final_risk_alerts(session_factory, clock) == 0  # noon: not yet
    await poor_maths_marks(journal, tiny, clock)
    clock.now = moscow(2026, 11, 18, 16, 10)
    # Анна's single 2 is not yet a forecast: g3 hears nothing.
    assert await final_risk_alerts(session_factory, clock) == 3
    assert texts_by_account(await queued(journal)) == {
        acc["g1"]: [IVAN_MATH],
        acc["g2"]: [IVAN_MATH],
        acc["math"]: [CLASS_5A_IVAN_MATH],
    }
    clock.now = moscow(2026, 11, 18, 18, 55)  # checked once a day
    assert await final_risk_alerts(session_factory, clock) == 0
    clock.now = moscow(2026, 11, 25, 16, 10)  # a week later, still at risk: not told again
    assert await final_risk_alerts(session_factory, clock) == 0
    assert len(await queued(journal)) == 3


async def test_too_few_marks_near_the_end_one_list_per_class_and_each_family_its_own_child(
    journal: Journal,
    tiny: TinySchool,
    session_factory: async_sessionmaker[AsyncSession],
    clock: FakeClock,
) -> None:
    acc = await link_accounts(journal, tiny, ["g1", "g2", "g3", "g4", "math", "rus"])
    await poor_maths_marks(journal, tiny, clock)
    clock.now = moscow(2026, 12, 13, 16, 10)  # 15 days left: only the forecast counts
    assert await final_risk_alerts(session_factory, clock) == 3
    clock.now = LATE_IN_QUARTER
    # Guardians: one message per child (g1 two), teachers one per class; nobody hears of 1А,
    # whose grade has no marks; Иван's maths was told already.
    assert await final_risk_alerts(session_factory, clock) == 2 + 1 + 1 + 2
    texts = texts_by_account(await queued(journal))
    assert set(texts) == {acc["g1"], acc["g2"], acc["g3"], acc["math"], acc["rus"]}
    ends = "Последний день периода — пн, 28 декабря."
    ivan = (
        f"Иван (5А), 2 четверть.\n• Английский язык: {FEW}: 0 из 5\n• Русский язык: {FEW}: 0 из 7"
    )
    assert texts[acc["g1"]] == [
        IVAN_MATH,
        f"Итоговые отметки под угрозой: {ivan}\n{ends}",
        "Итоговые отметки под угрозой: Мария (5Б), 2 четверть.\n"
        f"• Математика: {FEW}: 0 из 5\n• Русский язык: {FEW}: 0 из 7\n{ends}",
    ]
    assert texts[acc["g2"]] == texts[acc["g1"]][:2]
    assert texts[acc["g3"]] == [
        "Итоговые отметки под угрозой: Анна (5А), 2 четверть.\n"
        f"• Английский язык: {FEW}: 0 из 5\n"
        f"• Математика: {FEW}: 0 из 5\n"
        f"• Русский язык: {FEW}: 0 из 7\n{ends}"
    ]
    assert texts[acc["math"]] == [
        CLASS_5A_IVAN_MATH,
        "Итоговые отметки под угрозой — 5А, 2 четверть (последний день — пн, 28 декабря):\n"
        f"• Иванов Иван, Английский язык: {FEW}: 0 из 5\n"
        f"• Иванов Иван, Русский язык: {FEW}: 0 из 7\n"
        f"• Петрова Анна, Английский язык: {FEW}: 0 из 5\n"
        f"• Петрова Анна, Математика: {FEW}: 0 из 5\n"
        f"• Петрова Анна, Русский язык: {FEW}: 0 из 7\n"
        f"• Сидоров Олег, Английский язык: {FEW}: 0 из 5\n"
        f"• Сидоров Олег, Математика: {FEW}: 0 из 5\n"
        f"• Сидоров Олег, Русский язык: {FEW}: 0 из 7",
    ]
    assert texts[acc["rus"]] == [
        "Итоговые отметки под угрозой — 5Б, 2 четверть (последний день — пн, 28 декабря):\n"
        f"• Иванова Мария, Математика: {FEW}: 0 из 5\n"
        f"• Иванова Мария, Русский язык: {FEW}: 0 из 7\n"
        f"• Кузнецов Дмитрий, Математика: {FEW}: 0 из 5\n"
        f"• Кузнецов Дмитрий, Русский язык: {FEW}: 0 из 7",
    ]
    clock.now = moscow(2026, 12, 17, 16, 10)
    assert await final_risk_alerts(session_factory, clock) == 0


async def test_the_preference_is_per_child(
    journal: Journal,
    tiny: TinySchool,
    session_factory: async_sessionmaker[AsyncSession],
    clock: FakeClock,
) -> None:
    acc = await link_accounts(journal, tiny, ["g1", "g2", "math"])
    await set_prefs(journal, acc["g1"], tiny.people["a1"], final_risk=False)
    await set_prefs(journal, acc["g1"], tiny.people["b1"], final_risk=True)
    await set_prefs(journal, acc["g2"], tiny.people["a1"], final_risk=False)
    await set_prefs(journal, acc["math"], None, final_risk=False)
    clock.now = LATE_IN_QUARTER
    assert await final_risk_alerts(session_factory, clock) == 1
    [alert] = await queued(journal)
    assert alert.chat_account_id == acc["g1"]
    assert alert.text.startswith("Итоговые отметки под угрозой: Мария (5Б), 2 четверть.")


async def test_quiet_hours_hold_the_alert_for_the_digest_and_it_is_not_repeated(
    journal: Journal,
    tiny: TinySchool,
    session_factory: async_sessionmaker[AsyncSession],
    clock: FakeClock,
) -> None:
    acc = await link_accounts(journal, tiny, ["g2", "math"])
    await set_prefs(journal, acc["g2"], tiny.people["a1"], quiet_from="15:00", quiet_to="18:00")
    await set_prefs(journal, acc["math"], None, quiet_from="15:00", quiet_to="18:00")
    await poor_maths_marks(journal, tiny, clock)
    clock.now = moscow(2026, 11, 18, 16, 10)
    assert await final_risk_alerts(session_factory, clock) == 2
    assert await queued(journal) == []
    assert [(i.chat_account_id, i.text) for i in await held(journal)] == [
        (acc["g2"], IVAN_MATH),
        (acc["math"], CLASS_5A_IVAN_MATH),
    ]
    clock.now = moscow(2026, 11, 18, 18, 0)
    assert await release_digests(session_factory, clock) == 2
    clock.now = moscow(2026, 11, 19, 16, 10)
    assert await final_risk_alerts(session_factory, clock) == 0
    assert texts_by_account(await queued(journal)) == {
        acc["g2"]: [IVAN_MATH],
        acc["math"]: [CLASS_5A_IVAN_MATH],
    }


async def test_nothing_in_the_holidays_or_outside_the_afternoon(
    journal: Journal,
    tiny: TinySchool,
    session_factory: async_sessionmaker[AsyncSession],
    clock: FakeClock,
) -> None:
    await link_accounts(journal, tiny, ["g1", "g2", "g3", "math", "rus"])
    for moment in (
        moscow(2026, 12, 16, 15, 59),
        moscow(2026, 12, 16, 19, 0),
        moscow(2026, 11, 2, 16, 10),  # autumn holidays: the first quarter is over
        moscow(2026, 12, 30, 16, 10),  # winter holidays
    ):
        clock.now = moment
        assert await final_risk_alerts(session_factory, clock) == 0
    assert await queued(journal) == []


async def test_a_long_class_list_is_split_within_the_message_limit(
    journal: Journal,
    tiny: TinySchool,
    session_factory: async_sessionmaker[AsyncSession],
    clock: FakeClock,
) -> None:
    acc = await link_accounts(journal, tiny, ["rus"])

    async def crowd(ctx: Ctx) -> None:
        for n in range(40):
            pupil = Person(
                school_id=tiny.school_id, last_name=f"Новиков-{n:02d}", first_name="Илья"
            )
            ctx.session.add(pupil)
            await ctx.session.flush()
            ctx.session.add(Enrollment(pupil_id=pupil.id, class_id=tiny.classes["5Б"]))

    await journal.run(crowd)
    clock.now = LATE_IN_QUARTER
    assert await final_risk_alerts(session_factory, clock) == 2
    parts = await queued(journal)
    assert [p.chat_account_id for p in parts] == [acc["rus"]] * 2
    assert all(len(p.text) <= 4096 for p in parts)
    lines = "\n".join(p.text for p in parts).split("\n")
    assert len(lines) == 1 + 42 * 2 and lines[0].startswith("Итоговые отметки под угрозой — 5Б")
    assert parts[1].text.startswith("• Новиков-")
    clock.now = moscow(2026, 12, 17, 16, 10)
    assert await final_risk_alerts(session_factory, clock) == 0
