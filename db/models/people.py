from datetime import date

from sqlalchemy import Enum, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from db import names
from db.base import Base
from db.enums import Gender, StaffRole


class Person(Base):
    __tablename__ = "persons"

    id: Mapped[int] = mapped_column(primary_key=True)
    school_id: Mapped[int] = mapped_column(ForeignKey("schools.id", ondelete="CASCADE"), index=True)
    last_name: Mapped[str] = mapped_column(String(60))
    first_name: Mapped[str] = mapped_column(String(60))
    middle_name: Mapped[str] = mapped_column(String(60), default="")
    birth_date: Mapped[date | None]
    # Contacts from the school's own lists: a re-import finds a guardian again by phone.
    phone: Mapped[str] = mapped_column(String(20), default="", server_default="")
    email: Mapped[str] = mapped_column(String(120), default="", server_default="")
    # Chooses "ученица" or "ученик", "опоздала" or "опоздал" and how a name declines; unknown
    # for people imported without it (then guessed from the patronymic).
    gender: Mapped[Gender | None] = mapped_column(
        Enum(Gender, native_enum=False, length=1, values_callable=lambda e: [m.value for m in e]),
        default=None,
    )
    is_active: Mapped[bool] = mapped_column(default=True)
    # Guardians who refused the electronic journal get a printed monthly summary (001 §4.3.9).
    refused_electronic: Mapped[bool] = mapped_column(default=False)

    @property
    def full_name(self) -> str:
        return names.full_name(self.last_name, self.first_name, self.middle_name)

    @property
    def short_name(self) -> str:
        return names.short_name(self.last_name, self.first_name, self.middle_name)


class StaffPosition(Base):
    __tablename__ = "staff_positions"
    __table_args__ = (UniqueConstraint("person_id", "role"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("persons.id", ondelete="CASCADE"), index=True)
    role: Mapped[StaffRole] = mapped_column(Enum(StaffRole, native_enum=False, length=20))


class GuardianLink(Base):
    __tablename__ = "guardian_links"
    __table_args__ = (UniqueConstraint("guardian_id", "pupil_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    guardian_id: Mapped[int] = mapped_column(ForeignKey("persons.id", ondelete="CASCADE"))
    pupil_id: Mapped[int] = mapped_column(ForeignKey("persons.id", ondelete="CASCADE"), index=True)
    relation: Mapped[str] = mapped_column(String(30), default="")
