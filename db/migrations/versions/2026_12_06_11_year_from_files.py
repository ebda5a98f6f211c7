"""Issue 11: which grades a kind of period certifies; timetable slots on some weeks or terms

Revision ID: 7e3a9c1f5d20
Revises: 5d1e0c7a9b42
Create Date: 2026-12-06 08:00:00.000000+00:00

"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "7e3a9c1f5d20"
down_revision: str | Sequence[str] | None = "5d1e0c7a9b42"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("periods") as batch:
        batch.add_column(
            sa.Column("grades", sa.String(length=40), server_default="", nullable=False)
        )
    with op.batch_alter_table("timetable_entries") as batch:
        batch.add_column(
            sa.Column("weeks", sa.String(length=12), server_default="", nullable=False)
        )
        batch.add_column(
            sa.Column("terms", sa.String(length=12), server_default="", nullable=False)
        )


def downgrade() -> None:
    with op.batch_alter_table("timetable_entries") as batch:
        batch.drop_column("terms")
        batch.drop_column("weeks")
    with op.batch_alter_table("periods") as batch:
        batch.drop_column("grades")
