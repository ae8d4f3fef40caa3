"""audit log append-only on PostgreSQL too

Revision ID: 0008
Revises: 0007

Migration 0002 made the audit log append-only on SQLite with triggers. A shared PostgreSQL
server gets the same guard: a trigger function refusing UPDATE and DELETE on `audit_log`.
Nothing changes on SQLite (0002 already did it there).
"""

from __future__ import annotations

from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None

_FUNCTION = """
CREATE OR REPLACE FUNCTION tdkt_audit_log_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'audit log is append-only';
END;
$$ LANGUAGE plpgsql
"""


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute(_FUNCTION)
    op.execute("CREATE TRIGGER audit_log_no_update_delete BEFORE UPDATE OR DELETE ON audit_log "
               "FOR EACH ROW EXECUTE FUNCTION tdkt_audit_log_append_only()")


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute("DROP TRIGGER IF EXISTS audit_log_no_update_delete ON audit_log")
    op.execute("DROP FUNCTION IF EXISTS tdkt_audit_log_append_only()")
