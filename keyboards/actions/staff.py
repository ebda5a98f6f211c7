"""The actions of teachers, class teachers and the administration. `lesson`, `pupil`, `mark`,
`teacher`, `assignment` (a teaching load), `class_id` and `question` are ids; `page` is the
page of a long list to show."""

from datetime import date
from enum import StrEnum

from db.enums import AttendanceStatus
from keyboards.payloads import Press


class StaffHome(Press, code="Hm"):
    pass


class StaffDay(Press, code="T"):
    day: date | None = None


class StaffWeek(Press, code="W"):
    day: date | None = None


class Now(Press, code="Ln"):
    pass


class Lessons(Press, code="Ld"):
    day: date | None = None


class Card(Press, code="Lc"):
    lesson: int


class RollCall(Press, code="Ro"):
    lesson: int
    page: int | None = None  # None: from the card, as saved; a page keeps what is marked


class RollToggle(Press, code="Rt"):
    lesson: int
    pupil: int


class RollAll(Press, code="Ra"):
    lesson: int


class RollSave(Press, code="Rs"):
    lesson: int


class RollLeave(Press, code="Rl"):
    """«К уроку» from the roll call: asks first when something marked is not saved."""

    lesson: int


class MarksList(Press, code="Kl"):
    lesson: int
    page: int = 1


class MarkPupil(Press, code="Kp"):
    lesson: int
    pupil: int


class MarkValue(Press, code="Kv"):
    lesson: int
    pupil: int
    value: int


class MarkWork(Press, code="Kw"):
    lesson: int
    pupil: int
    work: int  # the work type's id


class MarkNoComment(Press, code="Kn"):
    lesson: int
    pupil: int
    keep: bool = False  # keep the comment of the mark being corrected


class MarkSave(Press, code="Ks"):
    lesson: int
    pupil: int


class MarkEdit(Press, code="Ke"):
    lesson: int
    pupil: int
    mark: int


class MarkDelete(Press, code="Kd"):
    lesson: int
    pupil: int
    mark: int


class MarkDeleteYes(Press, code="Ky"):
    lesson: int
    pupil: int
    mark: int


class Topic(Press, code="Nt"):
    lesson: int


class HomeworkSet(Press, code="Nh"):
    lesson: int


class HomeworkPick(Press, code="Np"):
    lesson: int
    page: int = 1


class HomeworkToggle(Press, code="Nx"):
    lesson: int
    pupil: int


class HomeworkPicked(Press, code="Nd"):
    lesson: int


class Finals(Press, code="Fl"):
    pass


class FinalsFor(Press, code="Fs"):
    """The final marks of one teaching load (class, subject, subgroup)."""

    assignment: int
    page: int = 1


class FinalPupil(Press, code="Fp"):
    assignment: int
    pupil: int


class FinalSet(Press, code="Fv"):
    assignment: int
    pupil: int
    value: str  # the final mark itself: "5".."2" or "осв."


class MyClass(Press, code="Cm"):
    class_id: int | None = None  # the class teacher's only class


class ClassWeek(Press, code="Cw"):
    class_id: int
    day: date | None = None  # any day of the week; this week by default
    page: int = 1


class ClassWeekOpen(Press, code="Co"):
    """From the weekly summary: the week as a new message, the summary staying in the chat."""

    class_id: int
    day: date | None = None


class ClassFix(Press, code="Cf"):
    lesson: int
    pupil: int


class ClassFixDay(Press, code="Cd"):
    """A pupil's day of the week on screen: its lessons, and the whole day to correct."""

    pupil: int
    day: date


class ClassFixDaySet(Press, code="Cy"):
    pupil: int
    day: date
    status: AttendanceStatus


class ClassFixSet(Press, code="Cs"):
    lesson: int
    pupil: int
    status: AttendanceStatus


class ClassCodes(Press, code="Cc"):
    """Who would get a code: shown first, nothing is issued until confirmed."""

    class_id: int


class ClassCodesIssue(Press, code="Ci"):
    class_id: int
    every: bool = False  # also reprint the codes already handed out and still good


class ClassReasons(Press, code="Cr"):
    class_id: int


class ClassFamilies(Press, code="Cg"):
    """The class's pupils, to open one's guardians (001 §4.3.10)."""

    class_id: int
    page: int = 1


class PupilFamily(Press, code="Cu"):
    pupil: int


class GuardianAdd(Press, code="Ca"):
    pupil: int


class GuardianFix(Press, code="Ce"):
    pupil: int
    guardian: int


class Roster(Press, code="Ua"):
    """The administrator's classes, to admit, move or let go a pupil (001 §4.1.3, §4.7.1)."""

    page: int = 1


