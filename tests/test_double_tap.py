"""A double tap handled by two workers at once acts once (issue 14, item 3): the conversation's
state changes only if no other message of the chat changed it since it was read, so of two
"Опубликовать" presses handled at once one publishes and the other is refused, all it wrote
undone. In one process here, each "worker" with its own engine; tests/e2e/test_workers.py
runs real `journal run` webhook workers."""

import asyncio
import time

from sqlalchemy.ext.asyncio import AsyncEngine

from db.engine import make_engine, make_session_factory
from db.enums import Platform
from db.models import Announcement, InviteAttempt, OutboxEvent
from handlers.core.conversation import Conversation
from handlers.core.io import Incoming
from services.chat.state import CONFLICT
from services.context import Journal
from services.invites.redeeming import (
    MAX_FAILED_ATTEMPTS,
    TOO_MANY_ATTEMPTS,
    UNKNOWN_CODE,
    InviteRefused,
    redeem_invite,
)
from tests.conftest import FakeClock
from tests.staff_kit import staff_chat
from tests.test_conversation_kit import calm, invite_code
from tests.tiny_school import TinySchool
from tests.write_support import count
from texts import phrases, staff_phrases

TRIALS = 4


async def test_two_workers_publish_a_double_tapped_announcement_once(
    journal: Journal, tiny: TinySchool, database_url: str, engine: AsyncEngine, clock: FakeClock
) -> None:
    engines = [make_engine(database_url) for _ in range(2)]
    workers = [
        Conversation(Journal(make_session_factory(e), clock), throttle=calm()) for e in engines
    ]
    deputy = await staff_chat(journal, tiny, "deputy")
    answers: list[str] = []
    try:
        for trial in range(TRIALS):
            await deputy.send("/start")
            await deputy.press(staff_phrases.ANNOUNCE)
            await deputy.press(staff_phrases.SCOPE_SCHOOL)
            await deputy.press(staff_phrases.TO_STAFF)
            await deputy.send(f"Педсовет № {trial}\nВ понедельник в 15:00.")
            press = deputy.button(staff_phrases.ANNOUNCE_PUBLISH).payload
            tap = Incoming(deputy.platform, deputy.account, payload=press)
            both = await asyncio.gather(*(w.handle(tap) for w in workers))
            answers += ["\n".join(r.text for r in replies) for replies in both]
            assert await count(journal, Announcement) == trial + 1
    finally:
        for e in engines:
            await e.dispose()
    assert await count(journal, OutboxEvent, OutboxEvent.kind == "announcement.published") == 4
    assert answers.count(staff_phrases.ANNOUNCE_DONE) == TRIALS
    # The other press of each pair: the conflict explained, or the button out of date, never
    # "Что-то пошло не так".
    others = [a for a in answers if a != staff_phrases.ANNOUNCE_DONE]
    assert len(others) == TRIALS
    assert all(CONFLICT in a or "устарел" in a for a in others), others


GUESSES = 20


async def test_guesses_sent_at_once_are_counted_before_any_is_checked(
    journal: Journal, tiny: TinySchool, database_url: str, clock: FakeClock
) -> None:
    """20 wrong codes from one chat at once, through four workers: five are checked, the rest
    refused unchecked, and the chat stays locked out."""
    engines = [make_engine(database_url) for _ in range(4)]
    journals = [Journal(make_session_factory(e), clock) for e in engines]
    wrong = [f"AAAA-AAAA-{a}{b}" for a in "ABCEH" for b in "KMPT"]
    try:
        answers = await asyncio.gather(
            *(
                journals[n % len(journals)].run(redeem_invite, Platform.TELEGRAM, "77", code)
                for n, code in enumerate(wrong[:GUESSES])
            )
        )
    finally:
        for e in engines:
            await e.dispose()
    said = [a.message for a in answers if isinstance(a, InviteRefused)]
    assert len(said) == GUESSES
    checked = said.count(UNKNOWN_CODE)
    assert checked == MAX_FAILED_ATTEMPTS, said
    assert said.count(TOO_MANY_ATTEMPTS) == GUESSES - MAX_FAILED_ATTEMPTS
    assert await count(journal, InviteAttempt) == MAX_FAILED_ATTEMPTS


async def test_chats_redeeming_one_code_at_once(
    journal: Journal, tiny: TinySchool, database_url: str, clock: FakeClock
) -> None:
    """Issue 14, item 5: of six chats sending one code at once (through one worker and two
    more), one is linked; the others
    are told at once that the code is used, and their guess is counted."""
    code = await invite_code(journal, tiny, "g2")
    engines = [make_engine(database_url) for _ in range(2)]
    conversations = [Conversation(journal, throttle=calm())] + [
        Conversation(Journal(make_session_factory(e), clock), throttle=calm()) for e in engines
    ]
    started = time.monotonic()
    try:
        answers = await asyncio.gather(
            *(
                conversations[n % 3].handle(
                    Incoming(Platform.TELEGRAM, f"80{n}", text=f"/start {code}")
                )
                for n in range(6)
            )
        )
    finally:
        for e in engines:
            await e.dispose()
    elapsed = time.monotonic() - started
    said = ["\n".join(r.text for r in replies) for replies in answers]
    assert sum("уже использован" in s for s in said) == 5, said
    assert not any(phrases.SOMETHING_WRONG in s for s in said)
    assert await count(journal, InviteAttempt) == 5
    assert elapsed < 5, elapsed
