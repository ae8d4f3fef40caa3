"""what the vote minutes state: start and end time, the counting board, the ballots

Revision ID: 0012_i17_vote_minutes
Revises: 0011_i16_facts

`council_meetings.started_at` / `ended_at` ("08:00"); `meeting_attendance.counting` (the
member's place on the counting board, Ban kiểm phiếu: head / member); `ballot_counts`: per
meeting and title, the ballots issued, returned and valid.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0012_i17_vote_minutes"
down_revision = "0011_i16_facts"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("council_meetings", schema=None) as batch_op:
        batch_op.add_column(sa.Column("started_at", sa.String(length=5), nullable=False, server_default=""))
        batch_op.add_column(sa.Column("ended_at", sa.String(length=5), nullable=False, server_default=""))
    with op.batch_alter_table("meeting_attendance", schema=None) as batch_op:
        batch_op.add_column(sa.Column("counting", sa.String(length=10), nullable=False, server_default=""))
    op.create_table(
        "ballot_counts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("meeting_id", sa.Integer(), nullable=False),
        sa.Column("award_type_id", sa.Integer(), nullable=False),
        sa.Column("issued", sa.Integer(), nullable=False),
        sa.Column("returned", sa.Integer(), nullable=False),
        sa.Column("valid", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["award_type_id"], ["award_types.id"],
                                name=op.f("fk_ballot_counts_award_type_id_award_types"), ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["meeting_id"], ["council_meetings.id"],
                                name=op.f("fk_ballot_counts_meeting_id_council_meetings"), ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_ballot_counts")),
        sa.UniqueConstraint("meeting_id", "award_type_id", name=op.f("uq_ballot_counts_meeting_id_award_type_id")),
    )


def downgrade() -> None:
    op.drop_table("ballot_counts")
    with op.batch_alter_table("meeting_attendance", schema=None) as batch_op:
        batch_op.drop_column("counting")
    with op.batch_alter_table("council_meetings", schema=None) as batch_op:
        batch_op.drop_column("ended_at")
        batch_op.drop_column("started_at")
