"""What the staff side returns (teacher's day, class teacher, messages, announcement reports):
plain frozen data, no ORM objects leave the service layer."""

from dataclasses import dataclass
from datetime import date, datetime, time

from db.enums import AttendanceStatus, Gender, InviteRole, LessonStatus


@dataclass(frozen=True)
class LessonHomework:
    """The homework set on a lesson, as its card sums it up."""

    # The general homework's texts, oldest first; empty when only individual tasks are set.
    texts: tuple[str, ...]
    files: int
    individual: int
    individual_files: int


@dataclass(frozen=True)
class TeacherLesson:
    """A lesson as its teacher sees it in the day's list ("Сейчас урок", "Мои уроки")."""

    id: int
    date: date
    number: int
    # The school's wall-clock bell times; None when the bell schedule lacks the lesson's number.
    starts_at: time | None
    ends_at: time | None
    class_id: int
    class_title: str
    subgroup: str | None
    subject_id: int
    subject: str
    room: str
    status: LessonStatus
    # The actor takes this lesson over from its own teacher.
    is_substitution: bool
    # Roll call and marks only after the start; topic and homework any time.
    started: bool
    roll_call_done: bool
    has_topic: bool
    # False in the grades kept without marks and homework (School.unmarked_grades).
    marks_allowed: bool
    topic: str = ""
    homework: LessonHomework | None = None
    # Over a week old: what is entered now is late (the control of filling shows it).
    late_entry: bool = False

    @property
    def has_homework(self) -> bool:
        return self.homework is not None


@dataclass(frozen=True)
class WorkTypeOption:
    id: int
    code: str
    name: str
    short_name: str
    weight: float


@dataclass(frozen=True)
class SheetMark:
    id: int
    value: int
    work_type: str
    work_type_short: str
    comment: str


@dataclass(frozen=True)
class SheetPupil:
    id: int
    full_name: str
    status: AttendanceStatus
    reason: str
    marks: tuple[SheetMark, ...]
    may_mark: bool


@dataclass(frozen=True)
class LessonSheet:
    lesson: TeacherLesson
    pupils: tuple[SheetPupil, ...]
    # The actor gives (or substitutes on) the lesson; a class teacher only looks.
    can_write: bool
    # Why no marks can be put on this lesson now, in Russian; None when they can.
    marks_note: str | None
    # A PE lesson of the actor's load: the card opens the class's health sheet (004 §9).
    health_sheet: bool = False


@dataclass(frozen=True)
class AttendanceEntry:
    lesson_id: int
    date: date
    number: int
    subject: str
    status: AttendanceStatus
    reason: str
    # The actor may still fix it with roll_call.correct_attendance.
    can_correct: bool


@dataclass(frozen=True)
class PupilWeek:
    pupil_id: int
    full_name: str
    entries: tuple[AttendanceEntry, ...]


@dataclass(frozen=True)
class MissingRollCall:
    lesson_id: int
    date: date
    number: int
    subject: str
    teacher: str


@dataclass(frozen=True)
class WeekAttendance:
    class_id: int
    class_title: str
    week_start: date
    week_end: date
    # Only the pupils with something other than "present", in journal order.
    pupils: tuple[PupilWeek, ...]
    # Lessons already begun whose roll call nobody took: nothing to check there yet.
    missing_roll_calls: tuple[MissingRollCall, ...]


@dataclass(frozen=True)
class UnlinkedPerson:
    person_id: int
    full_name: str
    role: InviteRole
    class_title: str
    # A guardian's children in this class, by first name.
    children: tuple[str, ...]
    code: str  # grouped for reading, e.g. "KX7M-P2TH-A9"
    expires_at: datetime
    # The last day it works, in the school's time zone: what the slip says.
    expires_on: date
    # Issued just now (the earlier slip, if any, no longer works).
    is_new: bool
    gender: Gender | None = None


@dataclass(frozen=True)
class TeacherContact:
    id: int
    full_name: str
    short_name: str
    subjects: tuple[str, ...]
    is_class_teacher: bool
    gender: Gender | None = None


@dataclass(frozen=True)
class AnswerView:
    id: int
    author: str
    text: str
    sent_at: datetime


@dataclass(frozen=True)
class QuestionView:
    id: int
    sender_id: int
    sender: str
    recipient_id: int
    recipient: str
    pupil_id: int | None
    pupil: str
    class_title: str
    text: str
    sent_at: datetime
    # The regulations give 7 days for an answer (001 §2.9, §4.8.1).
    answer_due: datetime
    answered_at: datetime | None
    answers: tuple[AnswerView, ...] = ()


@dataclass(frozen=True)
class OverdueQuestion:
    id: int
    school_id: int
    recipient_id: int
    sender: str
    pupil: str
    class_title: str
    text: str
    sent_at: datetime
    answer_due: datetime


@dataclass(frozen=True)
class ReportPerson:
    person_id: int
    full_name: str
    # "ученик 5А", "родитель, 5А", "сотрудник".
    note: str


@dataclass(frozen=True)
class AnnouncementReport:
    announcement_id: int
    title: str
    published_at: datetime
    audience: int
    linked: int
    delivered: int
    # Waiting in the queue or held back by the recipient's quiet hours.
    queued: int
    read: int
    not_linked: int
    blocked: int
    not_linked_people: tuple[ReportPerson, ...]
    blocked_people: tuple[ReportPerson, ...]
