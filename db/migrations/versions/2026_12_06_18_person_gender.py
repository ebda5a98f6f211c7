"""persons.gender (issue 15): "ученица" or "ученик", and how a name declines

Revision ID: 5c1e0a9f3b21
Revises: 5c2e9d41a7f0
Create Date: 2026-12-06 07:40:00.000000+00:00

"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "5c1e0a9f3b21"
down_revision: str | Sequence[str] | None = "5c2e9d41a7f0"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("persons", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column(
                "gender",
                sa.Enum("m", "f", name="gender", native_enum=False, length=1),
                nullable=True,
            )
        )
    # Existing people: the patronymic tells (-вич, -ич; -вна, -чна); the rest stay unknown.
    persons = sa.table("persons", sa.column("middle_name", sa.String()), sa.column("gender"))
    middle = persons.c.middle_name
    op.execute(persons.update().where(middle.like("%ич")).values(gender="m"))
    op.execute(persons.update().where(middle.like("%вна") | middle.like("%чна")).values(gender="f"))


def downgrade() -> None:
    with op.batch_alter_table("persons", schema=None) as batch_op:
        batch_op.drop_column("gender")
