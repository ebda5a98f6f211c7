import math
import re
from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy import select

from db.enums import InviteRole, Platform
from db.models import (
    AuditEntry,
    ChatAccount,
    InviteAttempt,
    InviteCode,
    NotificationPreference,
    OutboxEvent,
)
from services import events
from services.chat.accounts import give_consent
from services.context import Ctx, Journal
from services.errors import AccessDenied, RuleViolation
from services.invites import codes, redeeming
from services.invites.codes import normalize_code
from services.invites.redeeming import (
    InviteRefused,
    IssuedInvite,
    LinkResult,
    issue_invites,
    redeem_invite,
)
from services.people.actor import load_actor
from tests.conftest import FakeClock
from tests.tiny_school import TINY_NOW, TinySchool

TG = Platform.TELEGRAM
CODE_SHAPE = re.compile(r"^[A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{2}$")
LATIN_TO_CYRILLIC_LOWER = str.maketrans("ABCEHKMPTX3", "авсенкмртхз")


async def refused(journal: Journal, platform: Platform, account: str, code: str) -> str:
    """The refusal redeem_invite returns (committed with the wrong guess it records)."""
    result = await journal.run(redeem_invite, platform, account, code)
    assert isinstance(result, InviteRefused), result
    return result.message


async def issue_for_class(
    journal: Journal, tiny: TinySchool, cls: str = "5А", **kw: Any
) -> list[IssuedInvite]:
    teacher = {"5А": "math", "5Б": "rus", "1А": "primary"}[cls]
    actor = await journal.run(load_actor, tiny.people[teacher])
    return await journal.run(issue_invites, actor, class_id=tiny.classes[cls], **kw)


def code_of(issued: list[IssuedInvite], person_id: int) -> str:
    return next(i.code for i in issued if i.person_id == person_id)


async def all_of(ctx: Ctx, model: Any) -> list[Any]:
    return list((await ctx.session.scalars(select(model).order_by(model.id))).all())


def test_alphabet_is_unambiguous_and_codes_carry_40_bits() -> None:
    assert not set("0O1IL8") & set(codes.ALPHABET)
    assert len(set(codes.ALPHABET)) == len(codes.ALPHABET)
    code = codes.new_code()
    assert set(code) <= set(codes.ALPHABET)
    bits = len(code) * math.log2(len(codes.ALPHABET))
    assert bits >= 40


def test_codes_come_from_secrets(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(codes.secrets, "choice", lambda alphabet: alphabet[-1])
    assert codes.new_code() == codes.ALPHABET[-1] * codes.CODE_LENGTH


async def test_new_codes_never_repeat_one_an_invite_holds(
    journal: Journal, tiny: TinySchool, monkeypatch: pytest.MonkeyPatch
) -> None:
    issued = await issue_for_class(journal, tiny)
    held = normalize_code(issued[0].code)
    offered = iter([held, "AAAAAAAAAA", "BBBBBBBBBB"])
    monkeypatch.setattr(codes, "new_code", lambda: next(offered))
    assert await journal.run(codes.unused_codes, 2) == ["AAAAAAAAAA", "BBBBBBBBBB"]


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("KX7M-P2TH-A9", "KX7MP2THA9"),
        ("kx7m p2th a9", "KX7MP2THA9"),
        ("кх7м-р2тн-а9", "KX7MP2THA9"),  # Cyrillic, lower case
        ("КХ7М Р2ТН А9", "KX7MP2THA9"),  # Cyrillic, upper case
        ("ВЕС3-ЗЕ33-ХХ", "BEC33E33XX"),  # З is read as 3
        (" kx7m–p2th—a9\n", "KX7MP2THA9"),  # dashes a phone puts in
        ("KX7M-P2TH-A8", "KX7MP2THAB"),  # 8 is read as B
        ("KX7M-P2TH-A0", None),
        ("KX7M-P2TH-AI", None),
        ("KX7M-P2TH", None),
        ("KX7M-P2TH-A9-A", None),
        ("", None),
    ],
)
def test_normalize_code(typed: str, expected: str | None) -> None:
    assert normalize_code(typed) == expected


