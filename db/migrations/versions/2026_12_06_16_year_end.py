"""Issue 11: year-end: subject debts of a conditional promotion; how long graduates' guardians
read the archive

Revision ID: 8b4d0f2a6c31
Revises: 7a3c9e1f5b20
Create Date: 2026-12-06 08:30:00.000000+00:00

"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "8b4d0f2a6c31"
down_revision: str | Sequence[str] | None = "7a3c9e1f5b20"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "subject_debts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("pupil_id", sa.Integer(), nullable=False),
        sa.Column("subject_id", sa.Integer(), nullable=False),
        sa.Column("year_id", sa.Integer(), nullable=False),
        sa.Column("cleared_on", sa.Date(), nullable=True),
        sa.Column("note", sa.String(length=200), nullable=False),
        sa.ForeignKeyConstraint(["pupil_id"], ["persons.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["subject_id"], ["subjects.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["year_id"], ["school_years.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("pupil_id", "subject_id", "year_id"),
    )
    op.create_index(op.f("ix_subject_debts_pupil_id"), "subject_debts", ["pupil_id"], unique=False)
    with op.batch_alter_table("schools") as batch:
        batch.add_column(
            sa.Column("graduate_access_days", sa.Integer(), server_default="90", nullable=False)
        )


def downgrade() -> None:
    with op.batch_alter_table("schools") as batch:
        batch.drop_column("graduate_access_days")
    op.drop_index(op.f("ix_subject_debts_pupil_id"), table_name="subject_debts")
    op.drop_table("subject_debts")
