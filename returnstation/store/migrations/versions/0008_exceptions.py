"""exception work: hold resolutions, concerns, discrepancy status, unauthorised RMAs

Revision ID: 0008_exceptions
Revises: 0006
Create Date: 2026-12-05

Issue #13: nothing stays stranded. A hold is resolved once (unique parcel/item in hold_resolutions),
concerns are raised and decided, a discrepancy is open, resolved or written off (who, when, why), and
an RMA made by a supervisor for a parcel accepted without authorization says so. parcels.scanned_code
gets an index: a box scanned again is looked up on the hold shelf by its label.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008_exceptions"
down_revision = "0007_receiving_flows"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("rmas", sa.Column("unauthorised", sa.Boolean(), nullable=False, server_default=sa.false()))
    op.add_column("discrepancies", sa.Column("status", sa.String(16), nullable=False, server_default="open"))
    op.add_column("discrepancies", sa.Column("resolved_by", sa.String(64), nullable=True))
    op.add_column("discrepancies", sa.Column("resolved_at", sa.DateTime(), nullable=True))
    op.add_column("discrepancies", sa.Column("resolution", sa.Text(), nullable=True))
    op.execute("UPDATE discrepancies SET status = 'resolved' WHERE resolved = true")
    op.create_index("ix_discrepancies_status", "discrepancies", ["status"])
    op.create_index("ix_parcels_scanned_code", "parcels", ["scanned_code"])
    op.create_table(
        "hold_resolutions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("parcel_id", sa.Integer(), nullable=True),
        sa.Column("item_id", sa.Integer(), nullable=True),
        sa.Column("action", sa.String(16), nullable=False),
        sa.Column("rma_id", sa.Integer(), nullable=True),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("label_job", sa.String(64), nullable=True),
        sa.Column("station", sa.String(64), nullable=False),
        sa.Column("user", sa.String(64), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["parcel_id"], ["parcels.id"], name="fk_hold_resolutions_parcel_id_parcels"),
        sa.ForeignKeyConstraint(["item_id"], ["items.id"], name="fk_hold_resolutions_item_id_items"),
        sa.ForeignKeyConstraint(["rma_id"], ["rmas.id"], name="fk_hold_resolutions_rma_id_rmas"),
        sa.PrimaryKeyConstraint("id", name="pk_hold_resolutions"),
        sa.UniqueConstraint("parcel_id", name="uq_hold_resolutions_parcel_id"),
        sa.UniqueConstraint("item_id", name="uq_hold_resolutions_item_id"),
    )
    op.create_index("ix_hold_resolutions_rma_id", "hold_resolutions", ["rma_id"])
    op.create_index("ix_hold_resolutions_at", "hold_resolutions", ["at"])
    op.create_table(
        "concerns",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("rma_id", sa.Integer(), nullable=True),
        sa.Column("parcel_id", sa.Integer(), nullable=True),
        sa.Column("item_id", sa.Integer(), nullable=True),
        sa.Column("customer", sa.String(200), nullable=True),
        sa.Column("reason_code", sa.String(64), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("raised_by", sa.String(64), nullable=False),
        sa.Column("station", sa.String(64), nullable=False),
        sa.Column("raised_at", sa.DateTime(), nullable=False),
        sa.Column("decided_by", sa.String(64), nullable=True),
        sa.Column("decided_at", sa.DateTime(), nullable=True),
        sa.Column("finding", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(["rma_id"], ["rmas.id"], name="fk_concerns_rma_id_rmas"),
        sa.ForeignKeyConstraint(["parcel_id"], ["parcels.id"], name="fk_concerns_parcel_id_parcels"),
        sa.ForeignKeyConstraint(["item_id"], ["items.id"], name="fk_concerns_item_id_items"),
        sa.PrimaryKeyConstraint("id", name="pk_concerns"),
    )
    for column in ("rma_id", "parcel_id", "item_id", "customer", "status", "raised_at"):
        op.create_index(f"ix_concerns_{column}", "concerns", [column])


def downgrade() -> None:
    op.drop_table("concerns")
    op.drop_table("hold_resolutions")
    op.drop_index("ix_parcels_scanned_code", table_name="parcels")
    op.drop_index("ix_discrepancies_status", table_name="discrepancies")
    with op.batch_alter_table("discrepancies") as batch:
        for column in ("resolution", "resolved_at", "resolved_by", "status"):
            batch.drop_column(column)
    with op.batch_alter_table("rmas") as batch:
        batch.drop_column("unauthorised")
