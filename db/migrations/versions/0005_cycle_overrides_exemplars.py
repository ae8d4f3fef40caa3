"""per-unit deadline overrides; exemplar register fields on registrations

Revision ID: 0005
Revises: 0004

`submission_due_overrides`: a unit given its own deadline for one due (the deadline is set once
for all units and overridden for a few). Registrations that are exemplars (điển hình tiên
tiến) carry the register's fields: the model built, the movement it belongs to, how and when it
was publicised.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "submission_due_overrides",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("due_id", sa.Integer(), nullable=False),
        sa.Column("unit_id", sa.Integer(), nullable=False),
        sa.Column("due_on", sa.Date(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False, server_default=""),
        sa.ForeignKeyConstraint(["due_id"], ["submission_dues.id"],
                                name=op.f("fk_submission_due_overrides_due_id_submission_dues"),
                                ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["unit_id"], ["units.id"],
                                name=op.f("fk_submission_due_overrides_unit_id_units"), ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_submission_due_overrides")),
        sa.UniqueConstraint("due_id", "unit_id", name=op.f("uq_submission_due_overrides_due_id_unit_id")),
    )
    with op.batch_alter_table("registrations", schema=None) as batch_op:
        batch_op.add_column(sa.Column("movement_id", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("model", sa.Text(), nullable=False, server_default=""))
        batch_op.add_column(sa.Column("publicity", sa.Text(), nullable=False, server_default=""))
        batch_op.add_column(sa.Column("publicised_on", sa.Date(), nullable=True))
        batch_op.create_foreign_key(batch_op.f("fk_registrations_movement_id_movements"), "movements",
                                    ["movement_id"], ["id"], ondelete="SET NULL")


def downgrade() -> None:
    with op.batch_alter_table("registrations", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("fk_registrations_movement_id_movements"), type_="foreignkey")
        batch_op.drop_column("publicised_on")
        batch_op.drop_column("publicity")
        batch_op.drop_column("model")
        batch_op.drop_column("movement_id")
    op.drop_table("submission_due_overrides")
