"""nominees: the rank or learned title written in front of the name

Revision ID: 0013_i19_nominee_rank
Revises: 0012_i17_vote_minutes

`nominees.rank`: `Thiếu úy`, `Thượng tá`, `PGS.TS` ... as a list writes it in front of the
name (or in the provinces' `Tên gọi (Ông/Bà/Chức danh)` column), kept apart from the name so
the person matches and the forms print it where they put it.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0013_i19_nominee_rank"
down_revision = "0012_i17_vote_minutes"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("nominees", schema=None) as batch_op:
        batch_op.add_column(sa.Column("rank", sa.String(length=60), server_default="", nullable=False))


def downgrade() -> None:
    with op.batch_alter_table("nominees", schema=None) as batch_op:
        batch_op.drop_column("rank")
