"""Item-first lookup with a year of RMAs: does an item scanned with no parcel open list its RMAs at once?

Fills SQLite (and PostgreSQL when RETURNSTATION_TEST_PG_URL or --pg-url is given) with N open RMAs
(default 1,000,000; one to three lines each, about 2,000,000 lines; 5,000 SKUs, each with a GTIN; every
fourth RMA's lines expect a serial) in bulk, like bench_scan_to_match.py, then times the real service call
a clerk waits for: an item scan into ``ReceivingService.scan_parcel`` with no parcel open, until the
ranked candidate list comes back (classification, the indexed lookups by SKU, GTIN and serial, the
expected/received counts of the candidates shown). Scans are a SKU, a GTIN (EAN-13) or a serial, half of
them with a "last customer" to rank. It prints p50/p95/p99 per kind (target p99 <= 50 ms), the load
average, and the query plans of the lookups, flagging any full table scan.

    PYTHONPATH=. .venv/bin/python bench/bench_item_first.py [--rmas N] [--scans N] [--pg-url URL]
        [--no-sqlite] [--sqlite-path FILE] [--keep]

The fill is skipped when the target database already holds exactly N benchmark RMAs. Figures only.
"""

from __future__ import annotations

import argparse
import os
import random
import sqlite3
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from bench_scan_to_match import (
    BENCH_TABLES,
    CATEGORIES,
    LINE_COLS,
    RMA_COLS,
    SKUS,
    capture_sql,
    libpq_url,
    line_count,
    percentile,
    reset_tables,
    rma_rows,
    sku,
)
from sqlalchemy import Engine, create_engine, text
from sqlalchemy.engine import make_url

from returnstation.domain.scan import Scan
from returnstation.scan.checkdigits import gs1_check_digit
from returnstation.services.receiving import ReceivingService
from returnstation.services.results import Feedback, StationContext
from returnstation.store.db import make_engine, make_session_factory
from returnstation.store.migrate import upgrade_to_head
from returnstation.store.uow import UnitOfWork

TABLES = (*BENCH_TABLES, "rma_line_serials")
SERIAL_COLS = ("id", "rma_line_id", "serial")


def gtin(sku_code: str) -> str:
    """A valid EAN-13 per SKU ("SKU-01234" -> 40000000 01234 + check digit)."""
    body = f"400000{int(sku_code[4:]):06d}"
    return body + str(gs1_check_digit(body))


def serial(i: int, ln: int) -> str | None:
    return f"SN{i:08d}{ln}" if i % 4 == 0 else None


def lines_and_serials(n: int) -> tuple[Iterator[tuple[Any, ...]], Iterator[tuple[Any, ...]]]:
    def lines() -> Iterator[tuple[Any, ...]]:
        line_id = 0
        for i in range(1, n + 1):
            for ln in range(1, line_count(i) + 1):
                line_id += 1
                s = sku(i, ln)
                yield (
                    line_id, i, ln, s, gtin(s), f"Benchmark product {ln}", CATEGORIES[(i + ln) % 4],
                    1 + (i + ln) % 2, "19.99", "no_longer_wanted", serial(i, ln) or "",
                )  # fmt: skip

    def serials() -> Iterator[tuple[Any, ...]]:
        line_id = serial_id = 0
        for i in range(1, n + 1):
            for ln in range(1, line_count(i) + 1):
                line_id += 1
                sn = serial(i, ln)
                if sn:
                    serial_id += 1
                    yield (serial_id, line_id, sn)

    return lines(), serials()


def fill_sqlite(path: Path, n: int) -> float:
    t0 = time.perf_counter()
    con = sqlite3.connect(path, isolation_level=None)
    con.execute("PRAGMA synchronous=OFF")
    con.execute("PRAGMA cache_size=-400000")
    marks = ",".join("?" * len(TABLES))
    indexes = con.execute(
        "SELECT name, sql FROM sqlite_master WHERE type='index' AND sql IS NOT NULL "
        f"AND tbl_name IN ({marks})",
        TABLES,
    ).fetchall()
    for name, _sql in indexes:
        con.execute(f'DROP INDEX "{name}"')
    lines, serials = lines_and_serials(n)
    for rows, table, cols in (
        (rma_rows(n, True), "rmas", RMA_COLS),
        (lines, "rma_lines", LINE_COLS),
        (serials, "rma_line_serials", SERIAL_COLS),
    ):
        con.execute("BEGIN")
        con.executemany(
            f"INSERT INTO {table} ({', '.join(cols)}) VALUES ({', '.join('?' * len(cols))})", rows
        )
        con.execute("COMMIT")
    for _name, sql in indexes:
        con.execute(sql)
    con.execute("ANALYZE")
    con.close()
    return time.perf_counter() - t0


