"""`audit verify` names the tampered event whatever was written into it (issue 19, defect 2).

An attacker behind the triggers is not bound to write sensible values: a word where a time belongs, an
impossible month, a payload that is not JSON, bytes where text belongs. Each must give
"TAMPERED: event N (seq S): ..." and exit status 1, never a traceback.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Connection

from returnstation import cli
from returnstation.store.audit import verify_database
from returnstation.store.db import make_engine, make_session_factory
from returnstation.store.migrate import upgrade_to_head
from tests.db.test_db_audit import _PG_TRIGGER, _SQLITE_TRIGGERS, Db, append_events, as_attacker

pytestmark = pytest.mark.db

# (name, SQL for SQLite, SQL for PostgreSQL or None where its column types refuse the value anyway)
EDITS: list[tuple[str, str, str | None]] = [
    ("time is a word", "at = 'yesterday'", "at = 'yesterday'"),
    ("impossible month", "at = '2026-13-45 09:00:00.000000'", None),
    ("time is bytes", "at = x'00ff'", None),
    ("payload not JSON", "payload = '{not json'", None),
    ("payload is bytes", "payload = x'ff00'", None),
    ("payload is a list", "payload = '[1, 2]'", "payload = '[1, 2]'"),
    ("station is bytes", "station = x'00ff'", None),
    ("user with control characters", "user = 'ana' || char(0) || char(27)", "\"user\" = 'ana' || chr(27)"),
    ("seq is text", "seq = 'abc'", None),
    ("seq is negative", "seq = -4", "seq = -4"),
    ("subject is text", "subject_id = 'x'", None),
    ("subject is a fraction", "subject_id = 1.5", None),
    ("prev_hash is bytes", "prev_hash = x'01'", None),
    ("prev_hash not ASCII", "prev_hash = 'é'", "prev_hash = 'é'"),
    ("hash is a number", "hash = 123", "hash = '123'"),
    ("hash removed", "hash = NULL", "hash = NULL"),
]


@pytest.fixture
def db(db_url: str) -> Iterator[Db]:
    engine = make_engine(db_url)
    upgrade_to_head(engine)
    yield Db(engine, make_session_factory(engine))
    engine.dispose()


def _start_over(db: Db) -> None:
    """As the attacker: wipe the log and the head, so each edit below starts from a fresh chain."""
    with db.engine.begin() as conn:
        if db.engine.dialect.name == "sqlite":
            conn.exec_driver_sql("DROP TRIGGER events_no_update")
            conn.exec_driver_sql("DROP TRIGGER events_no_delete")
            conn.exec_driver_sql("DELETE FROM events")
            for sql in _SQLITE_TRIGGERS:
                conn.exec_driver_sql(sql)
        else:
            conn.exec_driver_sql("DROP TRIGGER events_append_only ON events")
            conn.exec_driver_sql("DELETE FROM events")
            conn.exec_driver_sql(_PG_TRIGGER)
        conn.exec_driver_sql("UPDATE audit_chain_head SET last_seq = 0, last_hash = '" + "0" * 64 + "'")


def test_any_value_in_any_column_is_named_not_crashed_on(db: Db) -> None:
    """One database per dialect, one fresh chain per edit (a database per edit would be slow)."""
    for name, sqlite_sql, pg_sql in EDITS:
        sql = sqlite_sql if db.engine.dialect.name == "sqlite" else pg_sql
        if sql is None:
            continue  # PostgreSQL's column type refuses this value anyway
        _start_over(db)
        append_events(db.factory, 6)
        victim = db.chain()[3]

        def edit(conn: Connection, sql: str = sql, victim_id: int = victim.id) -> None:
            conn.exec_driver_sql(f"UPDATE events SET {sql} WHERE id = {victim_id}")

        as_attacker(db.engine, edit)
        report = verify_database(db.factory)
        assert not report.ok, name
        assert report.first_bad_id == victim.id, (name, report.text())
        assert report.text().startswith(f"TAMPERED: event {victim.id} (seq "), (name, report.text())


def test_a_damaged_chain_head_is_reported(sqlite_url: str) -> None:
    """SQLite only: PostgreSQL's integer column refuses text."""
    engine = make_engine(sqlite_url)
    upgrade_to_head(engine)
    db = Db(engine, make_session_factory(engine))
    append_events(db.factory, 3)
    with db.engine.begin() as conn:
        conn.exec_driver_sql("UPDATE audit_chain_head SET last_seq = 'x', last_hash = x'00'")
    report = verify_database(db.factory)
    engine.dispose()
    assert not report.ok and report.text().startswith("TAMPERED: the chain head"), report.text()


def test_the_command_prints_tampered_and_exits_1(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path, sqlite_url: str
) -> None:
    engine = make_engine(sqlite_url)
    upgrade_to_head(engine)
    db = Db(engine, make_session_factory(engine))
    append_events(db.factory, 4)
    victim = db.chain()[2]
    as_attacker(
        engine,
        lambda conn: conn.exec_driver_sql(
            f"UPDATE events SET at = 'yesterday', payload = 'nope' WHERE id = {victim.id}"
        ),
    )
    engine.dispose()
    monkeypatch.setenv("RETURNSTATION_CONFIG", str(tmp_path / "none.toml"))
    monkeypatch.setenv("RETURNSTATION_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("RETURNSTATION_DATABASE_URL", sqlite_url)
    monkeypatch.setenv("RETURNSTATION_DEMO_DATA", "0")
    assert cli.main(["audit", "verify"]) == 1
    assert cli.main(["audit", "export", "--out", str(tmp_path / "events.jsonl")]) == 1
    err = capsys.readouterr().err
    assert f"TAMPERED: event {victim.id} (seq 3): " in err and "Traceback" not in err
