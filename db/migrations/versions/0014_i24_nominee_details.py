"""nominees keep the gender, birth year and ethnicity their list gives

Revision ID: 0014_i24_nominee_details
Revises: 0013_i19_nominee_rank

An individual nominee not yet linked to a person (a near match waiting for the clerk) keeps
what the list says of them, so "a new person" confirmed later, or the decision, makes the
person with them; the receive grid in the window takes them too.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0014_i24_nominee_details"
down_revision = "0013_i19_nominee_rank"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("nominees", schema=None) as batch_op:
        batch_op.add_column(sa.Column("gender", sa.String(length=1), nullable=True))
        batch_op.add_column(sa.Column("birth_year", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("ethnicity", sa.String(length=30), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("nominees", schema=None) as batch_op:
        batch_op.drop_column("ethnicity")
        batch_op.drop_column("birth_year")
        batch_op.drop_column("gender")
