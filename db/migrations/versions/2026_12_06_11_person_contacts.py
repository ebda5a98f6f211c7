"""Issue 11: guardians' and staff's phone and e-mail from the school's own lists

Revision ID: 5c1d7a9e3b42
Revises: 0e240a1653d3
Create Date: 2026-12-06 07:40:00.000000+00:00

"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "5c1d7a9e3b42"
down_revision: str | Sequence[str] | None = "0e240a1653d3"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("persons") as batch:
        batch.add_column(
            sa.Column("phone", sa.String(length=20), server_default="", nullable=False)
        )
        batch.add_column(
            sa.Column("email", sa.String(length=120), server_default="", nullable=False)
        )


def downgrade() -> None:
    with op.batch_alter_table("persons") as batch:
        batch.drop_column("email")
        batch.drop_column("phone")
