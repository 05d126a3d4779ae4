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


# libpq settings so that an unreachable server is reported within seconds instead of hanging the
# bench: give up connecting after CONNECT_TIMEOUT_S, and notice a dead network (no RST ever comes)
# through TCP keepalives and an unacknowledged-write timeout instead of the kernel's two hours.
CONNECT_TIMEOUT_S = 5
_PG_CONNECT_ARGS: dict[str, Any] = {
    "connect_timeout": CONNECT_TIMEOUT_S,
    "keepalives": 1,
    "keepalives_idle": 10,
    "keepalives_interval": 5,
    "keepalives_count": 3,
    "tcp_user_timeout": 20_000,
}


def make_engine(url: str, *, busy_timeout_s: float = 10.0, **kwargs: Any) -> Engine:
    """`busy_timeout_s`: how long a SQLite writer queues behind another before the station reports
    the database as locked (tests and benchmarks shorten it)."""
    connect_args = dict(kwargs.pop("connect_args", {}))
    if url.startswith("sqlite"):
        path = _sqlite_path(url)
        if path is not None:
            path.parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url, connect_args={"timeout": busy_timeout_s, **connect_args}, **kwargs)
        _install_sqlite_pragmas(engine, busy_timeout_s)
        return engine
    if url.startswith("postgresql"):
        connect_args = {**_PG_CONNECT_ARGS, **connect_args}
    return create_engine(url, pool_pre_ping=True, connect_args=connect_args, **kwargs)


def _install_sqlite_pragmas(engine: Engine, busy_timeout_s: float) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn: Any, _record: Any) -> None:
        dbapi_conn.isolation_level = None  # we emit BEGIN ourselves
        cur = dbapi_conn.cursor()
        cur.execute("PRAGMA journal_mode=WAL")
        cur.execute("PRAGMA synchronous=FULL")
        cur.execute("PRAGMA foreign_keys=ON")
        cur.execute("PRAGMA cache_size=-65536")  # 64 MB: a large import's write phase stays in memory
        cur.execute(f"PRAGMA busy_timeout={int(busy_timeout_s * 1000)}")
        cur.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Any) -> None:
        conn.exec_driver_sql("BEGIN IMMEDIATE")


def make_session_factory(engine: Engine) -> sessionmaker[Session]:
    return sessionmaker(engine, expire_on_commit=False)
