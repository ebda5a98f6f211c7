"""Where a staff flow stands between messages (see handlers.core.states for how states work).

A payload carries only ids; what is being built up (the roll call's statuses, a mark's draft,
the pupils chosen, an announcement's text) lives here, and every service checks it again.
"""

from datetime import date

from pydantic import Field

from db.enums import AnnouncementScope, AttendanceStatus
from handlers.core.states import Data, State, StateName
from keyboards.actions.staff import OrderException


class RollCall(State):
    """The statuses marked and not saved yet: only those not present, to keep it small."""

    name = StateName.ROLL_CALL
    lesson: int
    marked: dict[int, AttendanceStatus]
    page: int


class Correcting(Data):
    """The mark being corrected, as it was."""

    mark: int
    was: str  # "4 (к/р)"
    comment: str


class MarkFor(Data):
    lesson: int
    pupil: int
    pupil_name: str
    correcting: Correcting | None = None


class WorkChoice(Data):
    code: str
    short_name: str


class MarkValueChoice(State):
    """A pupil's marks on screen: a value typed ("5") is the mark to put."""

    name = StateName.MARK_VALUE
    lesson: int
    pupil: int


class MarkDraft(State):
    """A value pressed (or a mark to correct opened): the work type comes next."""

    name = StateName.MARK_DRAFT
    mark: MarkFor
    value: int | None = None


class MarkComment(State):
    """Value and work type chosen: a typed comment, or a button without one, comes next."""

    name = StateName.MARK_COMMENT
    mark: MarkFor
    value: int
    work: WorkChoice


class MarkConfirm(State):
    name = StateName.MARK_CONFIRM
    mark: MarkFor
    value: int
    work: WorkChoice
    comment: str


class ClassMarksWork(State):
    """Marking the whole class: the work type comes first (a button, or its name typed)."""

    name = StateName.CLASS_MARKS_WORK
    lesson: int


class ClassMarks(State):
    """The whole class's marks for one work type, not saved yet; `brush` is what a tap puts."""

    name = StateName.CLASS_MARKS
    lesson: int
    work: int
    brush: int
    marked: dict[int, int]
    page: int


class AwaitingTopic(State):
    name = StateName.TOPIC
    lesson: int


class AwaitingHomework(State):
    name = StateName.HOMEWORK
    lesson: int
    pupils: tuple[int, ...] | None = None  # everyone on the lesson


class HomeworkPick(State):
    name = StateName.HOMEWORK_PICK
    lesson: int
    chosen: tuple[int, ...]
    page: int


class HomeworkFiles(State):
    """The homework is saved; files sent next join it."""

    name = StateName.HOMEWORK_FILE
    lesson: int
    homework: int


class ClassWeek(State):
    """The class's week on screen: where a correction returns to."""

    name = StateName.CLASS_WEEK
    class_id: int
    monday: date


class Whom(Data):
    scope: AnnouncementScope
    grade: int | None = None
    class_id: int | None = None
    class_title: str = ""


class AnnounceStart(State):
    """Choosing whom a school's or a grade's announcement is for; text typed meanwhile."""

    name = StateName.ANNOUNCE_START
    text: str = ""


class Announce(State):
    name = StateName.ANNOUNCE
    whom: Whom
    # Typed before the audience was chosen: kept for the preview, not asked again.
    text: str = ""


class AnnounceText(State):
    name = StateName.ANNOUNCE_TEXT
    whom: Whom
    audience: int


class AnnounceReady(State):
    name = StateName.ANNOUNCE_READY
    whom: Whom
    audience: int
    title: str
    text: str


class ScheduleChange(State):
    """The lessons of a class and day the deputy is looking at."""

    name = StateName.CHANGE
    class_id: int
    day: date


class AwaitingRoom(State):
    name = StateName.ROOM
    class_id: int
    day: date
    lesson: int


class AwaitingQuestion(State):
    """A guardian writing to a teacher of their child."""

    name = StateName.QUESTION
    pupil: int
    teacher: int
    teacher_name: str  # in the genitive, as "для Хохловой Л. Н." needs it
    text: str = ""  # typed and shown for a check, not sent yet


class AwaitingAnswer(State):
    name = StateName.ANSWER
    question: int
    sender: str  # in the genitive, as "для Сидоровой Т. В." needs it


class AwaitingSchoolSetting(State):
    """The administration typing a new value of one of the school's settings."""

    name = StateName.SCHOOL_SETTING
    setting: str


class AwaitingGuardian(State):
    """The class teacher typing a guardian to add to a pupil, or the corrections of one."""

    name = StateName.GUARDIAN
    pupil: int
    guardian: int | None = None  # None: a new guardian


class AwaitingPupil(State):
    """The administrator typing a pupil to admit to the class."""

    name = StateName.PUPIL
    class_id: int


class AwaitingSubstitutionDays(State):
    """The deputy typing the days a teacher is substituted on by another."""

    name = StateName.SUBSTITUTION_DAYS
    teacher: int
    by: int


class AwaitingHealthNote(State):
    """The medical worker typing a note on a pupil's health sheet."""

    name = StateName.HEALTH_NOTE
    pupil: int


class AwaitingStaff(State):
    """The administrator typing a new member of staff with their positions."""

    name = StateName.STAFF


class AwaitingImport(State):
    """A file the administrator sent and saw checked, waiting for "Загрузить"."""

    name = StateName.IMPORT_CONFIRM
    kind: str  # services.school_import.service.ImportKind
    filename: str
    digest: str
    content: str  # base64: the messenger's file cannot be fetched again later


class PromotionDraft(State):
    """The promotion being prepared by the administrator: the director's order (typed first),
    the exceptions it names, and what the next typed text is (`asking`); applied only after
    the summary is confirmed."""

    name = StateName.PROMOTION
    year: int
    order: str = ""
    asking: OrderException | None = None
    repeat: tuple[int, ...] = ()
    conditional: dict[int, tuple[int, ...]] = Field(default_factory=dict)
    leave: tuple[int, ...] = ()
    # Pupils just named for `asking` (with their debts) who need a class the next year lacks:
    # named in the order once the administrator opens it.
    pending: dict[int, tuple[int, ...]] = Field(default_factory=dict)
