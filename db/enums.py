from enum import StrEnum


class Gender(StrEnum):
    MALE = "m"
    FEMALE = "f"


class StaffRole(StrEnum):
    ADMIN = "admin"
    DIRECTOR = "director"
    DEPUTY = "deputy"
    TEACHER = "teacher"
    MEDIC = "medic"


class PeriodKind(StrEnum):
    QUARTER = "quarter"
    TRIMESTER = "trimester"
    HALF_YEAR = "half_year"
    YEAR = "year"


class LessonStatus(StrEnum):
    PLANNED = "planned"
    HELD = "held"
    CANCELLED = "cancelled"


class AttendanceStatus(StrEnum):
    PRESENT = "present"
    ABSENT = "absent"
    ILL = "ill"
    EXCUSED = "excused"
    LATE = "late"
    EXEMPT = "exempt"


class ChangeAction(StrEnum):
    CREATED = "created"
    UPDATED = "updated"
    DELETED = "deleted"


class InviteRole(StrEnum):
    PUPIL = "pupil"
    GUARDIAN = "guardian"
    STAFF = "staff"


class Platform(StrEnum):
    TELEGRAM = "telegram"
    VK = "vk"
    MAX = "max"
    TERMINAL = "terminal"


class AnnouncementScope(StrEnum):
    SCHOOL = "school"
    GRADE = "grade"
    CLASS = "class"


class EnrollmentEnd(StrEnum):
    """How a pupil's place in a class ended (a place still held has none)."""

    MOVED = "moved"  # to another class of the same year
    LEFT = "left"  # left the school
    PROMOTED = "promoted"  # to the next grade at the year's end
    CONDITIONAL = "conditional"  # promoted with a subject debt
    REPEATED = "repeated"  # stays in the same grade next year
    GRADUATED = "graduated"  # finished grade 9 or 11 and left
