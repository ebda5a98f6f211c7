"""Where a staff flow stands between messages (kept by the conversation's state store).

A payload carries only ids; what is being built up (the roll call's statuses, a mark's draft,
the pupils chosen, an announcement's text) lives here, and every service checks it again.
"""

from typing import Any

ROLL_CALL = "roll_call"  # {"lesson", "statuses": {pupil id: status}, "page"}
MARK_DRAFT = "mark_draft"  # {"lesson", "pupil", "value", "mark"?, "work"?, "comment"?}
MARK_COMMENT = "mark_comment"  # the draft, awaiting a typed comment
MARK_CONFIRM = "mark_confirm"  # the draft, complete
TOPIC = "awaiting_topic"  # {"lesson"}
HOMEWORK = "awaiting_homework"  # {"lesson", "pupils": [ids] or None}
HOMEWORK_PICK = "homework_pick"  # {"lesson", "chosen": [ids], "page"}
HOMEWORK_FILE = "homework_file"  # {"lesson", "homework"}: saved, more files may follow
CLASS_WEEK = "class_week"  # {"class", "week"}: where a correction returns to
ANNOUNCE = "announce"  # {"scope", "grade", "class", "audience"}
ANNOUNCE_TEXT = "announce_text"  # the same, awaiting the typed text
ANNOUNCE_READY = "announce_ready"  # the same with "title" and "text"
CHANGE = "schedule_change"  # {"class", "day"}: the lessons the deputy is looking at
ROOM = "awaiting_room"  # the same with "lesson", awaiting the typed room
QUESTION = "awaiting_question"  # {"pupil", "teacher"}
ANSWER = "awaiting_answer"  # {"question"}


def data_int(data: dict[str, Any], key: str) -> int | None:
    value = data.get(key)
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def data_ints(data: dict[str, Any], key: str) -> list[int]:
    value = data.get(key)
    if not isinstance(value, list):
        return []
    return [v for v in value if isinstance(v, int) and not isinstance(v, bool)]
