"""index rmas.customer

Revision ID: 0006
Revises: 0001
Create Date: 2026-11-23

An item scanned into the wrong parcel is looked up among the same customer's other open RMAs (a box
that mixes two RMAs). Without this index that lookup read every RMA: 120-220 ms with 1,000,000 RMAs
(bench/bench_scan_to_match.py), 8-18 ms with it.
"""

from __future__ import annotations

from alembic import op

revision = "0006"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_rmas_customer", "rmas", ["customer"])


def downgrade() -> None:
    op.drop_index("ix_rmas_customer", table_name="rmas")
