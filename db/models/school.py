from datetime import date, time

from sqlalchemy import Enum, ForeignKey, Numeric, String, UniqueConstraint, false
from sqlalchemy.orm import Mapped, mapped_column

from db.base import Base
from db.enums import PeriodKind


class School(Base):
    __tablename__ = "schools"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    short_name: Mapped[str] = mapped_column(String(60))
    timezone: Mapped[str] = mapped_column(String(64), default="Europe/Moscow")
    # Comma-separated grades kept without marks and homework (001 §3.7; 003 extends to 1-2).
    unmarked_grades: Mapped[str] = mapped_column(String(40), default="1")
    # Minimum number of marks to certify: "hours:marks" steps, e.g. "2:3,3:5,5:7".
    min_marks_rule: Mapped[str] = mapped_column(String(80), default="2:3,3:5,5:7")
    poor_mark_threshold: Mapped[int] = mapped_column(default=2)
    # Deadlines the regulations leave to the school (services.settings.school_rules reads them);
    # server defaults so that the schools already in a database get them too.
    roll_call_minutes: Mapped[int] = mapped_column(default=10, server_default="10")  # 004 row 8
    notes_deadline_first_shift: Mapped[str] = mapped_column(  # 001 §4.4.6
        String(5), default="15:00", server_default="15:00"
    )
    notes_deadline_second_shift: Mapped[str] = mapped_column(
        String(5), default="20:00", server_default="20:00"
    )
    written_marks_days: Mapped[int] = mapped_column(default=7, server_default="7")  # 004 row 12
    control_marks_days: Mapped[int] = mapped_column(default=3, server_default="3")  # 004 row 11
    finals_deadline_days: Mapped[int] = mapped_column(default=2, server_default="2")  # 003 §3.8.1
    # 004 row 13 counts 5 working days instead.
    finals_deadline_working_days: Mapped[bool] = mapped_column(
        default=False, server_default=false()
    )
    marks_check_days_before_end: Mapped[int] = mapped_column(default=14, server_default="14")
    # How long the guardians of a pupil who finished school (after grade 9 or 11) still read
    # the archive of the closed year: days after the year's end.
    graduate_access_days: Mapped[int] = mapped_column(default=90, server_default="90")

    def unmarked_grade_set(self) -> frozenset[int]:
        return frozenset(int(g) for g in self.unmarked_grades.split(",") if g.strip())


class SchoolYear(Base):
    __tablename__ = "school_years"

    id: Mapped[int] = mapped_column(primary_key=True)
    school_id: Mapped[int] = mapped_column(ForeignKey("schools.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(20))
    starts_on: Mapped[date]
    ends_on: Mapped[date]
    is_closed: Mapped[bool] = mapped_column(default=False)


class Period(Base):
    __tablename__ = "periods"
    __table_args__ = (UniqueConstraint("year_id", "kind", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    year_id: Mapped[int] = mapped_column(ForeignKey("school_years.id", ondelete="CASCADE"))
    kind: Mapped[PeriodKind] = mapped_column(Enum(PeriodKind, native_enum=False, length=20))
    number: Mapped[int]
    name: Mapped[str] = mapped_column(String(40))
    starts_on: Mapped[date]
    ends_on: Mapped[date]
    # Comma-separated grades this kind of period certifies ("10,11" for half-years), "" all.
    grades: Mapped[str] = mapped_column(String(40), default="", server_default="")

    def grade_set(self) -> frozenset[int]:
        return frozenset(int(g) for g in self.grades.split(",") if g.strip())


class Holiday(Base):
    __tablename__ = "holidays"

    id: Mapped[int] = mapped_column(primary_key=True)
    year_id: Mapped[int] = mapped_column(ForeignKey("school_years.id", ondelete="CASCADE"))
    name: Mapped[str] = mapped_column(String(80))
    starts_on: Mapped[date]
    ends_on: Mapped[date]
    # Comma-separated grades on holiday ("1" for the first-graders' February week), "" all.
    grades: Mapped[str] = mapped_column(String(40), default="", server_default="")
    # Copied from the year before by open-next, its dates a year later, until the school's
    # year file lists it: one the file leaves out is removed; the school's own never are.
    carried_over: Mapped[bool] = mapped_column(default=False, server_default=false())

    def grade_set(self) -> frozenset[int]:
        return frozenset(int(g) for g in self.grades.split(",") if g.strip())

    def covers(self, day: date, grade: int) -> bool:
        return self.starts_on <= day <= self.ends_on and (
            not self.grades or grade in self.grade_set()
        )


class WorkType(Base):
    """A kind of assessed work with its weight in the weighted average."""

    __tablename__ = "work_types"
    __table_args__ = (UniqueConstraint("school_id", "code"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    school_id: Mapped[int] = mapped_column(ForeignKey("schools.id", ondelete="CASCADE"))
    code: Mapped[str] = mapped_column(String(30))
    name: Mapped[str] = mapped_column(String(80))
    short_name: Mapped[str] = mapped_column(String(20))
    weight: Mapped[float] = mapped_column(Numeric(4, 2, asdecimal=False), default=1.0)


class BellSlot(Base):
    __tablename__ = "bell_slots"
    __table_args__ = (UniqueConstraint("school_id", "shift", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    school_id: Mapped[int] = mapped_column(ForeignKey("schools.id", ondelete="CASCADE"))
    shift: Mapped[int]
    number: Mapped[int]
    starts_at: Mapped[time]
    ends_at: Mapped[time]
