"""rmas (customer, status, id) in place of rmas (customer): the wrong-item lookup reads index pages only

Revision ID: 0014_lookup_indexes
Revises: 0010_customer_email
Create Date: 2026-12-05

An item scanned into the wrong parcel asks for the same customer's other open RMAs that expect it
(repositories.open_rmas_with_item). On PostgreSQL the customer index alone sent that lookup to the
table for each of the customer's RMAs (their status): 20 heap pages read from disk on a cold cache
at 1,000,000 RMAs. With status and id in the index it is an index-only scan. The old index is dropped:
the new one's first column serves every lookup by customer it served. Only the three columns named
here are assumed, whatever else the table holds.
"""

from __future__ import annotations

from alembic import op

revision = "0014_lookup_indexes"
down_revision = "0011_grades_channels"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_rmas_customer_open", "rmas", ["customer", "status", "id"])
    op.drop_index("ix_rmas_customer", table_name="rmas")


def downgrade() -> None:
    op.create_index("ix_rmas_customer", "rmas", ["customer"])
    op.drop_index("ix_rmas_customer_open", table_name="rmas")
