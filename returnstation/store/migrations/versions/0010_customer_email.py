"""rmas.customer_email: where customer status messages go (issue #17)

Revision ID: 0010_customer_email
Revises: 0009_import_staging
Create Date: 2026-12-05

Optional and nullable: RMAs from files without the column, ad-hoc RMAs of the hold shelf and RMAs
whose customer data the retention run erased have none, and simply get no e-mail.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0010_customer_email"
down_revision = "0009_import_staging"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("rmas", sa.Column("customer_email", sa.String(254), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("rmas") as batch:
        batch.drop_column("customer_email")
