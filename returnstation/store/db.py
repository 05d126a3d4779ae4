"""Engine creation with the durability settings a bench needs.

SQLite: WAL so readers never wait for the writer, synchronous=FULL so a confirmed receipt survives a
power cut, foreign keys on, a busy timeout, and BEGIN IMMEDIATE so two writers queue instead of
failing half-way (pysqlite's deferred BEGIN would otherwise break isolation).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session, sessionmaker


def _sqlite_path(url: str) -> Path | None:
    u = make_url(url)
    if u.database in (None, "", ":memory:"):
        return None
    return Path(u.database)


def make_engine(url: str, **kwargs: Any) -> Engine:
    if url.startswith("sqlite"):
        path = _sqlite_path(url)
        if path is not None:
            path.parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url, connect_args={"timeout": 10}, **kwargs)
        _install_sqlite_pragmas(engine)
        return engine
    return create_engine(url, pool_pre_ping=True, **kwargs)


def _install_sqlite_pragmas(engine: Engine) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn: Any, _record: Any) -> None:
        dbapi_conn.isolation_level = None  # we emit BEGIN ourselves
        cur = dbapi_conn.cursor()
        cur.execute("PRAGMA journal_mode=WAL")
        cur.execute("PRAGMA synchronous=FULL")
        cur.execute("PRAGMA foreign_keys=ON")
        cur.execute("PRAGMA busy_timeout=10000")
        cur.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Any) -> None:
        conn.exec_driver_sql("BEGIN IMMEDIATE")


def make_session_factory(engine: Engine) -> sessionmaker[Session]:
    return sessionmaker(engine, expire_on_commit=False)
