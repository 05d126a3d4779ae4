"""audit hash chain on events

Revision ID: 0004
Revises: 0001
Create Date: 2026-11-25

- events: seq (gap-free chain position, unique), prev_hash, hash; nullable because a row written
  around the app has none, which `returnstation audit verify` reports (store/audit.py).
- audit_chain_head: one row, the last seq and hash; writers lock it to take the next position.
- Events already in the database are chained here, in id order, so verify passes on old databases.
  That needs UPDATE on events, which the append-only triggers refuse: the triggers are dropped for
  the backfill and created again, identical, before this migration's transaction commits (the whole
  migration is one transaction on both backends, so no other session ever sees events unprotected).
- PostgreSQL: a TRUNCATE trigger as well, since row triggers do not fire on TRUNCATE.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from returnstation.store.audit import GENESIS, EventFields, event_hash

revision = "0004"
down_revision = "0001"
branch_labels = None
depends_on = None

BATCH = 1000

_events = sa.table(
    "events",
    sa.column("id", sa.Integer()),
    sa.column("at", sa.DateTime()),
    sa.column("station", sa.String()),
    sa.column("user", sa.String()),
    sa.column("type", sa.String()),
    sa.column("subject_type", sa.String()),
    sa.column("subject_id", sa.Integer()),
    sa.column("before_status", sa.String()),
    sa.column("after_status", sa.String()),
    sa.column("payload", sa.JSON()),
    sa.column("seq", sa.Integer()),
    sa.column("prev_hash", sa.String()),
    sa.column("hash", sa.String()),
)


def upgrade() -> None:
    op.add_column("events", sa.Column("seq", sa.Integer(), nullable=True))
    op.add_column("events", sa.Column("prev_hash", sa.String(length=64), nullable=True))
    op.add_column("events", sa.Column("hash", sa.String(length=64), nullable=True))
    head_table = op.create_table(
        "audit_chain_head",
        sa.Column("id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("last_seq", sa.Integer(), nullable=False),
        sa.Column("last_hash", sa.String(length=64), nullable=False),
        sa.CheckConstraint("id = 1", name=op.f("ck_audit_chain_head_single_row")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audit_chain_head")),
    )
    _drop_append_only_triggers()
    last_seq, last_hash = _chain_existing_events()
    _create_append_only_triggers()
    op.create_index(op.f("ix_events_seq"), "events", ["seq"], unique=True)
    op.bulk_insert(head_table, [{"id": 1, "last_seq": last_seq, "last_hash": last_hash}])
    if op.get_bind().dialect.name == "postgresql":
        op.execute(
            "CREATE TRIGGER events_no_truncate BEFORE TRUNCATE ON events "
            "FOR EACH STATEMENT EXECUTE FUNCTION events_append_only()"
        )


def _chain_existing_events() -> tuple[int, str]:
    """Chain every event in id order, a page at a time (keyset, so memory stays flat)."""
    conn = op.get_bind()
    seq, prev, after_id = 0, GENESIS, -1
    write = (
        sa.update(_events)
        .where(_events.c.id == sa.bindparam("b_id"))
        .values(seq=sa.bindparam("b_seq"), prev_hash=sa.bindparam("b_prev"), hash=sa.bindparam("b_hash"))
    )
    while True:
        page = conn.execute(
            sa.select(_events).where(_events.c.id > after_id).order_by(_events.c.id).limit(BATCH)
        ).all()
        if not page:
            return seq, prev
        params = []
        for r in page:
            seq += 1
            fields = EventFields(
                at=r.at,
                station=r.station,
                user=r.user,
                type=r.type,
                subject_type=r.subject_type,
                subject_id=r.subject_id,
                before_status=r.before_status,
                after_status=r.after_status,
                payload=r.payload,
            )
            digest = event_hash(fields, seq=seq, prev_hash=prev)
            params.append({"b_id": r.id, "b_seq": seq, "b_prev": prev, "b_hash": digest})
            prev, after_id = digest, r.id
        conn.execute(write, params)


# The same triggers as revision 0001 creates (kept in step by tests/db/test_db_store.py's append-only test).
def _create_append_only_triggers() -> None:
    dialect = op.get_bind().dialect.name
    if dialect == "sqlite":
        for action in ("UPDATE", "DELETE"):
            op.execute(
                f"CREATE TRIGGER events_no_{action.lower()} BEFORE {action} ON events "
                "BEGIN SELECT RAISE(ABORT, 'events are append-only'); END"
            )
    elif dialect == "postgresql":
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


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TRIGGER IF EXISTS events_no_truncate ON events")
    _drop_append_only_triggers()  # SQLite recreates the table to drop columns, losing its triggers
    op.drop_index(op.f("ix_events_seq"), table_name="events")
    with op.batch_alter_table("events", schema=None) as batch_op:
        batch_op.drop_column("hash")
        batch_op.drop_column("prev_hash")
        batch_op.drop_column("seq")
    _create_append_only_triggers()
    op.drop_table("audit_chain_head")
