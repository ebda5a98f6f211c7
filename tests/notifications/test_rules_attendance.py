from datetime import timedelta

from sqlalchemy import update

from db.enums import AttendanceStatus
from db.models import OutboxEvent
from notifications.delivery.drain import OutboxDrain
from notifications.rules.notice import URGENT
from services.attendance.absence_reasons import record_absence_reason
from services.attendance.roll_call import correct_attendance, save_roll_call
from services.context import Ctx, Journal
from tests.conftest import FakeClock
from tests.notifications.support import link_accounts, queued, set_prefs, texts_by_account
from tests.tiny_school import TinySchool
from tests.write_support import actor, moscow

ABSENT, LATE, ILL, PRESENT = (
    AttendanceStatus.ABSENT,
    AttendanceStatus.LATE,
    AttendanceStatus.ILL,
    AttendanceStatus.PRESENT,
)
IVAN_ABSENT = "Иван (5А) отсутствует на 1-м уроке — Математика, 08:30, ср, 18 ноября"


async def roll_call(
    journal: Journal, tiny: TinySchool, statuses: dict[str, AttendanceStatus]
) -> None:
    teacher = await actor(journal, tiny, "math")
    wanted = {tiny.people[k]: v for k, v in statuses.items()}
    await journal.run(save_roll_call, teacher, tiny.lessons["math-today"], wanted)


async def test_absence_reaches_every_guardian_at_once_with_reason_buttons(
    journal: Journal, tiny: TinySchool, drain: OutboxDrain
) -> None:
    acc = await link_accounts(journal, tiny)
    await roll_call(journal, tiny, {"a1": ABSENT})
    assert await drain.drain_all() == 1
    messages = await queued(journal)
    assert texts_by_account(messages) == {acc["g1"]: [IVAN_ABSENT], acc["g2"]: [IVAN_ABSENT]}
    for m in messages:
        assert m.priority == URGENT and m.status == "pending"
        labels = [b["label"] for row in m.keyboard for b in row]
        assert labels == ["Болеет", "По семейным обстоятельствам", "Справка будет"]
        assert all(len(b["payload"].encode()) <= 64 for row in m.keyboard for b in row)
    assert {m.chat_external_id for m in messages} == {"1001", "2002"}


async def test_lateness_is_told_without_buttons(
    journal: Journal, tiny: TinySchool, drain: OutboxDrain
) -> None:
    acc = await link_accounts(journal, tiny, ["g3"])
    await roll_call(journal, tiny, {"a2": LATE})
    await drain.drain_all()
    [message] = await queued(journal)
    assert message.chat_account_id == acc["g3"]
    assert message.text == "Анна (5А) опоздал(а) на 1-й урок — Математика, 08:30, ср, 18 ноября"
    assert message.keyboard is None


async def test_absence_goes_out_during_quiet_hours(
    journal: Journal, tiny: TinySchool, drain: OutboxDrain, clock: FakeClock
) -> None:
    await link_accounts(journal, tiny, ["g1"])
    await roll_call(journal, tiny, {"a1": ABSENT})
    clock.now = moscow(2026, 11, 18, 23, 30)
    await drain.drain_all()
    [message] = await queued(journal)
    assert message.next_attempt_at == clock.now


async def test_guardian_who_turned_absences_off_hears_nothing(
    journal: Journal, tiny: TinySchool, drain: OutboxDrain
) -> None:
    acc = await link_accounts(journal, tiny, ["g1", "g2"])
    await set_prefs(journal, acc["g2"], tiny.people["a1"], absences=False)
    await roll_call(journal, tiny, {"a1": ABSENT})
    await drain.drain_all()
    assert set(texts_by_account(await queued(journal))) == {acc["g1"]}


async def test_withdrawn_absence_is_told_and_an_illness_from_the_start_is_not(
    journal: Journal, tiny: TinySchool, drain: OutboxDrain
) -> None:
    acc = await link_accounts(journal, tiny, ["g1", "g3"])
    await roll_call(journal, tiny, {"a1": ABSENT, "a2": ILL})
    await roll_call(journal, tiny, {"a2": ILL})
    await drain.drain_all()
    texts = texts_by_account(await queued(journal))
    assert texts[acc["g1"]] == [
        IVAN_ABSENT,
        "Иван (5А) на 1-м уроке: отметка об отсутствии снята — Математика, 08:30, ср, 18 ноября",
    ]
    assert acc["g3"] not in texts


async def test_absence_corrected_to_illness_is_told(
    journal: Journal, tiny: TinySchool, drain: OutboxDrain
) -> None:
    acc = await link_accounts(journal, tiny, ["g3"])
    await roll_call(journal, tiny, {"a2": ABSENT})
    teacher = await actor(journal, tiny, "math")
    await journal.run(
        correct_attendance, teacher, tiny.lessons["math-today"], tiny.people["a2"], ILL
    )
    await drain.drain_all()
    assert texts_by_account(await queued(journal))[acc["g3"]][1] == (
        "Анна (5А), 1-й урок: пропуск отмечен как по болезни — Математика, 08:30, ср, 18 ноября"
    )


async def test_reprocessing_an_event_queues_no_second_message(
    journal: Journal, tiny: TinySchool, drain: OutboxDrain
) -> None:
    await link_accounts(journal, tiny, ["g1", "g2"])
    await roll_call(journal, tiny, {"a1": ABSENT})
    await drain.drain_all()

    async def unprocess(ctx: Ctx) -> None:
        await ctx.session.execute(update(OutboxEvent).values(processed_at=None))

    await journal.run(unprocess)
    assert await drain.drain_all() == 1
    assert len(await queued(journal)) == 2


async def test_a_reason_already_given_that_day_replaces_the_buttons(
    journal: Journal, tiny: TinySchool, drain: OutboxDrain, clock: FakeClock
) -> None:
    await link_accounts(journal, tiny, ["g1", "g2"])
    await roll_call(journal, tiny, {"a1": ABSENT})
    g1 = await actor(journal, tiny, "g1")
    await journal.run(
        record_absence_reason, g1, tiny.lessons["math-today"], tiny.people["a1"], "ill"
    )
    clock.now += timedelta(hours=1)
    rus = await actor(journal, tiny, "rus")
    await journal.run(save_roll_call, rus, tiny.lessons["rus-today"], {tiny.people["a1"]: ABSENT})
    await drain.drain_all()
    last_g1, last_g2 = (await queued(journal))[-2:]
    assert last_g1.keyboard is None and "уже сообщена: Болеет" in last_g1.text
    assert last_g2.keyboard is not None
