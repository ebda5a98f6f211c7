"""The conversation with guardians, pupils and staff, once for every messenger."""

import logging

from handlers.core.fitting import fit
from handlers.core.io import Incoming, Reply
from handlers.core.menu import menu_keyboard
from handlers.core.routing import route
from handlers.core.throttling import Throttle, Verdict
from handlers.core.turn import Turn
from keyboards.model import Keyboard
from services.chat.bot_links import BotLinks
from services.chat.state import StateConflict
from services.context import Ctx, Journal
from services.errors import JournalError
from texts import phrases

logger = logging.getLogger(__name__)


class _Refused(Exception):
    """A handler answered a refusal it caught: the answer stands, the writes do not."""

    def __init__(self, replies: list[Reply]) -> None:
        self.replies = replies


class Conversation:
    """handle() takes one neutral event and returns the replies to send, in order.

    An empty list means "say nothing" (a flood being held back); a button press still needs
    the platform's acknowledgement from the adapter. Each message is one transaction (see
    handlers.core.turn.Turn): a refusal or a failure rolls back all that the message wrote.
    """

    def __init__(
        self, journal: Journal, throttle: Throttle | None = None, links: BotLinks | None = None
    ) -> None:
        self._journal = journal
        self._throttle = throttle if throttle is not None else Throttle()
        self._links = links or BotLinks()

    async def handle(self, incoming: Incoming) -> list[Reply]:
        verdict = self._throttle.check(f"{incoming.platform.value}:{incoming.account_id}")
        if verdict is Verdict.DROP:
            return []
        if verdict is Verdict.WARN:
            return [Reply(phrases.TOO_MANY)]
        opened: list[Turn] = []
        try:
            replies = await self._journal.run(self._answer, incoming, opened)
        except _Refused as refused:
            replies = refused.replies
            await self._remember(opened)
        except JournalError as refusal:
            await self._remember(opened)
            replies = [Reply(refusal.message, self._fresh_menu(opened))]
        except Exception:
            logger.exception("the conversation failed on a message from %s", incoming.platform)
            await self._remember(opened)
            replies = [Reply(phrases.SOMETHING_WRONG, self._fresh_menu(opened))]
        return fit(replies)

    async def _answer(self, ctx: Ctx, incoming: Incoming, opened: list[Turn]) -> list[Reply]:
        turn = await Turn.open(ctx, incoming, self._links)
        opened.append(turn)
        replies = await route(turn)
        if turn.refused:
            raise _Refused(replies)
        await turn.save(ctx)
        return replies

    async def _remember(self, opened: list[Turn]) -> None:
        """After a rollback the conversation still moves on: a question left behind stays left
        behind, and an unblocked bot stays unblocked."""
        if not opened or not opened[-1].unsaved:
            return
        try:
            await self._journal.run(opened[-1].save)
        except StateConflict:
            pass  # another message of the chat moved it on: its state stands
        except Exception:
            logger.exception("the conversation's state was not saved after a failure")

    @staticmethod
    def _fresh_menu(opened: list[Turn]) -> Keyboard | None:
        if not opened:
            return None
        try:
            return menu_keyboard(opened[-1].viewer)
        except Exception:
            logger.exception("no menu to offer after a failure")
            return None
