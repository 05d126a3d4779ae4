"""What the audit hash chain costs: commits per second with and without it, and verify speed.

Every transaction writes two events (like a scan: item_received + a discrepancy or label event), from
1 and from N threads. "chained" goes through EventLog.append (head locked at commit, hashes computed);
"unchained" inserts the same rows directly, as before the chain existed. On PostgreSQL the chained
commits run one at a time (the head row lock is held until COMMIT), so the difference grows with the
number of writers; on SQLite every writer was serialised by BEGIN IMMEDIATE already.

    .venv/bin/python bench/bench_audit_chain.py [--threads 8] [--tx 200] [--pg-url URL] [--no-sqlite]

PostgreSQL comes from --pg-url or RETURNSTATION_TEST_PG_URL (a database of its own is created there).
Prints figures only.
"""

from __future__ import annotations

import argparse
import os
import tempfile
import threading
import time
import uuid
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session, sessionmaker

from returnstation.store.audit import verify_database
from returnstation.store.db import make_engine, make_session_factory
from returnstation.store.models import EventRow
from returnstation.store.repositories import EventLog

T0 = datetime(2026, 11, 23, 9, 0, 0)


def chained(session: Session, t: int, i: int) -> None:
    log = EventLog(session)
    for k in range(2):
        log.append(
            "tick",
            station=f"bench-{t}",
            user="u",
            at=T0,
            subject_type="test",
            subject_id=i,
            payload={"t": t, "i": i, "k": k, "scan": uuid.uuid4().hex},
        )


def unchained(session: Session, t: int, i: int) -> None:
    for k in range(2):
        session.add(
            EventRow(
                type="tick",
                station=f"bench-{t}",
                user="u",
                at=T0,
                subject_type="test",
                subject_id=i,
                payload={"t": t, "i": i, "k": k, "scan": uuid.uuid4().hex},
            )
        )


def run(
    factory: sessionmaker[Session], write: Callable[[Session, int, int], None], threads: int, tx: int
) -> float:
    """Transactions per second over all threads."""
    barrier = threading.Barrier(threads + 1)

    def work(t: int) -> None:
        barrier.wait()
        for i in range(tx):
            with factory() as s:
                write(s, t, i)
                s.commit()

    workers = [threading.Thread(target=work, args=(t,)) for t in range(threads)]
    for w in workers:
        w.start()
    barrier.wait()
    start = time.perf_counter()
    for w in workers:
        w.join()
    return threads * tx / (time.perf_counter() - start)


def bench(label: str, url: str, threads: int, tx: int) -> None:
    from returnstation.store.migrate import upgrade_to_head

    engine = make_engine(url, pool_size=threads + 2) if url.startswith("postgresql") else make_engine(url)
    upgrade_to_head(engine)
    factory = make_session_factory(engine)
    print(f"\n{label}: {tx} transactions of 2 events per thread")
    for n in sorted({1, threads}):
        base = run(factory, unchained, n, tx)
        chain = run(factory, chained, n, tx)
        print(
            f"  {n} thread(s): unchained {base:8.0f} tx/s   chained {chain:8.0f} tx/s   "
            f"({100 * (chain / base - 1):+.0f}%)"
        )
    # the unchained rows sort last, so verify checks every chained one and stops at the first of those
    start = time.perf_counter()
    report = verify_database(factory)
    took = time.perf_counter() - start
    rate = report.checked / took
    print(f"  verify: {report.checked} chained events in {took:.2f} s ({rate:,.0f} events/s)")
    engine.dispose()


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--threads", type=int, default=8)
    p.add_argument("--tx", type=int, default=200)
    p.add_argument("--pg-url", default=os.environ.get("RETURNSTATION_TEST_PG_URL", ""))
    p.add_argument("--no-sqlite", action="store_true")
    args = p.parse_args()
    if not args.no_sqlite:
        with tempfile.TemporaryDirectory() as tmp:
            url = f"sqlite:///{Path(tmp) / 'bench.db'}"
            bench("SQLite (WAL, synchronous=FULL)", url, args.threads, args.tx)
    if args.pg_url:
        name = f"rs_bench_audit_{uuid.uuid4().hex[:8]}"
        admin = create_engine(args.pg_url, isolation_level="AUTOCOMMIT")
        with admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
        try:
            url = make_url(args.pg_url).set(database=name).render_as_string(hide_password=False)
            bench("PostgreSQL", url, args.threads, args.tx)
        finally:
            with admin.connect() as conn:
                conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
            admin.dispose()


if __name__ == "__main__":
    main()
