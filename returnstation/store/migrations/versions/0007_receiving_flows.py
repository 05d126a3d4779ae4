"""receiving flows: boxes with several RMAs, transit damage, serials, item-first indexes

Revision ID: 0007_receiving_flows
Revises: 0006
Create Date: 2026-12-05

- parcel_rmas: the further RMAs a box carries (parcels.rma_id stays the one it was opened with).
- parcel_damage: a box damaged in transit, with carrier, tracking number and the box photos (JSON).
- items.serial: the unit's serial when the scan carried one, indexed, so a serial never counts twice.
- rma_line_serials: each expected serial of a line as an indexed row (filled here from
  rma_lines.expected_serials), so an item-first serial scan finds its RMA by index.
- ix_rma_lines_sku_upper (upper(sku), rma_id, sku), ix_rma_lines_gtin_rma_id (replaces ix_rma_lines_gtin)
  and ix_rmas_open_lookup (id, status, authorized_at): the item-first lookup of the open RMAs expecting a
  SKU or GTIN reads index pages only, not two million lines (bench/bench_item_first.py).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007_receiving_flows"
# Also after 0002 (a merge of both branches, not just a dependency): 0002 rebuilds rma_lines on SQLite
# (batch mode), which would drop the upper(sku) index made here, so this migration must run after it
# and be undone before it. As a merge point the version table then names this revision instead of
# 0002, exactly what the scripts' heads say (store/migrate.py compares the two).
down_revision = ("0006", "0002")
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "parcel_rmas",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("parcel_id", sa.Integer(), nullable=False),
        sa.Column("rma_id", sa.Integer(), nullable=False),
        sa.Column("added_at", sa.DateTime(), nullable=False),
        sa.Column("station", sa.String(length=64), nullable=False),
        sa.Column("user", sa.String(length=64), nullable=False),
        sa.ForeignKeyConstraint(["parcel_id"], ["parcels.id"], name=op.f("fk_parcel_rmas_parcel_id_parcels")),
        sa.ForeignKeyConstraint(["rma_id"], ["rmas.id"], name=op.f("fk_parcel_rmas_rma_id_rmas")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_parcel_rmas")),
        sa.UniqueConstraint("parcel_id", "rma_id", name=op.f("uq_parcel_rmas_parcel_id")),
    )
    op.create_index(op.f("ix_parcel_rmas_parcel_id"), "parcel_rmas", ["parcel_id"])
    op.create_index(op.f("ix_parcel_rmas_rma_id"), "parcel_rmas", ["rma_id"])
    op.create_table(
        "parcel_damage",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("parcel_id", sa.Integer(), nullable=False),
        sa.Column("carrier", sa.String(length=32), nullable=False),
        sa.Column("tracking_number", sa.String(length=64), nullable=False),
        sa.Column("noted_at", sa.DateTime(), nullable=False),
        sa.Column("station", sa.String(length=64), nullable=False),
        sa.Column("user", sa.String(length=64), nullable=False),
        sa.Column("photos", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(
            ["parcel_id"], ["parcels.id"], name=op.f("fk_parcel_damage_parcel_id_parcels")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_parcel_damage")),
        sa.UniqueConstraint("parcel_id", name=op.f("uq_parcel_damage_parcel_id")),
    )
    op.create_index(op.f("ix_parcel_damage_noted_at"), "parcel_damage", ["noted_at"])
    op.create_table(
        "rma_line_serials",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("rma_line_id", sa.Integer(), nullable=False),
        sa.Column("serial", sa.String(length=64), nullable=False),
        sa.ForeignKeyConstraint(
            ["rma_line_id"], ["rma_lines.id"], name=op.f("fk_rma_line_serials_rma_line_id_rma_lines")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_rma_line_serials")),
    )
    op.create_index(op.f("ix_rma_line_serials_rma_line_id"), "rma_line_serials", ["rma_line_id"])
    op.create_index(op.f("ix_rma_line_serials_serial"), "rma_line_serials", ["serial"])
    with op.batch_alter_table("items", schema=None) as batch_op:
        batch_op.add_column(sa.Column("serial", sa.String(length=64), nullable=True))
        batch_op.create_index(batch_op.f("ix_items_serial"), ["serial"], unique=False)
    op.create_index("ix_rma_lines_sku_upper", "rma_lines", [sa.text("upper(sku)"), "rma_id", "sku"])
    op.drop_index("ix_rma_lines_gtin", table_name="rma_lines")
    op.create_index("ix_rma_lines_gtin_rma_id", "rma_lines", ["gtin", "rma_id"])
    op.create_index("ix_rmas_open_lookup", "rmas", ["id", "status", "authorized_at"])
    _fill_line_serials()


def _fill_line_serials() -> None:
    """One row per expected serial already on file, in batches so a large database stays in memory."""
    bind = op.get_bind()
    lines = sa.table("rma_lines", sa.column("id", sa.Integer), sa.column("expected_serials", sa.Text))
    serials = sa.table(
        "rma_line_serials", sa.column("rma_line_id", sa.Integer), sa.column("serial", sa.String)
    )
    result = bind.execute(
        sa.select(lines.c.id, lines.c.expected_serials).where(lines.c.expected_serials != "")
    )
    while batch := result.fetchmany(5000):
        rows = [
            {"rma_line_id": line_id, "serial": s[:64]}
            for line_id, text in batch
            for s in dict.fromkeys((text or "").upper().split())
        ]
        if rows:
            bind.execute(serials.insert(), rows)


def downgrade() -> None:
    op.drop_index("ix_rmas_open_lookup", table_name="rmas")
    op.drop_index("ix_rma_lines_gtin_rma_id", table_name="rma_lines")
    op.create_index("ix_rma_lines_gtin", "rma_lines", ["gtin"])
    op.drop_index("ix_rma_lines_sku_upper", table_name="rma_lines")
    with op.batch_alter_table("items", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_items_serial"))
        batch_op.drop_column("serial")
    op.drop_table("rma_line_serials")
    op.drop_table("parcel_damage")
    op.drop_table("parcel_rmas")
