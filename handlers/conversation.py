"""The conversation with guardians, pupils and staff, once for every messenger."""

import logging

from handlers import texts
from handlers.io import Incoming, Reply
from handlers.menu import menu_keyboard
from handlers.routing import route
from handlers.splitting import fit
from handlers.state import DatabaseStateStore, StateStore
from handlers.throttling import Throttle, Verdict
from handlers.turn import Turn, load_viewer
from keyboards.model import Keyboard
from services.context import Journal
from services.errors import JournalError

logger = logging.getLogger(__name__)


class Conversation:
    """handle() takes one neutral event and returns the replies to send, in order.

    An empty list means "say nothing" (a flood being held back); a button press still needs
    the platform's acknowledgement from the adapter.
    """

    def __init__(
        self,
        journal: Journal,
        state: StateStore | None = None,
        throttle: Throttle | None = None,
    ) -> None:
        self._journal = journal
        self._state = state if state is not None else DatabaseStateStore(journal)
        self._throttle = throttle if throttle is not None else Throttle()

    async def handle(self, incoming: Incoming) -> list[Reply]:
        verdict = self._throttle.check(f"{incoming.platform.value}:{incoming.account_id}")
        if verdict is Verdict.DROP:
            return []
        if verdict is Verdict.WARN:
            return [Reply(texts.TOO_MANY)]
        turn: Turn | None = None
        try:
            viewer = await self._journal.run(load_viewer, incoming.platform, incoming.account_id)
            state = await self._state.get(incoming.platform, incoming.account_id)
            turn = Turn(self._journal, self._state, incoming, viewer, state)
            replies = await route(turn)
        except JournalError as refusal:
            replies = [Reply(refusal.message, self._fresh_menu(turn))]
        except Exception:
            logger.exception("the conversation failed on a message from %s", incoming.platform)
            replies = [Reply(texts.SOMETHING_WRONG, self._fresh_menu(turn))]
        return fit(replies)

    @staticmethod
    def _fresh_menu(turn: Turn | None) -> Keyboard | None:
        if turn is None:
            return None
        try:
            return menu_keyboard(turn.viewer)
        except Exception:
            logger.exception("no menu to offer after a failure")
            return None
