"""The conversation's memory: one typed class per state name, written and read back as it was;
whatever else is stored (an older version's data, garbage) reads as no state and is cleared."""

from datetime import date

import pytest
from pydantic import ValidationError
from sqlalchemy import update

from db.enums import AnnouncementScope, AttendanceStatus, Platform
from db.models import ConversationState
from handlers.core import routing  # noqa: F401  (declares every flow's states)
from handlers.core.states import (
    AwaitingCode,
    ConfirmForget,
    State,
    StateName,
    WeekShown,
    declared,
    decode,
)
from handlers.staff import states
from services.chat.state import NO_STATE, StoredState, get_state, set_state
from services.context import Ctx, Journal
from tests.test_conversation_kit import linked_chat
from tests.tiny_school import TinySchool
from texts import phrases

MARK = states.MarkFor(
    lesson=5,
    pupil=7,
    pupil_name="Иванов Иван",
    correcting=states.Correcting(mark=9, was="4 (отв)", comment="Хорошо"),
)
WORK = states.WorkChoice(code="answer", short_name="отв")
WHOM = states.Whom(scope=AnnouncementScope.CLASS, class_id=3, class_title="5А")
EXAMPLES = [
    AwaitingCode(),
    ConfirmForget(),
    WeekShown(pupil=7, monday=date(2026, 11, 16)),
    states.RollCall(lesson=5, marked={7: AttendanceStatus.LATE}, page=2),
    states.MarkDraft(mark=MARK),
    states.MarkComment(mark=MARK, value=5, work=WORK),
    states.MarkConfirm(mark=MARK, value=5, work=WORK, comment=""),
    states.AwaitingHomework(lesson=5, pupils=(7, 8)),
    states.HomeworkPick(lesson=5, chosen=(), page=1),
    states.HomeworkFiles(lesson=5, homework=11),
    states.ClassWeek(class_id=3, monday=date(2026, 11, 16)),
    states.AnnounceStart(text="Собрание в четверг"),
    states.Announce(whom=WHOM),
    states.Announce(whom=WHOM, text="Собрание в четверг"),
    states.AnnounceText(whom=WHOM, audience=3),
    states.AnnounceReady(whom=WHOM, audience=3, title="Собрание", text="В четверг."),
    states.ScheduleChange(class_id=3, day=date(2026, 11, 18)),
    states.AwaitingRoom(class_id=3, day=date(2026, 11, 18), lesson=5),
    states.AwaitingQuestion(pupil=7, teacher=2, teacher_name="Числова М. А."),
    states.AwaitingAnswer(question=4, sender="Иванова Е."),
]


def test_every_state_name_has_its_class() -> None:
    assert set(declared()) == set(StateName)
    assert {type(s) for s in EXAMPLES} <= set(declared().values())


@pytest.mark.parametrize("state", EXAMPLES, ids=lambda s: type(s).__name__)
async def test_a_state_reads_back_as_it_was_written(journal: Journal, state: State) -> None:
    await journal.run(set_state, Platform.VK, "1", state.name, state.stored())
    assert decode(await journal.run(get_state, Platform.VK, "1")) == state


@pytest.mark.parametrize(
    "stored",
    [
        StoredState("no_such_state", "{}"),
        StoredState("schedule_week", '{"pupil": 7, "week": 739574}'),  # version 1's data
        StoredState("schedule_week", '{"pupil": "7", "monday": "2026-11-16"}'),  # not an int
        StoredState("schedule_week", '{"pupil": true, "monday": "2026-11-16"}'),
        StoredState("roll_call", '{"lesson": 5, "marked": {"7": "sleeping"}, "page": 1}'),
        StoredState("awaiting_code", '{"extra": 1}'),
        StoredState("awaiting_code", "[1, 2]"),
        StoredState("awaiting_code", "null"),
        StoredState("awaiting_code", "{"),
        StoredState("awaiting_code", ""),
    ],
)
def test_what_is_not_a_state_of_this_version_reads_as_none(stored: StoredState) -> None:
    assert decode(stored) is None
    assert decode(NO_STATE) is None


def test_states_are_checked_when_made_too() -> None:
    with pytest.raises(ValidationError):
        WeekShown(pupil="7", monday=date(2026, 11, 16))  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "data",
    [
        {"pupil": 7, "week": 739574},  # what version 1 kept for a week on screen
        [1, 2, 3],
        "garbage",
        None,
    ],
)
async def test_a_chat_with_an_unreadable_state_is_answered_and_starts_afresh(
    journal: Journal, tiny: TinySchool, data: object
) -> None:
    chat = await linked_chat(journal, tiny, "g2")

    async def corrupt(ctx: Ctx) -> None:
        await set_state(ctx, Platform.TELEGRAM, chat.account, "schedule_week", {})
        await ctx.session.execute(update(ConversationState).values(data=data))

    await journal.run(corrupt)
    await chat.send("▶")  # paging by text reads the week shown last: there is none
    assert phrases.SOMETHING_WRONG not in chat.text
    assert chat.text.startswith("Расписание на неделю")
    shown = await journal.run(get_state, Platform.TELEGRAM, chat.account)
    assert decode(shown) is not None  # the week now on screen, written over the garbage
    await journal.run(corrupt)
    await chat.send("Оценки")  # a message that keeps no state clears the unreadable one
    assert await journal.run(get_state, Platform.TELEGRAM, chat.account) == NO_STATE
