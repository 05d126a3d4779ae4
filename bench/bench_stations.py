"""Eight stations receiving at once on one PostgreSQL database: throughput, latency, and nothing lost.

Each station is its own process with its own engine (like a bench PC) and works through its share of
parcels the way a clerk does: scan the parcel label, scan every unit, press DONE. On top, a few parcel
labels are also scanned at a second station at the same time (a duplicate label, a colleague helping),
which exercises the row lock on the RMA under load. When all stations are done the database is checked:
exactly one receipt per parcel, exactly the authorised units per line, every "OK" a clerk saw is in the
database and nothing is there that no clerk saw.

    PYTHONPATH=. .venv/bin/python bench/bench_stations.py [--stations 8 [16 32 ...]] [--parcels 2000]
        [--rmas 1000000] [--pg-url URL] [--sqlite]

PostgreSQL comes from --pg-url or RETURNSTATION_TEST_PG_URL (a database of its own is created on that
server). --sqlite runs the same on one shared SQLite file instead, for comparison. --rmas fills that
many RMAs and the parcels are RMAs picked at random among them (a year of authorisations, not 2,000);
the filled database is kept as a template on the server and copied for each run. Several --stations
counts run one after the other on fresh copies. Besides throughput and latency each run prints the
statements per receipt and the commit time (each station counts its own), and where the CPU went: the
station processes' CPU time and the database server's (PostgreSQL's processes, from /proc), against the
wall time times the machine's CPUs, so the ceiling shows. Figures, no pass/fail exit code except when
the final consistency check fails.
"""

from __future__ import annotations

import argparse
import multiprocessing as mp
import os
import random
import shutil
import sys
import tempfile
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bench_scan_to_match import (
    fill_postgres,
    fill_sqlite,
    line_count,
    percentile,
    rma_number,
    sku,
)
from sqlalchemy import create_engine, event, text
from sqlalchemy.engine import make_url

from returnstation.domain.enums import Discrepancy
from returnstation.domain.scan import Scan
from returnstation.services.receiving import ReceivingService
from returnstation.services.results import Level, StationContext
from returnstation.store.db import make_engine, make_session_factory
from returnstation.store.migrate import upgrade_to_head


def quantity(i: int, line_no: int) -> int:
    """Same rule as the fill in bench_scan_to_match (1 + (i + line_no) % 2)."""
    return 1 + (i + line_no) % 2


@dataclass
class StationResult:
    station: str
    latencies: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    statements: Counter[str] = field(default_factory=Counter)  # per operation
    commits_ms: list[float] = field(default_factory=list)
    cpu_s: float = 0.0
    acked_units: Counter[int] = field(default_factory=Counter)  # rma -> units the clerk saw "OK" for
    finished: list[int] = field(default_factory=list)
    surprises: list[str] = field(default_factory=list)


def station_main(
    k: int, url: str, tasks: list[tuple[str, int]], barrier: Any, out: Any
) -> None:  # pragma: no cover - runs in a child process
    engine = make_engine(url)
    svc = ReceivingService(make_session_factory(engine), StationContext(f"bench-{k}", f"clerk-{k}"))
    res = StationResult(f"bench-{k}")
    current = {"op": "", "commit": 0.0}

    @event.listens_for(engine, "before_cursor_execute")
    def _count(*_args: Any) -> None:
        res.statements[current["op"]] += 1

    @event.listens_for(engine, "commit")
    def _commit_starts(_conn: Any) -> None:  # right before the DBAPI commit
        current["commit"] = time.perf_counter()

    @event.listens_for(engine.pool, "checkin")
    def _commit_done(*_args: Any) -> None:  # the connection goes back once the commit returned
        if current["commit"]:
            res.commits_ms.append((time.perf_counter() - current["commit"]) * 1000)
            current["commit"] = 0.0

    def timed(op: str, call: Any) -> Any:
        current["op"] = op
        t0 = time.perf_counter()
        fb = call()
        res.latencies[op].append((time.perf_counter() - t0) * 1000)
        return fb

    svc.scan_parcel(Scan("CMD:NEXT"))  # load modules before the clock starts
    barrier.wait()
    cpu0 = time.process_time()
    for kind, i in tasks:
        fb = timed("parcel scan", lambda i=i: svc.scan_parcel(Scan(rma_number(i))))
        if kind == "peek":  # a second station scanning a label that is being received elsewhere
            if not (fb.parcel is not None or fb.problem is Discrepancy.ALREADY_RECEIVED):
                res.surprises.append(f"peek {i}: {fb.message}")
            continue
        if fb.parcel is None:
            res.surprises.append(f"receive {i}: {fb.message}")
            continue
        pid = fb.parcel.parcel_id
        for ln in range(1, line_count(i) + 1):
            for _ in range(quantity(i, ln)):
                item = timed("item scan", lambda pid=pid, i=i, ln=ln: svc.scan_item(pid, Scan(sku(i, ln))))
                if item.level is Level.SUCCESS:
                    res.acked_units[i] += 1
                else:
                    res.surprises.append(f"item {i}/{ln}: {item.message}")
        done = timed("finish (DONE)", lambda pid=pid: svc.finish_parcel(pid))
        if done.level is Level.SUCCESS:
            res.finished.append(i)
        else:
            res.surprises.append(f"finish {i}: {done.message}")
    res.cpu_s = time.process_time() - cpu0
    engine.dispose()
    out.put(
        (
            res.station,
            dict(res.latencies),
            dict(res.acked_units),
            res.finished,
            res.surprises,
            dict(res.statements),
            res.commits_ms,
            res.cpu_s,
        )
    )


