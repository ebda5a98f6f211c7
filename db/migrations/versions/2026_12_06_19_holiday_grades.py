"""holidays.grades (issue 11): holidays of some grades only, e.g. the first-graders' February

Revision ID: 7d3f2a1c9e40
Revises: 5c1e0a9f3b21
Create Date: 2026-12-06 10:30:00.000000+00:00

"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "7d3f2a1c9e40"
down_revision: str | Sequence[str] | None = "5c1e0a9f3b21"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("holidays", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("grades", sa.String(length=40), server_default="", nullable=False)
        )


def downgrade() -> None:
    with op.batch_alter_table("holidays", schema=None) as batch_op:
        batch_op.drop_column("grades")
