"""order-system connection: applied feed files, outbound deliveries, per-target outbox cursor

Revision ID: 0003
Revises: 0001
Create Date: 2026-11-24

- feed_files: one row per applied feed file (or API pull), unique by SHA-256, so a repeated file is a no-op.
- deliveries: how far each event got towards each target; unique (target, event_id).
- outbox_targets: per target, the event id below which everything was looked at, and the dispatcher lease.
No existing table is changed; the events table stays append-only.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "feed_files",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("name", sa.String(length=255), nullable=False),
        sa.Column("source", sa.String(length=32), nullable=False),
        sa.Column("station", sa.String(length=64), nullable=False),
        sa.Column("applied_at", sa.DateTime(), nullable=False),
        sa.Column("records", sa.Integer(), nullable=False),
        sa.Column("summary", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_feed_files")),
        sa.UniqueConstraint("sha256", name=op.f("uq_feed_files_sha256")),
    )
    with op.batch_alter_table("feed_files", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_feed_files_applied_at"), ["applied_at"], unique=False)

    op.create_table(
        "deliveries",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("target", sa.String(length=64), nullable=False),
        sa.Column("event_id", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("next_attempt_at", sa.DateTime(), nullable=True),
        sa.Column("last_error", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("delivered_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(["event_id"], ["events.id"], name=op.f("fk_deliveries_event_id_events")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_deliveries")),
        sa.UniqueConstraint("target", "event_id", name=op.f("uq_deliveries_target")),
    )
    with op.batch_alter_table("deliveries", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_deliveries_event_id"), ["event_id"], unique=False)
        batch_op.create_index(
            "ix_deliveries_target_status_event", ["target", "status", "event_id"], unique=False
        )

    op.create_table(
        "outbox_targets",
        sa.Column("target", sa.String(length=64), nullable=False),
        sa.Column("low_water", sa.Integer(), nullable=False),
        sa.Column("scan_mark", sa.Integer(), nullable=False),
        sa.Column("scan_mark_at", sa.DateTime(), nullable=True),
        sa.Column("lease_owner", sa.String(length=128), nullable=False),
        sa.Column("lease_until", sa.DateTime(), nullable=True),
        sa.PrimaryKeyConstraint("target", name=op.f("pk_outbox_targets")),
    )


def downgrade() -> None:
    op.drop_table("outbox_targets")
    with op.batch_alter_table("deliveries", schema=None) as batch_op:
        batch_op.drop_index("ix_deliveries_target_status_event")
        batch_op.drop_index(batch_op.f("ix_deliveries_event_id"))
    op.drop_table("deliveries")
    with op.batch_alter_table("feed_files", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_feed_files_applied_at"))
    op.drop_table("feed_files")
