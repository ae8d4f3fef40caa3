"""who signs: the head of the office, its deputies, the authority's signers and their powers

Revision ID: 0009_i17_signers
Revises: 0008

`signers`: one row per person who signs the office's or the authority's documents — body
(`office` / `authority`), role (`head` / `deputy` / `acting`), name, title, phone and the
documents they sign (`powers`, a JSON list of app/signers.py DOCUMENTS codes). The authority's
chairman and deputy already typed in the office profile become its first rows.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0009_i17_signers"
down_revision = "0008"
branch_labels = None
depends_on = None

AUTHORITY_HEAD = ["award_decision", "proposal", "authority_report"]


def upgrade() -> None:
    signers = op.create_table(
        "signers",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("body", sa.String(length=20), nullable=False),
        sa.Column("role", sa.String(length=20), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("title", sa.String(length=100), nullable=False),
        sa.Column("phone", sa.String(length=50), nullable=False),
        sa.Column("powers", sa.JSON(), nullable=False),
        sa.Column("sort_order", sa.Integer(), nullable=False),
        sa.CheckConstraint("body IN ('office', 'authority')", name=op.f("ck_signers_signer_body")),
        sa.CheckConstraint("role IN ('head', 'deputy', 'acting')", name=op.f("ck_signers_signer_role")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_signers")),
    )
    op.create_index("ix_signers_body_order", "signers", ["body", "sort_order"], unique=False)
    conn = op.get_bind()
    row = conn.execute(sa.text("SELECT signer_name, signer_title, deputy_signer_name, deputy_signer_title "
                               "FROM office_profile ORDER BY id LIMIT 1")).first()
    if row is None:
        return
    rows = []
    if (row[0] or "").strip():
        rows.append({"body": "authority", "role": "head", "name": row[0].strip(),
                     "title": (row[1] or "CHỦ TỊCH").strip(), "phone": "", "powers": AUTHORITY_HEAD,
                     "sort_order": 1})
    if (row[2] or "").strip():
        rows.append({"body": "authority", "role": "deputy", "name": row[2].strip(),
                     "title": (row[3] or "PHÓ CHỦ TỊCH").strip(), "phone": "", "powers": [],
                     "sort_order": 2})
    if rows:
        op.bulk_insert(signers, rows)


def downgrade() -> None:
    op.drop_index("ix_signers_body_order", table_name="signers")
    op.drop_table("signers")
