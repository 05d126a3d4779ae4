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
from tests.db.test_db_audit import Db, append_events, as_attacker

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


@pytest.mark.parametrize(("name", "sqlite_sql", "pg_sql"), EDITS, ids=[e[0] for e in EDITS])
def test_any_value_in_any_column_is_named_not_crashed_on(
    db: Db, name: str, sqlite_sql: str, pg_sql: str | None
) -> None:
    sql = sqlite_sql if db.engine.dialect.name == "sqlite" else pg_sql
    if sql is None:
        pytest.skip("PostgreSQL's column type refuses this value")
    append_events(db.factory, 6)
    victim = db.chain()[3]

    def edit(conn: Connection) -> None:
        conn.exec_driver_sql(f"UPDATE events SET {sql} WHERE id = {victim.id}")

    as_attacker(db.engine, edit)
    report = verify_database(db.factory)
    assert not report.ok
    assert report.first_bad_id == victim.id, report.text()
    assert report.text().startswith(f"TAMPERED: event {victim.id} (seq "), report.text()


def test_a_damaged_chain_head_is_reported(db: Db) -> None:
    append_events(db.factory, 3)
    if db.engine.dialect.name != "sqlite":
        pytest.skip("PostgreSQL's integer column refuses text")
    with db.engine.begin() as conn:
        conn.exec_driver_sql("UPDATE audit_chain_head SET last_seq = 'x', last_hash = x'00'")
    report = verify_database(db.factory)
    assert not report.ok and report.text().startswith("TAMPERED: the chain head"), report.text()


def test_the_command_prints_tampered_and_exits_1(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path, sqlite_url: str
) -> None:
    engine = make_engine(sqlite_url)
    upgrade_to_head(engine)
    db = Db(engine, make_session_factory(engine))
    append_events(db.factory, 4)
    victim = db.chain()[2]
    as_attacker(engine, lambda conn: conn.exec_driver_sql(
        f"UPDATE events SET at = 'yesterday', payload = 'nope' WHERE id = {victim.id}"))
    engine.dispose()
    monkeypatch.setenv("RETURNSTATION_CONFIG", str(tmp_path / "none.toml"))
    monkeypatch.setenv("RETURNSTATION_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("RETURNSTATION_DATABASE_URL", sqlite_url)
    monkeypatch.setenv("RETURNSTATION_DEMO_DATA", "0")
    assert cli.main(["audit", "verify"]) == 1
    assert cli.main(["audit", "export", "--out", str(tmp_path / "events.jsonl")]) == 1
    err = capsys.readouterr().err
    assert f"TAMPERED: event {victim.id} (seq 3): " in err and "Traceback" not in err
