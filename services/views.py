"""What the read side returns: plain frozen data, no ORM objects leave the service layer."""

from dataclasses import dataclass, field
from datetime import date, datetime, time

from db.enums import AttendanceStatus, Gender, LessonStatus
from services.marks.grading import Forecast

# Inside a view with a field named `date` that name is the field, not the type.
CalendarDate = date


@dataclass(frozen=True)
class PupilBrief:
    id: int
    full_name: str
    first_name: str
    class_id: int
    class_title: str
    gender: Gender | None = None


@dataclass(frozen=True)
class GraduateBrief:
    """A child (or the pupil themself) who finished school: their closed year's archive stays
    readable by the family until `open_until` (services.year_end.archive)."""

    id: int
    first_name: str
    class_title: str
    year_id: int
    graduated_on: date
    open_until: date
    readable: bool
    gender: Gender | None = None


@dataclass(frozen=True)
class PeriodBrief:
    id: int
    name: str
    starts_on: date
    ends_on: date


@dataclass(frozen=True)
class MarkView:
    id: int
    lesson_date: date
    subject_id: int
    subject: str
    value: int
    work_type: str
    work_type_short: str
    weight: float
    comment: str
    recorded_at: datetime


@dataclass(frozen=True)
class SubjectMarks:
    subject_id: int
    subject: str
    marks: tuple[MarkView, ...]
    forecast: Forecast
    final_mark: str | None = None


@dataclass(frozen=True)
class PeriodMarks:
    pupil: PupilBrief
    period: PeriodBrief
    subjects: tuple[SubjectMarks, ...]


@dataclass(frozen=True)
class FinalMarkView:
    period: PeriodBrief
    subject_id: int
    subject: str
    value: str


@dataclass(frozen=True)
class HomeworkFileBrief:
    id: int
    kind: str  # "photo" or "document"
    filename: str
    size: int


@dataclass(frozen=True)
class HomeworkView:
    id: int
    due_date: date
    subject_id: int
    subject: str
    text: str
    is_individual: bool
    set_on: date
    files: tuple[HomeworkFileBrief, ...] = ()


@dataclass(frozen=True)
class HomeworkFile:
    """A homework's file, fetched for a pupil or guardian who may see that homework."""

    kind: str
    filename: str
    content: bytes
    subject: str
    due_date: date


@dataclass(frozen=True)
class LessonView:
    id: int
    date: date
    number: int
    starts_at: time | None
    ends_at: time | None
    subject_id: int
    subject: str
    teacher: str
    room: str
    status: LessonStatus
    class_title: str = ""
    subgroup: str | None = None
    substitute_teacher: str | None = None
    original_room: str | None = None
    moved_from_date: CalendarDate | None = None
    moved_from_number: int | None = None
    change_note: str = ""
    topic: str = ""

    @property
    def is_changed(self) -> bool:
        return (
            self.status == LessonStatus.CANCELLED
            or self.substitute_teacher is not None
            or self.original_room is not None
            or self.moved_from_date is not None
        )


@dataclass(frozen=True)
class DaySchedule:
    date: date
    lessons: tuple[LessonView, ...]
    holiday: str | None = None
    # A teacher's day: the holiday is of these grades only (() for the whole school).
    holiday_grades: tuple[int, ...] = ()


# What a guardian may answer to an absence alert (db AbsenceReasonReport.reason), as the
# buttons under the alert and the class teacher's printouts name it.
ABSENCE_REASONS = {
    "ill": "Болеет",
    "family": "По семейным обстоятельствам",
    "note": "Справка будет",
}


@dataclass(frozen=True)
class AttendanceView:
    lesson_id: int
    lesson_date: date
    lesson_number: int
    subject: str
    status: AttendanceStatus
    reason: str


@dataclass(frozen=True)
class AnnouncementView:
    id: int
    title: str
    text: str
    author: str
    published_at: datetime
    audience: str
    read_by_me: bool = False


@dataclass(frozen=True)
class ClassResults:
    class_id: int
    class_title: str
    period: PeriodBrief
    subject_id: int | None
    quality_percent: float | None
    success_percent: float | None
    pupils_counted: int
    not_certifiable: tuple[str, ...] = field(default_factory=tuple)
