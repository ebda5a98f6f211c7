"""Invite codes a family can trust (issue 11): a code stays valid until used, expired or revoked
by whoever issued it, whichever teacher issues codes after it; the class teacher sees who would
get a code before any is issued; the staff list names each person's position and class."""

from datetime import timedelta

import pytest

from db.enums import InviteRole, Platform
from db.models import InviteCode
from keyboards.actions.staff import ClassCodes
from services.class_teacher.overview import reissue_invite, unlinked_people
from services.context import Journal
from services.errors import AccessDenied, NotFound, RuleViolation
from services.invites.class_invites import invite_plan
from services.invites.redeeming import (
    InviteRefused,
    LinkResult,
    issue_invites,
    redeem_invite,
    revoke_invite,
)
from tests.staff_kit import staff_chat
from tests.tiny_school import TINY_NOW, TinySchool
from tests.write_support import actor, count, rows, update
from texts import staff_phrases

TG = Platform.TELEGRAM


async def class_codes(journal: Journal, tiny: TinySchool, teacher: str, cls: str) -> dict[int, str]:
    issued = await journal.run(
        issue_invites, await actor(journal, tiny, teacher), class_id=tiny.classes[cls]
    )
    return {i.person_id: i.code for i in issued}


async def test_the_second_class_teacher_does_not_cancel_the_first_slip(
    journal: Journal, tiny: TinySchool
) -> None:
    g1 = tiny.people["g1"]  # a child in 5А (math leads it) and one in 5Б (rus)
    from_rus = await class_codes(journal, tiny, "rus", "5Б")
    from_math = await class_codes(journal, tiny, "math", "5А")
    assert from_rus[g1] != from_math[g1]
    # Both slips work until one of them is used; the first one used links the parent.
    linked = await journal.run(redeem_invite, TG, "tg-g1", from_rus[g1])
    assert isinstance(linked, LinkResult) and linked.person_id == g1
    other = await journal.run(redeem_invite, Platform.VK, "vk-g1", from_math[g1])
    assert isinstance(other, LinkResult) and other.person_id == g1


async def test_an_issuer_replaces_only_their_own_slips(journal: Journal, tiny: TinySchool) -> None:
    g1 = tiny.people["g1"]
    from_rus = await class_codes(journal, tiny, "rus", "5Б")
    first = await class_codes(journal, tiny, "math", "5А")
    again = await class_codes(journal, tiny, "math", "5А")
    refused = await journal.run(redeem_invite, TG, "tg-1", first[tiny.people["a1"]])
    assert isinstance(refused, InviteRefused) and "отменён тем, кто его выдал" in refused.message
    assert isinstance(await journal.run(redeem_invite, TG, "tg-2", again[g1]), LinkResult)
    still = await journal.run(redeem_invite, Platform.VK, "vk-3", from_rus[g1])
    assert isinstance(still, LinkResult)


async def test_reissue_and_dying_codes_leave_the_other_teachers_code_alone(
    journal: Journal, tiny: TinySchool
) -> None:
    g1 = tiny.people["g1"]
    from_rus = await class_codes(journal, tiny, "rus", "5Б")
    math = await actor(journal, tiny, "math")
    await journal.run(reissue_invite, math, tiny.classes["5А"], g1)
    rus_rows = await rows(journal, InviteCode, InviteCode.issued_by == tiny.people["rus"])
    assert len(rus_rows) == 3 and not any(r.revoked for r in rus_rows)
    # rus's code for g1 about to expire: math's slip gets a fresh code, rus's keeps working.
    [g1_rus] = [r for r in rus_rows if r.person_id == g1]
    await update(journal, InviteCode, g1_rus.id, expires_at=TINY_NOW + timedelta(days=2))
    await journal.run(unlinked_people, math, tiny.classes["5А"])
    [after] = await rows(journal, InviteCode, InviteCode.id == g1_rus.id)
    assert not after.revoked
    assert isinstance(await journal.run(redeem_invite, TG, "tg-g1", from_rus[g1]), LinkResult)


