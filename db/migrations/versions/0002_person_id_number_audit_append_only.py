"""person ID-card number; audit log append-only

Revision ID: 0002
Revises: 0001

Adds `people.id_number` (số CCCD/CMND, nullable: personal data, omitted from exports and
printouts unless the user asks). On SQLite, triggers make the audit log append-only, so
no code path (nor a careless SQL statement) can edit or delete what was recorded.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

_TRIGGERS = {
    "audit_log_no_update": "BEFORE UPDATE ON audit_log",
    "audit_log_no_delete": "BEFORE DELETE ON audit_log",
}


def upgrade() -> None:
    with op.batch_alter_table("people", schema=None) as batch_op:
        batch_op.add_column(sa.Column("id_number", sa.String(length=20), nullable=True))
    if op.get_bind().dialect.name == "sqlite":
        for name, when in _TRIGGERS.items():
            op.execute(f"CREATE TRIGGER {name} {when} BEGIN "
                       "SELECT RAISE(ABORT, 'audit log is append-only'); END")


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        for name in _TRIGGERS:
            op.execute(f"DROP TRIGGER IF EXISTS {name}")
    with op.batch_alter_table("people", schema=None) as batch_op:
        batch_op.drop_column("id_number")
