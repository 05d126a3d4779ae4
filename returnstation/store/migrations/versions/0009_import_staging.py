"""import staging: RMAs of a large CSV import written in chunks, invisible until published

Revision ID: 0009_import_staging
Revises: 0008_exceptions
Create Date: 2026-12-05

Issue 19, defect 5: a 50,000-row import held SQLite's one write lock for seconds. Its RMAs are now
written in short chunks with status "staged" and their batch in rmas.import_batch (a partial index:
only staged RMAs are in it), and published by one short UPDATE. rma_import_batches holds each running
import's lease, so the next import can tell a killed import's leftovers from a live one.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0009_import_staging"
down_revision = "0008_exceptions"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("rmas", sa.Column("import_batch", sa.Integer(), nullable=True))
    op.create_index(
        "ix_rmas_import_batch",
        "rmas",
        ["import_batch"],
        sqlite_where=sa.text("import_batch IS NOT NULL"),
        postgresql_where=sa.text("import_batch IS NOT NULL"),
    )
    op.create_table(
        "rma_import_batches",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("source", sa.String(length=255), nullable=False),
        sa.Column("station", sa.String(length=64), nullable=False),
        sa.Column("started_at", sa.DateTime(), nullable=False),
        sa.Column("lease_until", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_rma_import_batches"),
    )


def downgrade() -> None:
    op.drop_table("rma_import_batches")
    op.drop_index("ix_rmas_import_batch", table_name="rmas")
    with op.batch_alter_table("rmas") as batch_op:
        batch_op.drop_column("import_batch")