class RosterClass(Press, code="Uc"):
    class_id: int
    page: int = 1


class RosterAdmit(Press, code="Ud"):
    class_id: int


class RosterPupil(Press, code="Up"):
    pupil: int


class RosterMoveTo(Press, code="Um"):
    pupil: int
    page: int = 1


class RosterMove(Press, code="Uv"):
    pupil: int
    class_id: int


class RosterReturn(Press, code="Ur"):
    """A pupil who left, confirmed to come back into the class."""

    pupil: int
    class_id: int


class RosterLeave(Press, code="Ul"):
    pupil: int


class RosterLeaveYes(Press, code="Uy"):
    pupil: int


class RosterLeader(Press, code="Ub"):
    """Another class teacher for the class: whom."""

    class_id: int
    page: int = 1


class RosterLeaderSet(Press, code="Ue"):
    class_id: int
    teacher: int


class RosterGroups(Press, code="Ug"):
    pupil: int


class RosterGroupSet(Press, code="Uh"):
    pupil: int
    subgroup: int


class RosterStaff(Press, code="Uf"):
    """A new member of staff, typed."""


class YearEnd(Press, code="Uj"):
    """The school's years: close the current one, open the next (001 §4.1.12)."""


class YearClose(Press, code="Uk"):
    year: int


class YearCloseYes(Press, code="Un"):
    year: int


class YearOpenNext(Press, code="Uo"):
    year: int


class OrderException(StrEnum):
    """What the director's order says of a pupil other than "to the next grade"."""

    REPEAT = "r"
    CONDITIONAL = "c"
    LEAVE = "l"


class YearPromote(Press, code="Yp"):
    """The promotion of a closed year's pupils by the director's order: the order first."""

    year: int


class YearPromoteAdd(Press, code="Ya"):
    """Name pupils the order makes an exception of."""

    year: int
    kind: OrderException


class YearPromoteDraft(Press, code="Yd"):
    year: int


class YearPromoteReset(Press, code="Yz"):
    year: int


class YearPromoteCheck(Press, code="Yv"):
    """The summary of the promotion, to confirm before it is made."""

    year: int


class YearPromoteYes(Press, code="Yy"):
    year: int


class YearPromoteOpenClass(Press, code="Yk"):
    """Open the next year's classes the pupils just named need (a repeater's grade that has
    no class there), and name them in the order."""

    year: int


class LongSub(Press, code="Us"):
    """A teacher substituted for several days (a sick leave): whom."""

    page: int = 1


class LongSubWho(Press, code="Ut"):
    teacher: int
    page: int = 1


class LongSubBy(Press, code="Ux"):
    teacher: int
    by: int


class ClassPrintouts(Press, code="Cp"):
    class_id: int
    day: date | None = None  # the month of this day; this month by default


class Inbox(Press, code="Di"):
    pass


class Answer(Press, code="Da"):
    question: int


class Announce(Press, code="An"):
    class_id: int | None = None  # from "Мой класс"; the school or a grade without it


class AnnounceScope(Press, code="As"):
    grade: int | None = None  # the whole school without it


class AnnounceAudience(Press, code="Aa"):
    audience: int  # bits: handlers.staff.announce.GUARDIANS | PUPILS | STAFF


class AnnouncePublish(Press, code="Ap"):
    pass


class AnnounceReport(Press, code="Ar"):
    announcement: int


class ChangeDay(Press, code="Sd"):
    day: date | None = None  # the days to pick from without it
    page: int = 1


class ChangeClass(Press, code="Sc"):
    class_id: int
    day: date


class ChangeLesson(Press, code="Sl"):
    lesson: int


class ChangeCancel(Press, code="Sx"):
    lesson: int


class ChangeCancelYes(Press, code="Sy"):
    lesson: int


class ChangeTeachers(Press, code="St"):
    lesson: int
    page: int = 1


class ChangeSubstitute(Press, code="Ss"):
    lesson: int
    teacher: int


class ChangeRoom(Press, code="Sr"):
    lesson: int


class ImportApply(Press, code="Ia"):
    """Load the file the administrator just sent and saw checked."""

    digest: str  # the file's, so that an old button never loads another file


class ChangeRestore(Press, code="Su"):
    """Undo a cancellation: the lesson takes place after all."""

    lesson: int


class ChangeMove(Press, code="Sm"):
    lesson: int


class ChangeMoveDay(Press, code="Sv"):
    lesson: int
    day: date


class ChangeMoveTo(Press, code="Sw"):
    lesson: int
    day: date
    number: int
