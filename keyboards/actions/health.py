"""The health sheet (004 §9): the medical worker keeps it, the class teacher, the PE teacher
and the administration read it. `class_id` and `pupil` are ids; `page` is a long list's page."""

from enum import StrEnum

from keyboards.payloads import Press


class PeGroup(StrEnum):
    """The PE groups, in services.people.health.PE_GROUPS order (a payload takes a short key)."""

    MAIN = "main"
    PREPARATORY = "prep"
    SPECIAL_A = "spa"
    SPECIAL_B = "spb"
    EXEMPT = "free"


class HealthClasses(Press, code="Hs"):
    page: int = 1


class HealthClass(Press, code="Hc"):
    class_id: int
    page: int = 1
    lesson: int | None = None  # opened from this lesson's card: «К уроку» goes back there


class HealthPupil(Press, code="Hp"):
    pupil: int


class HealthGroupAsk(Press, code="Ha"):
    pupil: int


class HealthGroupPick(Press, code="Hg"):
    pupil: int
    group: int


class HealthPePick(Press, code="Hq"):
    """The last step: the health group chosen before and the PE group; saves both."""

    pupil: int
    group: int
    pe: PeGroup


class HealthExempt(Press, code="He"):
    pupil: int
    period: int
    exempt: bool
    page: int | None = None  # pressed on the «осв.» screen's page (None: on the card)


class HealthExemptions(Press, code="Hx"):
    """The «осв.» screen: a button per period, for a year with more than the card can carry."""

    pupil: int
    page: int = 1


class HealthNote(Press, code="Hn"):
    pupil: int
