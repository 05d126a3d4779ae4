"""inspections.packaging, channel, refund_deduction: the two grades, resale channels, deductions (issue #16)

Revision ID: 0011_grades_channels
Revises: 0010_customer_email
Create Date: 2026-12-05

All nullable: inspections recorded before packaging was graded apart have no packaging condition (their
one grade stays as recorded), no channel (reports count them through their disposition's default
channel) and no deduction (none was shown or sent).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0011_grades_channels"
down_revision = "0013_outcomes"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("inspections", sa.Column("packaging", sa.String(32), nullable=True))
    op.add_column("inspections", sa.Column("channel", sa.String(32), nullable=True))
    op.add_column("inspections", sa.Column("refund_deduction", sa.Numeric(12, 2), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("inspections") as batch:
        batch.drop_column("refund_deduction")
        batch.drop_column("channel")
        batch.drop_column("packaging")
