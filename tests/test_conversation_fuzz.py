"""Random texts and random buttons, for every kind of person: nothing escapes, every reply fits
the platforms, and a guardian never sees another family's child."""

import pytest
from hypothesis import HealthCheck, given, settings, strategies

from db.enums import Platform
from handlers.core.parsing import COMMANDS, LABELS
from keyboards.payloads import pack
from services.chat.accounts import forget_me
from services.context import Journal
from tests.press_strategies import presses
from tests.test_conversation_kit import Chat, add_records, linked_chat, random_event_answered
from tests.tiny_school import TinySchool
from texts import phrases

ROLES = ["g2", "g1", "a1", "math", "stranger"]


words = strategies.sampled_from(
    sorted(LABELS) + [f"/{c}" for c in COMMANDS] + ["/start", "да", "◀", "▶"]
)
typed = (
    strategies.text(max_size=300)
    | words
    | strategies.builds(lambda w: f"/start {w}", strategies.text(max_size=40))
)
pressed = (
    presses().map(pack)
    | strategies.text(max_size=80)
    | strategies.binary(max_size=70).map(lambda b: b.decode("latin-1"))
)
events = strategies.lists(
    strategies.tuples(strategies.sampled_from(["text", "payload"]), typed | pressed),
    min_size=1,
    max_size=3,
)


@pytest.fixture
async def chats(journal: Journal, tiny: TinySchool) -> dict[str, Chat]:
    await add_records(journal, tiny)
    linked = {}
    for n, role in enumerate(ROLES):
        if role != "stranger":
            linked[role] = await linked_chat(journal, tiny, role, account=str(1000 + n))
    linked["stranger"] = Chat(linked["g2"].conversation, "9999")
    return linked


async def relink_if_gone(journal: Journal, tiny: TinySchool, chat: Chat, role: str) -> None:
    """Random buttons may unlink or forget the chat: link it again, to go on exploring."""
    gone = {phrases.UNLINK_DONE, phrases.FORGET_DONE}
    if role == "stranger" or not any(r.text in gone for r in chat.replies):
        return
    await journal.run(forget_me, Platform.TELEGRAM, chat.account)
    fresh = await linked_chat(journal, tiny, role, chat.account, chat.conversation)
    chat.replies = fresh.replies


@pytest.mark.parametrize("role", ROLES)
@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(sequence=events)
async def test_random_input_never_breaks_the_conversation(
    journal: Journal,
    tiny: TinySchool,
    chats: dict[str, Chat],
    role: str,
    sequence: list[tuple[str, str]],
) -> None:
    chat = chats[role]
    for kind, value in sequence:
        await random_event_answered(chat, role, kind, value)
        await relink_if_gone(journal, tiny, chat, role)
