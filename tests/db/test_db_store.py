"""Schema and durability guarantees on both backends."""

from __future__ import annotations

import pytest
from alembic.util import CommandError
from sqlalchemy import text
from sqlalchemy.exc import DatabaseError

from returnstation.store.db import make_engine
from returnstation.store.migrate import is_up_to_date, upgrade_to_head


def test_migrations_reach_head_and_are_idempotent(empty_db_url: str) -> None:
    engine = make_engine(empty_db_url)
    upgrade_to_head(engine)
    upgrade_to_head(engine)
    assert is_up_to_date(engine)
    engine.dispose()


def test_only_a_database_stamped_with_every_head_counts_as_up_to_date(db_url: str) -> None:
    """upgrade_to_head() skips Alembic when the version row already names the heads; a database that
    names a revision this code does not know (written by a newer version) must still be refused."""
    engine = make_engine(db_url)
    assert is_up_to_date(engine)
    upgrade_to_head(engine)  # nothing to do
    with engine.begin() as conn:
        conn.execute(text("DELETE FROM alembic_version"))  # one row per branch head
        conn.execute(text("INSERT INTO alembic_version (version_num) VALUES ('9999_from_a_newer_version')"))
    assert not is_up_to_date(engine)
    with pytest.raises(CommandError, match="9999_from_a_newer_version"):
        upgrade_to_head(engine)
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
