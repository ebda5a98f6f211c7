"""The in-memory picture of one demo school, shared by the steps that build it."""

from dataclasses import dataclass, field
from datetime import time

from db.demo.calendar import SchoolCalendar
from db.demo.rows import RowSet


@dataclass
class ClassPlan:
    id: int
    grade: int
    letter: str
    shift: int
    size: int
    pupils: list[int] = field(default_factory=list)
    class_teacher_id: int | None = None
    home_room: str = ""
    # The two English subgroups and their members, from grade 2 on.
    subgroups: list[int] = field(default_factory=list)
    members: dict[int, list[int]] = field(default_factory=dict)

    @property
    def title(self) -> str:
        return f"{self.grade}{self.letter}"


@dataclass
class PupilInfo:
    id: int
    class_id: int
    ability: float  # the pupil's place among the others, around 0 (standing.py reads it)
    frailty: float  # how often ill, around 1
    pe_exempt: bool
    # Filled by standing.py: the usual mark in each subject (code), how often they skip lessons.
    levels: dict[str, float] = field(default_factory=dict)
    truancy: float = 0.0


@dataclass
class TeacherInfo:
    id: int
    specialty: str
    room: str
    name: str
    load: int = 0


@dataclass
class AssignmentPlan:
    id: int
    class_id: int
    subject: str
    subject_id: int
    subgroup_id: int | None
    teacher_id: int
    hours: int
    room: str


@dataclass
class EntryPlan:
    assignment_id: int
    weekday: int
    number: int
    room: str


@dataclass
class SchoolPlan:
    index: int
    school_id: int
    year_id: int
    name: str
    short_name: str
    timezone: str
    unmarked: frozenset[int]
    calendar: SchoolCalendar
    rows: RowSet = field(default_factory=RowSet)
    bells: dict[tuple[int, int], tuple[time, time]] = field(default_factory=dict)
    subjects: dict[str, int] = field(default_factory=dict)
    work_types: dict[str, tuple[int, float, str]] = field(default_factory=dict)
    quarter_ids: list[int] = field(default_factory=list)
    half_year_ids: list[int] = field(default_factory=list)
    classes: list[ClassPlan] = field(default_factory=list)
    pupils: dict[int, PupilInfo] = field(default_factory=dict)
    teachers: dict[int, TeacherInfo] = field(default_factory=dict)
    assignments: list[AssignmentPlan] = field(default_factory=list)
    entries: list[EntryPlan] = field(default_factory=list)
    admin_id: int = 0
    director_id: int = 0
    deputy_ids: list[int] = field(default_factory=list)
    medic_id: int = 0
    guardians: int = 0
    names: dict[int, str] = field(default_factory=dict)  # short names of pupils and staff

    def class_by_id(self) -> dict[int, ClassPlan]:
        return {c.id: c for c in self.classes}
