from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Enum, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from db.base import Base, UtcDateTime
from db.enums import AnnouncementScope, InviteRole, Platform


class Announcement(Base):
    __tablename__ = "announcements"

    id: Mapped[int] = mapped_column(primary_key=True)
    school_id: Mapped[int] = mapped_column(ForeignKey("schools.id", ondelete="CASCADE"), index=True)
    author_id: Mapped[int] = mapped_column(ForeignKey("persons.id", ondelete="RESTRICT"))
    scope: Mapped[AnnouncementScope] = mapped_column(
        Enum(AnnouncementScope, native_enum=False, length=20)
    )
    grade: Mapped[int | None]
    class_id: Mapped[int | None] = mapped_column(ForeignKey("classes.id", ondelete="CASCADE"))
    to_guardians: Mapped[bool] = mapped_column(default=True)
    to_pupils: Mapped[bool] = mapped_column(default=True)
    to_staff: Mapped[bool] = mapped_column(default=False)
    title: Mapped[str] = mapped_column(String(200))
    text: Mapped[str] = mapped_column(Text)
    published_at: Mapped[datetime] = mapped_column(UtcDateTime)


class AnnouncementRead(Base):
    __tablename__ = "announcement_reads"
    __table_args__ = (UniqueConstraint("announcement_id", "person_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    announcement_id: Mapped[int] = mapped_column(ForeignKey("announcements.id", ondelete="CASCADE"))
    person_id: Mapped[int] = mapped_column(ForeignKey("persons.id", ondelete="CASCADE"))
    read_at: Mapped[datetime] = mapped_column(UtcDateTime)


class InviteCode(Base):
    __tablename__ = "invite_codes"

    id: Mapped[int] = mapped_column(primary_key=True)
    school_id: Mapped[int] = mapped_column(ForeignKey("schools.id", ondelete="CASCADE"))
    code: Mapped[str] = mapped_column(String(32), unique=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("persons.id", ondelete="CASCADE"), index=True)
    role: Mapped[InviteRole] = mapped_column(Enum(InviteRole, native_enum=False, length=20))
    issued_by: Mapped[int] = mapped_column(ForeignKey("persons.id", ondelete="RESTRICT"))
    issued_at: Mapped[datetime] = mapped_column(UtcDateTime)
    expires_at: Mapped[datetime] = mapped_column(UtcDateTime)
    used_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    revoked: Mapped[bool] = mapped_column(default=False)


class InviteAttempt(Base):
    """Failed code entries, counted per chat account to stop guessing."""

    __tablename__ = "invite_attempts"
    __table_args__ = (Index("ix_invite_attempts_account", "platform", "external_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    platform: Mapped[Platform] = mapped_column(Enum(Platform, native_enum=False, length=20))
    external_id: Mapped[str] = mapped_column(String(64))
    attempted_at: Mapped[datetime] = mapped_column(UtcDateTime)


class ChatAccount(Base):
    __tablename__ = "chat_accounts"
    __table_args__ = (UniqueConstraint("platform", "external_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    platform: Mapped[Platform] = mapped_column(Enum(Platform, native_enum=False, length=20))
    external_id: Mapped[str] = mapped_column(String(64))
    person_id: Mapped[int | None] = mapped_column(
        ForeignKey("persons.id", ondelete="SET NULL"), index=True
    )
    consent_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    linked_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    is_blocked: Mapped[bool] = mapped_column(default=False)
    selected_pupil_id: Mapped[int | None] = mapped_column(
        ForeignKey("persons.id", ondelete="SET NULL")
    )


class NotificationPreference(Base):
    """What one chat account wants to hear about one child (or itself, pupil_id NULL)."""

    __tablename__ = "notification_preferences"
    __table_args__ = (UniqueConstraint("chat_account_id", "pupil_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    chat_account_id: Mapped[int] = mapped_column(ForeignKey("chat_accounts.id", ondelete="CASCADE"))
    pupil_id: Mapped[int | None] = mapped_column(ForeignKey("persons.id", ondelete="CASCADE"))
    absences: Mapped[bool] = mapped_column(default=True)
    poor_marks: Mapped[bool] = mapped_column(default=True)
    all_marks: Mapped[bool] = mapped_column(default=False)
    poor_mark_threshold: Mapped[int] = mapped_column(default=2)
    subject_thresholds: Mapped[dict[str, int]] = mapped_column(JSON, default=dict)
    final_risk: Mapped[bool] = mapped_column(default=True)
    schedule_changes: Mapped[bool] = mapped_column(default=True)
    announcements: Mapped[bool] = mapped_column(default=True)
    evening_card: Mapped[bool] = mapped_column(default=False)
    weekly_summary: Mapped[bool] = mapped_column(default=True)
    quiet_from: Mapped[str] = mapped_column(String(5), default="22:00")
    quiet_to: Mapped[str] = mapped_column(String(5), default="07:00")


class OutboxEvent(Base):
    """Events written in the same transaction as the change that caused them."""

    __tablename__ = "outbox_events"
    __table_args__ = (Index("ix_outbox_pending", "processed_at", "id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    school_id: Mapped[int] = mapped_column(ForeignKey("schools.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(40))
    payload: Mapped[dict[str, Any]] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
    processed_at: Mapped[datetime | None] = mapped_column(UtcDateTime)


class AuditEntry(Base):
    """Who read or changed personal data (152-FZ)."""

    __tablename__ = "audit_log"

    id: Mapped[int] = mapped_column(primary_key=True)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("persons.id", ondelete="SET NULL"))
    action: Mapped[str] = mapped_column(String(60))
    subject_person_id: Mapped[int | None] = mapped_column(
        ForeignKey("persons.id", ondelete="SET NULL"), index=True
    )
    details: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    at: Mapped[datetime] = mapped_column(UtcDateTime)


class ConversationState(Base):
    __tablename__ = "conversation_states"
    __table_args__ = (UniqueConstraint("platform", "external_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    platform: Mapped[Platform] = mapped_column(Enum(Platform, native_enum=False, length=20))
    external_id: Mapped[str] = mapped_column(String(64))
    state: Mapped[str] = mapped_column(String(60), default="")
    data: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime)
    # Raised by every write: a turn changes the state only if nobody changed it since the turn
    # read it, so a double tap handled by two workers acts once (services.chat.state).
    version: Mapped[int] = mapped_column(default=0, server_default="0")


class DirectMessage(Base):
    """A guardian's question to a teacher and the answers, kept for the 7-day rule."""

    __tablename__ = "direct_messages"

    id: Mapped[int] = mapped_column(primary_key=True)
    sender_id: Mapped[int] = mapped_column(ForeignKey("persons.id", ondelete="CASCADE"))
    recipient_id: Mapped[int] = mapped_column(
        ForeignKey("persons.id", ondelete="CASCADE"), index=True
    )
    pupil_id: Mapped[int | None] = mapped_column(ForeignKey("persons.id", ondelete="SET NULL"))
    reply_to_id: Mapped[int | None] = mapped_column(
        ForeignKey("direct_messages.id", ondelete="SET NULL")
    )
    text: Mapped[str] = mapped_column(Text)
    sent_at: Mapped[datetime] = mapped_column(UtcDateTime)
    answered_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    reminded_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
