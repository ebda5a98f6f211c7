"""holidays.carried_over (issue 11): a holiday copied by open-next from the year before, which
the next year file's import removes if the file does not list it

Revision ID: 9a2d6e4f1b38
Revises: 8e4b1c7a2d53
Create Date: 2026-12-06 11:00:00.000000+00:00

"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "9a2d6e4f1b38"
down_revision: str | Sequence[str] | None = "8e4b1c7a2d53"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("holidays", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("carried_over", sa.Boolean(), server_default=sa.false(), nullable=False)
        )


def downgrade() -> None:
    with op.batch_alter_table("holidays", schema=None) as batch_op:
        batch_op.drop_column("carried_over")
