from datetime import date

from sqlalchemy import Enum, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from db.base import Base
from db.enums import EnrollmentEnd


class SchoolClass(Base):
    __tablename__ = "classes"
    __table_args__ = (UniqueConstraint("year_id", "grade", "letter"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    school_id: Mapped[int] = mapped_column(ForeignKey("schools.id", ondelete="CASCADE"), index=True)
    year_id: Mapped[int] = mapped_column(ForeignKey("school_years.id", ondelete="CASCADE"))
    grade: Mapped[int]
    letter: Mapped[str] = mapped_column(String(4))
    shift: Mapped[int] = mapped_column(default=1)
    class_teacher_id: Mapped[int | None] = mapped_column(
        ForeignKey("persons.id", ondelete="SET NULL"), index=True
    )
    home_room: Mapped[str] = mapped_column(String(20), default="")

    @property
    def title(self) -> str:
        return f"{self.grade}{self.letter}"


class Enrollment(Base):
    """A pupil's place in a class for one school year."""

    __tablename__ = "enrollments"
    __table_args__ = (UniqueConstraint("pupil_id", "class_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    pupil_id: Mapped[int] = mapped_column(ForeignKey("persons.id", ondelete="CASCADE"), index=True)
    class_id: Mapped[int] = mapped_column(ForeignKey("classes.id", ondelete="CASCADE"), index=True)
    is_active: Mapped[bool] = mapped_column(default=True)
    # When the pupil joined and left this class (None: the year's start, still there), and how
    # the place ended: the records of a pupil who moved or left stay where they were made.
    starts_on: Mapped[date | None]
    ends_on: Mapped[date | None]
    ended: Mapped[EnrollmentEnd | None] = mapped_column(
        Enum(EnrollmentEnd, native_enum=False, length=20)
    )


class Subject(Base):
    __tablename__ = "subjects"
    __table_args__ = (UniqueConstraint("school_id", "name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    school_id: Mapped[int] = mapped_column(ForeignKey("schools.id", ondelete="CASCADE"))
    name: Mapped[str] = mapped_column(String(80))
    short_name: Mapped[str] = mapped_column(String(30))
    # Physical education allows the final mark "осв." (exempt) instead of a number.
    allows_exemption: Mapped[bool] = mapped_column(default=False)


class Subgroup(Base):
    __tablename__ = "subgroups"

    id: Mapped[int] = mapped_column(primary_key=True)
    class_id: Mapped[int] = mapped_column(ForeignKey("classes.id", ondelete="CASCADE"), index=True)
    subject_id: Mapped[int] = mapped_column(ForeignKey("subjects.id", ondelete="CASCADE"))
    name: Mapped[str] = mapped_column(String(40))


class SubgroupMember(Base):
    __tablename__ = "subgroup_members"
    __table_args__ = (UniqueConstraint("subgroup_id", "pupil_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    subgroup_id: Mapped[int] = mapped_column(ForeignKey("subgroups.id", ondelete="CASCADE"))
    pupil_id: Mapped[int] = mapped_column(ForeignKey("persons.id", ondelete="CASCADE"), index=True)


class TeachingAssignment(Base):
    """The teaching load: who teaches which subject to which class or subgroup."""

    __tablename__ = "teaching_assignments"

    id: Mapped[int] = mapped_column(primary_key=True)
    class_id: Mapped[int] = mapped_column(ForeignKey("classes.id", ondelete="CASCADE"), index=True)
    subject_id: Mapped[int] = mapped_column(ForeignKey("subjects.id", ondelete="CASCADE"))
    subgroup_id: Mapped[int | None] = mapped_column(ForeignKey("subgroups.id", ondelete="CASCADE"))
    teacher_id: Mapped[int] = mapped_column(
        ForeignKey("persons.id", ondelete="RESTRICT"), index=True
    )
    hours_per_week: Mapped[int] = mapped_column(default=1)
