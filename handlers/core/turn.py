"""One incoming message's context: who writes, whose journal they may open, and today's date."""

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Concatenate, ParamSpec, TypeVar
from zoneinfo import ZoneInfo

from db.enums import Platform
from handlers.core.io import Incoming
from handlers.core.states import State, decode
from services.chat.accounts import AccountStatus
from services.chat.bot_links import BotLinks
from services.chat.standing import ChatStanding, chat_standing, unblock
from services.chat.state import StateConflict, clear_state, set_state
from services.context import Ctx
from services.errors import JournalError
from services.people.actor import Actor
from services.schedule.periods import local_date
from services.views import GraduateBrief, PupilBrief

P = ParamSpec("P")
T = TypeVar("T")
S = TypeVar("S", bound=State)

# Dates in buttons further than this from today are not ones the bot ever offered.
FARTHEST_DAY = timedelta(days=400)


@dataclass(frozen=True)
class Viewer:
    status: AccountStatus
    actor: Actor | None = None
    pupils: tuple[PupilBrief, ...] = ()
    school_name: str = ""
    timezone: str = "UTC"
    today: date = date.min
    # Children (or the pupil themself) who finished school: their last year's archive only.
    graduates: tuple[GraduateBrief, ...] = ()

    @property
    def ready(self) -> bool:
        """Linked and consented: the journal may be shown."""
        return self.actor is not None and self.status.consent_given

    @property
    def several(self) -> bool:
        return len(self.pupils) > 1

    def find(self, pupil_id: int | None) -> PupilBrief | None:
        return next((p for p in self.pupils if p.id == pupil_id), None)

    @property
    def archives(self) -> tuple[GraduateBrief, ...]:
        """The graduates whose archive the family may still read (the service checks again)."""
        return tuple(g for g in self.graduates if g.readable)

    def find_graduate(self, pupil_id: int) -> GraduateBrief | None:
        return next((g for g in self.graduates if g.id == pupil_id), None)

    @property
    def selected(self) -> PupilBrief | None:
        """The remembered child, or the only one; None when a guardian of several must pick."""
        if len(self.pupils) == 1:
            return self.pupils[0]
        return self.find(self.status.selected_pupil_id)

    def sane(self, day: date) -> bool:
        return abs(day - self.today) <= FARTHEST_DAY

    def local_day(self, moment: datetime) -> date:
        return local_date(moment, self.timezone)

    def local_time(self, moment: datetime) -> datetime:
        return moment.astimezone(ZoneInfo(self.timezone))


async def _standing(ctx: Ctx, platform: Platform, external_id: str) -> tuple[Viewer, ChatStanding]:
    standing = await chat_standing(ctx, platform, external_id)
    if standing.actor is None:
        return Viewer(standing.status), standing
    viewer = Viewer(
        status=standing.status,
        actor=standing.actor,
        pupils=standing.pupils,
        school_name=standing.school_name,
        timezone=standing.timezone,
        today=local_date(ctx.now, standing.timezone),
        graduates=standing.graduates,
    )
    return viewer, standing


class Turn:
    """One message, answered in one transaction (services.context.Journal.run): the viewer,
    the service operations and the conversation's memory are read and written in `ctx`.

    The memory (state: handlers.core.states) and the "bot unblocked" flag are written once, by
    save(), at the end; after a refusal rolls the transaction back the conversation saves them
    anew, so a question left behind stays left behind (routing.route)."""

    def __init__(
        self,
        ctx: Ctx,
        incoming: Incoming,
        standing: tuple[Viewer, ChatStanding],
        links: BotLinks | None = None,
    ) -> None:
        self.ctx = ctx
        self.incoming = incoming
        # Where printed invite slips send people (the bot's username, the VK community).
        self.links = links or BotLinks()
        self.viewer, loaded = standing
        # Where the conversation stands: as this message found it, until a handler changes it.
        self.state: State | None = decode(loaded.state)
        # What is stored; an unreadable state is stored as something else than None, so that
        # save() clears it.
        self._stored: State | str | None = (
            self.state if self.state is not None or not loaded.state.name else loaded.state.name
        )
        self._unblock = loaded.unblocked
        # The state as read: save() changes it only if no other message of the chat did since.
        self._read = loaded.state
        # A refusal a handler caught and answered: the operation may have written half-way.
        self.refused = False

    def local_now(self) -> datetime:
        """This moment on the school's clock: the hour matters, e.g. on a Saturday."""
        return self.viewer.local_time(self.ctx.now)

    @classmethod
    async def open(cls, ctx: Ctx, incoming: Incoming, links: BotLinks | None = None) -> "Turn":
        standing = await _standing(ctx, incoming.platform, incoming.account_id)
        return cls(ctx, incoming, standing, links)

    @property
    def platform(self) -> Platform:
        return self.incoming.platform

    @property
    def account(self) -> str:
        return self.incoming.account_id

    @property
    def pressed(self) -> bool:
        """A button was pressed (rather than text typed): its message may be edited in place."""
        return self.incoming.payload is not None

    @property
    def actor(self) -> Actor:
        if self.viewer.actor is None:
            raise LookupError("this chat is linked to nobody")
        return self.viewer.actor

    async def run(
        self,
        operation: Callable[Concatenate[Ctx, Actor, P], Awaitable[T]],
        *args: P.args,
        **kwargs: P.kwargs,
    ) -> T:
        """A service operation on behalf of the person writing, in this turn's transaction."""
        return await self._noting_refusal(operation(self.ctx, self.actor, *args, **kwargs))

    async def call(
        self,
        operation: Callable[Concatenate[Ctx, P], Awaitable[T]],
        *args: P.args,
        **kwargs: P.kwargs,
    ) -> T:
        """An operation on the chat itself (consent, unlinking), in this turn's transaction."""
        return await self._noting_refusal(operation(self.ctx, *args, **kwargs))

    async def _noting_refusal(self, pending: Awaitable[T]) -> T:
        try:
            return await pending
        except JournalError:
            self.refused = True
            raise

    async def reload(self) -> None:
        """The viewer again, after this turn changed who the chat is or what it shows (the
        read flushes the turn's pending changes first)."""
        self.viewer, standing = await _standing(self.ctx, self.platform, self.account)
        self._unblock = self._unblock or standing.unblocked

    def state_as(self, kind: type[S]) -> S | None:
        """The state if the chat is in this one, else None."""
        return self.state if isinstance(self.state, kind) else None

    def set_state(self, state: State) -> None:
        self.state = state

    def clear_state(self) -> None:
        self.state = None

    @property
    def unsaved(self) -> bool:
        return self._unblock or self.state != self._stored

    async def save(self, ctx: Ctx) -> None:
        """Writes the conversation's memory in `ctx`: this turn's transaction, or a fresh one
        after a refusal rolled it back."""
        if self._unblock:
            await unblock(ctx, self.platform, self.account)
        if self.state != self._stored:
            try:
                if self.state is None:
                    await clear_state(ctx, self.platform, self.account, expected=self._read)
                else:
                    await set_state(
                        ctx,
                        self.platform,
                        self.account,
                        self.state.name,
                        self.state.stored(),
                        expected=self._read,
                    )
            except StateConflict:
                # The other message's answer stands; this one's is not to be saved again.
                self._unblock, self._stored = False, self.state
                raise
        self._unblock, self._stored = False, self.state
