"""units: the head and members of each year, and the day a unit stopped

Revision ID: 0010_i24_units
Revises: 0009_i17_signers

`unit_years`: a unit's head (thủ trưởng) and number of members in one year, entered on the
unit's page (the collective titles' shares are counted on that year's members).
`units.closed_on`: the day a unit stopped working (ngừng hoạt động) without being merged; it
stays in the data for its history.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0010_i24_units"
down_revision = "0009_i17_signers"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "unit_years",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("unit_id", sa.Integer(), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("head_name", sa.String(length=100), nullable=False),
        sa.Column("head_title", sa.String(length=100), nullable=False),
        sa.Column("member_count", sa.Integer(), nullable=True),
        sa.Column("female_count", sa.Integer(), nullable=True),
        sa.Column("notes", sa.Text(), nullable=False),
        sa.CheckConstraint("member_count IS NULL OR member_count >= 0", name=op.f("ck_unit_years_members")),
        sa.CheckConstraint("female_count IS NULL OR female_count >= 0", name=op.f("ck_unit_years_female")),
        sa.ForeignKeyConstraint(["unit_id"], ["units.id"], name=op.f("fk_unit_years_unit_id_units"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_unit_years")),
        sa.UniqueConstraint("unit_id", "year", name=op.f("uq_unit_years_unit_id_year")),
    )
    with op.batch_alter_table("unit_years", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_unit_years_unit_id"), ["unit_id"], unique=False)
    with op.batch_alter_table("units", schema=None) as batch_op:
        batch_op.add_column(sa.Column("closed_on", sa.Date(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("units", schema=None) as batch_op:
        batch_op.drop_column("closed_on")
    with op.batch_alter_table("unit_years", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_unit_years_unit_id"))
    op.drop_table("unit_years")
