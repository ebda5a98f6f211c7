"""Staff chats for the conversation tests: a teacher, class teacher, deputy or director linked
through the real invite services, on Telegram or VK, plus a bigger class for the roll call
and a year of more periods for the health sheet."""

from datetime import date
from typing import Any

from db.enums import PeriodKind, Platform
from db.models import Enrollment, Period, Person
from handlers.core.conversation import Conversation
from handlers.core.io import Incoming, Reply
from keyboards.payloads import Press, pack
from services.context import Ctx, Journal
from services.errors import JournalError
from services.people.actor import load_actor
from tests.test_conversation_kit import Chat, calm, invite_code
from tests.tiny_school import TinySchool

LAST_NAMES = (
    "Алексеев Белов Васильев Громов Давыдов Егоров Жуков Зайцев Ильин Козлов Лебедев Морозов "
    "Новиков Орлов Павлов Романов Соколов Тихонов Ушаков Фёдоров Харитонов Цветков Чернов "
    "Шарапов Щукин Яковлев Абрамов Борисов Виноградов"
)


class PlatformChat(Chat):
    """A Chat on any platform (the kit's Chat speaks Telegram)."""

    def __init__(self, conversation: Conversation, account: str, platform: Platform) -> None:
        super().__init__(conversation, account)
        self.platform = platform

    async def send(self, text: str) -> list[Reply]:
        return await self._send(Incoming(self.platform, self.account, text=text))

    async def send_payload(self, payload: str) -> list[Reply]:
        return await self._send(Incoming(self.platform, self.account, payload=payload))

    async def forge(self, press: Press) -> list[Reply]:
        """A button the bot never offered (a stale message, or a hand-made callback)."""
        return await self.send_payload(pack(press))


async def staff_chat(
    journal: Journal,
    tiny: TinySchool,
    key: str,
    account: str = "200",
    platform: Platform = Platform.TELEGRAM,
    conversation: Conversation | None = None,
) -> PlatformChat:
    chat = PlatformChat(conversation or Conversation(journal, throttle=calm()), account, platform)
    await chat.send(f"/start {await invite_code(journal, tiny, key)}")
    await chat.press("Согласен")
    return chat


async def add_pupils(journal: Journal, tiny: TinySchool, class_key: str, count: int) -> list[int]:
    """`count` more pupils in the class, surnames in journal order after the tiny ones."""

    async def op(ctx: Ctx) -> list[int]:
        ids = []
        for n in range(count):
            names = LAST_NAMES.split()
            last = names[n % len(names)] + ("" if n < len(names) else str(n))
            person = Person(school_id=tiny.school_id, last_name=last, first_name="Ученик")
            ctx.session.add(person)
            await ctx.session.flush()
            ctx.session.add(Enrollment(pupil_id=person.id, class_id=tiny.classes[class_key]))
            ids.append(person.id)
        return ids

    return await journal.run(op)


async def refusal(journal: Journal, tiny: TinySchool, who: str, op: Any, *args: Any) -> str:
    """The service's own words when `who` tries `op`: what the chat must show."""
    actor = await journal.run(load_actor, tiny.people[who])
    try:
        await journal.run(op, actor, *args)
    except JournalError as refused:
        return refused.message
    raise AssertionError(f"{op.__name__} was not refused")


async def add_half_years(journal: Journal, tiny: TinySchool) -> None:
    """Half-years for every grade besides the quarters: a year of seven periods to mark
    «осв.» in (four quarters, two half-years, the year); their ids as "h1" and "h2"."""

    async def op(ctx: Ctx) -> None:
        halves = [(date(2026, 9, 1), date(2026, 12, 28)), (date(2027, 1, 12), date(2027, 5, 26))]
        for number, (start, end) in enumerate(halves, 1):
            period = Period(
                year_id=tiny.year_id,
                kind=PeriodKind.HALF_YEAR,
                number=number,
                name=f"{number} полугодие",
                starts_on=start,
                ends_on=end,
            )
            ctx.session.add(period)
            await ctx.session.flush()
            tiny.periods[f"h{number}"] = period.id

    await journal.run(op)
