"""The start-up check "is the schema at head?" without Alembic gives Alembic's own answer."""

from __future__ import annotations

from pathlib import Path

from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import text

from returnstation.store.db import make_engine
from returnstation.store.migrate import alembic_config, is_up_to_date, script_heads, upgrade_to_head


def test_heads_read_from_the_files_are_alembics_heads() -> None:
    assert script_heads() == frozenset(ScriptDirectory.from_config(alembic_config()).get_heads())


def test_a_database_is_up_to_date_exactly_when_alembic_says_so(db_url: str, tmp_path: Path) -> None:
    fresh = make_engine(f"sqlite:///{tmp_path / 'fresh.db'}")
    assert not is_up_to_date(fresh)
    upgrade_to_head(fresh)
    assert is_up_to_date(fresh)
    fresh.dispose()

    engine = make_engine(db_url)  # a database at head (SQLite and PostgreSQL)
    try:
        with engine.connect() as conn:
            assert set(MigrationContext.configure(conn).get_current_heads()) == script_heads()
        assert is_up_to_date(engine)
        newest = max(script_heads())
        with engine.begin() as conn:  # one branch not applied: the check must see it
            conn.execute(text("DELETE FROM alembic_version WHERE version_num = :v"), {"v": newest})
        assert not is_up_to_date(engine)
    finally:
        engine.dispose()
