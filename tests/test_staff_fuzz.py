"""Random staff buttons (every argument, the small value "v" too) and typed text in the middle of
the staff flows: nothing escapes, every reply fits, a parent sees no one else's child."""

from datetime import date

import pytest
from hypothesis import HealthCheck, given, settings, strategies

from keyboards.payloads import MAX_ID, OPTIONAL_ARGS, REQUIRED_ARGS, Action, Payload, pack
from services.context import Journal
from tests.test_conversation_kit import Chat, add_records, linked_chat, random_event_answered
from tests.tiny_school import TinySchool

ROLES = ["math", "deputy", "director", "g2"]
STAFF_ACTIONS = [a for a in Action if len(a.value) == 2]


@strategies.composite
def staff_payloads(draw: strategies.DrawFn) -> str:
    action = draw(strategies.sampled_from(STAFF_ACTIONS))
    keys = set(REQUIRED_ARGS.get(action, "")) | {
        k for k in OPTIONAL_ARGS.get(action, "") if draw(strategies.booleans())
    }
    small = strategies.integers(min_value=1, max_value=40)
    ids = strategies.integers(min_value=1, max_value=MAX_ID) | small
    days = strategies.dates(date(2026, 11, 9), date(2026, 11, 27))
    return pack(
        Payload(
            action,
            pupil=draw(ids) if "p" in keys else None,
            day=draw(days) if "d" in keys else None,
            item=draw(ids) if "i" in keys else None,
            value=draw(ids) if "v" in keys else None,
        )
    )


events = strategies.lists(
    strategies.tuples(
        strategies.sampled_from(["text", "payload"]),
        staff_payloads() | strategies.text(max_size=60),
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
