"""dossier public notice and forwarding; nominee feedback

Revision ID: 0003
Revises: 0002

Công khai (public notice) of a dossier's nominees before the council: the period and where
it was posted; feedback received against a nominee. Forwarding (trình cấp trên): the office's
tờ trình number and date.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("dossiers", schema=None) as batch_op:
        batch_op.add_column(sa.Column("notice_from", sa.Date(), nullable=True))
        batch_op.add_column(sa.Column("notice_to", sa.Date(), nullable=True))
        batch_op.add_column(sa.Column("notice_note", sa.Text(), nullable=False, server_default=""))
        batch_op.add_column(sa.Column("forward_ref", sa.String(length=100), nullable=False,
                                      server_default=""))
        batch_op.add_column(sa.Column("forwarded_on", sa.Date(), nullable=True))
    with op.batch_alter_table("nominees", schema=None) as batch_op:
        batch_op.add_column(sa.Column("feedback", sa.Text(), nullable=False, server_default=""))


def downgrade() -> None:
    with op.batch_alter_table("nominees", schema=None) as batch_op:
        batch_op.drop_column("feedback")
    with op.batch_alter_table("dossiers", schema=None) as batch_op:
        batch_op.drop_column("forwarded_on")
        batch_op.drop_column("forward_ref")
        batch_op.drop_column("notice_note")
        batch_op.drop_column("notice_to")
        batch_op.drop_column("notice_from")
