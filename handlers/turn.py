"""One incoming message's context: who writes, whose journal they may open, and today's date."""

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any, Concatenate, ParamSpec, TypeVar

from db.enums import Platform
from handlers.io import Incoming
from handlers.state import StateStore
from services.actor import Actor
from services.chat_accounts import AccountStatus, account_status, actor_for_chat
from services.context import Ctx, Journal
from services.family import my_pupils
from services.lesson_time import school_of
from services.periods import local_date
from services.views import PupilBrief

P = ParamSpec("P")
T = TypeVar("T")

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
    def selected(self) -> PupilBrief | None:
        """The remembered child, or the only one; None when a guardian of several must pick."""
        if len(self.pupils) == 1:
            return self.pupils[0]
        return self.find(self.status.selected_pupil_id)

    def sane(self, day: date) -> bool:
        return abs(day - self.today) <= FARTHEST_DAY

    def local_day(self, moment: datetime) -> date:
        return local_date(moment, self.timezone)


async def load_viewer(ctx: Ctx, platform: Platform, external_id: str) -> Viewer:
    status = await account_status(ctx, platform, external_id)
    if status.person_id is None:
        return Viewer(status)
    actor = await actor_for_chat(ctx, platform, external_id)
    if actor is None:
        return Viewer(status)
    school = await school_of(ctx, actor.school_id)
    return Viewer(
        status=status,
        actor=actor,
        pupils=tuple(await my_pupils(ctx, actor)),
        school_name=school.name,
        timezone=school.timezone,
        today=local_date(ctx.now, school.timezone),
    )


@dataclass
class Turn:
    journal: Journal
    store: StateStore
    incoming: Incoming
    viewer: Viewer
    # Where the conversation stood when this message came: (state, data).
    state: tuple[str, dict[str, Any]] = ("", {})

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
        """A service operation on behalf of the person writing."""
        return await self.journal.run(operation, self.actor, *args, **kwargs)

    async def reload(self) -> None:
        self.viewer = await self.journal.run(load_viewer, self.platform, self.account)

    async def set_state(self, state: str, data: dict[str, Any] | None = None) -> None:
        if self.state == (state, data or {}):
            return
        self.state = (state, data or {})
        await self.store.set(self.platform, self.account, state, data)

    async def clear_state(self) -> None:
        if self.state[0]:
            self.state = ("", {})
            await self.store.clear(self.platform, self.account)
