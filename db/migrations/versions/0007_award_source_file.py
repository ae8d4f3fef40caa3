"""awards remember the file they were imported from

Revision ID: 0007
Revises: 0006

`awards.source_file_id`: for a ledger line imported from an earlier year's award book
(`source` = "history"), the kept workbook it came from (`stored_files`), so a person's history
can say "imported from which file" and importing the same file again is recognised.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("awards", schema=None) as batch_op:
        batch_op.add_column(sa.Column("source_file_id", sa.Integer(), nullable=True))
        batch_op.create_foreign_key(batch_op.f("fk_awards_source_file_id_stored_files"), "stored_files",
                                    ["source_file_id"], ["id"], ondelete="SET NULL")
        batch_op.create_index(batch_op.f("ix_awards_source_file_id"), ["source_file_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("awards", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_awards_source_file_id"))
        batch_op.drop_constraint(batch_op.f("fk_awards_source_file_id_stored_files"), type_="foreignkey")
        batch_op.drop_column("source_file_id")
