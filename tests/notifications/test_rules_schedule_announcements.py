from datetime import UTC, date, datetime, timedelta

from db.enums import AnnouncementScope
from keyboards.actions.notices import AnnouncementRead
from keyboards.payloads import pack
from notifications.delivery.drain import OutboxDrain
from notifications.jobs.digest import release_digests
from notifications.rules.notice import BULK
from services.context import Journal
from services.messages.announcing import publish_announcement
from services.schedule.changes import cancel_lesson, change_room, move_lesson
from tests.conftest import FakeClock
from tests.notifications.support import held, link_accounts, queued, set_prefs, texts_by_account
from tests.tiny_school import TinySchool
from tests.write_support import actor, moscow

CLASS_5A = ["g1", "g2", "g3", "a1", "a2"]


async def test_change_for_tomorrow_waits_for_the_evening_and_a_later_one_replaces_it(
    journal: Journal, tiny: TinySchool, drain: OutboxDrain
) -> None:
    acc = await link_accounts(journal, tiny)
    deputy = await actor(journal, tiny, "deputy")
    await journal.run(change_room, deputy, tiny.lessons["rus-thu"], "14")
    await drain.drain_all()
    await journal.run(cancel_lesson, deputy, tiny.lessons["rus-thu"])
    await drain.drain_all()
    messages = await queued(journal)
    assert {m.chat_account_id for m in messages} == {acc[k] for k in CLASS_5A}
    assert len(messages) == len(CLASS_5A)
    text = "Изменение в расписании 5А на чт, 19 ноября: 1-й урок, Русский язык — отменён"
    assert {m.text for m in messages} == {text}
    assert {m.next_attempt_at for m in messages} == {moscow(2026, 11, 18, 18)}


async def test_change_after_six_in_the_evening_goes_out_at_once(
    journal: Journal, tiny: TinySchool, drain: OutboxDrain, clock: FakeClock
) -> None:
    await link_accounts(journal, tiny, ["g3"])
    clock.now = moscow(2026, 11, 18, 19)
    deputy = await actor(journal, tiny, "deputy")
    await journal.run(move_lesson, deputy, tiny.lessons["rus-thu"], date(2026, 11, 19), 6)
    await drain.drain_all()
    [message] = await queued(journal)
    assert message.next_attempt_at == clock.now
    assert message.text.endswith("1-й урок, Русский язык — перенесён на чт, 19 ноября, 6-й урок")


async def test_change_next_week_waits_for_the_evening_before_and_quiet_hours_do_not_hold_it(
    journal: Journal, tiny: TinySchool, drain: OutboxDrain
) -> None:
    await link_accounts(journal, tiny, ["g3"])
    deputy = await actor(journal, tiny, "deputy")
    await journal.run(cancel_lesson, deputy, tiny.lessons["math-fri"])
    await drain.drain_all()
    [message] = await queued(journal)
    assert message.next_attempt_at == moscow(2026, 11, 19, 18)
    assert await held(journal) == []


async def test_pupil_who_turned_schedule_changes_off_hears_nothing(
    journal: Journal, tiny: TinySchool, drain: OutboxDrain
) -> None:
    acc = await link_accounts(journal, tiny, ["a1", "a2"])
    await set_prefs(journal, acc["a2"], None, schedule_changes=False)
    deputy = await actor(journal, tiny, "deputy")
    await journal.run(cancel_lesson, deputy, tiny.lessons["math-later-today"])
    await drain.drain_all()
    assert set(texts_by_account(await queued(journal))) == {acc["a1"]}


async def announce(
    journal: Journal, tiny: TinySchool, scope: AnnouncementScope, **kw: object
) -> int:
    deputy = await actor(journal, tiny, "deputy")
    return await journal.run(
        publish_announcement, deputy, title="Собрание", text="В четверг в 18:00.", scope=scope, **kw
    )


async def test_announcement_reaches_its_audience_once_each_with_a_read_button(
    journal: Journal, tiny: TinySchool, drain: OutboxDrain
) -> None:
    acc = await link_accounts(journal, tiny)
    ann_id = await announce(journal, tiny, AnnouncementScope.CLASS, class_id=tiny.classes["5А"])
    await drain.drain_all()
    messages = await queued(journal)
    assert sorted(m.chat_account_id for m in messages) == sorted(acc[k] for k in CLASS_5A)
    for m in messages:
        assert m.text == "Объявление: Собрание\n\nВ четверг в 18:00."
        assert m.priority == BULK and m.ref_id == ann_id
        read = pack(AnnouncementRead(announcement=ann_id))
        assert m.keyboard == [[{"label": "Ознакомлен", "payload": read, "url": None}]]


async def test_school_announcement_to_staff_and_a_guardian_of_two_gets_one(
    journal: Journal, tiny: TinySchool, drain: OutboxDrain
) -> None:
    acc = await link_accounts(journal, tiny)
    await set_prefs(journal, acc["g2"], None, announcements=False)
    await announce(journal, tiny, AnnouncementScope.SCHOOL, to_pupils=False, to_staff=True)
    await drain.drain_all()
    got = sorted(m.chat_account_id for m in await queued(journal))
    assert got == sorted(acc[k] for k in ["g1", "g3", "g4", "math", "rus"])


async def test_announcements_at_night_wait_for_one_morning_digest(
    journal: Journal, tiny: TinySchool, drain: OutboxDrain, clock: FakeClock, session_factory
) -> None:
    acc = await link_accounts(journal, tiny, ["g3"])
    clock.now = moscow(2026, 11, 18, 22, 30)
    first = await announce(journal, tiny, AnnouncementScope.SCHOOL)
    second = await announce(journal, tiny, AnnouncementScope.CLASS, class_id=tiny.classes["5А"])
    await drain.drain_all()
    assert await queued(journal) == []
    assert [i.release_at for i in await held(journal)] == [
        datetime(2026, 11, 19, 4, tzinfo=UTC)
    ] * 2
    clock.now = moscow(2026, 11, 19, 6, 59)
    assert await release_digests(session_factory, clock) == 0
    clock.now += timedelta(minutes=1)
    assert await release_digests(session_factory, clock) == 1
    assert await release_digests(session_factory, clock) == 0
    [digest] = await queued(journal)
    assert digest.chat_account_id == acc["g3"]
    assert digest.text.startswith("Пока действовали тихие часы:\n\n1. Объявление: Собрание")
    assert "\n\n2. Объявление: Собрание" in digest.text
    assert [b["payload"] for row in digest.keyboard for b in row] == [
        pack(AnnouncementRead(announcement=first)),
        pack(AnnouncementRead(announcement=second)),
    ]
    assert [b["label"] for row in digest.keyboard for b in row] == [
        "Ознакомлен (1)",
        "Ознакомлен (2)",
    ]
