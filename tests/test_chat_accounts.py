from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy import select

from db.enums import Platform
from db.models import (
    AuditEntry,
    ChatAccount,
    ConversationState,
    DigestItem,
    NotificationPreference,
    OutgoingMessage,
    Person,
)
from services.chat.accounts import (
    AccountStatus,
    account_status,
    actor_for_chat,
    forget_me,
    give_consent,
    linked_accounts_of,
    select_pupil,
    unlink,
)
from services.context import Ctx, Journal
from services.errors import AccessDenied
from services.people.actor import Role, load_actor
from tests.conftest import FakeClock
from tests.tiny_school import TINY_NOW, TinySchool

TG = Platform.TELEGRAM
VK = Platform.VK


async def link(
    ctx: Ctx, platform: Platform, external_id: str, person_id: int, *, blocked: bool = False
) -> None:
    ctx.session.add(
        ChatAccount(
            platform=platform,
            external_id=external_id,
            person_id=person_id,
            consent_at=ctx.now,
            linked_at=ctx.now,
            is_blocked=blocked,
        )
    )


async def add_settings(ctx: Ctx, platform: Platform, external_id: str, pupil_id: int) -> None:
    account = await ctx.session.scalar(
        select(ChatAccount).where(
            ChatAccount.platform == platform, ChatAccount.external_id == external_id
        )
    )
    assert account is not None
    account.selected_pupil_id = pupil_id
    ctx.session.add(NotificationPreference(chat_account_id=account.id, pupil_id=pupil_id))
    ctx.session.add(
        ConversationState(
            platform=platform,
            external_id=external_id,
            state="typing_question",
            data={"draft": "Здравствуйте"},
            updated_at=ctx.now,
        )
    )
    text = "Иванов Иван получил 5 по математике"
    ctx.session.add(
        OutgoingMessage(
            chat_account_id=account.id,
            platform=platform,
            chat_external_id=external_id,
            kind="mark",
            text=text,
            dedup_key=f"mark:{account.id}",
            created_at=ctx.now,
            next_attempt_at=ctx.now,
        )
    )
    ctx.session.add(
        DigestItem(
            chat_account_id=account.id,
            kind="mark",
            text=text,
            dedup_key=f"digest:{account.id}",
            created_at=ctx.now,
            release_at=ctx.now,
        )
    )


async def nothing_personal_left(journal: Journal) -> None:
    for model in (NotificationPreference, ConversationState, OutgoingMessage, DigestItem):
        assert await journal.run(all_of, model) == [], model.__name__


async def all_of(ctx: Ctx, model: Any) -> list[Any]:
    return list((await ctx.session.scalars(select(model).order_by(model.id))).all())


async def deactivate(ctx: Ctx, person_id: int) -> None:
    person = await ctx.session.get(Person, person_id)
    assert person is not None
    person.is_active = False


async def test_no_actor_for_an_unknown_or_unlinked_chat(journal: Journal, tiny: TinySchool) -> None:
    assert await journal.run(actor_for_chat, TG, "1") is None
    await journal.run(give_consent, TG, "1")
    assert await journal.run(actor_for_chat, TG, "1") is None


async def test_actor_for_a_linked_chat(journal: Journal, tiny: TinySchool) -> None:
    await journal.run(link, TG, "1", tiny.people["g1"])
    actor = await journal.run(actor_for_chat, TG, "1")
    assert actor is not None
    assert actor.person_id == tiny.people["g1"]
    assert actor.roles == {Role.GUARDIAN}
    assert await journal.run(actor_for_chat, VK, "1") is None


async def test_a_deactivated_person_has_no_actor(journal: Journal, tiny: TinySchool) -> None:
    await journal.run(link, TG, "1", tiny.people["g1"])
    await journal.run(deactivate, tiny.people["g1"])
    assert await journal.run(actor_for_chat, TG, "1") is None


async def test_a_new_message_clears_the_blocked_flag(journal: Journal, tiny: TinySchool) -> None:
    await journal.run(link, TG, "1", tiny.people["g1"], blocked=True)
    assert await journal.run(linked_accounts_of, [tiny.people["g1"]]) == {tiny.people["g1"]: []}
    assert await journal.run(actor_for_chat, TG, "1") is not None
    [account] = await journal.run(all_of, ChatAccount)
    assert account.is_blocked is False
    assert await journal.run(linked_accounts_of, [tiny.people["g1"]]) == {
        tiny.people["g1"]: [(TG, "1")]
    }


async def test_account_status(journal: Journal, tiny: TinySchool) -> None:
    assert await journal.run(account_status, TG, "1") == AccountStatus(False, False, None, None)
    await journal.run(give_consent, TG, "1")
    assert await journal.run(account_status, TG, "1") == AccountStatus(True, True, None, None)
    await journal.run(link, TG, "2", tiny.people["g1"])
    await journal.run(add_settings, TG, "2", tiny.people["b1"])
    assert await journal.run(account_status, TG, "2") == AccountStatus(
        True, True, tiny.people["g1"], tiny.people["b1"]
    )


