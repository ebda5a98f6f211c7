"""Issue 11: an enrollment's dates and how it ended (moved, left, promoted, graduated...)

Revision ID: 7a3c9e1f5b20
Revises: 7e3a9c1f5d20
Create Date: 2026-12-06 08:05:00.000000+00:00

"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "7a3c9e1f5b20"
down_revision: str | Sequence[str] | None = "7e3a9c1f5d20"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("enrollments") as batch:
        batch.add_column(sa.Column("starts_on", sa.Date(), nullable=True))
        batch.add_column(sa.Column("ends_on", sa.Date(), nullable=True))
        ended = sa.Enum(
            "MOVED",
            "LEFT",
            "PROMOTED",
            "CONDITIONAL",
            "REPEATED",
            "GRADUATED",
            name="enrollmentend",
            native_enum=False,
            length=20,
        )
        batch.add_column(sa.Column("ended", ended, nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("enrollments") as batch:
        batch.drop_column("ended")
        batch.drop_column("ends_on")
        batch.drop_column("starts_on")
