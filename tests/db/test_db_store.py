"""Schema and durability guarantees on both backends."""

from __future__ import annotations

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DatabaseError

from returnstation.store.db import make_engine
from returnstation.store.migrate import is_up_to_date, upgrade_to_head


def test_migrations_reach_head_and_are_idempotent(db_url: str) -> None:
    engine = make_engine(db_url)
    upgrade_to_head(engine)
    upgrade_to_head(engine)
    assert is_up_to_date(engine)
    engine.dispose()


def test_events_are_append_only(db_url: str) -> None:
    engine = make_engine(db_url)
    upgrade_to_head(engine)
    with engine.begin() as conn:
        conn.execute(
            text(
                'INSERT INTO events (at, station, "user", type, subject_type, payload) '
                "VALUES (CURRENT_TIMESTAMP, 's', 'u', 't', 'x', '{}')"
            )
        )
    for stmt in ("UPDATE events SET type = 'forged'", "DELETE FROM events"):
        with pytest.raises(DatabaseError, match="append-only"), engine.begin() as conn:
            conn.execute(text(stmt))
    with engine.connect() as conn:
        assert conn.execute(text("SELECT type FROM events")).scalars().all() == ["t"]
    engine.dispose()


def test_sqlite_runs_in_wal_with_full_sync_and_foreign_keys(sqlite_url: str) -> None:
    engine = make_engine(sqlite_url)
    with engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA synchronous").scalar() == 2  # FULL
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
    engine.dispose()