def fill_postgres(url: str, n: int) -> float:
    import psycopg

    t0 = time.perf_counter()
    with psycopg.connect(libpq_url(url), autocommit=True) as con:
        indexes = con.execute(
            "SELECT indexname, indexdef FROM pg_indexes WHERE tablename = ANY(%s) AND indexname LIKE 'ix_%%'",
            (list(TABLES),),
        ).fetchall()
        for name, _sql in indexes:
            con.execute(f'DROP INDEX "{name}"')
        lines, serials = lines_and_serials(n)
        for rows, table, cols in (
            (rma_rows(n), "rmas", RMA_COLS),
            (lines, "rma_lines", LINE_COLS),
            (serials, "rma_line_serials", SERIAL_COLS),
        ):
            with con.cursor() as cur, cur.copy(f"COPY {table} ({', '.join(cols)}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
        con.execute("SET maintenance_work_mem = '256MB'")
        for _name, sql in indexes:
            con.execute(sql)
        for table in TABLES:
            con.execute(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT max(id) FROM {table}))"
            )
            con.execute(f"VACUUM ANALYZE {table}")
    return time.perf_counter() - t0


def prepare(url: str, n: int, fill: Callable[[], float]) -> Engine:
    engine = make_engine(url)
    upgrade_to_head(engine)
    with engine.connect() as conn:
        have = int(conn.execute(text("SELECT count(*) FROM rmas")).scalar() or 0)
    if have == n:
        print(f"  {n:,} RMAs already there: fill skipped")
        return engine
    if have:
        with engine.begin() as conn:  # before the lines they point at (foreign key)
            conn.execute(text("DELETE FROM rma_line_serials"))
        reset_tables(engine)
    seconds = fill()
    lines = sum(line_count(i) for i in range(1, n + 1))
    print(f"  filled {n:,} RMAs + {lines:,} lines (+ serials) in {seconds:.1f} s")
    return engine


