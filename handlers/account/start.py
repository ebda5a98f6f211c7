"""Linking a chat by invite code, consent to the processing of personal data, unlinking and
forgetting the chat."""

from handlers.core.io import Reply
from handlers.core.menu import consent_reply, menu_keyboard, menu_reply
from handlers.core.parsing import normalized
from handlers.core.states import AwaitingCode, ConfirmForget, ConfirmUnlink, State
from handlers.core.turn import Turn
from keyboards import menus
from keyboards.actions.family import (
    ConsentNo,
    ConsentYes,
    Forget,
    ForgetYes,
    Unlink,
    UnlinkYes,
)
from services.chat.accounts import forget_me, give_consent, unlink
from services.invites.codes import normalize_code
from services.invites.redeeming import InviteRefused, redeem_invite
from texts import phrases
from texts.phrases import role_name

YES = frozenset({"да", "yes", "ок", "ok", "подтверждаю"})


async def start(turn: Turn, code: str | None) -> list[Reply]:
    if code:
        return await link(turn, code)
    viewer = turn.viewer
    if viewer.actor is None:
        turn.set_state(AwaitingCode())
        return [Reply(phrases.WELCOME)]
    turn.clear_state()
    if not viewer.status.consent_given:
        return [consent_reply(viewer)]
    return [menu_reply(viewer)]


async def link(turn: Turn, code: str) -> list[Reply]:
    # A refusal is an answer, not an error: the turn commits, and with it the wrong guess.
    result = await turn.call(redeem_invite, turn.platform, turn.account, code)
    if isinstance(result, InviteRefused):
        if turn.viewer.actor is None:
            turn.set_state(AwaitingCode())
        text = phrases.CODE_REFUSED.format(reason=result.message)
        if result.retry:
            text += "\n" + phrases.CODE_RETRY
        return [Reply(text, menu_keyboard(turn.viewer))]
    turn.clear_state()
    await turn.reload()
    accepted = phrases.CODE_ACCEPTED.format(
        name=result.full_name, role=role_name(result.role, result.gender, result.full_name)
    )
    if not turn.viewer.status.consent_given:
        return [Reply(accepted), consent_reply(turn.viewer)]
    return [menu_reply(turn.viewer, note=accepted)]


async def text_from_stranger(turn: Turn, text: str) -> list[Reply]:
    """An unlinked chat: after /start (or when it looks like one) the text is the code."""
    if turn.state_as(AwaitingCode) is not None or normalize_code(text) is not None:
        return await link(turn, text)
    turn.set_state(AwaitingCode())
    return [Reply(phrases.WELCOME)]


async def consent_yes(turn: Turn, press: ConsentYes) -> list[Reply]:
    await turn.call(give_consent, turn.platform, turn.account)
    await turn.reload()
    return [menu_reply(turn.viewer, note=phrases.CONSENT_THANKS)]


async def consent_no(turn: Turn, press: ConsentNo) -> list[Reply]:
    return [Reply(phrases.CONSENT_DECLINED, menus.consent_menu())]


async def ask_unlink(turn: Turn, press: Unlink) -> list[Reply]:
    turn.set_state(ConfirmUnlink())
    keyboard = menus.confirm_menu(phrases.CONFIRM_UNLINK, UnlinkYes())
    return [Reply(phrases.UNLINK_ASK, keyboard)]


async def do_unlink(turn: Turn, press: UnlinkYes) -> list[Reply]:
    await turn.call(unlink, turn.platform, turn.account)
    return [Reply(phrases.UNLINK_DONE)]


async def ask_forget(turn: Turn, press: Forget) -> list[Reply]:
    turn.set_state(ConfirmForget())
    keyboard = menus.confirm_menu(phrases.CONFIRM_FORGET, ForgetYes())
    return [Reply(phrases.FORGET_ASK, keyboard)]


async def do_forget(turn: Turn, press: ForgetYes) -> list[Reply]:
    await turn.call(forget_me, turn.platform, turn.account)
    return [Reply(phrases.FORGET_DONE)]


async def confirm_by_text(turn: Turn, asked: State | None, text: str) -> list[Reply] | None:
    """The answer to the question asked by the previous message ("да"), if it is one."""
    if normalized(text) not in YES:
        return None
    if isinstance(asked, ConfirmUnlink):
        return await do_unlink(turn, UnlinkYes())
    if isinstance(asked, ConfirmForget):
        return await do_forget(turn, ForgetYes())
    return None
