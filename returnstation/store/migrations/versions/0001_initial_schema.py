"""initial schema

Revision ID: 0001
Revises:
Create Date: 2026-11-23

The events table is append-only: triggers refuse UPDATE and DELETE on both backends, so the
record of who did what cannot be rewritten by the app or by a stray SQL session.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "events",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("station", sa.String(length=64), nullable=False),
        sa.Column("user", sa.String(length=64), nullable=False),
        sa.Column("type", sa.String(length=64), nullable=False),
        sa.Column("subject_type", sa.String(length=32), nullable=False),
        sa.Column("subject_id", sa.Integer(), nullable=True),
        sa.Column("before_status", sa.String(length=32), nullable=True),
        sa.Column("after_status", sa.String(length=32), nullable=True),
        sa.Column("payload", sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_events")),
    )
    with op.batch_alter_table("events", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_events_at"), ["at"], unique=False)
        batch_op.create_index("ix_events_subject", ["subject_type", "subject_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_events_type"), ["type"], unique=False)

    op.create_table(
        "meta",
        sa.Column("key", sa.String(length=64), nullable=False),
        sa.Column("value", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_meta")),
    )
    op.create_table(
        "rmas",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("rma_number", sa.String(length=64), nullable=False),
        sa.Column("order_number", sa.String(length=64), nullable=False),
        sa.Column("tracking_number", sa.String(length=64), nullable=True),
        sa.Column("customer", sa.String(length=200), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("authorized_at", sa.DateTime(), nullable=False),
        sa.Column("expires_at", sa.DateTime(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_rmas")),
        sa.UniqueConstraint("rma_number", name=op.f("uq_rmas_rma_number")),
    )
    with op.batch_alter_table("rmas", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_rmas_order_number"), ["order_number"], unique=False)
        batch_op.create_index(batch_op.f("ix_rmas_tracking_number"), ["tracking_number"], unique=False)

    op.create_table(
        "parcels",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("rma_id", sa.Integer(), nullable=True),
        sa.Column("scanned_code", sa.String(length=128), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("received_at", sa.DateTime(), nullable=False),
        sa.Column("closed_at", sa.DateTime(), nullable=True),
        sa.Column("station", sa.String(length=64), nullable=False),
        sa.Column("user", sa.String(length=64), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["rma_id"], ["rmas.id"], name=op.f("fk_parcels_rma_id_rmas")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_parcels")),
    )
    with op.batch_alter_table("parcels", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_parcels_rma_id"), ["rma_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_parcels_status"), ["status"], unique=False)

    op.create_table(
        "rma_lines",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("rma_id", sa.Integer(), nullable=False),
        sa.Column("line_no", sa.Integer(), nullable=False),
        sa.Column("sku", sa.String(length=64), nullable=False),
        sa.Column("gtin", sa.String(length=14), nullable=True),
        sa.Column("description", sa.String(length=300), nullable=False),
        sa.Column("category", sa.String(length=64), nullable=False),
        sa.Column("quantity", sa.Integer(), nullable=False),
        sa.Column("unit_value", sa.Numeric(precision=12, scale=2), nullable=False),
        sa.Column("reason_code", sa.String(length=64), nullable=False),
        sa.Column("expected_serials", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(["rma_id"], ["rmas.id"], name=op.f("fk_rma_lines_rma_id_rmas")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_rma_lines")),
        sa.UniqueConstraint("rma_id", "line_no", name=op.f("uq_rma_lines_rma_id")),
    )
    with op.batch_alter_table("rma_lines", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_rma_lines_gtin"), ["gtin"], unique=False)
        batch_op.create_index(batch_op.f("ix_rma_lines_rma_id"), ["rma_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_rma_lines_sku"), ["sku"], unique=False)

    op.create_table(
        "discrepancies",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("scanned_code", sa.String(length=128), nullable=False),
        sa.Column("parcel_id", sa.Integer(), nullable=True),
        sa.Column("rma_id", sa.Integer(), nullable=True),
        sa.Column("detail", sa.Text(), nullable=False),
        sa.Column("station", sa.String(length=64), nullable=False),
        sa.Column("user", sa.String(length=64), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("resolved", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["parcel_id"], ["parcels.id"], name=op.f("fk_discrepancies_parcel_id_parcels")
        ),
        sa.ForeignKeyConstraint(["rma_id"], ["rmas.id"], name=op.f("fk_discrepancies_rma_id_rmas")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_discrepancies")),
    )
    with op.batch_alter_table("discrepancies", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_discrepancies_at"), ["at"], unique=False)
        batch_op.create_index(batch_op.f("ix_discrepancies_kind"), ["kind"], unique=False)
        batch_op.create_index(batch_op.f("ix_discrepancies_parcel_id"), ["parcel_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_discrepancies_rma_id"), ["rma_id"], unique=False)

    op.create_table(
        "items",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("parcel_id", sa.Integer(), nullable=False),
        sa.Column("rma_line_id", sa.Integer(), nullable=True),
        sa.Column("scanned_code", sa.String(length=128), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("received_at", sa.DateTime(), nullable=False),
        sa.Column("station", sa.String(length=64), nullable=False),
        sa.Column("user", sa.String(length=64), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["parcel_id"], ["parcels.id"], name=op.f("fk_items_parcel_id_parcels")),
        sa.ForeignKeyConstraint(
            ["rma_line_id"], ["rma_lines.id"], name=op.f("fk_items_rma_line_id_rma_lines")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_items")),
    )
    with op.batch_alter_table("items", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_items_parcel_id"), ["parcel_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_items_rma_line_id"), ["rma_line_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_items_status"), ["status"], unique=False)

    op.create_table(
        "inspections",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("item_id", sa.Integer(), nullable=False),
        sa.Column("checklist", sa.String(length=64), nullable=False),
        sa.Column("answers", sa.JSON(), nullable=False),
        sa.Column("grade", sa.String(length=16), nullable=False),
        sa.Column("grade_because", sa.Text(), nullable=False),
        sa.Column("disposition", sa.String(length=32), nullable=False),
        sa.Column("destination", sa.String(length=64), nullable=False),
        sa.Column("rule_id", sa.String(length=64), nullable=False),
        sa.Column("rule_reason", sa.Text(), nullable=False),
        sa.Column("rules_version", sa.String(length=64), nullable=False),
        sa.Column("inspector", sa.String(length=64), nullable=False),
        sa.Column("station", sa.String(length=64), nullable=False),
        sa.Column("started_at", sa.DateTime(), nullable=False),
        sa.Column("decided_at", sa.DateTime(), nullable=False),
        sa.Column("overridden", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(["item_id"], ["items.id"], name=op.f("fk_inspections_item_id_items")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_inspections")),
        sa.UniqueConstraint("item_id", name=op.f("uq_inspections_item_id")),
    )
    with op.batch_alter_table("inspections", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_inspections_decided_at"), ["decided_at"], unique=False)
        batch_op.create_index(batch_op.f("ix_inspections_disposition"), ["disposition"], unique=False)
        batch_op.create_index(batch_op.f("ix_inspections_grade"), ["grade"], unique=False)
        batch_op.create_index(batch_op.f("ix_inspections_inspector"), ["inspector"], unique=False)

    op.create_table(
        "print_jobs",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("job_id", sa.String(length=64), nullable=False),
        sa.Column("item_id", sa.Integer(), nullable=True),
        sa.Column("template", sa.String(length=64), nullable=False),
        sa.Column("fields", sa.JSON(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("printer", sa.String(length=128), nullable=False),
        sa.Column("message", sa.Text(), nullable=False),
        sa.Column("output", sa.Text(), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["item_id"], ["items.id"], name=op.f("fk_print_jobs_item_id_items")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_print_jobs")),
        sa.UniqueConstraint("job_id", name=op.f("uq_print_jobs_job_id")),
    )
    with op.batch_alter_table("print_jobs", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_print_jobs_item_id"), ["item_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_print_jobs_status"), ["status"], unique=False)

    _install_append_only_triggers()


def _install_append_only_triggers() -> None:
    dialect = op.get_bind().dialect.name
    if dialect == "sqlite":
        for action in ("UPDATE", "DELETE"):
            op.execute(
                f"CREATE TRIGGER events_no_{action.lower()} BEFORE {action} ON events "
                "BEGIN SELECT RAISE(ABORT, 'events are append-only'); END"
            )
    elif dialect == "postgresql":
        op.execute(
            "CREATE FUNCTION events_append_only() RETURNS trigger LANGUAGE plpgsql AS "
            "$$ BEGIN RAISE EXCEPTION 'events are append-only'; END $$"
        )
        op.execute(
            "CREATE TRIGGER events_append_only BEFORE UPDATE OR DELETE ON events "
            "FOR EACH ROW EXECUTE FUNCTION events_append_only()"
        )


def _drop_append_only_triggers() -> None:
    dialect = op.get_bind().dialect.name
    if dialect == "sqlite":
        op.execute("DROP TRIGGER IF EXISTS events_no_update")
        op.execute("DROP TRIGGER IF EXISTS events_no_delete")
    elif dialect == "postgresql":
        op.execute("DROP TRIGGER IF EXISTS events_append_only ON events")
        op.execute("DROP FUNCTION IF EXISTS events_append_only()")


def downgrade() -> None:
    _drop_append_only_triggers()
    with op.batch_alter_table("print_jobs", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_print_jobs_status"))
        batch_op.drop_index(batch_op.f("ix_print_jobs_item_id"))

    op.drop_table("print_jobs")
    with op.batch_alter_table("inspections", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_inspections_inspector"))
        batch_op.drop_index(batch_op.f("ix_inspections_grade"))
        batch_op.drop_index(batch_op.f("ix_inspections_disposition"))
        batch_op.drop_index(batch_op.f("ix_inspections_decided_at"))

    op.drop_table("inspections")
    with op.batch_alter_table("items", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_items_status"))
        batch_op.drop_index(batch_op.f("ix_items_rma_line_id"))
        batch_op.drop_index(batch_op.f("ix_items_parcel_id"))

    op.drop_table("items")
    with op.batch_alter_table("discrepancies", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_discrepancies_rma_id"))
        batch_op.drop_index(batch_op.f("ix_discrepancies_parcel_id"))
        batch_op.drop_index(batch_op.f("ix_discrepancies_kind"))
        batch_op.drop_index(batch_op.f("ix_discrepancies_at"))

    op.drop_table("discrepancies")
    with op.batch_alter_table("rma_lines", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_rma_lines_sku"))
        batch_op.drop_index(batch_op.f("ix_rma_lines_rma_id"))
        batch_op.drop_index(batch_op.f("ix_rma_lines_gtin"))

    op.drop_table("rma_lines")
    with op.batch_alter_table("parcels", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_parcels_status"))
        batch_op.drop_index(batch_op.f("ix_parcels_rma_id"))

    op.drop_table("parcels")
    with op.batch_alter_table("rmas", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_rmas_tracking_number"))
        batch_op.drop_index(batch_op.f("ix_rmas_order_number"))

    op.drop_table("rmas")
    op.drop_table("meta")
    with op.batch_alter_table("events", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_events_type"))
        batch_op.drop_index("ix_events_subject")
        batch_op.drop_index(batch_op.f("ix_events_at"))

    op.drop_table("events")
