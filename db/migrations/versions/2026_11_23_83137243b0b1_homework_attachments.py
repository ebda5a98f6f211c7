"""homework attachments

Revision ID: 83137243b0b1
Revises: c0d95ae21a30
Create Date: 2026-11-23 08:18:47.475187+00:00

"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "83137243b0b1"
down_revision: str | Sequence[str] | None = "c0d95ae21a30"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "homework_attachments",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("homework_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("filename", sa.String(length=255), nullable=False),
        sa.Column("mime", sa.String(length=100), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("content", sa.LargeBinary(), nullable=False),
        sa.Column("author_id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["author_id"],
            ["persons.id"],
            name=op.f("fk_homework_attachments_author_id_persons"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["homework_id"],
            ["homework.id"],
            name=op.f("fk_homework_attachments_homework_id_homework"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_homework_attachments")),
    )
    with op.batch_alter_table("homework_attachments", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_homework_attachments_homework_id"), ["homework_id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("homework_attachments", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_homework_attachments_homework_id"))

    op.drop_table("homework_attachments")
