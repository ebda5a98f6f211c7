"""The actions of guardians and pupils, and of every chat: the menu, help, linking, consent.

`pupil` names the child whose journal to open; without it the chat's chosen child is meant
(handlers.core.menu.for_pupil)."""

from datetime import date

from keyboards.payloads import Press


class Menu(Press, code="M"):
    pupil: int | None = None


class Help(Press, code="?"):
    pass


class Settings(Press, code="S"):
    pass


class Marks(Press, code="m"):
    pupil: int | None = None


class MarksBySubject(Press, code="s"):
    pupil: int | None = None


class MarksFinal(Press, code="f"):
    pupil: int | None = None


class HomeworkNext(Press, code="h"):
    pupil: int | None = None
    day: date | None = None  # the next school day


class HomeworkWeek(Press, code="w"):
    pupil: int | None = None


class HomeworkFile(Press, code="Nf"):
    """One file of a homework, sent as a message of its own."""

    file: int
    pupil: int | None = None


class ScheduleDay(Press, code="d"):
    pupil: int | None = None
    day: date | None = None  # today
    paging: bool = False  # «Сегодня» among the pages: turns the page, as the others do


class ScheduleWeek(Press, code="k"):
    pupil: int | None = None
    day: date | None = None  # any day of the week; the school week by default


class ScheduleLesson(Press, code="l"):
    pupil: int
    day: date
    lesson: int


class Attendance(Press, code="a"):
    pupil: int | None = None


class Announcements(Press, code="n"):
    pass


class Children(Press, code="c"):
    pass


class PickChild(Press, code="C"):
    pupil: int


class GraduateArchive(Press, code="G"):
    """The archive of the year a child (or the pupil themself) finished school in."""

    pupil: int


class ConsentYes(Press, code="Y"):
    pass


class ConsentNo(Press, code="N"):
    pass


class Unlink(Press, code="u"):
    pass


class UnlinkYes(Press, code="U"):
    pass


class Forget(Press, code="x"):
    pass


class ForgetYes(Press, code="X"):
    pass


class WriteTeacher(Press, code="Dw"):
    pupil: int | None = None


class WriteTo(Press, code="Dt"):
    teacher: int
    pupil: int


class MyQuestions(Press, code="Dm"):
    pass


class SendQuestion(Press, code="Ds"):
    """Send the question shown in the preview (its text waits in the conversation's state)."""
