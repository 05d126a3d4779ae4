"""rmas.site / rmas.market and inspections.site / inspections.market (issue #16)

Revision ID: 0012_sites_markets
Revises: 0010_customer_email
Create Date: 2026-12-05

The RMA says which site receives the return and which market (country or sales region) the item was
sold in; both choose the rule set that decides it. The inspection keeps the site and market it was
actually decided with (the RMA's, else the bench's own site), so reports split by them without
reading JSON and a later change of the RMA never rewrites history. Nullable: older rows have none.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0012_sites_markets"
down_revision = "0010_customer_email"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("rmas", sa.Column("site", sa.String(16), nullable=True))
    op.add_column("rmas", sa.Column("market", sa.String(16), nullable=True))
    op.add_column("inspections", sa.Column("site", sa.String(16), nullable=True))
    op.add_column("inspections", sa.Column("market", sa.String(16), nullable=True))


def downgrade() -> None:
    for table in ("inspections", "rmas"):
        with op.batch_alter_table(table) as batch:
            batch.drop_column("market")
            batch.drop_column("site")