async def test_class_teacher_issues_for_pupils_and_guardians_of_own_class(
    journal: Journal, tiny: TinySchool
) -> None:
    issued = await issue_for_class(journal, tiny)
    p = tiny.people
    assert [(i.person_id, i.role) for i in issued] == [
        (p["a1"], InviteRole.PUPIL),
        (p["a2"], InviteRole.PUPIL),
        (p["a3"], InviteRole.PUPIL),
        (p["g2"], InviteRole.GUARDIAN),  # Иванов Сергей
        (p["g1"], InviteRole.GUARDIAN),  # Иванова Елена
        (p["g3"], InviteRole.GUARDIAN),
    ]
    assert {i.class_title for i in issued} == {"5А"}
    assert {i.expires_at for i in issued} == {TINY_NOW + timedelta(days=30)}
    by_person = {i.person_id: i for i in issued}
    # g1's other child is in 5Б: not this teacher's business.
    assert by_person[p["g1"]].children == ("Иванов Иван",)
    assert by_person[p["g3"]].children == ("Петрова Анна",)
    assert by_person[p["a1"]].children == ()
    assert by_person[p["a1"]].full_name == "Иванов Иван"
    given = [i.code for i in issued]
    assert len(set(given)) == len(given)
    for code in given:
        assert CODE_SHAPE.match(code), code
        assert set(code.replace("-", "")) <= set(codes.ALPHABET)


async def test_codes_are_stored_and_audited(journal: Journal, tiny: TinySchool) -> None:
    issued = await issue_for_class(journal, tiny, ttl_days=7)
    stored = await journal.run(all_of, InviteCode)
    assert sorted(c.code for c in stored) == sorted(i.code.replace("-", "") for i in issued)
    assert {c.issued_by for c in stored} == {tiny.people["math"]}
    assert {c.expires_at for c in stored} == {TINY_NOW + timedelta(days=7)}
    audit = await journal.run(all_of, AuditEntry)
    assert [(a.actor_id, a.action) for a in audit] == [(tiny.people["math"], "invites.issued")]


async def test_administrator_issues_for_staff(journal: Journal, tiny: TinySchool) -> None:
    admin = await journal.run(load_actor, tiny.people["admin"])
    issued = await journal.run(issue_invites, admin, staff=True)
    staff = ["admin", "director", "deputy", "math", "rus", "eng1", "eng2", "primary", "medic"]
    assert sorted(i.person_id for i in issued) == sorted(tiny.people[k] for k in staff)
    assert {(i.role, i.children) for i in issued} == {(InviteRole.STAFF, ())}
    # The classes they lead (tests/test_invite_trust.py checks the positions).
    assert sorted(i.class_title for i in issued if i.class_title) == ["1А", "5А", "5Б"]


@pytest.mark.parametrize(
    ("who", "target"),
    [
        ("rus", "5А"),  # teaches in 5А, but leads 5Б
        ("eng1", "5А"),
        ("admin", "5А"),
        ("director", "5А"),
        ("deputy", "5А"),
        ("g1", "5А"),
        ("a1", "5А"),
        ("math", "staff"),
        ("director", "staff"),
        ("deputy", "staff"),
        ("g1", "staff"),
    ],
)
async def test_nobody_else_may_issue(
    journal: Journal, tiny: TinySchool, who: str, target: str
) -> None:
    actor = await journal.run(load_actor, tiny.people[who])
    kw: dict[str, Any] = (
        {"staff": True} if target == "staff" else {"class_id": tiny.classes[target]}
    )
    with pytest.raises(AccessDenied) as refused:
        await journal.run(issue_invites, actor, **kw)
    assert "выдаёт" in refused.value.message
    assert await journal.run(all_of, InviteCode) == []


async def test_class_or_staff_must_be_named_once(journal: Journal, tiny: TinySchool) -> None:
    math = await journal.run(load_actor, tiny.people["math"])
    with pytest.raises(RuleViolation):
        await journal.run(issue_invites, math)
    with pytest.raises(RuleViolation):
        await journal.run(issue_invites, math, class_id=tiny.classes["5А"], staff=True)
    with pytest.raises(RuleViolation):
        await journal.run(issue_invites, math, class_id=tiny.classes["5А"], ttl_days=0)


