"""The buttons under an absence alert and an announcement, pressed in the chat."""

from sqlalchemy import select

from db.enums import AttendanceStatus
from db.models import AbsenceReasonReport
from keyboards.notification_buttons import absence_keyboard
from services.attendance.roll_call import save_roll_call
from services.context import Ctx, Journal
from services.people.actor import load_actor
from tests.test_conversation_kit import linked_chat
from tests.tiny_school import TinySchool
from texts import phrases


async def absent_today(journal: Journal, tiny: TinySchool) -> None:
    async def roll_call(ctx: Ctx) -> None:
        teacher = await load_actor(ctx, tiny.people["math"])
        statuses = {tiny.people["a1"]: AttendanceStatus.ABSENT}
        await save_roll_call(ctx, teacher, tiny.lessons["math-today"], statuses)

    await journal.run(roll_call)


async def reasons(journal: Journal) -> list[tuple[int, str]]:
    async def read(ctx: Ctx) -> list[tuple[int, str]]:
        rows = await ctx.session.execute(
            select(AbsenceReasonReport.pupil_id, AbsenceReasonReport.reason)
        )
        return [(p, r) for p, r in rows.all()]

    return await journal.run(read)


async def test_guardian_answers_an_absence_alert_with_a_reason(
    journal: Journal, tiny: TinySchool
) -> None:
    await absent_today(journal, tiny)
    chat = await linked_chat(journal, tiny, "g2")
    alert = absence_keyboard(tiny.lessons["math-today"], tiny.people["a1"])
    ill = next(b for b in alert.buttons() if b.label == "Болеет")
    await chat.send_payload(ill.payload)
    assert "Болеет" in chat.text or "болеет" in chat.text, chat.text
    assert await reasons(journal) == [(tiny.people["a1"], "ill")]


async def test_forged_reason_for_another_child_is_refused(
    journal: Journal, tiny: TinySchool
) -> None:
    await absent_today(journal, tiny)
    chat = await linked_chat(journal, tiny, "g3")  # a2's guardian, not a1's
    forged = absence_keyboard(tiny.lessons["math-today"], tiny.people["a1"]).buttons()[0]
    await chat.send_payload(forged.payload)
    assert "родитель этого ученика" in chat.text
    assert await reasons(journal) == []
    await chat.send_payload("n:garbage")  # an older notification's button
    assert chat.text.startswith(phrases.STALE_BUTTON) and "Иванов" not in chat.text