def pg_bench_database(url: str, n: int) -> str:
    name = f"rs_item_first_{n}"
    admin = create_engine(url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        if not conn.execute(text("SELECT 1 FROM pg_database WHERE datname = :n"), {"n": name}).scalar():
            conn.execute(text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    return make_url(url).set(database=name).render_as_string(hide_password=False)


def print_plans(engine: Engine, n: int) -> None:
    """The plan of every SELECT one item-first scan runs, per kind of scan."""
    i = (n // 2) // 4 * 4 or 4  # an RMA whose lines expect serials
    svc = ReceivingService(make_session_factory(engine), StationContext("bench-plan", "bench"))
    cases: dict[str, Callable[[UnitOfWork], object]] = {
        "SKU scan": lambda _u: svc.scan_parcel(Scan(sku(i, 1)), last_customer=f"Customer {i % 50_000}"),
        "GTIN scan": lambda _u: svc.scan_parcel(Scan(gtin(sku(i, 1)))),
        "serial scan": lambda _u: svc.scan_parcel(Scan(serial(i, 1) or "")),
    }
    sqlite = engine.dialect.name == "sqlite"
    for label, action in cases.items():
        print(f"    {label}:")
        for cap in capture_sql(engine, action):
            if (
                "JOIN items" in cap.statement
            ):  # received counts: ix_items_rma_line_id, see bench_scan_to_match
                continue
            with engine.connect() as conn:
                prefix = "EXPLAIN QUERY PLAN " if sqlite else "EXPLAIN "
                rows = conn.exec_driver_sql(prefix + cap.statement, cap.params).fetchall()
            plan = [str(r[-1]) for r in rows]
            full = [
                p
                for p in plan
                if (p.startswith("SCAN ") and "USING" not in p and "INDEX" not in p) or "Seq Scan" in p
            ]
            first_line = " ".join(cap.statement.split())[:90]
            print(f"      {'FULL SCAN' if full else 'indexed'}: {first_line}...")
            for p in plan:
                print(f"          {p}")


def report(label: str, ms: list[float], extra: str = "") -> None:
    s = sorted(ms)
    print(
        f"    {label:<28} n={len(s):>5}  p50 {percentile(s, 50):6.2f}  p95 {percentile(s, 95):6.2f}  "
        f"p99 {percentile(s, 99):6.2f}  max {s[-1]:7.2f} ms {extra}"
    )


def server_times(engine: Engine, n: int, samples: int, seed: int) -> None:
    """PostgreSQL's own execution time (EXPLAIN ANALYZE) of the main lookup, the open RMAs expecting a
    SKU, for random SKUs: the work the database does, apart from waiting for a CPU on a busy machine."""
    svc = ReceivingService(make_session_factory(engine), StationContext("bench-plan", "bench"))
    first = sku(4, 1)
    [lookup] = [
        c
        for c in capture_sql(engine, lambda _u: svc.scan_parcel(Scan(first)))
        if "upper(rma_lines.sku)" in c.statement and "LIMIT" in c.statement
    ]
    rnd = random.Random(seed)
    ms: list[float] = []
    with engine.connect() as conn:
        for _ in range(samples):
            code = sku(rnd.randrange(1, n + 1), 1)
            params = {k: (code if v == first else v) for k, v in dict(lookup.params).items()}
            plan = conn.exec_driver_sql("EXPLAIN (ANALYZE, FORMAT JSON) " + lookup.statement, params).scalar()
            ms.append(float(plan[0]["Execution Time"]))  # type: ignore[index]
    report("server time, SKU lookup", ms)


def time_scans(engine: Engine, n: int, scans: int, seed: int) -> None:
    svc = ReceivingService(make_session_factory(engine), StationContext("bench-item-first", "bench"))
    rnd = random.Random(seed)
    picked = [rnd.randrange(1, n // 4 + 1) * 4 for _ in range(scans * 3 + 50)]  # RMAs with serials
    for i in picked[:50]:
        svc.scan_parcel(Scan(sku(i, 1)))
    by_kind: dict[str, list[float]] = {"SKU": [], "GTIN": [], "serial": []}
    cpu: list[float] = []  # this process's CPU ms per scan: wall time minus waiting (CPU, server)
    wrong = 0
    for k, i in enumerate(picked[50:]):
        kind = ("SKU", "GTIN", "serial")[k % 3]
        code = {"SKU": sku(i, 1), "GTIN": gtin(sku(i, 1)), "serial": serial(i, 1) or ""}[kind]
        last = f"Customer {i % 50_000}" if k % 2 else None
        c0, t0 = time.process_time(), time.perf_counter()
        fb: Feedback = svc.scan_parcel(Scan(code), last_customer=last)
        by_kind[kind].append((time.perf_counter() - t0) * 1000)
        cpu.append((time.process_time() - c0) * 1000)
        if kind == "serial":
            ok = (
                bool(fb.candidates)
                and fb.candidates[0].rma_number == f"RMA-{i:07d}"
                and fb.candidates[0].serial_match
            )
        else:
            ok = len(fb.candidates) > 1 and (last is None or fb.candidates[0].customer == last)
        wrong += not ok
    for kind, samples in by_kind.items():
        report(f"item-first by {kind}", samples)
    report("all item-first scans", [m for v in by_kind.values() for m in v], f"wrong answers: {wrong}")
    report("  same, process CPU time", cpu)
    load = os.getloadavg()
    print(
        f"    (load average now {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}; {os.cpu_count()} CPUs; "
        "target p99 <= 50 ms)"
    )


def main() -> None:
    ap = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    ap.add_argument("--rmas", type=int, default=1_000_000)
    ap.add_argument("--scans", type=int, default=500, help="scans per kind (SKU, GTIN, serial)")
    ap.add_argument("--pg-url", default=os.environ.get("RETURNSTATION_TEST_PG_URL", ""))
    ap.add_argument("--no-sqlite", action="store_true")
    ap.add_argument("--sqlite-path", type=Path, default=None)
    ap.add_argument("--keep", action="store_true", help="keep the SQLite file for the next run")
    ap.add_argument("--seed", type=int, default=12)
    args = ap.parse_args()
    n = args.rmas
    print(f"{n:,} open RMAs, {SKUS:,} SKUs: every SKU is expected by about {2 * n // SKUS:,} open RMAs")
    if not args.no_sqlite:
        tmp = None if args.sqlite_path else tempfile.TemporaryDirectory(prefix="rs-item-first-")
        path = args.sqlite_path or Path(tmp.name) / "bench.db"  # type: ignore[union-attr]
        print(f"SQLite ({path})")
        engine = prepare(f"sqlite:///{path}", n, lambda: fill_sqlite(path, n))
        print("  query plans:")
        print_plans(engine, n)
        print("  latency (service call, item scan -> ranked candidates), one station:")
        time_scans(engine, n, args.scans, args.seed)
        engine.dispose()
        if tmp is not None and not args.keep:
            tmp.cleanup()
    if args.pg_url:
        url = pg_bench_database(args.pg_url, n)
        print(f"PostgreSQL ({make_url(url).render_as_string()})")
        engine = prepare(url, n, lambda: fill_postgres(url, n))
        print("  query plans:")
        print_plans(engine, n)
        print("  latency (service call, item scan -> ranked candidates), one station:")
        time_scans(engine, n, args.scans, args.seed)
        server_times(engine, n, args.scans, args.seed)
        engine.dispose()


if __name__ == "__main__":
    main()
