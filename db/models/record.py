from datetime import date, datetime

from sqlalchemy import Enum, ForeignKey, Index, Numeric, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from db.base import Base, UtcDateTime
from db.enums import AttendanceStatus, ChangeAction


class Mark(Base):
    __tablename__ = "marks"
    # A pupil's marks in a subject by date, with what an average needs: the reports sum a
    # school's quarter from this index alone, never reading the table (issue 13).
    __table_args__ = (
        Index(
            "ix_marks_pupil_subject_date",
            "pupil_id",
            "subject_id",
            "lesson_date",
            "is_deleted",
            "value",
            "weight",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    lesson_id: Mapped[int] = mapped_column(
        ForeignKey("lessons.id", ondelete="RESTRICT"), index=True
    )
    pupil_id: Mapped[int] = mapped_column(ForeignKey("persons.id", ondelete="CASCADE"))
    subject_id: Mapped[int] = mapped_column(ForeignKey("subjects.id", ondelete="CASCADE"))
    lesson_date: Mapped[date]
    value: Mapped[int]
    work_type_id: Mapped[int] = mapped_column(ForeignKey("work_types.id", ondelete="RESTRICT"))
    weight: Mapped[float] = mapped_column(Numeric(4, 2, asdecimal=False))
    comment: Mapped[str] = mapped_column(String(500), default="")
    author_id: Mapped[int] = mapped_column(ForeignKey("persons.id", ondelete="RESTRICT"))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime)
    is_deleted: Mapped[bool] = mapped_column(default=False)


class MarkChange(Base):
    __tablename__ = "mark_changes"

    id: Mapped[int] = mapped_column(primary_key=True)
    mark_id: Mapped[int] = mapped_column(ForeignKey("marks.id", ondelete="CASCADE"), index=True)
    action: Mapped[ChangeAction] = mapped_column(Enum(ChangeAction, native_enum=False, length=20))
    changed_by: Mapped[int] = mapped_column(ForeignKey("persons.id", ondelete="RESTRICT"))
    changed_at: Mapped[datetime] = mapped_column(UtcDateTime)
    old_value: Mapped[str | None] = mapped_column(String(60))
    new_value: Mapped[str | None] = mapped_column(String(60))


class Attendance(Base):
    __tablename__ = "attendance"
    __table_args__ = (
        UniqueConstraint("lesson_id", "pupil_id"),
        Index("ix_attendance_pupil_date", "pupil_id", "lesson_date"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    lesson_id: Mapped[int] = mapped_column(ForeignKey("lessons.id", ondelete="RESTRICT"))
    pupil_id: Mapped[int] = mapped_column(ForeignKey("persons.id", ondelete="CASCADE"))
    lesson_date: Mapped[date]
    status: Mapped[AttendanceStatus] = mapped_column(
        Enum(AttendanceStatus, native_enum=False, length=20)
    )
    reason: Mapped[str] = mapped_column(String(300), default="")
    author_id: Mapped[int] = mapped_column(ForeignKey("persons.id", ondelete="RESTRICT"))
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime)


class AttendanceChange(Base):
    __tablename__ = "attendance_changes"

    id: Mapped[int] = mapped_column(primary_key=True)
    attendance_id: Mapped[int] = mapped_column(
        ForeignKey("attendance.id", ondelete="CASCADE"), index=True
    )
    action: Mapped[ChangeAction] = mapped_column(Enum(ChangeAction, native_enum=False, length=20))
    changed_by: Mapped[int] = mapped_column(ForeignKey("persons.id", ondelete="RESTRICT"))
    changed_at: Mapped[datetime] = mapped_column(UtcDateTime)
    old_value: Mapped[str | None] = mapped_column(String(320))
    new_value: Mapped[str | None] = mapped_column(String(320))


class Homework(Base):
    __tablename__ = "homework"
    __table_args__ = (Index("ix_homework_class_due", "class_id", "due_date"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    lesson_id: Mapped[int] = mapped_column(ForeignKey("lessons.id", ondelete="CASCADE"), index=True)
    class_id: Mapped[int] = mapped_column(ForeignKey("classes.id", ondelete="CASCADE"))
    subject_id: Mapped[int] = mapped_column(ForeignKey("subjects.id", ondelete="CASCADE"))
    subgroup_id: Mapped[int | None] = mapped_column(ForeignKey("subgroups.id", ondelete="CASCADE"))
    due_date: Mapped[date]
    text: Mapped[str] = mapped_column(Text)
    is_individual: Mapped[bool] = mapped_column(default=False)
    author_id: Mapped[int] = mapped_column(ForeignKey("persons.id", ondelete="RESTRICT"))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)


class HomeworkTarget(Base):
    """The pupils an individual homework is for."""

    __tablename__ = "homework_targets"
    __table_args__ = (UniqueConstraint("homework_id", "pupil_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    homework_id: Mapped[int] = mapped_column(ForeignKey("homework.id", ondelete="CASCADE"))
    pupil_id: Mapped[int] = mapped_column(ForeignKey("persons.id", ondelete="CASCADE"), index=True)


class FinalMark(Base):
    __tablename__ = "final_marks"
    __table_args__ = (UniqueConstraint("pupil_id", "subject_id", "period_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    pupil_id: Mapped[int] = mapped_column(ForeignKey("persons.id", ondelete="CASCADE"), index=True)
    subject_id: Mapped[int] = mapped_column(ForeignKey("subjects.id", ondelete="CASCADE"))
    period_id: Mapped[int] = mapped_column(ForeignKey("periods.id", ondelete="CASCADE"))
    # "5".."2", or "осв." for exemption from physical education.
    value: Mapped[str] = mapped_column(String(10))
    average_at_set: Mapped[float | None] = mapped_column(Numeric(4, 2, asdecimal=False))
    author_id: Mapped[int] = mapped_column(ForeignKey("persons.id", ondelete="RESTRICT"))
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime)
