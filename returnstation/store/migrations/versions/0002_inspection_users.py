"""inspection drafts, users, explainable and overridable decisions, purchase/warranty on RMA lines

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-24

- users: the people who approve overrides (badge, role, scrypt PIN hash, lockout counters).
- inspection_drafts: one row per item being inspected, so nothing typed is lost on a restart.
- inspections: facts (the exact facts the rules judged), captured values, the rule's own disposition
  and destination, and for an override its reason and approving supervisor. Older rows keep NULLs.
- rma_lines: purchased_at and warranty_months (optional CSV columns) for warranty and DOA rules.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "users",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("badge", sa.String(length=64), nullable=False),
        sa.Column("role", sa.String(length=16), nullable=False),
        sa.Column("pin_hash", sa.String(length=200), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("failed_attempts", sa.Integer(), nullable=False),
        sa.Column("locked_until", sa.DateTime(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.CheckConstraint(
            "role IN ('clerk', 'inspector', 'supervisor', 'admin')", name=op.f("ck_users_role")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_users")),
        sa.UniqueConstraint("badge", name=op.f("uq_users_badge")),
        sa.UniqueConstraint("name", name=op.f("uq_users_name")),
    )
    op.create_table(
        "inspection_drafts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("item_id", sa.Integer(), nullable=False),
        sa.Column("answers", sa.JSON(), nullable=False),
        sa.Column("captured", sa.JSON(), nullable=False),
        sa.Column("current_step", sa.Integer(), nullable=False),
        sa.Column("station", sa.String(length=64), nullable=False),
        sa.Column("user", sa.String(length=64), nullable=False),
        sa.Column("started_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["item_id"], ["items.id"], name=op.f("fk_inspection_drafts_item_id_items")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_inspection_drafts")),
        sa.UniqueConstraint("item_id", name=op.f("uq_inspection_drafts_item_id")),
    )
    with op.batch_alter_table("inspections", schema=None) as batch_op:
        batch_op.add_column(sa.Column("facts", sa.JSON(), nullable=True))
        batch_op.add_column(sa.Column("captured", sa.JSON(), nullable=True))
        batch_op.add_column(sa.Column("rule_disposition", sa.String(length=32), nullable=True))
        batch_op.add_column(sa.Column("rule_destination", sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column("override_reason", sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column("approver_id", sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f("ix_inspections_approver_id"), ["approver_id"], unique=False)
        batch_op.create_foreign_key(
            batch_op.f("fk_inspections_approver_id_users"), "users", ["approver_id"], ["id"]
        )
    with op.batch_alter_table("rma_lines", schema=None) as batch_op:
        batch_op.add_column(sa.Column("purchased_at", sa.Date(), nullable=True))
        batch_op.add_column(sa.Column("warranty_months", sa.Integer(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("rma_lines", schema=None) as batch_op:
        batch_op.drop_column("warranty_months")
        batch_op.drop_column("purchased_at")
    with op.batch_alter_table("inspections", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("fk_inspections_approver_id_users"), type_="foreignkey")
        batch_op.drop_index(batch_op.f("ix_inspections_approver_id"))
        batch_op.drop_column("approver_id")
        batch_op.drop_column("override_reason")
        batch_op.drop_column("rule_destination")
        batch_op.drop_column("rule_disposition")
        batch_op.drop_column("captured")
        batch_op.drop_column("facts")
    op.drop_table("inspection_drafts")
    op.drop_table("users")