async def test_redeeming_links_the_chat(journal: Journal, tiny: TinySchool) -> None:
    issued = await issue_for_class(journal, tiny)
    g1 = tiny.people["g1"]
    await journal.run(give_consent, TG, "100")
    result = await journal.run(redeem_invite, TG, "100", code_of(issued, g1))
    assert result == LinkResult(person_id=g1, full_name="Иванова Елена", role=InviteRole.GUARDIAN)
    [account] = await journal.run(all_of, ChatAccount)
    assert (account.platform, account.external_id, account.person_id) == (TG, "100", g1)
    assert account.linked_at == TINY_NOW
    # A consent given before the chat was anyone's is no consent of this person to this school
    # (152-FZ): they are asked (issue 14, item 7).
    assert account.consent_at is None
    [event] = await journal.run(all_of, OutboxEvent)
    assert event.kind == events.INVITE_REDEEMED
    assert event.payload["person_id"] == g1
    assert event.payload["role"] == "guardian"
    audit = await journal.run(all_of, AuditEntry)
    assert (audit[-1].action, audit[-1].actor_id, audit[-1].subject_person_id) == (
        "invite.redeemed",
        g1,
        g1,
    )


async def test_redeeming_without_an_account_creates_it(journal: Journal, tiny: TinySchool) -> None:
    issued = await issue_for_class(journal, tiny)
    await journal.run(redeem_invite, Platform.VK, "555", code_of(issued, tiny.people["a2"]))
    [account] = await journal.run(all_of, ChatAccount)
    assert (account.platform, account.person_id, account.consent_at) == (
        Platform.VK,
        tiny.people["a2"],
        None,
    )


async def test_code_typed_in_cyrillic_lower_case_without_dashes(
    journal: Journal, tiny: TinySchool
) -> None:
    issued = await issue_for_class(journal, tiny)
    code = code_of(issued, tiny.people["a1"])
    typed = " ".join(code.replace("-", "").translate(LATIN_TO_CYRILLIC_LOWER))
    assert typed.upper() != code
    result = await journal.run(redeem_invite, TG, "1", typed)
    assert result.person_id == tiny.people["a1"]


async def test_a_code_works_once(journal: Journal, tiny: TinySchool) -> None:
    issued = await issue_for_class(journal, tiny)
    code = code_of(issued, tiny.people["a1"])
    await journal.run(redeem_invite, TG, "1", code)
    assert "уже использован" in await refused(journal, TG, "2", code)
    assert "уже использован" in await refused(journal, TG, "1", code)


async def test_a_code_expires(journal: Journal, tiny: TinySchool, clock: FakeClock) -> None:
    issued = await issue_for_class(journal, tiny, ttl_days=3)
    clock.now = TINY_NOW + timedelta(days=3, seconds=-1)
    await journal.run(redeem_invite, TG, "1", code_of(issued, tiny.people["a1"]))
    clock.now = TINY_NOW + timedelta(days=3)
    message = await refused(journal, TG, "2", code_of(issued, tiny.people["a2"]))
    assert "Срок действия кода истёк" in message and "классного руководителя" in message


async def test_issuing_again_revokes_the_unused_older_code(
    journal: Journal, tiny: TinySchool
) -> None:
    first = await issue_for_class(journal, tiny)
    await journal.run(redeem_invite, TG, "used", code_of(first, tiny.people["a2"]))
    second = await issue_for_class(journal, tiny)
    a1 = tiny.people["a1"]
    assert "отменён" in await refused(journal, TG, "1", code_of(first, a1))
    assert (await journal.run(redeem_invite, TG, "1", code_of(second, a1))).person_id == a1
    stored = {c.code: c for c in await journal.run(all_of, InviteCode)}
    used = stored[code_of(first, tiny.people["a2"]).replace("-", "")]
    assert used.used_at == TINY_NOW and not used.revoked


async def test_another_issuer_revokes_nothing(journal: Journal, tiny: TinySchool) -> None:
    five_a = await issue_for_class(journal, tiny, "5А")
    await issue_for_class(journal, tiny, "5Б")
    # g1 has a child in each class: the 5Б teacher's code does not cancel the 5А slip.
    linked = await journal.run(redeem_invite, TG, "1", code_of(five_a, tiny.people["g1"]))
    assert isinstance(linked, LinkResult)
    await journal.run(redeem_invite, TG, "2", code_of(five_a, tiny.people["g2"]))


