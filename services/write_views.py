"""What the write side returns: plain frozen data, no ORM objects leave the service layer."""

from dataclasses import dataclass
from datetime import date, datetime

from db.enums import AttendanceStatus, ChangeAction, LessonStatus


@dataclass(frozen=True)
class MarkChangeView:
    action: ChangeAction
    changed_by: str
    changed_at: datetime
    # Encoded like "4 (к/р)"; None before creation and after deletion.
    old_value: str | None
    new_value: str | None


@dataclass(frozen=True)
class LessonBrief:
    id: int
    date: date
    number: int
    starts_at: datetime
    class_id: int
    class_title: str
    subject_id: int
    subject: str
    subgroup: str | None
    status: LessonStatus
    topic: str
    roll_call_done: bool
    # False in the grades kept without marks and homework.
    marks_allowed: bool


@dataclass(frozen=True)
class RosterPupil:
    id: int
    full_name: str
    status: AttendanceStatus
    reason: str
    marks: tuple[str, ...]


@dataclass(frozen=True)
class Roster:
    lesson: LessonBrief
    pupils: tuple[RosterPupil, ...]


@dataclass(frozen=True)
class RollCallResult:
    lesson_id: int
    counts: dict[AttendanceStatus, int]
    changed_pupil_ids: tuple[int, ...]
