"""Issue 13: the school's deadlines as settings, when roll calls and topics were entered,
the health sheet and exemptions from physical education

Revision ID: 0e240a1653d3
Revises: a7ef264b73c0
Create Date: 2026-12-06 04:40:09.484009+00:00

"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0e240a1653d3"
down_revision: str | Sequence[str] | None = "a7ef264b73c0"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "health_records",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("pupil_id", sa.Integer(), nullable=False),
        sa.Column("health_group", sa.Integer(), nullable=True),
        sa.Column("pe_group", sa.String(length=20), nullable=False),
        sa.Column("note", sa.String(length=300), nullable=False),
        sa.Column("updated_by", sa.Integer(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["pupil_id"],
            ["persons.id"],
            name=op.f("fk_health_records_pupil_id_persons"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["updated_by"],
            ["persons.id"],
            name=op.f("fk_health_records_updated_by_persons"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_health_records")),
        sa.UniqueConstraint("pupil_id", name=op.f("uq_health_records_pupil_id")),
    )
    op.create_table(
        "pe_exemptions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("pupil_id", sa.Integer(), nullable=False),
        sa.Column("period_id", sa.Integer(), nullable=False),
        sa.Column("reason", sa.String(length=300), nullable=False),
        sa.Column("set_by", sa.Integer(), nullable=False),
        sa.Column("set_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["period_id"],
            ["periods.id"],
            name=op.f("fk_pe_exemptions_period_id_periods"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["pupil_id"],
            ["persons.id"],
            name=op.f("fk_pe_exemptions_pupil_id_persons"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["set_by"],
            ["persons.id"],
            name=op.f("fk_pe_exemptions_set_by_persons"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_pe_exemptions")),
        sa.UniqueConstraint(
            "pupil_id", "period_id", name=op.f("uq_pe_exemptions_pupil_id_period_id")
        ),
    )
    with op.batch_alter_table("pe_exemptions", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_pe_exemptions_pupil_id"), ["pupil_id"], unique=False)

    with op.batch_alter_table("lessons", schema=None) as batch_op:
        batch_op.add_column(sa.Column("roll_call_at", sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column("topic_set_at", sa.DateTime(timezone=True), nullable=True))

    with op.batch_alter_table("schools", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("roll_call_minutes", sa.Integer(), server_default="10", nullable=False)
        )
        batch_op.add_column(
            sa.Column(
                "notes_deadline_first_shift",
                sa.String(length=5),
                server_default="15:00",
                nullable=False,
            )
        )
        batch_op.add_column(
            sa.Column(
                "notes_deadline_second_shift",
                sa.String(length=5),
                server_default="20:00",
                nullable=False,
            )
        )
        batch_op.add_column(
            sa.Column("written_marks_days", sa.Integer(), server_default="7", nullable=False)
        )
        batch_op.add_column(
            sa.Column("control_marks_days", sa.Integer(), server_default="3", nullable=False)
        )
        batch_op.add_column(
            sa.Column("finals_deadline_days", sa.Integer(), server_default="2", nullable=False)
        )
        batch_op.add_column(
            sa.Column(
                "finals_deadline_working_days",
                sa.Boolean(),
                server_default=sa.false(),
                nullable=False,
            )
        )
        batch_op.add_column(
            sa.Column(
                "marks_check_days_before_end", sa.Integer(), server_default="14", nullable=False
            )
        )


def downgrade() -> None:
    with op.batch_alter_table("schools", schema=None) as batch_op:
        batch_op.drop_column("marks_check_days_before_end")
        batch_op.drop_column("finals_deadline_working_days")
        batch_op.drop_column("finals_deadline_days")
        batch_op.drop_column("control_marks_days")
        batch_op.drop_column("written_marks_days")
        batch_op.drop_column("notes_deadline_second_shift")
        batch_op.drop_column("notes_deadline_first_shift")
        batch_op.drop_column("roll_call_minutes")

    with op.batch_alter_table("lessons", schema=None) as batch_op:
        batch_op.drop_column("topic_set_at")
        batch_op.drop_column("roll_call_at")

    with op.batch_alter_table("pe_exemptions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_pe_exemptions_pupil_id"))

    op.drop_table("pe_exemptions")
    op.drop_table("health_records")
