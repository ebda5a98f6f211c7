from datetime import UTC, datetime, timedelta

from notifications.delivery.drain import OutboxDrain
from services.context import Journal
from services.marks.marking import change_mark, delete_mark, record_mark
from tests.conftest import FakeClock
from tests.notifications.support import held, link_accounts, queued, set_prefs, texts_by_account
from tests.tiny_school import TinySchool
from tests.write_support import actor, moscow

POOR_2 = "Низкая оценка: Иван (5А) — 2 по предмету «Математика» (Ответ на уроке), 18 ноября"


async def mark(journal: Journal, tiny: TinySchool, value: int, lesson: str = "math-today") -> int:
    teacher = "rus" if lesson.startswith("rus") else "math"
    who = await actor(journal, tiny, teacher)
    return await journal.run(
        record_mark, who, tiny.lessons[lesson], tiny.people["a1"], value, "answer"
    )


async def change(journal: Journal, tiny: TinySchool, mark_id: int, value: int) -> None:
    await journal.run(change_mark, await actor(journal, tiny, "math"), mark_id, value=value)


async def after_grace(clock: FakeClock, drain: OutboxDrain) -> None:
    clock.now += drain.grace + timedelta(seconds=1)
    await drain.drain_all()


async def test_poor_mark_reaches_guardians_only_after_the_grace_window(
    journal: Journal, tiny: TinySchool, drain: OutboxDrain, clock: FakeClock
) -> None:
    acc = await link_accounts(journal, tiny)
    await mark(journal, tiny, 2)
    assert await drain.drain_all() == 0
    assert await queued(journal) == []
    await after_grace(clock, drain)
    assert texts_by_account(await queued(journal)) == {acc["g1"]: [POOR_2], acc["g2"]: [POOR_2]}


async def test_good_mark_only_for_those_who_want_all_marks(
    journal: Journal, tiny: TinySchool, drain: OutboxDrain, clock: FakeClock
) -> None:
    acc = await link_accounts(journal, tiny)
    await set_prefs(journal, acc["g2"], tiny.people["a1"], all_marks=True)
    await set_prefs(journal, acc["a1"], None, all_marks=True)
    await mark(journal, tiny, 5)
    await after_grace(clock, drain)
    text = "Новая оценка: Иван (5А) — 5 по предмету «Математика» (Ответ на уроке), 18 ноября"
    assert texts_by_account(await queued(journal)) == {acc["g2"]: [text], acc["a1"]: [text]}


async def test_pupil_is_not_told_of_own_poor_mark_by_default(
    journal: Journal, tiny: TinySchool, drain: OutboxDrain, clock: FakeClock
) -> None:
    acc = await link_accounts(journal, tiny, ["a1"])
    await mark(journal, tiny, 2)
    await after_grace(clock, drain)
    assert acc["a1"] not in texts_by_account(await queued(journal))


async def test_correction_within_the_window_goes_out_as_one_corrected_message(
    journal: Journal, tiny: TinySchool, drain: OutboxDrain, clock: FakeClock
) -> None:
    acc = await link_accounts(journal, tiny, ["g1", "g2"])
    await set_prefs(journal, acc["g2"], tiny.people["a1"], all_marks=True)
    mark_id = await mark(journal, tiny, 2)
    clock.now += timedelta(seconds=30)
    await drain.drain_all()
    await change(journal, tiny, mark_id, 3)
    await after_grace(clock, drain)
    # g1 wants poor marks only: the 2 became a 3 before anything went out.
    assert texts_by_account(await queued(journal)) == {
        acc["g2"]: [
            "Новая оценка: Иван (5А) — 3 по предмету «Математика» (Ответ на уроке), 18 ноября"
        ]
    }


async def test_mark_deleted_within_the_window_is_never_told(
    journal: Journal, tiny: TinySchool, drain: OutboxDrain, clock: FakeClock
) -> None:
    await link_accounts(journal, tiny, ["g1"])
    mark_id = await mark(journal, tiny, 2)
    await journal.run(delete_mark, await actor(journal, tiny, "math"), mark_id)
    await after_grace(clock, drain)
    assert await queued(journal) == []


async def test_later_correction_of_a_poor_mark_is_told_to_those_who_heard_of_it(
    journal: Journal, tiny: TinySchool, drain: OutboxDrain, clock: FakeClock
) -> None:
    acc = await link_accounts(journal, tiny, ["g1"])
    mark_id = await mark(journal, tiny, 2)
    await after_grace(clock, drain)
    await change(journal, tiny, mark_id, 4)
    await after_grace(clock, drain)
    await journal.run(delete_mark, await actor(journal, tiny, "math"), mark_id)
    await after_grace(clock, drain)
    assert texts_by_account(await queued(journal))[acc["g1"]] == [
        POOR_2,
        "Оценка исправлена: Иван (5А) — «Математика» за 18 ноября: было 2, стало 4",
    ]


async def test_thresholds_per_child_and_subject(
    journal: Journal, tiny: TinySchool, drain: OutboxDrain, clock: FakeClock
) -> None:
    acc = await link_accounts(journal, tiny, ["g1", "g2"])
    math_id = str(tiny.subjects["math"])
    await set_prefs(journal, acc["g1"], tiny.people["a1"], subject_thresholds={math_id: 3})
    await set_prefs(journal, acc["g2"], tiny.people["a1"], poor_mark_threshold=3)
    await mark(journal, tiny, 3)
    clock.now = moscow(2026, 11, 18, 14)
    await mark(journal, tiny, 3, "rus-today")
    await after_grace(clock, drain)
    texts = texts_by_account(await queued(journal))
    assert [t.split(" по предмету ")[1][:14] for t in texts[acc["g1"]]] == ["«Математика» ("]
    assert len(texts[acc["g2"]]) == 2


async def test_quiet_hours_across_midnight_hold_marks_for_the_morning_digest(
    journal: Journal, tiny: TinySchool, drain: OutboxDrain, clock: FakeClock
) -> None:
    acc = await link_accounts(journal, tiny, ["g1", "g2"])
    await set_prefs(journal, acc["g2"], tiny.people["a1"], quiet_from="23:30", quiet_to="06:00")
    await mark(journal, tiny, 2)
    clock.now = moscow(2026, 11, 18, 23, 0)
    await drain.drain_all()
    assert texts_by_account(await queued(journal)) == {acc["g2"]: [POOR_2]}
    [item] = await held(journal)
    assert item.chat_account_id == acc["g1"] and item.text == POOR_2
    assert item.release_at == datetime(2026, 11, 19, 4, 0, tzinfo=UTC)