async def test_only_the_issuer_revokes_a_code(journal: Journal, tiny: TinySchool) -> None:
    codes = await class_codes(journal, tiny, "math", "5А")
    code = codes[tiny.people["a2"]]
    for who in ("rus", "admin", "director"):
        with pytest.raises(AccessDenied, match="только тот, кто его выдал"):
            await journal.run(revoke_invite, await actor(journal, tiny, who), code)
    math = await actor(journal, tiny, "math")
    assert await journal.run(revoke_invite, math, code.lower()) == "Петрова Анна"
    refused = await journal.run(redeem_invite, TG, "tg-a2", code)
    assert isinstance(refused, InviteRefused) and "отменён" in refused.message
    with pytest.raises(NotFound):
        await journal.run(revoke_invite, math, "KX7M-P2TH-A9")
    used = codes[tiny.people["a3"]]
    await journal.run(redeem_invite, TG, "tg-a3", used)
    with pytest.raises(RuleViolation, match="уже использован"):
        await journal.run(revoke_invite, math, used)


async def test_the_plan_says_who_gets_a_code_and_issues_nothing(
    journal: Journal, tiny: TinySchool
) -> None:
    math = await actor(journal, tiny, "math")
    from_rus = await class_codes(journal, tiny, "rus", "5Б")  # g1 already holds a code
    before = await count(journal, InviteCode)
    plan = await journal.run(invite_plan, math, tiny.classes["5А"])
    assert await count(journal, InviteCode) == before
    assert plan.class_title == "5А"
    assert plan.holding == ("Иванова Елена (родитель: Иван)",)
    assert plan.new == (
        "Иванов Иван",
        "Иванов Сергей (родитель: Иван)",
        "Петрова Анна",
        "Петров Николай (родитель: Анна)",
        "Сидоров Олег",
    )
    fresh = await journal.run(unlinked_people, math, tiny.classes["5А"], only_new=True)
    assert len(fresh) == 5 and all(p.is_new for p in fresh)
    every = await journal.run(unlinked_people, math, tiny.classes["5А"])
    g1 = next(p for p in every if p.person_id == tiny.people["g1"])
    assert g1.code == from_rus[tiny.people["g1"]] and not g1.is_new
    again = await journal.run(invite_plan, math, tiny.classes["5А"])
    assert again.new == () and len(again.holding) == 6
    with pytest.raises(AccessDenied):
        await journal.run(invite_plan, await actor(journal, tiny, "rus"), tiny.classes["5А"])


async def test_the_chat_asks_before_issuing(journal: Journal, tiny: TinySchool) -> None:
    family = InviteCode.role != InviteRole.STAFF  # the chat kit links the teacher by a code
    chat = await staff_chat(journal, tiny, "math")
    await chat.press(staff_phrases.MY_CLASS)
    await chat.press(staff_phrases.CLASS_CODES)
    assert chat.text.startswith("Коды приглашения · 5А")
    assert "Получат новый код (6):" in chat.text and "• Иванова Елена (родитель: Иван)" in chat.text
    assert await count(journal, InviteCode, family) == 0
    await chat.press("Выдать новые (6)")
    [reply] = chat.replies
    assert reply.attachment is not None and reply.attachment.content.startswith(b"%PDF")
    assert "Коды приглашения для 5А: 6" in reply.text
    assert await count(journal, InviteCode, family) == 6
    # Everyone outside the chat holds a code now: no new ones offered, only a reprint.
    await chat.press(staff_phrases.BACK)
    await chat.press(staff_phrases.CLASS_CODES)
    assert "Новых кодов не нужно" in chat.text
    assert not any(label.startswith("Выдать новые") for label in chat.labels)
    await chat.press("Напечатать всем без чата (6)")
    assert chat.replies[0].attachment is not None
    assert await count(journal, InviteCode, family) == 6
    # A stale confirmation after everyone got a code: the current state, no empty PDF.
    await chat.forge(ClassCodes(class_id=tiny.classes["5А"]))
    assert "Новых кодов не нужно" in chat.text


async def test_the_staff_list_names_positions_and_classes(
    journal: Journal, tiny: TinySchool
) -> None:
    issued = await journal.run(issue_invites, await actor(journal, tiny, "admin"), staff=True)
    by = {i.person_id: i for i in issued}
    p = tiny.people
    assert {i.role for i in issued} == {InviteRole.STAFF}
    assert (by[p["math"]].position, by[p["math"]].class_title) == (
        "учитель, классный руководитель",
        "5А",
    )
    assert (by[p["admin"]].position, by[p["admin"]].class_title) == ("администратор журнала", "")
    assert by[p["deputy"]].position == "заместитель директора"
    assert by[p["medic"]].position == "медицинский работник"
    assert by[p["eng1"]].position == "учитель"
