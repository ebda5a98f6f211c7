"""initial schema

Revision ID: c0d95ae21a30
Revises:
Create Date: 2026-11-23 05:03:15.000675+00:00

"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "c0d95ae21a30"
down_revision: str | Sequence[str] | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "conversation_states",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column(
            "platform",
            sa.Enum("TELEGRAM", "VK", "TERMINAL", name="platform", native_enum=False, length=20),
            nullable=False,
        ),
        sa.Column("external_id", sa.String(length=64), nullable=False),
        sa.Column("state", sa.String(length=60), nullable=False),
        sa.Column("data", sa.JSON(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_conversation_states")),
        sa.UniqueConstraint(
            "platform", "external_id", name=op.f("uq_conversation_states_platform_external_id")
        ),
    )
    op.create_table(
        "invite_attempts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column(
            "platform",
            sa.Enum("TELEGRAM", "VK", "TERMINAL", name="platform", native_enum=False, length=20),
            nullable=False,
        ),
        sa.Column("external_id", sa.String(length=64), nullable=False),
        sa.Column("attempted_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_invite_attempts")),
    )
    with op.batch_alter_table("invite_attempts", schema=None) as batch_op:
        batch_op.create_index(
            "ix_invite_attempts_account", ["platform", "external_id"], unique=False
        )

    op.create_table(
        "schools",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("short_name", sa.String(length=60), nullable=False),
        sa.Column("timezone", sa.String(length=64), nullable=False),
        sa.Column("unmarked_grades", sa.String(length=40), nullable=False),
        sa.Column("min_marks_rule", sa.String(length=80), nullable=False),
        sa.Column("poor_mark_threshold", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_schools")),
    )
    op.create_table(
        "bell_slots",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("school_id", sa.Integer(), nullable=False),
        sa.Column("shift", sa.Integer(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("starts_at", sa.Time(), nullable=False),
        sa.Column("ends_at", sa.Time(), nullable=False),
        sa.ForeignKeyConstraint(
            ["school_id"],
            ["schools.id"],
            name=op.f("fk_bell_slots_school_id_schools"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_bell_slots")),
        sa.UniqueConstraint(
            "school_id", "shift", "number", name=op.f("uq_bell_slots_school_id_shift_number")
        ),
    )
    op.create_table(
        "outbox_events",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("school_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=40), nullable=False),
        sa.Column("payload", sa.JSON(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("processed_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["school_id"],
            ["schools.id"],
            name=op.f("fk_outbox_events_school_id_schools"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_outbox_events")),
    )
    with op.batch_alter_table("outbox_events", schema=None) as batch_op:
        batch_op.create_index("ix_outbox_pending", ["processed_at", "id"], unique=False)

    op.create_table(
        "persons",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("school_id", sa.Integer(), nullable=False),
        sa.Column("last_name", sa.String(length=60), nullable=False),
        sa.Column("first_name", sa.String(length=60), nullable=False),
        sa.Column("middle_name", sa.String(length=60), nullable=False),
        sa.Column("birth_date", sa.Date(), nullable=True),
        sa.Column("is_active", sa.Boolean(), nullable=False),
        sa.Column("refused_electronic", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["school_id"],
            ["schools.id"],
            name=op.f("fk_persons_school_id_schools"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_persons")),
    )
    with op.batch_alter_table("persons", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_persons_school_id"), ["school_id"], unique=False)

    op.create_table(
        "school_years",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("school_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=20), nullable=False),
        sa.Column("starts_on", sa.Date(), nullable=False),
        sa.Column("ends_on", sa.Date(), nullable=False),
        sa.Column("is_closed", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["school_id"],
            ["schools.id"],
            name=op.f("fk_school_years_school_id_schools"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_school_years")),
    )
    with op.batch_alter_table("school_years", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_school_years_school_id"), ["school_id"], unique=False)

    op.create_table(
        "subjects",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("school_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=80), nullable=False),
        sa.Column("short_name", sa.String(length=30), nullable=False),
        sa.Column("allows_exemption", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["school_id"],
            ["schools.id"],
            name=op.f("fk_subjects_school_id_schools"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_subjects")),
        sa.UniqueConstraint("school_id", "name", name=op.f("uq_subjects_school_id_name")),
    )
    op.create_table(
        "work_types",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("school_id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=30), nullable=False),
        sa.Column("name", sa.String(length=80), nullable=False),
        sa.Column("short_name", sa.String(length=20), nullable=False),
        sa.Column("weight", sa.Numeric(precision=4, scale=2, asdecimal=False), nullable=False),
        sa.ForeignKeyConstraint(
            ["school_id"],
            ["schools.id"],
            name=op.f("fk_work_types_school_id_schools"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_work_types")),
        sa.UniqueConstraint("school_id", "code", name=op.f("uq_work_types_school_id_code")),
    )
    op.create_table(
        "audit_log",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("actor_id", sa.Integer(), nullable=True),
        sa.Column("action", sa.String(length=60), nullable=False),
        sa.Column("subject_person_id", sa.Integer(), nullable=True),
        sa.Column("details", sa.JSON(), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["actor_id"],
            ["persons.id"],
            name=op.f("fk_audit_log_actor_id_persons"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["subject_person_id"],
            ["persons.id"],
            name=op.f("fk_audit_log_subject_person_id_persons"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audit_log")),
    )
    with op.batch_alter_table("audit_log", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_audit_log_subject_person_id"), ["subject_person_id"], unique=False
        )

    op.create_table(
        "chat_accounts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column(
            "platform",
            sa.Enum("TELEGRAM", "VK", "TERMINAL", name="platform", native_enum=False, length=20),
            nullable=False,
        ),
        sa.Column("external_id", sa.String(length=64), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=True),
        sa.Column("consent_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("linked_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("is_blocked", sa.Boolean(), nullable=False),
        sa.Column("selected_pupil_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["persons.id"],
            name=op.f("fk_chat_accounts_person_id_persons"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["selected_pupil_id"],
            ["persons.id"],
            name=op.f("fk_chat_accounts_selected_pupil_id_persons"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_chat_accounts")),
        sa.UniqueConstraint(
            "platform", "external_id", name=op.f("uq_chat_accounts_platform_external_id")
        ),
    )
    with op.batch_alter_table("chat_accounts", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_chat_accounts_person_id"), ["person_id"], unique=False)

    op.create_table(
        "classes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("school_id", sa.Integer(), nullable=False),
        sa.Column("year_id", sa.Integer(), nullable=False),
        sa.Column("grade", sa.Integer(), nullable=False),
        sa.Column("letter", sa.String(length=4), nullable=False),
        sa.Column("shift", sa.Integer(), nullable=False),
        sa.Column("class_teacher_id", sa.Integer(), nullable=True),
        sa.Column("home_room", sa.String(length=20), nullable=False),
        sa.ForeignKeyConstraint(
            ["class_teacher_id"],
            ["persons.id"],
            name=op.f("fk_classes_class_teacher_id_persons"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["school_id"],
            ["schools.id"],
            name=op.f("fk_classes_school_id_schools"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["year_id"],
            ["school_years.id"],
            name=op.f("fk_classes_year_id_school_years"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_classes")),
        sa.UniqueConstraint(
            "year_id", "grade", "letter", name=op.f("uq_classes_year_id_grade_letter")
        ),
    )
    with op.batch_alter_table("classes", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_classes_class_teacher_id"), ["class_teacher_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_classes_school_id"), ["school_id"], unique=False)

    op.create_table(
        "direct_messages",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("sender_id", sa.Integer(), nullable=False),
        sa.Column("recipient_id", sa.Integer(), nullable=False),
        sa.Column("pupil_id", sa.Integer(), nullable=True),
        sa.Column("reply_to_id", sa.Integer(), nullable=True),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("sent_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("answered_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("reminded_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["pupil_id"],
            ["persons.id"],
            name=op.f("fk_direct_messages_pupil_id_persons"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["recipient_id"],
            ["persons.id"],
            name=op.f("fk_direct_messages_recipient_id_persons"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["reply_to_id"],
            ["direct_messages.id"],
            name=op.f("fk_direct_messages_reply_to_id_direct_messages"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["sender_id"],
            ["persons.id"],
            name=op.f("fk_direct_messages_sender_id_persons"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_direct_messages")),
    )
    with op.batch_alter_table("direct_messages", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_direct_messages_recipient_id"), ["recipient_id"], unique=False
        )

    op.create_table(
        "guardian_links",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("guardian_id", sa.Integer(), nullable=False),
        sa.Column("pupil_id", sa.Integer(), nullable=False),
        sa.Column("relation", sa.String(length=30), nullable=False),
        sa.ForeignKeyConstraint(
            ["guardian_id"],
            ["persons.id"],
            name=op.f("fk_guardian_links_guardian_id_persons"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["pupil_id"],
            ["persons.id"],
            name=op.f("fk_guardian_links_pupil_id_persons"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_guardian_links")),
        sa.UniqueConstraint(
            "guardian_id", "pupil_id", name=op.f("uq_guardian_links_guardian_id_pupil_id")
        ),
    )
    with op.batch_alter_table("guardian_links", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_guardian_links_pupil_id"), ["pupil_id"], unique=False)

    op.create_table(
        "holidays",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("year_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=80), nullable=False),
        sa.Column("starts_on", sa.Date(), nullable=False),
        sa.Column("ends_on", sa.Date(), nullable=False),
        sa.ForeignKeyConstraint(
            ["year_id"],
            ["school_years.id"],
            name=op.f("fk_holidays_year_id_school_years"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_holidays")),
    )
    op.create_table(
        "invite_codes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("school_id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=32), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column(
            "role",
            sa.Enum("PUPIL", "GUARDIAN", "STAFF", name="inviterole", native_enum=False, length=20),
            nullable=False,
        ),
        sa.Column("issued_by", sa.Integer(), nullable=False),
        sa.Column("issued_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("used_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("revoked", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["issued_by"],
            ["persons.id"],
            name=op.f("fk_invite_codes_issued_by_persons"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["persons.id"],
            name=op.f("fk_invite_codes_person_id_persons"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["school_id"],
            ["schools.id"],
            name=op.f("fk_invite_codes_school_id_schools"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_invite_codes")),
        sa.UniqueConstraint("code", name=op.f("uq_invite_codes_code")),
    )
    with op.batch_alter_table("invite_codes", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_invite_codes_person_id"), ["person_id"], unique=False)

    op.create_table(
        "periods",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("year_id", sa.Integer(), nullable=False),
        sa.Column(
            "kind",
            sa.Enum(
                "QUARTER", "HALF_YEAR", "YEAR", name="periodkind", native_enum=False, length=20
            ),
            nullable=False,
        ),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=40), nullable=False),
        sa.Column("starts_on", sa.Date(), nullable=False),
        sa.Column("ends_on", sa.Date(), nullable=False),
        sa.ForeignKeyConstraint(
            ["year_id"],
            ["school_years.id"],
            name=op.f("fk_periods_year_id_school_years"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_periods")),
        sa.UniqueConstraint(
            "year_id", "kind", "number", name=op.f("uq_periods_year_id_kind_number")
        ),
    )
    op.create_table(
        "staff_positions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column(
            "role",
            sa.Enum(
                "ADMIN",
                "DIRECTOR",
                "DEPUTY",
                "TEACHER",
                "MEDIC",
                name="staffrole",
                native_enum=False,
                length=20,
            ),
            nullable=False,
        ),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["persons.id"],
            name=op.f("fk_staff_positions_person_id_persons"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_staff_positions")),
        sa.UniqueConstraint("person_id", "role", name=op.f("uq_staff_positions_person_id_role")),
    )
    with op.batch_alter_table("staff_positions", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_staff_positions_person_id"), ["person_id"], unique=False
        )

    op.create_table(
        "announcements",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("school_id", sa.Integer(), nullable=False),
        sa.Column("author_id", sa.Integer(), nullable=False),
        sa.Column(
            "scope",
            sa.Enum(
                "SCHOOL", "GRADE", "CLASS", name="announcementscope", native_enum=False, length=20
            ),
            nullable=False,
        ),
        sa.Column("grade", sa.Integer(), nullable=True),
        sa.Column("class_id", sa.Integer(), nullable=True),
        sa.Column("to_guardians", sa.Boolean(), nullable=False),
        sa.Column("to_pupils", sa.Boolean(), nullable=False),
        sa.Column("to_staff", sa.Boolean(), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("published_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["author_id"],
            ["persons.id"],
            name=op.f("fk_announcements_author_id_persons"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["class_id"],
            ["classes.id"],
            name=op.f("fk_announcements_class_id_classes"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["school_id"],
            ["schools.id"],
            name=op.f("fk_announcements_school_id_schools"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_announcements")),
    )
    with op.batch_alter_table("announcements", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_announcements_school_id"), ["school_id"], unique=False)

    op.create_table(
        "digest_items",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("chat_account_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=40), nullable=False),
        sa.Column("topic", sa.String(length=80), nullable=True),
        sa.Column("ref_id", sa.Integer(), nullable=True),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("keyboard", sa.JSON(), nullable=True),
        sa.Column("dedup_key", sa.String(length=120), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("release_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("released", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["chat_account_id"],
            ["chat_accounts.id"],
            name=op.f("fk_digest_items_chat_account_id_chat_accounts"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_digest_items")),
        sa.UniqueConstraint("dedup_key", name=op.f("uq_digest_items_dedup_key")),
    )
    with op.batch_alter_table("digest_items", schema=None) as batch_op:
        batch_op.create_index("ix_digest_items_due", ["released", "release_at"], unique=False)
        batch_op.create_index("ix_digest_items_topic", ["chat_account_id", "topic"], unique=False)

    op.create_table(
        "enrollments",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("pupil_id", sa.Integer(), nullable=False),
        sa.Column("class_id", sa.Integer(), nullable=False),
        sa.Column("is_active", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["class_id"],
            ["classes.id"],
            name=op.f("fk_enrollments_class_id_classes"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["pupil_id"],
            ["persons.id"],
            name=op.f("fk_enrollments_pupil_id_persons"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_enrollments")),
        sa.UniqueConstraint("pupil_id", "class_id", name=op.f("uq_enrollments_pupil_id_class_id")),
    )
    with op.batch_alter_table("enrollments", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_enrollments_class_id"), ["class_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_enrollments_pupil_id"), ["pupil_id"], unique=False)

    op.create_table(
        "final_marks",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("pupil_id", sa.Integer(), nullable=False),
        sa.Column("subject_id", sa.Integer(), nullable=False),
        sa.Column("period_id", sa.Integer(), nullable=False),
        sa.Column("value", sa.String(length=10), nullable=False),
        sa.Column(
            "average_at_set", sa.Numeric(precision=4, scale=2, asdecimal=False), nullable=True
        ),
        sa.Column("author_id", sa.Integer(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["author_id"],
            ["persons.id"],
            name=op.f("fk_final_marks_author_id_persons"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["period_id"],
            ["periods.id"],
            name=op.f("fk_final_marks_period_id_periods"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["pupil_id"],
            ["persons.id"],
            name=op.f("fk_final_marks_pupil_id_persons"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["subject_id"],
            ["subjects.id"],
            name=op.f("fk_final_marks_subject_id_subjects"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_final_marks")),
        sa.UniqueConstraint(
            "pupil_id",
            "subject_id",
            "period_id",
            name=op.f("uq_final_marks_pupil_id_subject_id_period_id"),
        ),
    )
    with op.batch_alter_table("final_marks", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_final_marks_pupil_id"), ["pupil_id"], unique=False)

    op.create_table(
        "notification_preferences",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("chat_account_id", sa.Integer(), nullable=False),
        sa.Column("pupil_id", sa.Integer(), nullable=True),
        sa.Column("absences", sa.Boolean(), nullable=False),
        sa.Column("poor_marks", sa.Boolean(), nullable=False),
        sa.Column("all_marks", sa.Boolean(), nullable=False),
        sa.Column("poor_mark_threshold", sa.Integer(), nullable=False),
        sa.Column("subject_thresholds", sa.JSON(), nullable=False),
        sa.Column("final_risk", sa.Boolean(), nullable=False),
        sa.Column("schedule_changes", sa.Boolean(), nullable=False),
        sa.Column("announcements", sa.Boolean(), nullable=False),
        sa.Column("evening_card", sa.Boolean(), nullable=False),
        sa.Column("weekly_summary", sa.Boolean(), nullable=False),
        sa.Column("quiet_from", sa.String(length=5), nullable=False),
        sa.Column("quiet_to", sa.String(length=5), nullable=False),
        sa.ForeignKeyConstraint(
            ["chat_account_id"],
            ["chat_accounts.id"],
            name=op.f("fk_notification_preferences_chat_account_id_chat_accounts"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["pupil_id"],
            ["persons.id"],
            name=op.f("fk_notification_preferences_pupil_id_persons"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_notification_preferences")),
        sa.UniqueConstraint(
            "chat_account_id",
            "pupil_id",
            name=op.f("uq_notification_preferences_chat_account_id_pupil_id"),
        ),
    )
    op.create_table(
        "outgoing_messages",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("chat_account_id", sa.Integer(), nullable=False),
        sa.Column(
            "platform",
            sa.Enum("TELEGRAM", "VK", "TERMINAL", name="platform", native_enum=False, length=20),
            nullable=False,
        ),
        sa.Column("chat_external_id", sa.String(length=64), nullable=False),
        sa.Column("kind", sa.String(length=40), nullable=False),
        sa.Column("topic", sa.String(length=80), nullable=True),
        sa.Column("ref_id", sa.Integer(), nullable=True),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("keyboard", sa.JSON(), nullable=True),
        sa.Column("priority", sa.Integer(), nullable=False),
        sa.Column("dedup_key", sa.String(length=120), nullable=False),
        sa.Column("status", sa.String(length=12), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("next_attempt_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("sent_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("platform_message_id", sa.String(length=40), nullable=True),
        sa.Column("last_error", sa.String(length=300), nullable=True),
        sa.ForeignKeyConstraint(
            ["chat_account_id"],
            ["chat_accounts.id"],
            name=op.f("fk_outgoing_messages_chat_account_id_chat_accounts"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_outgoing_messages")),
        sa.UniqueConstraint("dedup_key", name=op.f("uq_outgoing_messages_dedup_key")),
    )
    with op.batch_alter_table("outgoing_messages", schema=None) as batch_op:
        batch_op.create_index(
            "ix_outgoing_due",
            ["platform", "status", "priority", "next_attempt_at", "id"],
            unique=False,
        )
        batch_op.create_index(
            batch_op.f("ix_outgoing_messages_chat_account_id"), ["chat_account_id"], unique=False
        )
        batch_op.create_index("ix_outgoing_ref", ["kind", "ref_id"], unique=False)
        batch_op.create_index("ix_outgoing_topic", ["chat_account_id", "topic"], unique=False)

    op.create_table(
        "subgroups",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("class_id", sa.Integer(), nullable=False),
        sa.Column("subject_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=40), nullable=False),
        sa.ForeignKeyConstraint(
            ["class_id"],
            ["classes.id"],
            name=op.f("fk_subgroups_class_id_classes"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["subject_id"],
            ["subjects.id"],
            name=op.f("fk_subgroups_subject_id_subjects"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_subgroups")),
    )
    with op.batch_alter_table("subgroups", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_subgroups_class_id"), ["class_id"], unique=False)

    op.create_table(
        "announcement_reads",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("announcement_id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("read_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["announcement_id"],
            ["announcements.id"],
            name=op.f("fk_announcement_reads_announcement_id_announcements"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["persons.id"],
            name=op.f("fk_announcement_reads_person_id_persons"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_announcement_reads")),
        sa.UniqueConstraint(
            "announcement_id",
            "person_id",
            name=op.f("uq_announcement_reads_announcement_id_person_id"),
        ),
    )
    op.create_table(
        "subgroup_members",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("subgroup_id", sa.Integer(), nullable=False),
        sa.Column("pupil_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["pupil_id"],
            ["persons.id"],
            name=op.f("fk_subgroup_members_pupil_id_persons"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["subgroup_id"],
            ["subgroups.id"],
            name=op.f("fk_subgroup_members_subgroup_id_subgroups"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_subgroup_members")),
        sa.UniqueConstraint(
            "subgroup_id", "pupil_id", name=op.f("uq_subgroup_members_subgroup_id_pupil_id")
        ),
    )
    with op.batch_alter_table("subgroup_members", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_subgroup_members_pupil_id"), ["pupil_id"], unique=False
        )

    op.create_table(
        "teaching_assignments",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("class_id", sa.Integer(), nullable=False),
        sa.Column("subject_id", sa.Integer(), nullable=False),
        sa.Column("subgroup_id", sa.Integer(), nullable=True),
        sa.Column("teacher_id", sa.Integer(), nullable=False),
        sa.Column("hours_per_week", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["class_id"],
            ["classes.id"],
            name=op.f("fk_teaching_assignments_class_id_classes"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["subgroup_id"],
            ["subgroups.id"],
            name=op.f("fk_teaching_assignments_subgroup_id_subgroups"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["subject_id"],
            ["subjects.id"],
            name=op.f("fk_teaching_assignments_subject_id_subjects"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["teacher_id"],
            ["persons.id"],
            name=op.f("fk_teaching_assignments_teacher_id_persons"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_teaching_assignments")),
    )
    with op.batch_alter_table("teaching_assignments", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_teaching_assignments_class_id"), ["class_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_teaching_assignments_teacher_id"), ["teacher_id"], unique=False
        )

    op.create_table(
        "lessons",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("assignment_id", sa.Integer(), nullable=False),
        sa.Column("class_id", sa.Integer(), nullable=False),
        sa.Column("subject_id", sa.Integer(), nullable=False),
        sa.Column("subgroup_id", sa.Integer(), nullable=True),
        sa.Column("teacher_id", sa.Integer(), nullable=False),
        sa.Column("date", sa.Date(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("room", sa.String(length=20), nullable=False),
        sa.Column(
            "status",
            sa.Enum(
                "PLANNED", "HELD", "CANCELLED", name="lessonstatus", native_enum=False, length=20
            ),
            nullable=False,
        ),
        sa.Column("substitute_teacher_id", sa.Integer(), nullable=True),
        sa.Column("original_room", sa.String(length=20), nullable=True),
        sa.Column("moved_from_date", sa.Date(), nullable=True),
        sa.Column("moved_from_number", sa.Integer(), nullable=True),
        sa.Column("change_note", sa.String(length=200), nullable=False),
        sa.Column("topic", sa.Text(), nullable=False),
        sa.Column("roll_call_done", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["assignment_id"],
            ["teaching_assignments.id"],
            name=op.f("fk_lessons_assignment_id_teaching_assignments"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["class_id"],
            ["classes.id"],
            name=op.f("fk_lessons_class_id_classes"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["subgroup_id"],
            ["subgroups.id"],
            name=op.f("fk_lessons_subgroup_id_subgroups"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["subject_id"],
            ["subjects.id"],
            name=op.f("fk_lessons_subject_id_subjects"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["substitute_teacher_id"],
            ["persons.id"],
            name=op.f("fk_lessons_substitute_teacher_id_persons"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["teacher_id"],
            ["persons.id"],
            name=op.f("fk_lessons_teacher_id_persons"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_lessons")),
    )
    with op.batch_alter_table("lessons", schema=None) as batch_op:
        batch_op.create_index("ix_lessons_class_date", ["class_id", "date"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_lessons_substitute_teacher_id"), ["substitute_teacher_id"], unique=False
        )
        batch_op.create_index("ix_lessons_teacher_date", ["teacher_id", "date"], unique=False)

    op.create_table(
        "timetable_entries",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("assignment_id", sa.Integer(), nullable=False),
        sa.Column("weekday", sa.Integer(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("room", sa.String(length=20), nullable=False),
        sa.ForeignKeyConstraint(
            ["assignment_id"],
            ["teaching_assignments.id"],
            name=op.f("fk_timetable_entries_assignment_id_teaching_assignments"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_timetable_entries")),
        sa.UniqueConstraint(
            "assignment_id",
            "weekday",
            "number",
            name=op.f("uq_timetable_entries_assignment_id_weekday_number"),
        ),
    )
    with op.batch_alter_table("timetable_entries", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_timetable_entries_assignment_id"), ["assignment_id"], unique=False
        )

    op.create_table(
        "absence_reason_reports",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("lesson_id", sa.Integer(), nullable=False),
        sa.Column("pupil_id", sa.Integer(), nullable=False),
        sa.Column("class_id", sa.Integer(), nullable=False),
        sa.Column("lesson_date", sa.Date(), nullable=False),
        sa.Column("reported_by", sa.Integer(), nullable=False),
        sa.Column("reason", sa.String(length=20), nullable=False),
        sa.Column("reported_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("seen_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["class_id"],
            ["classes.id"],
            name=op.f("fk_absence_reason_reports_class_id_classes"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["lesson_id"],
            ["lessons.id"],
            name=op.f("fk_absence_reason_reports_lesson_id_lessons"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["pupil_id"],
            ["persons.id"],
            name=op.f("fk_absence_reason_reports_pupil_id_persons"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["reported_by"],
            ["persons.id"],
            name=op.f("fk_absence_reason_reports_reported_by_persons"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_absence_reason_reports")),
        sa.UniqueConstraint(
            "lesson_id",
            "pupil_id",
            "reported_by",
            name=op.f("uq_absence_reason_reports_lesson_id_pupil_id_reported_by"),
        ),
    )
    with op.batch_alter_table("absence_reason_reports", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_absence_reason_reports_class_id"), ["class_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_absence_reason_reports_pupil_id"), ["pupil_id"], unique=False
        )

    op.create_table(
        "attendance",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("lesson_id", sa.Integer(), nullable=False),
        sa.Column("pupil_id", sa.Integer(), nullable=False),
        sa.Column("lesson_date", sa.Date(), nullable=False),
        sa.Column(
            "status",
            sa.Enum(
                "PRESENT",
                "ABSENT",
                "ILL",
                "EXCUSED",
                "LATE",
                "EXEMPT",
                name="attendancestatus",
                native_enum=False,
                length=20,
            ),
            nullable=False,
        ),
        sa.Column("reason", sa.String(length=300), nullable=False),
        sa.Column("author_id", sa.Integer(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["author_id"],
            ["persons.id"],
            name=op.f("fk_attendance_author_id_persons"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["lesson_id"],
            ["lessons.id"],
            name=op.f("fk_attendance_lesson_id_lessons"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["pupil_id"],
            ["persons.id"],
            name=op.f("fk_attendance_pupil_id_persons"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_attendance")),
        sa.UniqueConstraint("lesson_id", "pupil_id", name=op.f("uq_attendance_lesson_id_pupil_id")),
    )
    with op.batch_alter_table("attendance", schema=None) as batch_op:
        batch_op.create_index("ix_attendance_pupil_date", ["pupil_id", "lesson_date"], unique=False)

    op.create_table(
        "homework",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("lesson_id", sa.Integer(), nullable=False),
        sa.Column("class_id", sa.Integer(), nullable=False),
        sa.Column("subject_id", sa.Integer(), nullable=False),
        sa.Column("subgroup_id", sa.Integer(), nullable=True),
        sa.Column("due_date", sa.Date(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("is_individual", sa.Boolean(), nullable=False),
        sa.Column("attachment_kind", sa.String(length=20), nullable=True),
        sa.Column("attachment_ref", sa.String(length=300), nullable=True),
        sa.Column("author_id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["author_id"],
            ["persons.id"],
            name=op.f("fk_homework_author_id_persons"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["class_id"],
            ["classes.id"],
            name=op.f("fk_homework_class_id_classes"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["lesson_id"],
            ["lessons.id"],
            name=op.f("fk_homework_lesson_id_lessons"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["subgroup_id"],
            ["subgroups.id"],
            name=op.f("fk_homework_subgroup_id_subgroups"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["subject_id"],
            ["subjects.id"],
            name=op.f("fk_homework_subject_id_subjects"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_homework")),
    )
    with op.batch_alter_table("homework", schema=None) as batch_op:
        batch_op.create_index("ix_homework_class_due", ["class_id", "due_date"], unique=False)
        batch_op.create_index(batch_op.f("ix_homework_lesson_id"), ["lesson_id"], unique=False)

    op.create_table(
        "marks",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("lesson_id", sa.Integer(), nullable=False),
        sa.Column("pupil_id", sa.Integer(), nullable=False),
        sa.Column("subject_id", sa.Integer(), nullable=False),
        sa.Column("lesson_date", sa.Date(), nullable=False),
        sa.Column("value", sa.Integer(), nullable=False),
        sa.Column("work_type_id", sa.Integer(), nullable=False),
        sa.Column("weight", sa.Numeric(precision=4, scale=2, asdecimal=False), nullable=False),
        sa.Column("comment", sa.String(length=500), nullable=False),
        sa.Column("author_id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("is_deleted", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["author_id"],
            ["persons.id"],
            name=op.f("fk_marks_author_id_persons"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["lesson_id"],
            ["lessons.id"],
            name=op.f("fk_marks_lesson_id_lessons"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["pupil_id"], ["persons.id"], name=op.f("fk_marks_pupil_id_persons"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["subject_id"],
            ["subjects.id"],
            name=op.f("fk_marks_subject_id_subjects"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["work_type_id"],
            ["work_types.id"],
            name=op.f("fk_marks_work_type_id_work_types"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_marks")),
    )
    with op.batch_alter_table("marks", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_marks_lesson_id"), ["lesson_id"], unique=False)
        batch_op.create_index("ix_marks_pupil_subject", ["pupil_id", "subject_id"], unique=False)

    op.create_table(
        "attendance_changes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("attendance_id", sa.Integer(), nullable=False),
        sa.Column(
            "action",
            sa.Enum(
                "CREATED", "UPDATED", "DELETED", name="changeaction", native_enum=False, length=20
            ),
            nullable=False,
        ),
        sa.Column("changed_by", sa.Integer(), nullable=False),
        sa.Column("changed_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("old_value", sa.String(length=320), nullable=True),
        sa.Column("new_value", sa.String(length=320), nullable=True),
        sa.ForeignKeyConstraint(
            ["attendance_id"],
            ["attendance.id"],
            name=op.f("fk_attendance_changes_attendance_id_attendance"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["changed_by"],
            ["persons.id"],
            name=op.f("fk_attendance_changes_changed_by_persons"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_attendance_changes")),
    )
    with op.batch_alter_table("attendance_changes", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_attendance_changes_attendance_id"), ["attendance_id"], unique=False
        )

    op.create_table(
        "homework_targets",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("homework_id", sa.Integer(), nullable=False),
        sa.Column("pupil_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["homework_id"],
            ["homework.id"],
            name=op.f("fk_homework_targets_homework_id_homework"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["pupil_id"],
            ["persons.id"],
            name=op.f("fk_homework_targets_pupil_id_persons"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_homework_targets")),
        sa.UniqueConstraint(
            "homework_id", "pupil_id", name=op.f("uq_homework_targets_homework_id_pupil_id")
        ),
    )
    with op.batch_alter_table("homework_targets", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_homework_targets_pupil_id"), ["pupil_id"], unique=False
        )

    op.create_table(
        "mark_changes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("mark_id", sa.Integer(), nullable=False),
        sa.Column(
            "action",
            sa.Enum(
                "CREATED", "UPDATED", "DELETED", name="changeaction", native_enum=False, length=20
            ),
            nullable=False,
        ),
        sa.Column("changed_by", sa.Integer(), nullable=False),
        sa.Column("changed_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("old_value", sa.String(length=60), nullable=True),
        sa.Column("new_value", sa.String(length=60), nullable=True),
        sa.ForeignKeyConstraint(
            ["changed_by"],
            ["persons.id"],
            name=op.f("fk_mark_changes_changed_by_persons"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["mark_id"],
            ["marks.id"],
            name=op.f("fk_mark_changes_mark_id_marks"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_mark_changes")),
    )
    with op.batch_alter_table("mark_changes", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_mark_changes_mark_id"), ["mark_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("mark_changes", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_mark_changes_mark_id"))

    op.drop_table("mark_changes")
    with op.batch_alter_table("homework_targets", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_homework_targets_pupil_id"))

    op.drop_table("homework_targets")
    with op.batch_alter_table("attendance_changes", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_attendance_changes_attendance_id"))

    op.drop_table("attendance_changes")
    with op.batch_alter_table("marks", schema=None) as batch_op:
        batch_op.drop_index("ix_marks_pupil_subject")
        batch_op.drop_index(batch_op.f("ix_marks_lesson_id"))

    op.drop_table("marks")
    with op.batch_alter_table("homework", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_homework_lesson_id"))
        batch_op.drop_index("ix_homework_class_due")

    op.drop_table("homework")
    with op.batch_alter_table("attendance", schema=None) as batch_op:
        batch_op.drop_index("ix_attendance_pupil_date")

    op.drop_table("attendance")
    with op.batch_alter_table("absence_reason_reports", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_absence_reason_reports_pupil_id"))
        batch_op.drop_index(batch_op.f("ix_absence_reason_reports_class_id"))

    op.drop_table("absence_reason_reports")
    with op.batch_alter_table("timetable_entries", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_timetable_entries_assignment_id"))

    op.drop_table("timetable_entries")
    with op.batch_alter_table("lessons", schema=None) as batch_op:
        batch_op.drop_index("ix_lessons_teacher_date")
        batch_op.drop_index(batch_op.f("ix_lessons_substitute_teacher_id"))
        batch_op.drop_index("ix_lessons_class_date")

    op.drop_table("lessons")
    with op.batch_alter_table("teaching_assignments", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_teaching_assignments_teacher_id"))
        batch_op.drop_index(batch_op.f("ix_teaching_assignments_class_id"))

    op.drop_table("teaching_assignments")
    with op.batch_alter_table("subgroup_members", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_subgroup_members_pupil_id"))

    op.drop_table("subgroup_members")
    op.drop_table("announcement_reads")
    with op.batch_alter_table("subgroups", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_subgroups_class_id"))

    op.drop_table("subgroups")
    with op.batch_alter_table("outgoing_messages", schema=None) as batch_op:
        batch_op.drop_index("ix_outgoing_topic")
        batch_op.drop_index("ix_outgoing_ref")
        batch_op.drop_index(batch_op.f("ix_outgoing_messages_chat_account_id"))
        batch_op.drop_index("ix_outgoing_due")

    op.drop_table("outgoing_messages")
    op.drop_table("notification_preferences")
    with op.batch_alter_table("final_marks", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_final_marks_pupil_id"))

    op.drop_table("final_marks")
    with op.batch_alter_table("enrollments", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_enrollments_pupil_id"))
        batch_op.drop_index(batch_op.f("ix_enrollments_class_id"))

    op.drop_table("enrollments")
    with op.batch_alter_table("digest_items", schema=None) as batch_op:
        batch_op.drop_index("ix_digest_items_topic")
        batch_op.drop_index("ix_digest_items_due")

    op.drop_table("digest_items")
    with op.batch_alter_table("announcements", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_announcements_school_id"))

    op.drop_table("announcements")
    with op.batch_alter_table("staff_positions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_staff_positions_person_id"))

    op.drop_table("staff_positions")
    op.drop_table("periods")
    with op.batch_alter_table("invite_codes", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_invite_codes_person_id"))

    op.drop_table("invite_codes")
    op.drop_table("holidays")
    with op.batch_alter_table("guardian_links", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_guardian_links_pupil_id"))

    op.drop_table("guardian_links")
    with op.batch_alter_table("direct_messages", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_direct_messages_recipient_id"))

    op.drop_table("direct_messages")
    with op.batch_alter_table("classes", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_classes_school_id"))
        batch_op.drop_index(batch_op.f("ix_classes_class_teacher_id"))

    op.drop_table("classes")
    with op.batch_alter_table("chat_accounts", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_chat_accounts_person_id"))

    op.drop_table("chat_accounts")
    with op.batch_alter_table("audit_log", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_audit_log_subject_person_id"))

    op.drop_table("audit_log")
    op.drop_table("work_types")
    op.drop_table("subjects")
    with op.batch_alter_table("school_years", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_school_years_school_id"))

    op.drop_table("school_years")
    with op.batch_alter_table("persons", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_persons_school_id"))

    op.drop_table("persons")
    with op.batch_alter_table("outbox_events", schema=None) as batch_op:
        batch_op.drop_index("ix_outbox_pending")

    op.drop_table("outbox_events")
    op.drop_table("bell_slots")
    op.drop_table("schools")
    with op.batch_alter_table("invite_attempts", schema=None) as batch_op:
        batch_op.drop_index("ix_invite_attempts_account")

    op.drop_table("invite_attempts")
    op.drop_table("conversation_states")
