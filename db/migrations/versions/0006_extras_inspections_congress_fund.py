"""province bloc details and evidence, inspections and follow-ups, emulation congress, fund

Revision ID: 0006
Revises: 0005

`province_bloc_info`: what the office keeps about the province's bloc our authority belongs to
(other members, head and deputy as text, the criteria's source, the covenant, the self-score
sent, the final score). `province_bloc_evidence`: documents backing our self-score per
criterion. `inspections` and `inspection_follow_ups`: the year's inspections of units and what
each unit was asked to do by when. `congresses` and `congress_entries`: the Emulation Congress
with its delegates and honoured exemplars. `fund_allocations`: the money allotted to the
year's emulation and commendation work.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def _timestamps() -> list[sa.Column]:
    return [sa.Column("created_at", sa.DateTime(), server_default=sa.text("(CURRENT_TIMESTAMP)"),
                      nullable=False),
            sa.Column("updated_at", sa.DateTime(), nullable=True)]


def upgrade() -> None:
    op.create_table(
        "province_bloc_info",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("bloc_id", sa.Integer(), nullable=False),
        sa.Column("head_name", sa.String(length=200), nullable=False),
        sa.Column("deputy_name", sa.String(length=200), nullable=False),
        sa.Column("other_members", sa.Text(), nullable=False),
        sa.Column("criteria_source", sa.String(length=300), nullable=False),
        sa.Column("covenant_place", sa.String(length=200), nullable=False),
        sa.Column("covenant_content", sa.Text(), nullable=False),
        sa.Column("self_sent_on", sa.Date(), nullable=True),
        sa.Column("self_sent_ref", sa.String(length=100), nullable=False),
        sa.Column("final_score", sa.Numeric(8, 2), nullable=True),
        sa.Column("result_note", sa.Text(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        *_timestamps(),
        sa.ForeignKeyConstraint(["bloc_id"], ["blocs.id"], name=op.f("fk_province_bloc_info_bloc_id_blocs"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_province_bloc_info")),
        sa.UniqueConstraint("bloc_id", name=op.f("uq_province_bloc_info_bloc_id")),
    )
    op.create_table(
        "province_bloc_evidence",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("criterion_id", sa.Integer(), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("document", sa.String(length=400), nullable=False),
        sa.Column("file_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(["criterion_id"], ["bloc_criteria.id"],
                                name=op.f("fk_province_bloc_evidence_criterion_id_bloc_criteria"),
                                ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["file_id"], ["stored_files.id"],
                                name=op.f("fk_province_bloc_evidence_file_id_stored_files"),
                                ondelete="RESTRICT"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_province_bloc_evidence")),
    )
    with op.batch_alter_table("province_bloc_evidence", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_province_bloc_evidence_criterion_id"), ["criterion_id"])

    op.create_table(
        "inspections",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("unit_id", sa.Integer(), nullable=False),
        sa.Column("planned_on", sa.Date(), nullable=False),
        sa.Column("held_on", sa.Date(), nullable=True),
        sa.Column("team", sa.String(length=300), nullable=False),
        sa.Column("lead", sa.String(length=120), nullable=False),
        sa.Column("content", sa.Text(), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("findings", sa.Text(), nullable=False),
        sa.Column("conclusion_ref", sa.String(length=120), nullable=False),
        sa.Column("notes", sa.Text(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        *_timestamps(),
        sa.ForeignKeyConstraint(["unit_id"], ["units.id"], name=op.f("fk_inspections_unit_id_units"),
                                ondelete="RESTRICT"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_inspections")),
    )
    with op.batch_alter_table("inspections", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_inspections_year"), ["year"])
        batch_op.create_index(batch_op.f("ix_inspections_unit_id"), ["unit_id"])
    op.create_table(
        "inspection_follow_ups",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("inspection_id", sa.Integer(), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("request", sa.Text(), nullable=False),
        sa.Column("due_on", sa.Date(), nullable=True),
        sa.Column("done_on", sa.Date(), nullable=True),
        sa.Column("response", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(["inspection_id"], ["inspections.id"],
                                name=op.f("fk_inspection_follow_ups_inspection_id_inspections"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_inspection_follow_ups")),
    )
    with op.batch_alter_table("inspection_follow_ups", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_inspection_follow_ups_inspection_id"), ["inspection_id"])
        batch_op.create_index(batch_op.f("ix_inspection_follow_ups_due_on"), ["due_on"])

    op.create_table(
        "congresses",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=300), nullable=False),
        sa.Column("period_from", sa.Integer(), nullable=False),
        sa.Column("period_to", sa.Integer(), nullable=False),
        sa.Column("held_on", sa.Date(), nullable=True),
        sa.Column("place", sa.String(length=200), nullable=False),
        sa.Column("delegate_target", sa.Integer(), nullable=False),
        sa.Column("honour_target", sa.Integer(), nullable=False),
        sa.Column("quotas", sa.JSON(), nullable=False),
        sa.Column("notes", sa.Text(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        *_timestamps(),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_congresses")),
        sa.UniqueConstraint("number", name=op.f("uq_congresses_number")),
    )
    with op.batch_alter_table("congresses", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_congresses_year"), ["year"])
    op.create_table(
        "congress_entries",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("congress_id", sa.Integer(), nullable=False),
        sa.Column("role", sa.String(length=10), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("subject", sa.String(length=20), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=True),
        sa.Column("unit_id", sa.Integer(), nullable=True),
        sa.Column("registration_id", sa.Integer(), nullable=True),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("position", sa.String(length=200), nullable=False),
        sa.Column("unit_text", sa.String(length=200), nullable=False),
        sa.Column("birth_year", sa.Integer(), nullable=True),
        sa.Column("ethnicity", sa.String(length=50), nullable=False),
        sa.Column("female", sa.Boolean(), nullable=False),
        sa.Column("minority", sa.Boolean(), nullable=False),
        sa.Column("direct_worker", sa.Boolean(), nullable=False),
        sa.Column("grassroots", sa.Boolean(), nullable=False),
        sa.Column("achievement", sa.Text(), nullable=False),
        sa.Column("award_code", sa.String(length=40), nullable=False),
        sa.Column("award_id", sa.Integer(), nullable=True),
        sa.Column("source", sa.String(length=20), nullable=False),
        sa.Column("notes", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(["congress_id"], ["congresses.id"],
                                name=op.f("fk_congress_entries_congress_id_congresses"), ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["person_id"], ["people.id"],
                                name=op.f("fk_congress_entries_person_id_people"), ondelete="SET NULL"),
        sa.ForeignKeyConstraint(["unit_id"], ["units.id"],
                                name=op.f("fk_congress_entries_unit_id_units"), ondelete="SET NULL"),
        sa.ForeignKeyConstraint(["registration_id"], ["registrations.id"],
                                name=op.f("fk_congress_entries_registration_id_registrations"),
                                ondelete="SET NULL"),
        sa.ForeignKeyConstraint(["award_id"], ["awards.id"],
                                name=op.f("fk_congress_entries_award_id_awards"), ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_congress_entries")),
    )
    with op.batch_alter_table("congress_entries", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_congress_entries_congress_id"), ["congress_id"])

    op.create_table(
        "fund_allocations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("allotted_on", sa.Date(), nullable=False),
        sa.Column("amount", sa.Numeric(14, 0), nullable=False),
        sa.Column("document", sa.String(length=200), nullable=False),
        sa.Column("notes", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_fund_allocations")),
    )
    with op.batch_alter_table("fund_allocations", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_fund_allocations_year"), ["year"])


def downgrade() -> None:
    for table, indexes in (("fund_allocations", ["ix_fund_allocations_year"]),
                           ("congress_entries", ["ix_congress_entries_congress_id"]),
                           ("congresses", ["ix_congresses_year"]),
                           ("inspection_follow_ups", ["ix_inspection_follow_ups_due_on",
                                                      "ix_inspection_follow_ups_inspection_id"]),
                           ("inspections", ["ix_inspections_unit_id", "ix_inspections_year"]),
                           ("province_bloc_evidence", ["ix_province_bloc_evidence_criterion_id"])):
        with op.batch_alter_table(table, schema=None) as batch_op:
            for name in indexes:
                batch_op.drop_index(batch_op.f(name))
        op.drop_table(table)
    op.drop_table("province_bloc_info")
