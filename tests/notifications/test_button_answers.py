from datetime import date

import pytest

from db.enums import (
    AnnouncementScope,
    AttendanceStatus,
)
from db.models import AbsenceReasonReport
from notifications.delivery.drain import OutboxDrain
from services.attendance.absence_reasons import absence_reasons_for_class
from services.attendance.roll_call import save_roll_call
from services.context import Journal
from services.errors import (
    AccessDenied,
    RuleViolation,
)
from services.messages.announcing import publish_announcement
from services.messages.notification_buttons import (
    announcement_reach,
    answer_button,
)
from tests.notifications.support import (
    link_accounts,
    queued,
    texts_by_account,
)
from tests.tiny_school import TinySchool
from tests.write_support import (
    actor,
    rows,
)


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
    answer = await journal.run(answer_button, g1, ill)
    assert answer == "Спасибо! Классный руководитель узнает причину: «Болеет»."
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
        await journal.run(answer_button, g3, ill)
    with pytest.raises(RuleViolation):
        await journal.run(answer_button, g3, "n:ab:1:2:z")


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
    assert await journal.run(answer_button, g1, f"n:rd:{ann_id}") == (
        "Отмечено: вы ознакомились с объявлением."
    )
    reach = await journal.run(announcement_reach, deputy, ann_id)
    # 5А: pupils a1 a2 a3 and guardians g1 g2 g3; five of them have chats, none sent yet.
    assert (reach.audience, reach.delivered, reach.waiting, reach.read) == (6, 0, 5, 1)
    with pytest.raises(AccessDenied):
        await journal.run(announcement_reach, g1, ann_id)
