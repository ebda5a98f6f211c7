"""A weekly timetable as any source gives it: the load it needs and its weekly slots."""

from dataclasses import dataclass, field

from services.school_import.bells import Bell
from services.school_import.issues import Where
from services.school_import.normalize import name_key
from services.school_import.roster_rows import Name

ClassKey = tuple[int, str]  # grade, letter


@dataclass(frozen=True)
class LoadKey:
    school_class: ClassKey
    subject: str  # as written; compared by subject_key
    subgroup: str = ""  # "" for the whole class

    @property
    def match(self) -> tuple[ClassKey, str, str]:
        return self.school_class, name_key(self.subject).rstrip("."), name_key(self.subgroup)


@dataclass
class PlannedLoad:
    key: LoadKey
    teacher_id: int | None  # None: a teacher the journal does not have yet, named below
    new_teacher: Name | None
    hours: int
    where: Where


@dataclass(frozen=True)
class PlannedSlot:
    key: LoadKey
    weekday: int
    number: int
    room: str
    weeks: str = ""
    terms: str = ""
    where: Where = field(default=Where(""), compare=False)


@dataclass
class TimetablePlan:
    slots: list[PlannedSlot] = field(default_factory=list)
    # None: the load is already in the journal (an Excel grid names only subjects)
    loads: dict[tuple[ClassKey, str, str], PlannedLoad] | None = None
    bells: list[Bell] = field(default_factory=list)
    shifts: dict[ClassKey, int] = field(default_factory=dict)
