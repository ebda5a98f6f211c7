"""The delivery side of notifications: the outgoing queue, held-back digest items, reasons."""

from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, Enum, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from db.base import Base, UtcDateTime
from db.enums import Platform


class OutgoingMessage(Base):
    """One message for one chat, marked sent only after the platform accepted it."""

    __tablename__ = "outgoing_messages"
    __table_args__ = (
        Index("ix_outgoing_due", "platform", "status", "priority", "next_attempt_at", "id"),
        Index("ix_outgoing_topic", "chat_account_id", "topic"),
        Index("ix_outgoing_ref", "kind", "ref_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    chat_account_id: Mapped[int] = mapped_column(
        ForeignKey("chat_accounts.id", ondelete="CASCADE"), index=True
    )
    platform: Mapped[Platform] = mapped_column(Enum(Platform, native_enum=False, length=20))
    chat_external_id: Mapped[str] = mapped_column(String(64))
    kind: Mapped[str] = mapped_column(String(40))
    # What the message is about (e.g. "mark:17"): a later event on it replaces a held message.
    topic: Mapped[str | None] = mapped_column(String(80))
    ref_id: Mapped[int | None]
    text: Mapped[str] = mapped_column(Text)
    keyboard: Mapped[list[list[dict[str, Any]]] | None] = mapped_column(JSON)
    # 0 goes first (absences); bulk announcements come last.
    priority: Mapped[int] = mapped_column(default=5)
    dedup_key: Mapped[str] = mapped_column(String(120), unique=True)
    status: Mapped[str] = mapped_column(String(12), default="pending")
    attempts: Mapped[int] = mapped_column(default=0)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
    next_attempt_at: Mapped[datetime] = mapped_column(UtcDateTime)
    sent_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    platform_message_id: Mapped[str | None] = mapped_column(String(40))
    last_error: Mapped[str | None] = mapped_column(String(300))
    # Network trouble is retried until then (the end of an absence's day; a week when None);
    # after it the message is "expired", told in the log and in `journal status`.
    expires_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    # The first failed try of the current run of failures; cleared by nothing, shown by status.
    failing_since: Mapped[datetime | None] = mapped_column(UtcDateTime)


class DigestItem(Base):
    """A notice held back by quiet hours, released in one morning digest per chat account."""

    __tablename__ = "digest_items"
    __table_args__ = (
        Index("ix_digest_items_due", "released", "release_at"),
        Index("ix_digest_items_topic", "chat_account_id", "topic"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    chat_account_id: Mapped[int] = mapped_column(ForeignKey("chat_accounts.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(40))
    topic: Mapped[str | None] = mapped_column(String(80))
    ref_id: Mapped[int | None]
    text: Mapped[str] = mapped_column(Text)
    keyboard: Mapped[list[list[dict[str, Any]]] | None] = mapped_column(JSON)
    dedup_key: Mapped[str] = mapped_column(String(120), unique=True)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
    release_at: Mapped[datetime] = mapped_column(UtcDateTime)
    released: Mapped[bool] = mapped_column(default=False)


class AbsenceReasonReport(Base):
    """A guardian's answer to an absence alert, for the class teacher to see."""

    __tablename__ = "absence_reason_reports"
    __table_args__ = (UniqueConstraint("lesson_id", "pupil_id", "reported_by"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    lesson_id: Mapped[int] = mapped_column(ForeignKey("lessons.id", ondelete="CASCADE"))
    pupil_id: Mapped[int] = mapped_column(ForeignKey("persons.id", ondelete="CASCADE"), index=True)
    class_id: Mapped[int] = mapped_column(ForeignKey("classes.id", ondelete="CASCADE"), index=True)
    lesson_date: Mapped[date]
    reported_by: Mapped[int] = mapped_column(ForeignKey("persons.id", ondelete="CASCADE"))
    reason: Mapped[str] = mapped_column(String(20))
    reported_at: Mapped[datetime] = mapped_column(UtcDateTime)
    seen_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
