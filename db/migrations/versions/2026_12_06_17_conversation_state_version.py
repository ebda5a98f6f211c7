"""Issue 14: the conversation state's version, so that only one of two messages handled at
once by different workers changes it (a double tap acts once)

Revision ID: 5c2e9d41a7f0
Revises: 8b4d0f2a6c31
Create Date: 2026-12-06 07:55:00.000000+00:00

"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "5c2e9d41a7f0"
down_revision: str | Sequence[str] | None = "8b4d0f2a6c31"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("conversation_states") as batch:
        batch.add_column(sa.Column("version", sa.Integer(), server_default="0", nullable=False))


def downgrade() -> None:
    with op.batch_alter_table("conversation_states") as batch:
        batch.drop_column("version")