async def test_unknown_code(journal: Journal, tiny: TinySchool) -> None:
    await issue_for_class(journal, tiny)
    assert "Такого кода нет" in await refused(journal, TG, "1", "AAAA-AAAA-AA")
    assert "не похоже на код" in await refused(journal, TG, "1", "привет")


async def test_five_wrong_attempts_lock_the_chat_for_an_hour(
    journal: Journal, tiny: TinySchool, clock: FakeClock
) -> None:
    issued = await issue_for_class(journal, tiny)
    good = code_of(issued, tiny.people["a1"])
    for _ in range(redeeming.MAX_FAILED_ATTEMPTS):
        await refused(journal, TG, "guesser", "AAAA-AAAA-AA")
    message = await refused(journal, TG, "guesser", good)
    assert message == redeeming.TOO_MANY_ATTEMPTS
    # The lock is per chat account, and lifts an hour after the failures.
    a2 = code_of(issued, tiny.people["a2"])
    assert (await journal.run(redeem_invite, Platform.VK, "guesser", a2)).person_id
    clock.now = TINY_NOW + timedelta(minutes=59)
    assert "Слишком много" in await refused(journal, TG, "guesser", good)
    clock.now = TINY_NOW + timedelta(hours=1, seconds=1)
    assert (await journal.run(redeem_invite, TG, "guesser", good)).person_id == tiny.people["a1"]


async def test_used_expired_and_revoked_codes_count_as_wrong_attempts(
    journal: Journal, tiny: TinySchool
) -> None:
    issued = await issue_for_class(journal, tiny)
    used = code_of(issued, tiny.people["a1"])
    await journal.run(redeem_invite, TG, "owner", used)
    for _ in range(redeeming.MAX_FAILED_ATTEMPTS):
        assert "уже использован" in await refused(journal, TG, "guesser", used)
    assert "Слишком много" in await refused(
        journal, TG, "guesser", code_of(issued, tiny.people["a2"])
    )


async def test_typos_that_cannot_be_a_code_are_not_counted(
    journal: Journal, tiny: TinySchool
) -> None:
    issued = await issue_for_class(journal, tiny)
    for _ in range(redeeming.MAX_FAILED_ATTEMPTS + 2):
        assert "не похоже" in await refused(journal, TG, "1", "KX7M-P2TH")
    await journal.run(redeem_invite, TG, "1", code_of(issued, tiny.people["a1"]))


async def add_preference(ctx: Ctx, external_id: str, pupil_id: int) -> None:
    account = await ctx.session.scalar(
        select(ChatAccount).where(ChatAccount.external_id == external_id)
    )
    assert account is not None
    account.selected_pupil_id = pupil_id
    account.is_blocked = True
    ctx.session.add(NotificationPreference(chat_account_id=account.id, pupil_id=pupil_id))


async def test_relinking_to_someone_else_drops_the_old_childs_settings(
    journal: Journal, tiny: TinySchool
) -> None:
    issued = await issue_for_class(journal, tiny)
    await journal.run(redeem_invite, TG, "1", code_of(issued, tiny.people["g3"]))
    await journal.run(add_preference, "1", tiny.people["a2"])
    await journal.run(redeem_invite, TG, "1", code_of(issued, tiny.people["g2"]))
    [account] = await journal.run(all_of, ChatAccount)
    assert (account.person_id, account.selected_pupil_id, account.is_blocked) == (
        tiny.people["g2"],
        None,
        False,
    )
    assert await journal.run(all_of, NotificationPreference) == []


async def test_a_wrong_guess_is_recorded_in_the_callers_own_transaction(
    journal: Journal, tiny: TinySchool
) -> None:
    await issue_for_class(journal, tiny)

    async def guess_then_fail(ctx: Ctx) -> None:
        result = await redeem_invite(ctx, TG, "1", "AAAA-AAAA-AA")
        assert isinstance(result, InviteRefused)
        raise RuntimeError("the caller's transaction fails after the refusal")

    with pytest.raises(RuntimeError):
        await journal.run(guess_then_fail)
    assert await journal.run(all_of, InviteAttempt) == []
    await refused(journal, TG, "1", "AAAA-AAAA-AA")
    assert len(await journal.run(all_of, InviteAttempt)) == 1
