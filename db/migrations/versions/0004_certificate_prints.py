"""certificate print log

Revision ID: 0004
Revises: 0003

`certificate_prints`: one row each time a certificate (Giấy khen, CSTĐCS ...) of a ledger
award is printed or saved as PDF, so the office knows what was printed and what reprinted.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "certificate_prints",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("award_id", sa.Integer(), nullable=False),
        sa.Column("printed_at", sa.DateTime(), server_default=sa.text("(CURRENT_TIMESTAMP)"),
                  nullable=False),
        sa.Column("mode", sa.String(length=10), nullable=False),
        sa.Column("reprint", sa.Boolean(), nullable=False),
        sa.Column("user", sa.String(length=60), nullable=False),
        sa.Column("printer", sa.String(length=100), nullable=False),
        sa.ForeignKeyConstraint(["award_id"], ["awards.id"],
                                name=op.f("fk_certificate_prints_award_id_awards"), ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_certificate_prints")),
    )
    with op.batch_alter_table("certificate_prints", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_certificate_prints_award_id"), ["award_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("certificate_prints", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_certificate_prints_award_id"))
    op.drop_table("certificate_prints")
