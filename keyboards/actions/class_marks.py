"""The whole class marked on one lesson for one work type: the sheet's buttons. `lesson`,
`pupil` and `work` (a work type) are ids; `value` is the mark the next taps put."""

from keyboards.payloads import Press


class ClassMarks(Press, code="Ka"):
    """From the lesson's marks: the work type to choose; with a page, the sheet's page."""

    lesson: int
    page: int | None = None


class ClassMarksWork(Press, code="Kt"):
    lesson: int
    work: int


class ClassMarksBrush(Press, code="Kb"):
    lesson: int
    value: int


class ClassMarksTap(Press, code="Kc"):
    lesson: int
    pupil: int


class ClassMarksRest(Press, code="Kr"):
    """Everyone without a mark on the sheet gets the chosen one."""

    lesson: int


class ClassMarksSave(Press, code="Kz"):
    lesson: int


class ClassMarksLeave(Press, code="Kx"):
    """«Отмена» on the sheet: asks first when marks are chosen and not saved."""

    lesson: int
