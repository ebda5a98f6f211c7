from datetime import date

from sqlalchemy import ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from db.base import Base


class SubjectDebt(Base):
    """A subject a pupil was promoted conditionally with (академическая задолженность): the
    pupil and guardians see it (002 §16.1) until it is cleared."""

    __tablename__ = "subject_debts"
    __table_args__ = (UniqueConstraint("pupil_id", "subject_id", "year_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    pupil_id: Mapped[int] = mapped_column(ForeignKey("persons.id", ondelete="CASCADE"), index=True)
    subject_id: Mapped[int] = mapped_column(ForeignKey("subjects.id", ondelete="CASCADE"))
    # The school year the debt is from.
    year_id: Mapped[int] = mapped_column(ForeignKey("school_years.id", ondelete="CASCADE"))
    cleared_on: Mapped[date | None]
    note: Mapped[str] = mapped_column(String(200), default="")
