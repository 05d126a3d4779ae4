"""Engine creation with the durability settings a bench needs.

SQLite: WAL so readers never wait for the writer, synchronous=FULL so a confirmed receipt survives a
power cut, foreign keys on, a busy timeout, and BEGIN IMMEDIATE for a writing transaction so two
writers queue instead of failing half-way (a deferred BEGIN that later writes can fail with
SQLITE_BUSY on its first write, after its reads, with no busy-wait).

A transaction opened read-only (the unit of work decides: ``READ_ONLY`` in the session's execution
options) starts with a plain deferred BEGIN instead: under WAL it reads a snapshot and never waits
for a writer, so a pending list is not held up for the 10 s busy timeout behind someone's receipt.
The database itself then refuses a write in it (``PRAGMA query_only`` on SQLite, ``SET TRANSACTION
READ ONLY`` on PostgreSQL), so a write slipped into a read path fails loudly instead of racing.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session, sessionmaker

# Execution option a read-only unit of work puts on its session (store/uow.py); read by the begin hooks.
READ_ONLY = "returnstation_read_only"


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
    engine = create_engine(url, pool_pre_ping=True, connect_args=connect_args, **kwargs)
    _install_read_only_transactions(engine)
    return engine


def _read_only(conn: Any) -> bool:
    return bool(conn.get_execution_options().get(READ_ONLY, False))


def _install_read_only_transactions(engine: Engine) -> None:
    """PostgreSQL's own BEGIN is fine for both; a read-only one is declared so the server refuses writes."""

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Any) -> None:
        if _read_only(conn):
            conn.exec_driver_sql("SET TRANSACTION READ ONLY")


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
        # query_only is a property of the connection, which the pool hands on: set it every time.
        if _read_only(conn):
            conn.exec_driver_sql("PRAGMA query_only=ON")
            conn.exec_driver_sql("BEGIN")
        else:
            conn.exec_driver_sql("PRAGMA query_only=OFF")
            conn.exec_driver_sql("BEGIN IMMEDIATE")


def make_session_factory(engine: Engine) -> sessionmaker[Session]:
    return sessionmaker(engine, expire_on_commit=False)
