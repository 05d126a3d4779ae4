"""The one database probe (store/health.py) the bench's offline mode and the first-run setup share:
it needs a write transaction, not just an answer, and says "unavailable" only for an outage."""

from __future__ import annotations

import socket
import sqlite3
from pathlib import Path

import pytest
from sqlalchemy.exc import ArgumentError

from returnstation.store.db import make_engine, make_session_factory
from returnstation.store.errors import DatabaseUnavailable
from returnstation.store.health import probe_database, probe_database_url

pytestmark = pytest.mark.db


def test_a_reachable_database_passes_and_keeps_nothing_open(db_url: str) -> None:
    probe_database_url(db_url)
    engine = make_engine(db_url)
    try:
        probe_database(make_session_factory(engine))
        assert engine.pool.checkedout() == 0  # the probe's session went back to the pool
    finally:
        engine.dispose()


def test_a_sqlite_file_another_writer_holds_is_unavailable_though_it_still_reads(tmp_path: Path) -> None:
    path = tmp_path / "station.db"
    engine = make_engine(f"sqlite:///{path}", busy_timeout_s=0.2)
    try:
        probe_database(make_session_factory(engine))  # creates the file
        other = sqlite3.connect(path, isolation_level=None)
        other.execute("BEGIN IMMEDIATE")  # a writer, so readers still get answers
        try:
            assert sqlite3.connect(path).execute("SELECT 1").fetchone() == (1,)
            with pytest.raises(DatabaseUnavailable) as caught:
                probe_database(make_session_factory(engine))
            assert "locked" in caught.value.reason
        finally:
            other.execute("ROLLBACK")
            other.close()
        probe_database(make_session_factory(engine))  # and fine again once the other writer is gone
    finally:
        engine.dispose()


def test_a_server_nobody_listens_on_is_unavailable_and_a_bad_address_is_not_an_outage() -> None:
    with socket.socket() as s:  # a port that was free a moment ago: connection refused
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    with pytest.raises(DatabaseUnavailable) as caught:
        probe_database_url(f"postgresql+psycopg://postgres@127.0.0.1:{port}/nothing")
    assert "does not answer" in caught.value.reason
    with pytest.raises(ArgumentError):
        probe_database_url("warehouse-db:5432")
