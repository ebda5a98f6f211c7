"""Random staff buttons (every field of every staff action) and typed text in the middle of
the staff flows: nothing escapes, every reply fits, a parent sees no one else's child."""

import pytest
from hypothesis import HealthCheck, given, settings, strategies

from keyboards.actions import staff
from keyboards.payloads import actions, pack
from services.context import Journal
from tests.press_strategies import presses
from tests.test_conversation_kit import Chat, add_records, linked_chat, random_event_answered
from tests.tiny_school import TinySchool

ROLES = ["math", "deputy", "director", "g2"]
STAFF_ACTIONS = [a for a in actions() if a.__module__ == staff.__name__]
staff_payloads = presses(STAFF_ACTIONS).map(pack)


events = strategies.lists(
    strategies.tuples(
        strategies.sampled_from(["text", "payload"]),
        staff_payloads | strategies.text(max_size=60),
    ),
    min_size=1,
    max_size=4,
)


@pytest.fixture
async def chats(journal: Journal, tiny: TinySchool) -> dict[str, Chat]:
    await add_records(journal, tiny)
    return {
        role: await linked_chat(journal, tiny, role, account=str(2000 + n))
        for n, role in enumerate(ROLES)
    }


@pytest.mark.parametrize("role", ROLES)
@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(sequence=events)
async def test_random_staff_buttons_never_break_the_conversation(
    journal: Journal,
    tiny: TinySchool,
    chats: dict[str, Chat],
    role: str,
    sequence: list[tuple[str, str]],
) -> None:
    chat = chats[role]
    for kind, value in sequence:
        await random_event_answered(chat, role, kind, value)
