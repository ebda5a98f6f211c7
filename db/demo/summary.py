"""What a demo build made, for the command line to print."""

from dataclasses import dataclass


@dataclass(frozen=True)
class ClassSummary:
    id: int
    title: str
    grade: int
    shift: int
    pupils: int
    class_teacher_id: int | None
    class_teacher: str


@dataclass(frozen=True)
class SchoolSummary:
    id: int
    name: str
    short_name: str
    timezone: str
    classes: tuple[ClassSummary, ...]
    pupils: int
    guardians: int
    teachers: int
    lessons: int
    marks: int
    absences: int
    homework: int
    admin_id: int
    director_id: int


@dataclass(frozen=True)
class DemoSummary:
    schools: tuple[SchoolSummary, ...]
    elapsed_seconds: float

    def total(self, field: str) -> int:
        return sum(int(getattr(s, field)) for s in self.schools)
