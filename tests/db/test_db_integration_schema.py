"""Migration 0003 creates exactly the tables the models describe, on both backends."""

from __future__ import annotations

from datetime import datetime

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import insert
from sqlalchemy.exc import IntegrityError

from returnstation.store.db import make_engine
from returnstation.store.migrate import upgrade_to_head
from returnstation.store.models import EventRow
from returnstation.store.models_integration import DeliveryRow, FeedFileRow, OutboxTargetRow
from returnstation.store.schema import metadata

OURS = {DeliveryRow.__tablename__, FeedFileRow.__tablename__, OutboxTargetRow.__tablename__}


def _touches_ours(diff: object) -> bool:
    text = repr(diff)
    return any(f"'{name}'" in text or f"Table('{name}'" in text for name in OURS)


def test_migration_matches_the_models(empty_db_url: str) -> None:
    engine = make_engine(empty_db_url)
    upgrade_to_head(engine)
    with engine.connect() as conn:
        diffs = compare_metadata(MigrationContext.configure(conn, opts={"compare_type": True}), metadata)
    engine.dispose()
    assert [d for d in diffs if _touches_ours(d)] == []


def test_an_event_is_queued_once_per_target(db_url: str) -> None:
    engine = make_engine(db_url)
    upgrade_to_head(engine)
    now = datetime(2026, 11, 23, 9)
    with engine.begin() as conn:
        event_id = conn.execute(
            insert(EventRow)
            .values(
                at=now,
                station="s",
                user="u",
                type="label_printed",
                subject_type="item",
                subject_id=None,
                payload={},
            )
            .returning(EventRow.id)
        ).scalar_one()
        row = {"event_id": event_id, "status": "pending", "attempts": 0, "last_error": "", "created_at": now}
        conn.execute(insert(DeliveryRow).values(target="a", **row))
        conn.execute(insert(DeliveryRow).values(target="b", **row))
    with pytest.raises(IntegrityError), engine.begin() as conn:
        conn.execute(insert(DeliveryRow).values(target="a", **row))
    engine.dispose()
