"""Files a teacher attaches to homework: a photo of the textbook page, a worksheet."""

from datetime import datetime

from sqlalchemy import ForeignKey, LargeBinary, String
from sqlalchemy.orm import Mapped, mapped_column

from db.base import Base, UtcDateTime


class HomeworkAttachment(Base):
    """The bytes live in the database, not in a file store: the journal runs on SQLite or on
    PostgreSQL with several stateless bot workers, and a row is backed up, restored and
    deleted (with its lesson) together with the rest of the journal. Telegram lets a bot fetch
    20 MB at most (getFile), and services.lessons.homework_files holds every platform to that limit,
    which a BLOB or a BYTEA keeps easily."""

    __tablename__ = "homework_attachments"

    id: Mapped[int] = mapped_column(primary_key=True)
    homework_id: Mapped[int] = mapped_column(
        ForeignKey("homework.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[str] = mapped_column(String(20))  # "photo" or "document"
    filename: Mapped[str] = mapped_column(String(255))
    mime: Mapped[str] = mapped_column(String(100))
    size: Mapped[int]
    # Deferred: lists of homework never pull the files themselves.
    content: Mapped[bytes] = mapped_column(LargeBinary, deferred=True)
    author_id: Mapped[int] = mapped_column(ForeignKey("persons.id", ondelete="RESTRICT"))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
