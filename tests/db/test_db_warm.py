"""The start-up read of the lookup indexes (store/warm.py, issue #18): every index of the scan's tables
is read, on both backends and by each method, inside a read-only transaction that neither waits for a
writer nor stops one."""

from __future__ import annotations

import sqlite3
import time
from pathlib import Path

import pytest
from sqlalchemy import text

from returnstation.bootstrap import Station
from returnstation.store import warm
from returnstation.store.warm import WARM_TABLES, warm_lookup_indexes


def _index_count(station: Station, expressions: bool = True) -> int:
    with station.engine.connect() as conn:
        if conn.dialect.name == "sqlite":
            marks = ", ".join("?" for _ in WARM_TABLES)
            sql = f"SELECT count(*) FROM sqlite_master WHERE type = 'index' AND tbl_name IN ({marks})"
            return int(conn.exec_driver_sql(sql, WARM_TABLES).scalar() or 0)
        rows = conn.execute(
            text(
                "SELECT i.indkey[0] FROM pg_index i JOIN pg_class t ON t.oid = i.indrelid "
                "WHERE t.relname = ANY(:t) AND t.relnamespace = current_schema()::regnamespace"
            ),
            {"t": list(WARM_TABLES)},
        ).scalars()
        return sum(1 for first_column in rows if expressions or first_column != 0)


def _rchar() -> int:
    line = next(x for x in Path("/proc/self/io").read_text().splitlines() if x.startswith("rchar:"))
    return int(line.split()[1])


def test_every_lookup_index_is_read_while_a_writer_holds_the_database(station: Station) -> None:
    sqlite = station.engine.dialect.name == "sqlite"
    writer = station.engine.connect()
    writer.begin()  # on SQLite BEGIN IMMEDIATE (store/db.py): the write lock, held through the whole warm
    writer.exec_driver_sql("INSERT INTO meta (key, value) VALUES ('written-meanwhile', 'x')")
    try:
        start = time.perf_counter()
        result = warm_lookup_indexes(station.engine)
        took = time.perf_counter() - start
    finally:
        writer.commit()
        writer.close()
    assert took < 5, "the warm waited for the writer"  # the busy timeout is 10 s
    if result.how == "index scan" and not sqlite:  # no pg_prewarm: expression indexes cannot be named
        assert result.indexes == _index_count(station, expressions=False)
    else:
        assert result.indexes == _index_count(station) > 10
    with station.engine.connect() as conn:  # the writer's row is there: the warm stopped nobody
        assert conn.exec_driver_sql("SELECT value FROM meta WHERE key = 'written-meanwhile'").scalar() == "x"


def test_on_sqlite_the_warm_reads_every_page_of_every_index(station: Station) -> None:
    if station.engine.dialect.name != "sqlite":
        pytest.skip("pages read through the OS are what SQLite reads; PostgreSQL reads on the server")
    with station.engine.connect() as conn:
        try:
            pages = conn.exec_driver_sql(
                "SELECT count(*) FROM dbstat WHERE name IN "
                "(SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name IN "
                f"({', '.join(repr(t) for t in WARM_TABLES)}))"
            ).scalar()
        except Exception:
            pytest.skip("this SQLite has no dbstat")
        page_size = int(conn.exec_driver_sql("PRAGMA page_size").scalar() or 0)
    station.engine.dispose()  # a new connection: nothing in SQLite's own cache
    before = _rchar()
    result = warm_lookup_indexes(station.engine)
    assert result.how == "dbstat"
    assert _rchar() - before >= int(pages or 0) * page_size > 0


def test_without_dbstat_each_column_index_is_scanned(station: Station) -> None:
    if station.engine.dialect.name != "sqlite":
        pytest.skip("the SQLite fallback")
    con = sqlite3.connect(f"file:{station.engine.url.database}?mode=ro", uri=True)
    try:
        names = con.execute(
            "SELECT name, tbl_name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'rmas'"
        ).fetchall()
        done = warm._warm_sqlite_by_scans(con, [(str(n), str(t)) for n, t in names])
    finally:
        con.close()
    assert done == len(names) > 3  # rmas has column indexes only


def test_pg_prewarm_is_used_when_the_extension_is_installed(station: Station) -> None:
    if station.engine.dialect.name != "postgresql":
        pytest.skip("PostgreSQL's extension")
    with station.engine.begin() as conn:
        try:
            conn.exec_driver_sql("CREATE EXTENSION IF NOT EXISTS pg_prewarm")
        except Exception:
            pytest.skip("pg_prewarm is not available on this server")
    result = warm_lookup_indexes(station.engine)
    assert (result.how, result.indexes) == ("pg_prewarm", _index_count(station))
    assert result.pages is not None and result.pages >= result.indexes  # at least a block each


def test_the_station_starts_the_warm_and_returns_at_once(
    station: Station, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level("INFO", logger="returnstation.store.warm")
    started = time.perf_counter()
    thread = warm.warm_in_background(station.engine)
    assert time.perf_counter() - started < 0.5
    thread.join(30)
    assert not thread.is_alive()
    assert "lookup indexes read ahead" in caplog.text