def deal(parcels: int, stations: int, dup_rate: float, seed: int, rmas: int) -> list[list[tuple[str, int]]]:
    """``parcels`` RMAs picked at random among ``rmas``, dealt round the stations in a random order."""
    rnd = random.Random(seed)
    order = rnd.sample(range(1, rmas + 1), parcels)
    work: list[list[tuple[str, int]]] = [[] for _ in range(stations)]
    for n, i in enumerate(order):
        owner = n % stations
        work[owner].append(("receive", i))
        if rnd.random() < dup_rate:
            other = (owner + 1 + rnd.randrange(stations - 1)) % stations
            pos = min(len(work[other]), n // stations)  # about the same moment as the owner
            work[other].insert(pos, ("peek", i))
    return work


def check(url: str, parcels: int, acked: Counter[int], finished: list[int]) -> list[str]:
    """Every promise a clerk saw is in the database, and the database holds nothing else."""
    engine = create_engine(url)
    problems: list[str] = []
    with engine.connect() as c:

        def q(sql: str) -> Any:
            return c.execute(text(sql)).fetchall()

        per_rma = q("SELECT rma_id, count(*) FROM parcels GROUP BY rma_id HAVING count(*) <> 1")
        if per_rma:
            problems.append(f"RMAs with more or less than one parcel: {per_rma[:5]}")
        n_parcels = q("SELECT count(*) FROM parcels WHERE status = 'received'")[0][0]
        if n_parcels != parcels:
            problems.append(f"{n_parcels} receipts in the database for {parcels} parcels")
        if len(finished) != parcels or len(set(finished)) != parcels:
            problems.append(
                f"{len(finished)} DONE confirmations ({len(set(finished))} distinct) for {parcels}"
            )
        wrong_qty = q(
            "SELECT l.rma_id, l.line_no, l.quantity, count(i.id) FROM rma_lines l "
            "LEFT JOIN items i ON i.rma_line_id = l.id AND i.status <> 'held' "
            "WHERE l.rma_id IN (SELECT rma_id FROM parcels) GROUP BY l.id, l.rma_id, l.line_no, l.quantity "
            "HAVING count(i.id) <> l.quantity"
        )
        if wrong_qty:
            problems.append(f"lines with a wrong unit count (lost or doubled): {wrong_qty[:5]}")
        units = q("SELECT count(*) FROM items WHERE status <> 'held'")[0][0]
        if units != sum(acked.values()):
            problems.append(f"{units} units in the database but {sum(acked.values())} OKs shown to clerks")
        per_rma_units = dict(
            q(
                "SELECT p.rma_id, count(*) FROM items i JOIN parcels p ON p.id = i.parcel_id "
                "WHERE i.status <> 'held' GROUP BY p.rma_id"
            )
        )
        if per_rma_units != dict(acked):
            diff = [r for r in set(per_rma_units) | set(acked) if per_rma_units.get(r) != acked.get(r)]
            problems.append(f"units per RMA differ from the OKs shown for {len(diff)} RMAs, e.g. {diff[:5]}")
        held = q("SELECT count(*) FROM items WHERE status = 'held'")[0][0]
        if held:
            problems.append(f"{held} units put on hold (over-quantity from a race?)")
        events = dict(q("SELECT type, count(*) FROM events GROUP BY type"))
        if events.get("item_received", 0) != units or events.get("parcel_received", 0) != parcels:
            problems.append(f"event journal disagrees with the tables: {events}")
    engine.dispose()
    return problems


def _proc_cpu(pid: int, children: bool = False) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    ticks = int(fields[11]) + int(fields[12]) + (int(fields[13]) + int(fields[14]) if children else 0)
    return ticks / os.sysconf("SC_CLK_TCK")


def server_cpu_s(postmaster: int | None) -> float:
    """CPU seconds PostgreSQL used so far: the postmaster with its reaped children (the backends of
    finished connections) plus the children still running (checkpointer, wal writer, live backends)."""
    if postmaster is None:
        return 0.0
    total = _proc_cpu(postmaster, children=True)
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            ppid = int(stat.read_text().rsplit(")", 1)[1].split()[1])
            if ppid == postmaster:
                total += _proc_cpu(int(stat.parent.name))
        except (OSError, ValueError, IndexError):
            continue
    return total


def postmaster_pid(url: str) -> int | None:
    """The PostgreSQL server's main process, when it runs on this machine and its files can be read."""
    engine = create_engine(url)
    try:
        with engine.connect() as c:
            datadir = Path(str(c.exec_driver_sql("SHOW data_directory").scalar()))
        return int((datadir / "postmaster.pid").read_text().splitlines()[0])
    except Exception:
        return None
    finally:
        engine.dispose()


def load() -> str:
    la = os.getloadavg()
    return f"load {la[0]:.2f} {la[1]:.2f} {la[2]:.2f}"


def run(url: str, label: str, stations: int, parcels: int, dup_rate: float, seed: int, rmas: int) -> bool:
    work = deal(parcels, stations, dup_rate, seed, rmas)
    peeks = sum(1 for w in work for kind, _ in w if kind == "peek")
    ctx = mp.get_context("spawn")
    barrier = ctx.Barrier(stations + 1)
    out = ctx.Queue()
    procs = [
        ctx.Process(target=station_main, args=(k + 1, url, work[k], barrier, out)) for k in range(stations)
    ]
    for p in procs:
        p.start()
    server = postmaster_pid(url) if url.startswith("postgresql") else None
    load_before = load()
    barrier.wait()
    server0 = server_cpu_s(server)
    t0 = time.perf_counter()
    results = [out.get(timeout=3600) for _ in procs]
    wall = time.perf_counter() - t0
    for p in procs:
        p.join()
    server_s = server_cpu_s(server) - server0

    lat: dict[str, list[float]] = defaultdict(list)
    acked: Counter[int] = Counter()
    finished: list[int] = []
    surprises: list[str] = []
    statements: Counter[str] = Counter()
    commits: list[float] = []
    station_cpu = 0.0
    for _station, latencies, acked_units, done, odd, counted, commit_ms, cpu_s in results:
        for op, ms in latencies.items():
            lat[op].extend(ms)
        acked.update(acked_units)
        finished.extend(done)
        surprises.extend(odd)
        statements.update(counted)
        commits.extend(commit_ms)
        station_cpu += cpu_s
    ops = sum(len(v) for v in lat.values())
    print(
        f"{label}: {stations} stations, {parcels} parcels among {rmas:,} RMAs, {peeks} duplicate label "
        f"scans, {wall:.1f} s ({load_before} before, {load()} after)"
    )
    print(
        f"  throughput: {parcels / wall:.1f} receipts/s, {len(lat['item scan']) / wall:.1f} item scans/s, "
        f"{ops / wall:.1f} service calls/s"
    )
    for op in ("parcel scan", "item scan", "finish (DONE)"):
        s = sorted(lat[op])
        print(
            f"  {op:<14} n={len(s):>6}  p50 {percentile(s, 50):6.1f}  p95 {percentile(s, 95):6.1f}  "
            f"p99 {percentile(s, 99):6.1f}  max {s[-1]:7.1f} ms  "
            f"({statements[op] / max(1, len(s)):.1f} statements each)"
        )
    c = sorted(commits)
    per_receipt = sum(statements.values()) / parcels
    print(
        f"  per receipt: {per_receipt:.1f} statements, {len(c) / parcels:.1f} commits; "
        f"commit p50 {percentile(c, 50):.2f} p99 {percentile(c, 99):.2f} ms"
    )
    capacity = wall * (os.cpu_count() or 1)
    print(
        f"  CPU: stations {station_cpu:.1f} s, database server {server_s:.1f} s, together "
        f"{(station_cpu + server_s) / capacity:.0%} of {os.cpu_count()} CPUs x {wall:.1f} s "
        f"({(station_cpu + server_s) / parcels * 1000:.1f} ms CPU per receipt)"
    )
    for odd_answer in surprises[:10]:
        print(f"  unexpected answer: {odd_answer}")
    problems = check(url, parcels, acked, finished)
    if problems or surprises:
        for problem in problems:
            print(f"  CHECK FAILED: {problem}")
        return False
    print(
        f"  check: {parcels} receipts, {sum(acked.values())} units, each exactly once; "
        "every OK shown is in the database: PASS"
    )
    return True


def fresh_pg_database(server_url: str, rmas: int) -> str:
    """A copy of the filled template (made once per RMA count and kept on the server)."""
    name, template = "rs_bench_stations", f"rs_bench_stations_tpl_{rmas}"
    admin = create_engine(server_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        fsync = conn.exec_driver_sql("SHOW fsync").scalar()
        have = conn.execute(text("SELECT 1 FROM pg_database WHERE datname = :n"), {"n": template}).scalar()
    tpl_url = make_url(server_url).set(database=template).render_as_string(hide_password=False)
    if not have:
        with admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{template}"'))
        engine = make_engine(tpl_url)
        upgrade_to_head(engine)
        engine.dispose()
        seconds = fill_postgres(tpl_url, rmas)
        print(f"  template {template}: {rmas:,} RMAs filled in {seconds:.1f} s")
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        conn.execute(text(f'CREATE DATABASE "{name}" TEMPLATE "{template}"'))
    admin.dispose()
    url = make_url(server_url).set(database=name).render_as_string(hide_password=False)
    engine = make_engine(url)
    upgrade_to_head(engine)
    engine.dispose()
    print(f"PostgreSQL {make_url(url).render_as_string()} (fsync={fsync}), a copy of {template}")
    return url


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--stations", type=int, nargs="+", default=[8])
    ap.add_argument("--parcels", type=int, default=2000)
    ap.add_argument("--rmas", type=int, default=0, help="RMAs in the database (default: as many as parcels)")
    ap.add_argument(
        "--dup-rate", type=float, default=0.05, help="share of labels also scanned at a 2nd station"
    )
    ap.add_argument("--pg-url", default=os.environ.get("RETURNSTATION_TEST_PG_URL", ""))
    ap.add_argument("--sqlite", action="store_true", help="also run on one shared SQLite file")
    ap.add_argument("--seed", type=int, default=11)
    args = ap.parse_args()
    rmas = max(args.rmas, args.parcels)
    ok = True
    if args.pg_url:
        for stations in args.stations:
            url = fresh_pg_database(args.pg_url, rmas)
            ok &= run(url, "PostgreSQL", stations, args.parcels, args.dup_rate, args.seed, rmas)
    elif not args.sqlite:
        sys.exit("no PostgreSQL: give --pg-url or set RETURNSTATION_TEST_PG_URL (or use --sqlite)")
    if args.sqlite:
        with tempfile.TemporaryDirectory(prefix="rs-stations-") as d:
            template = Path(d) / "template.db"
            engine = make_engine(f"sqlite:///{template}")
            upgrade_to_head(engine)
            engine.dispose()
            fill_sqlite(template, rmas)
            for stations in args.stations:
                path = Path(d) / f"shared-{stations}.db"
                shutil.copyfile(template, path)  # a fresh copy: the event journal is append-only
                print(f"SQLite {path} (one shared file, synchronous=FULL)")
                ok &= run(
                    f"sqlite:///{path}", "SQLite", stations, args.parcels, args.dup_rate, args.seed, rmas
                )
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
