"""Chat accounts (a Telegram or VK user, or the terminal) and the person each is linked to."""

from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import delete, select

from db.enums import Platform
from db.models import (
    ChatAccount,
    ConversationState,
    DigestItem,
    NotificationPreference,
    OutgoingMessage,
)
from services import events
from services.context import Ctx
from services.errors import AccessDenied
from services.people.actor import Actor, Role, load_actor


@dataclass(frozen=True)
class AccountStatus:
    exists: bool
    consent_given: bool
    person_id: int | None
    selected_pupil_id: int | None


async def _account(ctx: Ctx, platform: Platform, external_id: str) -> ChatAccount | None:
    return await ctx.session.scalar(
        select(ChatAccount).where(
            ChatAccount.platform == platform, ChatAccount.external_id == external_id
        )
    )


async def actor_for_chat(ctx: Ctx, platform: Platform, external_id: str) -> Actor | None:
    """Who writes from this chat, or None if the chat is linked to nobody (active)."""
    account = await _account(ctx, platform, external_id)
    if account is None or account.person_id is None:
        return None
    if account.is_blocked:
        # They write to us again, so they unblocked the bot: notifications may resume.
        account.is_blocked = False
    try:
        return await load_actor(ctx, account.person_id)
    except AccessDenied:
        return None


async def account_status(ctx: Ctx, platform: Platform, external_id: str) -> AccountStatus:
    account = await _account(ctx, platform, external_id)
    if account is None:
        return AccountStatus(False, False, None, None)
    return AccountStatus(
        exists=True,
        consent_given=account.consent_at is not None,
        person_id=account.person_id,
        selected_pupil_id=account.selected_pupil_id,
    )


async def give_consent(ctx: Ctx, platform: Platform, external_id: str) -> None:
    """Consent to the processing of personal data (152-FZ): recorded once, when first given."""
    account = await _account(ctx, platform, external_id)
    if account is None:
        account = ChatAccount(platform=platform, external_id=external_id)
        ctx.session.add(account)
    if account.consent_at is None:
        account.consent_at = ctx.now
        events.audit(ctx, None, "chat.consent_given", account.person_id, platform=platform.value)


async def _drop_preferences_and_queue(ctx: Ctx, account: ChatAccount) -> None:
    for model in (NotificationPreference, OutgoingMessage, DigestItem):
        await ctx.session.execute(delete(model).where(model.chat_account_id == account.id))


async def _forget_settings(ctx: Ctx, account: ChatAccount) -> None:
    """Preferences, drafts and queued messages: all of them speak of the person or their child."""
    await _drop_preferences_and_queue(ctx, account)
    await ctx.session.execute(
        delete(ConversationState).where(
            ConversationState.platform == account.platform,
            ConversationState.external_id == account.external_id,
        )
    )


async def link_chat(ctx: Ctx, platform: Platform, external_id: str, person_id: int) -> None:
    """Link the chat to a person; only services.invites.redeeming calls this, after checking a
    code."""
    account = await _account(ctx, platform, external_id)
    if account is None:
        account = ChatAccount(platform=platform, external_id=external_id)
        ctx.session.add(account)
    elif account.person_id != person_id:
        # Settings and queued messages about someone else's children must not follow.
        account.selected_pupil_id = None
        await _drop_preferences_and_queue(ctx, account)
        # Consent is the person's, given to their school (152-FZ), not the chat's: another
        # person, or another school, is asked anew (services.chat.accounts.give_consent).
        account.consent_at = None
    account.person_id = person_id
    account.linked_at = ctx.now
    account.is_blocked = False


async def unlink(ctx: Ctx, platform: Platform, external_id: str) -> None:
    """The chat stops being anyone's; only the record of consent remains."""
    account = await _account(ctx, platform, external_id)
    if account is None or account.person_id is None:
        return
    person_id = account.person_id
    account.person_id = None
    account.selected_pupil_id = None
    account.linked_at = None
    await _forget_settings(ctx, account)
    events.audit(ctx, None, "chat.unlinked", person_id, platform=platform.value)


async def forget_me(ctx: Ctx, platform: Platform, external_id: str) -> None:
    account = await _account(ctx, platform, external_id)
    if account is None:
        return
    person_id = account.person_id
    await _forget_settings(ctx, account)
    await ctx.session.delete(account)
    events.audit(ctx, None, "chat.forgotten", person_id, platform=platform.value)


async def select_pupil(
    ctx: Ctx, actor: Actor, platform: Platform, external_id: str, pupil_id: int
) -> None:
    """Which child a guardian's chat shows by default (a pupil can only pick themself)."""
    account = await _account(ctx, platform, external_id)
    if account is None or account.person_id != actor.person_id:
        raise AccessDenied("Этот чат не привязан к вашей учётной записи.")
    own = pupil_id == actor.person_id and actor.has(Role.PUPIL)
    if not own and pupil_id not in actor.children:
        raise AccessDenied("Можно выбрать только своего ребёнка.")
    account.selected_pupil_id = pupil_id


async def linked_accounts_of(
    ctx: Ctx, person_ids: Iterable[int]
) -> dict[int, list[tuple[Platform, str]]]:
    """Where to reach each person: every linked chat that has not blocked the bot."""
    wanted = set(person_ids)
    found: dict[int, list[tuple[Platform, str]]] = {pid: [] for pid in wanted}
    if not wanted:
        return found
    accounts = await ctx.session.scalars(
        select(ChatAccount)
        .where(ChatAccount.person_id.in_(wanted), ChatAccount.is_blocked.is_(False))
        .order_by(ChatAccount.id)
    )
    for account in accounts:
        if account.person_id is not None:
            found[account.person_id].append((account.platform, account.external_id))
    return found
