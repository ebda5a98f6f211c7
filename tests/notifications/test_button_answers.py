from datetime import date

import pytest

from db.enums import AnnouncementScope, AttendanceStatus
from db.models import AbsenceReasonReport
from keyboards.actions.notices import AbsenceReason, AnnouncementRead
from keyboards.notification_buttons import read_keyboard
from keyboards.payloads import VERSION, unpack
from notifications.delivery.drain import OutboxDrain
from services.attendance.absence_reasons import absence_reasons_for_class, record_absence_reason
from services.attendance.roll_call import save_roll_call
from services.context import Journal
from services.errors import AccessDenied, RuleViolation
from services.messages.announcement_report import delivery_report
from services.messages.announcing import mark_announcement_read, publish_announcement
from services.people.actor import Actor
from tests.notifications.support import link_accounts, queued, texts_by_account
from tests.tiny_school import TinySchool
from tests.write_support import actor, rows


def absence_press(payload: str) -> AbsenceReason:
    pressed = unpack(payload)
    assert isinstance(pressed, AbsenceReason)
    return pressed


async def answer(journal: Journal, who: Actor, payload: str) -> str:
    p = absence_press(payload)
    return await journal.run(record_absence_reason, who, p.lesson, p.pupil, p.reason)


async def absence_alert_payloads(
    journal: Journal, tiny: TinySchool, drain: OutboxDrain
) -> list[str]:
    teacher = await actor(journal, tiny, "math")
    statuses = {tiny.people["a1"]: AttendanceStatus.ABSENT}
    await journal.run(save_roll_call, teacher, tiny.lessons["math-today"], statuses)
    await drain.drain_all()
    first = (await queued(journal))[0]
    return [b["payload"] for row in first.keyboard for b in row]


async def test_guardian_answers_an_absence_and_the_class_teacher_hears_of_it(
    journal: Journal, tiny: TinySchool, drain: OutboxDrain
) -> None:
    acc = await link_accounts(journal, tiny, ["g1", "math"])
    ill, *_ = await absence_alert_payloads(journal, tiny, drain)
    g1 = await actor(journal, tiny, "g1")
    assert (
        await answer(journal, g1, ill) == "Спасибо! Классный руководитель узнает причину: «Болеет»."
    )
    [report] = await rows(journal, AbsenceReasonReport)
    assert (report.pupil_id, report.reason) == (tiny.people["a1"], "ill")
    await drain.drain_all()
    assert texts_by_account(await queued(journal))[acc["math"]] == [
        "Иванова Е. сообщает: Иван (5А) — пропуск 1-го урока ср, 18 ноября. Причина: Болеет"
    ]
    math = await actor(journal, tiny, "math")
    [view] = await journal.run(
        absence_reasons_for_class, math, tiny.classes["5А"], date(2026, 11, 1)
    )
    assert (view.pupil_name, view.reason, view.reported_by) == (
        "Иванов Иван",
        "Болеет",
        "Иванова Е.",
    )
    eng = await actor(journal, tiny, "eng1")
    with pytest.raises(AccessDenied):
        await journal.run(absence_reasons_for_class, eng, tiny.classes["5А"], date(2026, 11, 1))


async def test_only_the_pupils_guardian_may_answer_and_stale_payloads_are_refused(
    journal: Journal, tiny: TinySchool, drain: OutboxDrain
) -> None:
    await link_accounts(journal, tiny, ["g1"])
    ill, *_ = await absence_alert_payloads(journal, tiny, drain)
    g3 = await actor(journal, tiny, "g3")
    with pytest.raises(AccessDenied):
        await answer(journal, g3, ill)
    assert unpack(f"{VERSION}Ob:1:2") is None  # no reason: the conversation shows a fresh menu
    g1 = await actor(journal, tiny, "g1")
    p = absence_press(ill)
    with pytest.raises(RuleViolation):
        await journal.run(record_absence_reason, g1, p.lesson, p.pupil, "holiday")


async def test_read_button_and_the_authors_counts(
    journal: Journal, tiny: TinySchool, drain: OutboxDrain
) -> None:
    await link_accounts(journal, tiny)
    deputy = await actor(journal, tiny, "deputy")
    ann_id = await journal.run(
        publish_announcement,
        deputy,
        title="Собрание",
        text="В четверг.",
        scope=AnnouncementScope.CLASS,
        class_id=tiny.classes["5А"],
    )
    await drain.drain_all()
    g1 = await actor(journal, tiny, "g1")
    [button] = read_keyboard(ann_id).buttons()
    assert unpack(button.payload) == AnnouncementRead(announcement=ann_id)
    await journal.run(mark_announcement_read, g1, ann_id)
    reach = await journal.run(delivery_report, deputy, ann_id)
    # 5А: pupils a1 a2 a3 and guardians g1 g2 g3; five of them have chats, none sent yet.
    assert (reach.audience, reach.delivered, reach.queued, reach.read) == (6, 0, 5, 1)
    with pytest.raises(AccessDenied):
        await journal.run(delivery_report, g1, ann_id)
