"""The medical worker's health sheet (004 §9, row 7) and exemptions from physical education
(003 §3.8.1: "осв." on a medical certificate)."""

from datetime import datetime

from sqlalchemy import ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from db.base import Base, UtcDateTime


class HealthRecord(Base):
    """One line of the health sheet: a pupil's health group (1-5) and physical education
    group (основная, подготовительная, специальная А/Б)."""

    __tablename__ = "health_records"

    id: Mapped[int] = mapped_column(primary_key=True)
    pupil_id: Mapped[int] = mapped_column(ForeignKey("persons.id", ondelete="CASCADE"), unique=True)
    health_group: Mapped[int | None]
    pe_group: Mapped[str] = mapped_column(String(20), default="")
    note: Mapped[str] = mapped_column(String(300), default="")
    updated_by: Mapped[int] = mapped_column(ForeignKey("persons.id", ondelete="RESTRICT"))
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime)


class PeExemption(Base):
    """A pupil exempt from physical education for one period: the final mark there is "осв."."""

    __tablename__ = "pe_exemptions"
    __table_args__ = (UniqueConstraint("pupil_id", "period_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    pupil_id: Mapped[int] = mapped_column(ForeignKey("persons.id", ondelete="CASCADE"), index=True)
    period_id: Mapped[int] = mapped_column(ForeignKey("periods.id", ondelete="CASCADE"))
    reason: Mapped[str] = mapped_column(String(300), default="")
    set_by: Mapped[int] = mapped_column(ForeignKey("persons.id", ondelete="RESTRICT"))
    set_at: Mapped[datetime] = mapped_column(UtcDateTime)