async def test_consent_is_recorded_once(
    journal: Journal, tiny: TinySchool, clock: FakeClock
) -> None:
    await journal.run(give_consent, TG, "1")
    clock.now = TINY_NOW + timedelta(days=1)
    await journal.run(give_consent, TG, "1")
    [account] = await journal.run(all_of, ChatAccount)
    assert (account.consent_at, account.person_id) == (TINY_NOW, None)
    audit = await journal.run(all_of, AuditEntry)
    assert [a.action for a in audit] == ["chat.consent_given"]


async def test_unlink_keeps_nothing_personal(journal: Journal, tiny: TinySchool) -> None:
    await journal.run(link, TG, "1", tiny.people["g1"])
    await journal.run(add_settings, TG, "1", tiny.people["a1"])
    await journal.run(unlink, TG, "1")
    [account] = await journal.run(all_of, ChatAccount)
    assert (account.person_id, account.selected_pupil_id, account.linked_at) == (None, None, None)
    assert account.consent_at == TINY_NOW
    await nothing_personal_left(journal)
    assert await journal.run(actor_for_chat, TG, "1") is None
    [entry] = await journal.run(all_of, AuditEntry)
    assert (entry.action, entry.subject_person_id) == ("chat.unlinked", tiny.people["g1"])


async def test_forget_me_deletes_the_account(journal: Journal, tiny: TinySchool) -> None:
    await journal.run(link, TG, "1", tiny.people["g1"])
    await journal.run(link, VK, "1", tiny.people["g1"])
    await journal.run(add_settings, TG, "1", tiny.people["a1"])
    await journal.run(forget_me, TG, "1")
    accounts = await journal.run(all_of, ChatAccount)
    assert [(a.platform, a.external_id) for a in accounts] == [(VK, "1")]
    await nothing_personal_left(journal)
    assert await journal.run(account_status, TG, "1") == AccountStatus(False, False, None, None)
    [entry] = await journal.run(all_of, AuditEntry)
    assert (entry.action, entry.subject_person_id) == ("chat.forgotten", tiny.people["g1"])
    assert "1" not in entry.details.values()


async def test_guardian_selects_only_own_children(journal: Journal, tiny: TinySchool) -> None:
    await journal.run(link, TG, "1", tiny.people["g1"])
    g1 = await journal.run(load_actor, tiny.people["g1"])
    await journal.run(select_pupil, g1, TG, "1", tiny.people["b1"])
    assert (await journal.run(account_status, TG, "1")).selected_pupil_id == tiny.people["b1"]
    for stranger in ("a2", "g1", "math"):
        with pytest.raises(AccessDenied, match="только своего ребёнка"):
            await journal.run(select_pupil, g1, TG, "1", tiny.people[stranger])
    assert (await journal.run(account_status, TG, "1")).selected_pupil_id == tiny.people["b1"]


async def test_pupil_selects_only_themself(journal: Journal, tiny: TinySchool) -> None:
    await journal.run(link, TG, "1", tiny.people["a1"])
    a1 = await journal.run(load_actor, tiny.people["a1"])
    await journal.run(select_pupil, a1, TG, "1", tiny.people["a1"])
    with pytest.raises(AccessDenied):
        await journal.run(select_pupil, a1, TG, "1", tiny.people["a2"])


async def test_teacher_cannot_select_themself(journal: Journal, tiny: TinySchool) -> None:
    await journal.run(link, TG, "1", tiny.people["math"])
    math = await journal.run(load_actor, tiny.people["math"])
    with pytest.raises(AccessDenied):
        await journal.run(select_pupil, math, TG, "1", tiny.people["math"])


async def test_select_pupil_only_in_own_chat(journal: Journal, tiny: TinySchool) -> None:
    await journal.run(link, TG, "1", tiny.people["g2"])
    g1 = await journal.run(load_actor, tiny.people["g1"])
    with pytest.raises(AccessDenied, match="не привязан"):
        await journal.run(select_pupil, g1, TG, "1", tiny.people["a1"])
    with pytest.raises(AccessDenied, match="не привязан"):
        await journal.run(select_pupil, g1, TG, "nobody", tiny.people["a1"])


async def test_linked_accounts_of(journal: Journal, tiny: TinySchool) -> None:
    p = tiny.people
    await journal.run(link, TG, "10", p["g1"])
    await journal.run(link, VK, "20", p["g1"])
    await journal.run(link, TG, "30", p["g2"], blocked=True)
    await journal.run(link, TG, "40", p["g3"])
    await journal.run(give_consent, TG, "50")
    found = await journal.run(linked_accounts_of, [p["g1"], p["g2"], p["a1"]])
    assert found == {p["g1"]: [(TG, "10"), (VK, "20")], p["g2"]: [], p["a1"]: []}
    assert await journal.run(linked_accounts_of, []) == {}
