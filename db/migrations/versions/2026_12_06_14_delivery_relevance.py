"""Issue 14: a queued message is retried as long as it still matters, and says since when it fails

Revision ID: 5d1e0c7a9b42
Revises: 5c1d7a9e3b42
Create Date: 2026-12-06 07:40:00.000000+00:00

"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "5d1e0c7a9b42"
down_revision: str | Sequence[str] | None = "5c1d7a9e3b42"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("outgoing_messages", schema=None) as batch_op:
        batch_op.add_column(sa.Column("expires_at", sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column("failing_since", sa.DateTime(timezone=True), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("outgoing_messages", schema=None) as batch_op:
        batch_op.drop_column("failing_since")
        batch_op.drop_column("expires_at")
