"""drop homework.attachment_kind and attachment_ref (issue 10)

A homework's files are rows of homework_attachments now. A web link kept in attachment_ref
is appended to the homework's text, so that families still see it; the other references
(messenger file ids) never led anywhere a family could open, and go.

Revision ID: a7ef264b73c0
Revises: 83137243b0b1
Create Date: 2026-12-06 09:00:00.000000+00:00

"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "a7ef264b73c0"
down_revision: str | Sequence[str] | None = "83137243b0b1"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    homework = sa.table(
        "homework", sa.column("text", sa.Text()), sa.column("attachment_ref", sa.String(300))
    )
    link = homework.c.attachment_ref
    op.execute(
        homework.update()
        .where(link.like("http://%") | link.like("https://%"))
        .values(text=homework.c.text + "\n" + link)
    )
    with op.batch_alter_table("homework", schema=None) as batch_op:
        batch_op.drop_column("attachment_ref")
        batch_op.drop_column("attachment_kind")


def downgrade() -> None:
    # The columns come back empty: the links stay in the homework's text.
    with op.batch_alter_table("homework", schema=None) as batch_op:
        batch_op.add_column(sa.Column("attachment_kind", sa.String(length=20), nullable=True))
        batch_op.add_column(sa.Column("attachment_ref", sa.String(length=300), nullable=True))
