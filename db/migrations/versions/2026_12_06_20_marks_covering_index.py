"""marks: the (pupil, subject) index also holds the date, the deleted flag, the value and the
weight, so that a report sums a quarter's marks from the index alone (issue 13)

It replaces ix_marks_pupil_subject rather than joining it: every query that used that one
uses its first two columns, and a mark written updates one index, not two.

Revision ID: 8e4b1c7a2d53
Revises: 7d3f2a1c9e40
Create Date: 2026-12-06 10:30:00.000000+00:00

"""

from collections.abc import Sequence

from alembic import op

revision: str = "8e4b1c7a2d53"
down_revision: str | Sequence[str] | None = "7d3f2a1c9e40"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

COLUMNS = ["pupil_id", "subject_id", "lesson_date", "is_deleted", "value", "weight"]


def upgrade() -> None:
    with op.batch_alter_table("marks", schema=None) as batch_op:
        batch_op.create_index("ix_marks_pupil_subject_date", COLUMNS, unique=False)
        batch_op.drop_index("ix_marks_pupil_subject")


def downgrade() -> None:
    with op.batch_alter_table("marks", schema=None) as batch_op:
        batch_op.create_index("ix_marks_pupil_subject", ["pupil_id", "subject_id"], unique=False)
        batch_op.drop_index("ix_marks_pupil_subject_date")
