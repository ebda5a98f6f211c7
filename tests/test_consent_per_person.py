"""Consent to the processing of personal data belongs to the person and the school (the
operator), not to the chat (issue 14, item 7, 152-FZ)."""

from datetime import timedelta

from sqlalchemy import select

from db.enums import InviteRole, StaffRole
from db.models import AuditEntry, InviteCode, Person, School, StaffPosition
from services.context import Ctx, Journal
from tests.test_conversation_kit import invite_code, linked_chat
from tests.tiny_school import TINY_NOW, TinySchool
from tests.write_support import rows
from texts import phrases

SCHOOL_2_CODE = "KX7MP2THA9"


async def _school_2_teacher(ctx: Ctx) -> int:
    school = School(name="МАОУ «Лицей № 2»", short_name="Лицей № 2", timezone="Europe/Moscow")
    ctx.session.add(school)
    await ctx.session.flush()
    teacher = Person(school_id=school.id, last_name="Вторая", first_name="Вера")
    ctx.session.add(teacher)
    await ctx.session.flush()
    ctx.session.add(StaffPosition(person_id=teacher.id, role=StaffRole.TEACHER))
    ctx.session.add(
        InviteCode(
            school_id=school.id,
            code=SCHOOL_2_CODE,
            person_id=teacher.id,
            role=InviteRole.STAFF,
            issued_by=teacher.id,
            issued_at=TINY_NOW,
            expires_at=TINY_NOW + timedelta(days=30),
        )
    )
    return teacher.id


async def _consents(ctx: Ctx) -> list[int | None]:
    found = await ctx.session.scalars(
        select(AuditEntry.subject_person_id)
        .where(AuditEntry.action == "chat.consent_given")
        .order_by(AuditEntry.id)
    )
    return list(found.all())


async def test_a_code_of_another_school_asks_for_that_schools_consent(
    journal: Journal, tiny: TinySchool
) -> None:
    chat = await linked_chat(journal, tiny, "g2")  # consented for school 1
    teacher = await journal.run(_school_2_teacher)
    await chat.send(f"/start {SCHOOL_2_CODE}")
    assert "Лицей № 2" in chat.text and "Согласен" in chat.labels
    assert "Главное меню" not in chat.text
    await chat.press("Согласен")
    assert phrases.CONSENT_THANKS in chat.text
    assert await journal.run(_consents) == [tiny.people["g2"], teacher]


async def test_another_person_of_the_same_school_is_asked_again(
    journal: Journal, tiny: TinySchool
) -> None:
    chat = await linked_chat(journal, tiny, "g2")
    await chat.send(f"/start {await invite_code(journal, tiny, 'g3')}")
    assert "Согласен" in chat.labels and "Главное меню" not in chat.text
    await chat.press("Согласен")
    assert await journal.run(_consents) == [tiny.people["g2"], tiny.people["g3"]]
    # The same person again (a new code): no second question.
    await chat.send(f"/start {await invite_code(journal, tiny, 'g3')}")
    assert "Главное меню" in chat.text
    assert len(await rows(journal, AuditEntry, AuditEntry.action == "chat.consent_given")) == 2
