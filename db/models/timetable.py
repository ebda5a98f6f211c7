import datetime
from datetime import date

from sqlalchemy import Enum, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from db.base import Base, UtcDateTime
from db.enums import LessonStatus


class TimetableEntry(Base):
    """A weekly slot of the timetable: weekday 0 = Monday."""

    __tablename__ = "timetable_entries"
    __table_args__ = (UniqueConstraint("assignment_id", "weekday", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    assignment_id: Mapped[int] = mapped_column(
        ForeignKey("teaching_assignments.id", ondelete="CASCADE"), index=True
    )
    weekday: Mapped[int]
    number: Mapped[int]
    room: Mapped[str] = mapped_column(String(20), default="")
    # aSc Timetables' bit strings: "10" every other week from the year's first, "0011" the
    # third and fourth of the periods the class is certified in; "" always.
    weeks: Mapped[str] = mapped_column(String(12), default="", server_default="")
    terms: Mapped[str] = mapped_column(String(12), default="", server_default="")


class Lesson(Base):
    """A dated lesson materialised from the timetable, with what happened to it."""

    __tablename__ = "lessons"
    __table_args__ = (
        Index("ix_lessons_class_date", "class_id", "date"),
        Index("ix_lessons_teacher_date", "teacher_id", "date"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    assignment_id: Mapped[int] = mapped_column(
        ForeignKey("teaching_assignments.id", ondelete="CASCADE")
    )
    # Copied from the assignment so that the parents' daily queries need no joins.
    class_id: Mapped[int] = mapped_column(ForeignKey("classes.id", ondelete="CASCADE"))
    subject_id: Mapped[int] = mapped_column(ForeignKey("subjects.id", ondelete="CASCADE"))
    subgroup_id: Mapped[int | None] = mapped_column(ForeignKey("subgroups.id", ondelete="CASCADE"))
    teacher_id: Mapped[int] = mapped_column(ForeignKey("persons.id", ondelete="RESTRICT"))
    date: Mapped[date]
    number: Mapped[int]
    room: Mapped[str] = mapped_column(String(20), default="")
    status: Mapped[LessonStatus] = mapped_column(
        Enum(LessonStatus, native_enum=False, length=20), default=LessonStatus.PLANNED
    )
    substitute_teacher_id: Mapped[int | None] = mapped_column(
        ForeignKey("persons.id", ondelete="SET NULL"), index=True
    )
    original_room: Mapped[str | None] = mapped_column(String(20))
    # `date` in this class body is the column above, hence the module-qualified type.
    moved_from_date: Mapped[datetime.date | None]
    moved_from_number: Mapped[int | None]
    change_note: Mapped[str] = mapped_column(String(200), default="")
    topic: Mapped[str] = mapped_column(Text, default="")
    roll_call_done: Mapped[bool] = mapped_column(default=False)
    # When the roll call and the topic were first entered: the deputy's control of filling
    # (004 §7.3) compares them with the school's deadlines.
    roll_call_at: Mapped[datetime.datetime | None] = mapped_column(UtcDateTime)
    topic_set_at: Mapped[datetime.datetime | None] = mapped_column(UtcDateTime)

    @property
    def acting_teacher_id(self) -> int:
        return self.substitute_teacher_id or self.teacher_id
