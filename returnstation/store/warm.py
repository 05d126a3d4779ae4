"""Read the scan lookups' indexes into memory at start-up, so the first parcels are not a cold cache's.

Why (issue #18): with 1,000,000 RMAs scan-to-match met its 50 ms p99 only while the database files sat
in the OS page cache. After a reboot each parcel scan read ~40 pages from disk (the RMA, tracking and
order number indexes, the RMA's lines, the parcel tables) and its p99 was 120-390 ms; the first
parcels of the day paid for it. Reading the indexes once, in the background, costs a few seconds of
disk at start-up instead.

What is read: every index of the tables a scan looks up (``WARM_TABLES``), never the tables themselves
(the RMA's own row is one page per scan; the index walks are most of the cold reads).
- SQLite: each index is walked through the ``dbstat`` virtual table when the library has it (it visits
  every page of the index), else counted through the index (a covering scan of its first column).
- PostgreSQL: ``pg_prewarm(index, 'read')`` when the extension is installed (``CREATE EXTENSION
  pg_prewarm`` by the database's owner; the station never creates extensions), else a count through
  each index with the planner told to use it.

Everything runs in one read-only transaction on a connection of its own (SQLite: opened read-only,
with a small page cache; PostgreSQL: READ ONLY): under WAL it never waits for a writer and never holds
a write lock, and the database refuses a write in it. ``warm_in_background``
runs it on a daemon thread; a failure is logged, never raised (a cold cache is slower, not wrong).
"""

from __future__ import annotations

import logging
import re
import sqlite3
import threading
import time
import urllib.parse
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Connection, Engine

from returnstation.store.db import READ_ONLY

log = logging.getLogger(__name__)

# The tables whose indexes a parcel or item scan looks up (receiving.py through the repositories).
WARM_TABLES = ("rmas", "rma_lines", "rma_line_serials", "parcels", "parcel_rmas", "items")
_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")  # names come from the catalogue; quoted all the same


@dataclass(frozen=True)
class WarmResult:
    indexes: int
    how: str  # "dbstat", "index scan", "pg_prewarm"
    seconds: float
    pages: int | None = None  # pg_prewarm's block count; None where the method does not say


def warm_lookup_indexes(engine: Engine) -> WarmResult:
    """Read the lookup indexes once (see the module docstring); how many, how and how long."""
    t0 = time.perf_counter()
    if engine.dialect.name == "sqlite":
        indexes, how, pages = _warm_sqlite_file(engine.url.database)
    else:
        with engine.connect().execution_options(**{READ_ONLY: True}) as conn, conn.begin():
            indexes, how, pages = _warm_postgres(conn)
    return WarmResult(indexes, how, time.perf_counter() - t0, pages)


def warm_in_background(engine: Engine) -> threading.Thread:
    """Start the warm on a daemon thread (it reads, so a process that ends meanwhile loses nothing)."""

    def run() -> None:
        try:
            result = warm_lookup_indexes(engine)
        except Exception as exc:  # a cold cache is slow, not wrong: say so and carry on
            log.warning("lookup indexes not read ahead: %s", exc)
            return
        log.info(
            "lookup indexes read ahead: %d index(es) by %s in %.2f s",
            result.indexes,
            result.how,
            result.seconds,
        )

    thread = threading.Thread(target=run, name="warm-lookup-indexes", daemon=True)
    thread.start()
    return thread


def _quoted(name: str) -> str:
    if not _NAME.match(name):
        raise ValueError(f"unexpected index or column name {name!r}")
    return f'"{name}"'


def _warm_sqlite_file(path: str | None) -> tuple[int, str, int | None]:
    """On a connection of its own, opened read-only, with a small page cache: the point is the OS page
    cache, which every connection shares; the pool's connections keep a 64 MB cache each (store/db.py),
    and filling one with index pages nobody asked for yet would be 64 MB more memory for the station."""
    if not path or path == ":memory:":
        return 0, "nothing to read", None
    uri = f"file:{urllib.parse.quote(str(Path(path).resolve()))}?mode=ro"
    con = sqlite3.connect(uri, uri=True, isolation_level=None)
    try:
        con.execute("PRAGMA cache_size=64")  # pages
        con.execute("BEGIN")  # one snapshot; under WAL it waits for no writer
        result = _warm_sqlite(con)
        con.execute("COMMIT")
        return result
    finally:
        con.close()


def _warm_sqlite(con: sqlite3.Connection) -> tuple[int, str, int | None]:
    marks = ", ".join("?" for _ in WARM_TABLES)
    sql = (
        f"SELECT name, tbl_name FROM sqlite_master WHERE type = 'index' AND tbl_name IN ({marks}) ORDER BY 1"
    )
    indexes = [(str(n), str(t)) for n, t in con.execute(sql, WARM_TABLES).fetchall()]
    try:
        con.execute("SELECT count(*) FROM dbstat WHERE name = 'sqlite_master'").fetchone()
    except sqlite3.Error:  # a library built without the dbstat virtual table
        return _warm_sqlite_by_scans(con, indexes), "index scan", None
    for name, _table in indexes:
        con.execute("SELECT count(*) FROM dbstat WHERE name = ? AND aggregate = 1", (name,)).fetchone()
    return len(indexes), "dbstat", None


def _warm_sqlite_by_scans(con: sqlite3.Connection, indexes: list[tuple[str, str]]) -> int:
    """A covering scan of each index's first column (expression indexes are left: no column to name;
    ``IS NOT NULL`` is also the condition of the partial indexes, which SQLite uses only under it)."""
    done = 0
    for name, table in indexes:
        columns = con.execute(f"PRAGMA index_info({_quoted(name)})").fetchall()
        if not columns or columns[0][2] is None:
            continue
        column = _quoted(str(columns[0][2]))
        sql = f"SELECT count(*) FROM {_quoted(table)} INDEXED BY {_quoted(name)} WHERE {column} IS NOT NULL"
        con.execute(sql).fetchone()
        done += 1
    return done


def _warm_postgres(conn: Connection) -> tuple[int, str, int | None]:
    indexes = conn.exec_driver_sql(
        "SELECT i.indexrelid::regclass::text, t.relname, a.attname "
        "FROM pg_index i JOIN pg_class t ON t.oid = i.indrelid "
        "LEFT JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = i.indkey[0] "
        "WHERE t.relname = ANY(%(tables)s) AND t.relnamespace = current_schema()::regnamespace "
        "ORDER BY 1",
        {"tables": list(WARM_TABLES)},
    ).fetchall()
    prewarm = conn.exec_driver_sql("SELECT 1 FROM pg_extension WHERE extname = 'pg_prewarm'").scalar()
    if prewarm:
        pages = 0
        for index, _table, _column in indexes:
            pages += int(
                conn.exec_driver_sql("SELECT pg_prewarm(%(ix)s::regclass, 'read')", {"ix": index}).scalar()
                or 0
            )
        return len(indexes), "pg_prewarm", pages
    conn.exec_driver_sql("SET LOCAL enable_seqscan = off")
    conn.exec_driver_sql("SET LOCAL enable_bitmapscan = off")
    conn.exec_driver_sql("SET LOCAL enable_sort = off")
    done = 0
    for _index, table, column in indexes:
        if column is None:  # an expression index
            continue
        col = _quoted(str(column))
        conn.exec_driver_sql(
            f"SELECT count(*) FROM (SELECT {col} FROM {_quoted(str(table))} ORDER BY {col}) s"
        )
        done += 1
    return done, "index scan", None
