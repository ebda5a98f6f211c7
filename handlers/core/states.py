"""The conversation's memory between messages: which flow a chat is in (StateName) and what that
flow has gathered so far, one typed and validated class per state.

Declaring a state: add its name to StateName, then a class next to its flow's handlers (here
for linking and the family, handlers/staff/states.py for the staff)::

    class AwaitingTopic(State):
        name = StateName.TOPIC
        lesson: int

Using it: `turn.set_state(AwaitingTopic(lesson=5))` and `turn.clear_state()` in a handler;
`turn.state_as(AwaitingTopic)` is the state if the chat is in it, else None. Turn.save() writes
it through services.chat.state as its name and its fields as JSON; Turn.open() reads it back
with decode(), which gives None ("no state") for anything it cannot read as it was written:
an unknown name, data of an older version of the bot, garbage. The fields are checked strictly
(an int is an int, a date an ISO date), and a state keeps ids, never what services must check
again: every handler passes them to a service that checks access anew.
"""

import logging
from datetime import date
from enum import StrEnum
from typing import Any, ClassVar

from pydantic import BaseModel, ConfigDict, ValidationError

from services.chat.state import StoredState

logger = logging.getLogger(__name__)


class StateName(StrEnum):
    """Every state a chat may be in, as stored (the names of version 1 are kept)."""

    AWAITING_CODE = "awaiting_code"
    CONFIRM_UNLINK = "confirm_unlink"
    CONFIRM_FORGET = "confirm_forget"
    SCHEDULE_WEEK = "schedule_week"
    QUESTION = "awaiting_question"
    ANSWER = "awaiting_answer"
    ROLL_CALL = "roll_call"
    MARK_DRAFT = "mark_draft"
    MARK_COMMENT = "mark_comment"
    MARK_CONFIRM = "mark_confirm"
    TOPIC = "awaiting_topic"
    HOMEWORK = "awaiting_homework"
    HOMEWORK_PICK = "homework_pick"
    HOMEWORK_FILE = "homework_file"
    CLASS_WEEK = "class_week"
    ANNOUNCE_START = "announce_start"
    ANNOUNCE = "announce"
    ANNOUNCE_TEXT = "announce_text"
    ANNOUNCE_READY = "announce_ready"
    CHANGE = "schedule_change"
    ROOM = "awaiting_room"
    SCHOOL_SETTING = "awaiting_school_setting"
    CLASS_MARKS_WORK = "class_marks_work"
    CLASS_MARKS = "class_marks"
    MARK_VALUE = "mark_value"
    IMPORT_CONFIRM = "import_confirm"
    GUARDIAN = "awaiting_guardian"
    PUPIL = "awaiting_pupil"
    SUBSTITUTION_DAYS = "awaiting_substitution_days"
    STAFF = "awaiting_staff"
    PROMOTION = "promotion_draft"
    HEALTH_NOTE = "awaiting_health_note"


class Data(BaseModel):
    """A part of a state: immutable, strict, nothing but its fields."""

    model_config = ConfigDict(frozen=True, extra="forbid", strict=True)


_STATES: dict[StateName, type["State"]] = {}


class State(Data):
    name: ClassVar[StateName]

    @classmethod
    def __pydantic_init_subclass__(cls, **kwargs: Any) -> None:
        super().__pydantic_init_subclass__(**kwargs)
        if cls.name in _STATES:
            raise TypeError(f"{cls.__name__}: the state {cls.name} is declared twice")
        _STATES[cls.name] = cls

    def stored(self) -> dict[str, Any]:
        return self.model_dump(mode="json")


def declared() -> dict[StateName, type[State]]:
    """The states declared so far (handlers.core.routing imports every flow's)."""
    return dict(_STATES)


def decode(stored: StoredState) -> State | None:
    if not stored.name:
        return None
    try:
        kind = _STATES[StateName(stored.name)]
        return kind.model_validate_json(stored.data or "")
    except (KeyError, ValueError, ValidationError):
        # A state of an older version of the bot, or garbage: the chat starts afresh.
        logger.info("the stored state %r is not readable, dropped", stored.name)
        return None


class AwaitingCode(State):
    """An unlinked chat after /start: the next text is the invite code."""

    name = StateName.AWAITING_CODE


class ConfirmUnlink(State):
    """Asked "unlink?": only the very next message may answer "да"."""

    name = StateName.CONFIRM_UNLINK


class ConfirmForget(State):
    name = StateName.CONFIRM_FORGET


QUESTIONS = (ConfirmUnlink, ConfirmForget)


class WeekShown(State):
    """The week shown last, for ◀ ▶ typed instead of pressed."""

    name = StateName.SCHEDULE_WEEK
    pupil: int
    monday: date
