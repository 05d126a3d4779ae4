"""outcomes beyond the routing label: customer address, line vendor, return-to-vendor shipments (#16)

Revision ID: 0013_outcomes
Revises: 0010_customer_email
Create Date: 2026-12-05

- rmas.address_*: where a warranty repair or replacement goes back to (optional, nullable: RMAs from
  files without the columns, ad-hoc RMAs and RMAs whose customer data was erased have none).
- rma_lines.vendor: who takes the item back on a return-to-vendor list (optional).
- rtv_shipments, rtv_shipment_items: which items left for which vendor on one list; an item is on at
  most one list (unique item_id).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0013_outcomes"
down_revision = "0012_sites_markets"
branch_labels = None
depends_on = None

ADDRESS = (
    ("address_line1", 200),
    ("address_line2", 200),
    ("address_postal_code", 32),
    ("address_city", 100),
    ("address_region", 100),
    ("address_country", 64),
)


def upgrade() -> None:
    with op.batch_alter_table("rmas") as batch:
        for name, length in ADDRESS:
            batch.add_column(sa.Column(name, sa.String(length), nullable=True))
    with op.batch_alter_table("rma_lines") as batch:
        batch.add_column(sa.Column("vendor", sa.String(64), nullable=True))
    op.create_table(
        "rtv_shipments",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("vendor", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("station", sa.String(length=64), nullable=False),
        sa.Column("user", sa.String(length=64), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_rtv_shipments")),
    )
    with op.batch_alter_table("rtv_shipments") as batch:
        batch.create_index(batch.f("ix_rtv_shipments_vendor"), ["vendor"], unique=False)
    op.create_table(
        "rtv_shipment_items",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("shipment_id", sa.Integer(), nullable=False),
        sa.Column("item_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["shipment_id"],
            ["rtv_shipments.id"],
            name=op.f("fk_rtv_shipment_items_shipment_id_rtv_shipments"),
        ),
        sa.ForeignKeyConstraint(["item_id"], ["items.id"], name=op.f("fk_rtv_shipment_items_item_id_items")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_rtv_shipment_items")),
        sa.UniqueConstraint("item_id", name=op.f("uq_rtv_shipment_items_item_id")),
    )
    with op.batch_alter_table("rtv_shipment_items") as batch:
        batch.create_index(batch.f("ix_rtv_shipment_items_shipment_id"), ["shipment_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("rtv_shipment_items") as batch:
        batch.drop_index(batch.f("ix_rtv_shipment_items_shipment_id"))
    op.drop_table("rtv_shipment_items")
    with op.batch_alter_table("rtv_shipments") as batch:
        batch.drop_index(batch.f("ix_rtv_shipments_vendor"))
    op.drop_table("rtv_shipments")
    # SQLite rebuilds the table to drop a column and loses the expression index (migration 0007)
    op.drop_index("ix_rma_lines_sku_upper", table_name="rma_lines")
    with op.batch_alter_table("rma_lines") as batch:
        batch.drop_column("vendor")
    op.create_index("ix_rma_lines_sku_upper", "rma_lines", [sa.text("upper(sku)"), "rma_id", "sku"])
    with op.batch_alter_table("rmas") as batch:
        for name, _length in reversed(ADDRESS):
            batch.drop_column(name)
