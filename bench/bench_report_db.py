"""Time the supervisor report end to end from real SQLite databases of N dispositions (issue 18).

Builds a station database with the app's own migrations, bulk-inserts plausible work in batches
(RMAs, parcels, items, inspections by 16 inspectors working shifts with breaks, discrepancies at
receipt; about 3,400 dispositions a day, so the period grows with N: 10k is 3 days, 100k a month,
1M about 10 months, 5M four years), and caches it under ``--cache`` (default
/tmp/returnstation_bench_report) so later runs start at once. Then, for each N, twice each:

* the report in a fresh child process through ``ReportService.run_report``, what the CLI's ``report
  --csv --summary-csv`` and the GUI's buttons run (one read of the period, item CSV written as read,
  summary PDF and CSV at the end): wall and CPU time, peak RSS of that process (``VmHWM``);
* the real CLI as a process: wall time, CPU time (user + system, steadier than the wall time on a
  shared machine) and peak RSS of the child from ``wait4`` (the bench itself stays small, since Linux
  counts the parent's memory at fork into the child's peak). ``--cold`` drops the database from the
  page cache before the first CLI run.

The load average is printed before every run. Targets: 100k <= 3 s through the CLI with PDF + CSV,
1M <= 20 s, peak RSS <= 300 MB whatever N.

Usage: .venv/bin/python bench/bench_report_db.py [--records N ...] [--runs 2] [--cold] [--png PATH]
       .venv/bin/python bench/bench_report_db.py --records 10000 100000 1000000 5000000

``--png PATH`` renders page 1 of the PDF to PNG (150 dpi) to look at it; ``--tracemalloc`` also
measures the Python allocations of the report alone (a third, slower run).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable, Iterator
from datetime import date, datetime, timedelta
from decimal import Decimal
from operator import itemgetter, methodcaller
from pathlib import Path
from typing import Any, TypeVar

from bench_report import DISPOSITION_WEIGHTS
from sqlalchemy import Connection, Engine

from returnstation.domain.enums import Discrepancy, ItemStatus, ParcelStatus, RmaStatus
from returnstation.services.reporting import ReportService
from returnstation.store.db import make_engine, make_session_factory
from returnstation.store.migrate import upgrade_to_head
from returnstation.store.models import (
    DiscrepancyRow,
    InspectionRow,
    ItemRow,
    ParcelRow,
    RmaLineRow,
    RmaRow,
)

T = TypeVar("T")

PERIOD_START = date(2025, 3, 1)
STATIONS = ("BENCH-01", "BENCH-02", "BENCH-03")
INSPECTORS = tuple(
    f"{name}.{initial}"
    for name, initial in zip(
        (
            "amelia",
            "ben",
            "chen",
            "dara",
            "emil",
            "fatima",
            "goran",
            "hana",
            "ivo",
            "jana",
            "kofi",
            "lea",
            "mateo",
            "nadia",
            "omar",
            "petra",
        ),
        "kolmsrptvnaeiubz",
        strict=True,
    )
)
CATEGORIES = ("electronics", "apparel", "batteries", "general", "food", "pharma")
REASONS = (
    "no_longer_wanted",
    "defective",
    "damaged_in_transit",
    "incorrect_shipment",
    "warranty_claim",
    "ordered_in_error",
)
DISCREPANCY_WEIGHTS = {
    Discrepancy.NO_RMA: 40,
    Discrepancy.WRONG_ITEM: 20,
    Discrepancy.SHORT_QUANTITY: 12,
    Discrepancy.OVER_QUANTITY: 8,
    Discrepancy.RMA_EXPIRED: 8,
    Discrepancy.UNKNOWN_CODE: 7,
    Discrepancy.SEVERAL_RMAS: 3,
    Discrepancy.ALREADY_RECEIVED: 2,
}
BATCH = 20_000


def work_month(count: int, seed: int = 7) -> Iterator[tuple[str, str, datetime, datetime]]:
    """(inspector, station, started_at, decided_at) in the order the work happened.

    Each inspector works an 8-hour shift (early or late) at one bench every day of the month, one item
    after another (about 90 s each plus a short gap), with two 20-minute breaks: sessions a real bench has.
    """
    rng = random.Random(seed)
    made = 0
    day = datetime.combine(PERIOD_START, datetime.min.time())
    while made < count:
        for index, inspector in enumerate(INSPECTORS):
            shift_start = day + timedelta(hours=6 if index % 2 == 0 else 14)
            breaks = (shift_start + timedelta(hours=2.5), shift_start + timedelta(hours=5.5))
            station = STATIONS[index % len(STATIONS)]
            t = shift_start
            taken = 0
            while t < shift_start + timedelta(hours=8) and made < count:
                if taken < len(breaks) and t >= breaks[taken]:
                    t += timedelta(minutes=20)
                    taken += 1
                started = t
                decided = started + timedelta(seconds=rng.lognormvariate(4.4, 0.45))
                yield inspector, station, started, decided
                made += 1
                t = decided + timedelta(seconds=rng.uniform(10, 60))
            if made >= count:
                return
        day += timedelta(days=1)


Tables = list[tuple[str, list[dict[str, Any]]]]


def build_database(engine: Engine, count: int, seed: int = 7) -> tuple[date, date]:
    """Bulk-insert ``count`` dispositioned items with their RMAs, parcels and some discrepancies, a batch
    at a time (a million items as one list of dicts would need gigabytes); returns the period covered."""
    last = PERIOD_START
    for tables, last_decided in generate_batches(count, seed):
        insert_rows(engine, tables)
        last = last_decided.date()
    return PERIOD_START, last


def generate_rows(count: int, seed: int = 7) -> Tables:
    """All the rows of ``count`` dispositioned items in one batch (small data sets, tests)."""
    [(tables, _last)] = list(generate_batches(count, seed, batch=max(count, 1)))
    return tables


def generate_batches(count: int, seed: int = 7, batch: int = BATCH) -> Iterator[tuple[Tables, datetime]]:
    """The rows of ``count`` dispositioned items, ``batch`` items at a time, tables in foreign-key order,
    each with the last decision time so far."""
    rng = random.Random(seed)
    dispositions = list(DISPOSITION_WEIGHTS)
    weights = list(DISPOSITION_WEIGHTS.values())
    kinds = list(DISCREPANCY_WEIGHTS)
    kind_weights = list(DISCREPANCY_WEIGHTS.values())
    rmas: list[dict[str, Any]] = []
    lines: list[dict[str, Any]] = []
    parcels: list[dict[str, Any]] = []
    items: list[dict[str, Any]] = []
    inspections: list[dict[str, Any]] = []
    discrepancies: list[dict[str, Any]] = []
    rma_id = 0
    line_no = 3  # start a new RMA on the first item
    received = datetime.min
    decided = datetime.min
    for item_id, (inspector, station, started, decided) in enumerate(work_month(count, seed), start=1):
        if line_no >= rng.choice((1, 2, 3)):  # 1 to 3 items per return
            rma_id += 1
            line_no = 0
            received = decided - timedelta(hours=rng.lognormvariate(2.2, 0.8))
            authorized = received - timedelta(days=rng.uniform(1, 14))
            rmas.append(
                {
                    "id": rma_id,
                    "rma_number": f"RMA-{200000 + rma_id}",
                    "order_number": f"SO-{700000 + rma_id}",
                    "tracking_number": None,
                    "customer": f"Customer {rma_id % 997}",
                    "status": RmaStatus.RECEIVED.value,
                    "authorized_at": authorized,
                    "expires_at": authorized + timedelta(days=30),
                    "created_at": authorized,
                    "version": 1,
                }
            )
            parcels.append(
                {
                    "id": rma_id,
                    "rma_id": rma_id,
                    "scanned_code": f"RMA-{200000 + rma_id}",
                    "status": ParcelStatus.RECEIVED.value,
                    "received_at": received,
                    "closed_at": received,
                    "station": station,
                    "user": inspector,
                    "note": "",
                    "version": 1,
                }
            )
            if rng.random() < 0.06:
                kind = rng.choices(kinds, kind_weights)[0]
                discrepancies.append(
                    {
                        "kind": kind.value,
                        "scanned_code": f"X{rma_id}",
                        "parcel_id": rma_id,
                        "rma_id": rma_id,
                        "detail": "synthetic",
                        "station": station,
                        "user": inspector,
                        "at": received,
                        "resolved": rng.random() < 0.7,
                    }
                )
        line_no += 1
        disposition = rng.choices(dispositions, weights)[0].value
        lines.append(
            {
                "id": item_id,
                "rma_id": rma_id,
                "line_no": line_no,
                "sku": f"SKU-{rng.randrange(1, 4000):05d}",
                "gtin": None,
                "description": "Synthetic item",
                "category": rng.choice(CATEGORIES),
                "quantity": 1,
                "unit_value": Decimal(rng.randrange(199, 49999)) / 100,
                "reason_code": rng.choice(REASONS),
                "expected_serials": "",
            }
        )
        items.append(
            {
                "id": item_id,
                "parcel_id": rma_id,
                "rma_line_id": item_id,
                "scanned_code": f"SKU-{item_id}",
                "status": ItemStatus.DISPOSITIONED.value,
                "received_at": received,
                "station": station,
                "user": inspector,
                "version": 1,
            }
        )
        inspections.append(
            {
                "item_id": item_id,
                "checklist": "general",
                "answers": {},
                "grade": rng.choice("ABCD"),
                "grade_because": "",
                "disposition": disposition,
                "destination": f"{disposition.upper()}-BIN",
                "rule_id": f"R{rng.randrange(1, 40):03d}",
                "rule_reason": "synthetic",
                "rules_version": "bench",
                "inspector": inspector,
                "station": station,
                "started_at": started,
                "decided_at": decided,
                "overridden": rng.random() < 0.03,
            }
        )
        if len(items) >= batch:
            yield _tables(rmas, lines, parcels, items, inspections, discrepancies), decided
            rmas, lines, parcels, items, inspections, discrepancies = [], [], [], [], [], []
    if items or rmas:
        yield _tables(rmas, lines, parcels, items, inspections, discrepancies), decided


def _tables(*rows: list[dict[str, Any]]) -> Tables:
    models = (RmaRow, RmaLineRow, ParcelRow, ItemRow, InspectionRow, DiscrepancyRow)
    return [(model.__tablename__, table_rows) for model, table_rows in zip(models, rows, strict=True)]


def insert_rows(engine: Engine, tables: Tables) -> int:
    """Insert every table in one transaction; returns the number of rows."""
    with engine.begin() as conn:
        for table, rows in tables:
            _bulk_insert(conn, table, rows)
    return sum(len(rows) for _table, rows in tables)


def _bulk_insert(conn: Connection, table: str, rows: list[dict[str, Any]]) -> None:
    """One sqlite3 ``executemany`` per batch of plain tuples, in the values SQLAlchemy itself would store.

    Several times faster than SQLAlchemy's executemany, which builds and converts a parameter dict per
    row: here each column is converted in one ``map``. SQLite only (qmark parameters; datetimes as the
    "YYYY-MM-DD HH:MM:SS.ffffff" text SQLAlchemy writes; Numeric as float, as SQLAlchemy stores it).
    """
    if not rows:
        return
    names = list(rows[0])
    sql = f"INSERT INTO {table} ({', '.join(names)}) VALUES ({', '.join('?' * len(names))})"
    for begin in range(0, len(rows), BATCH):
        batch = rows[begin : begin + BATCH]
        columns = [list(map(_converter(rows[0][name]), map(itemgetter(name), batch))) for name in names]
        conn.exec_driver_sql(sql, list(zip(*columns, strict=True)))


def _converter(sample: object) -> Callable[[Any], object]:
    if isinstance(sample, datetime):
        return methodcaller("isoformat", " ", "microseconds")
    if isinstance(sample, Decimal):
        return float
    if isinstance(sample, dict):
        return json.dumps
    if isinstance(sample, bool):
        return int
    return _same


def _same(value: object) -> object:
    return value


def _timed(label: str, action: Callable[[], T], verbose: bool = True) -> tuple[T, float]:
    """Wall time, printed with the CPU time: on a shared machine the CPU time is the steadier figure."""
    began, cpu = time.perf_counter(), time.process_time()
    result = action()
    elapsed, cpu_used = time.perf_counter() - began, time.process_time() - cpu
    if verbose:
        print(f"  {label:<26} {elapsed * 1000:9.1f} ms  (cpu {cpu_used * 1000:7.1f} ms)")
    return result, elapsed


def run_report(service: ReportService, out: Path, start: date, end: date, *, verbose: bool = True) -> float:
    """What the CLI's ``report --csv --summary-csv`` runs (``run_report``; the GUI's buttons run the same
    through ``write_report``): one streamed read, the item CSV as read, the PDF and summary CSV at the
    end; total seconds."""
    _, total = _timed(
        "run_report (3 files)",
        lambda: service.run_report(
            start,
            end,
            pdf=out / "summary.pdf",
            records_csv=out / "records.csv",
            summary_csv=out / "summary.csv",
        ),
        verbose,
    )
    return total


def drop_page_cache(path: Path) -> None:
    """Ask the kernel to forget the file's cached pages (and its WAL's): the next read comes from disk."""
    for name in (path, Path(f"{path}-wal"), Path(f"{path}-shm")):
        if name.exists():
            fd = os.open(name, os.O_RDONLY)
            try:
                os.fsync(fd)
                os.posix_fadvise(fd, 0, 0, os.POSIX_FADV_DONTNEED)
            finally:
                os.close(fd)


def time_cli(db: Path, start: date, end: date, out: Path, *, cold: bool) -> tuple[float, float, float]:
    """The real ``returnstation report`` as a process: (wall seconds, CPU seconds, peak RSS MB)."""
    if cold:
        drop_page_cache(db)
    env = _child_env(
        RETURNSTATION_DEMO_DATA="0",
        RETURNSTATION_DATA_DIR=str(out / "cli-data"),
        RETURNSTATION_CONFIG=str(out / "no-config.toml"),
    )
    command = [
        sys.executable,
        "-m",
        "returnstation.cli",
        "--db",
        f"sqlite:///{db}",
        "--station",
        "office",
        "report",
        "--from",
        start.isoformat(),
        "--to",
        end.isoformat(),
        "--out",
        str(out / "cli.pdf"),
        "--csv",
        str(out / "cli-records.csv"),
        "--summary-csv",
        str(out / "cli-summary.csv"),
    ]
    began = time.perf_counter()
    process = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL)
    _pid, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - began
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"the CLI failed: {command}")
    return elapsed, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024


def _child_env(**extra: str) -> dict[str, str]:
    """The environment of the children: this checkout's ``returnstation`` first, whatever is installed."""
    root = str(Path(__file__).resolve().parents[1])
    path = os.pathsep.join(p for p in (root, os.environ.get("PYTHONPATH", "")) if p)
    return dict(os.environ, PYTHONPATH=path, **extra)


def _rss_mb() -> float:
    """Peak resident memory of this process in MB.

    Linux keeps ``ru_maxrss`` across fork+exec (the child would report the parent's peak), so the
    kernel's per-process high-water mark ``VmHWM`` is read there instead.
    """
    status = Path("/proc/self/status")
    if status.exists():
        for line in status.read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    max_rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return max_rss / (1024 * 1024) if sys.platform == "darwin" else max_rss / 1024


def _load() -> str:
    return " ".join(Path("/proc/loadavg").read_text().split()[:3])


GENERATOR_VERSION = 2  # part of the cache folder's name: a change to the generator builds anew


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--records", type=int, nargs="+", default=[10_000, 100_000, 1_000_000])
    parser.add_argument(
        "--cache", type=Path, default=Path(tempfile.gettempdir()) / "returnstation_bench_report"
    )
    parser.add_argument("--runs", type=int, default=2, help="runs of each measurement (default 2)")
    parser.add_argument("--cold", action="store_true", help="drop the page cache before the first CLI run")
    parser.add_argument("--png", type=Path, default=None, help="render page 1 of the PDF to this PNG")
    parser.add_argument("--tracemalloc", action="store_true", help="also measure the report's allocations")
    parser.add_argument("--no-cli", action="store_true", help="skip timing the CLI as a process")
    parser.add_argument("--report-only", type=Path, default=None, help=argparse.SUPPRESS)  # the child run
    parser.add_argument("--build-only", type=Path, default=None, help=argparse.SUPPRESS)  # the builder
    parser.add_argument("--period", nargs=2, type=date.fromisoformat, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.report_only:
        start, end = args.period
        return report_phase(args.report_only, start, end, args.tracemalloc, args.png)
    if args.build_only:
        return build_phase(args.build_only, args.records[0])

    print(f"Report from SQLite (Python {sys.version.split()[0]}), {os.cpu_count()} CPUs, load {_load()}")
    for count in args.records:
        out = args.cache / f"sqlite-{count}-v{GENERATOR_VERSION}"
        db, period_file = out / "bench.db", out / "period.txt"
        print(f"{count:,} dispositions ({out})")
        if not period_file.exists():
            # Built by a child, so this process stays small (a child's peak RSS includes the parent's).
            command = [sys.executable, __file__, "--build-only", str(out), "--records", str(count)]
            if subprocess.run(command, env=_child_env(), check=False).returncode:
                return 1
        start, end = map(date.fromisoformat, period_file.read_text().split())
        print(f"  {'period':<26} {start} to {end} ({(end - start).days + 1} days)")
        print(f"  {'database size':<26} {db.stat().st_size / 1e6:9.1f} MB")
        for run in range(1, args.runs + 1):
            # The report runs in a fresh process, so its peak memory is the report's alone.
            print(f"  run_report in a fresh process, run {run}, load {_load()}")
            child = [sys.executable, __file__, "--report-only", str(db), "--period", str(start), str(end)]
            child += ["--tracemalloc"] if args.tracemalloc and run == args.runs else []
            child += ["--png", str(args.png)] if args.png and run == 1 else []
            if subprocess.run(child, env=_child_env(), check=False).returncode:
                return 1
        for run in range(1, 0 if args.no_cli else args.runs + 1):
            cold = args.cold and run == 1
            label = f"CLI process, run {run}" + (" (cold)" if cold else "")
            load = _load()
            seconds, cpu, rss = time_cli(db, start, end, out, cold=cold)
            print(
                f"  {label:<26} {seconds * 1000:9.1f} ms  (cpu {cpu * 1000:7.1f} ms)  peak RSS {rss:7.1f} MB"
                f"   load before {load}"
            )
    print(f"load at the end {_load()}")
    return 0


def build_phase(out: Path, count: int) -> int:
    """Build the database of ``count`` dispositions in ``out`` (the period file is written last)."""
    out.mkdir(parents=True, exist_ok=True)
    db = out / "bench.db"
    db.unlink(missing_ok=True)
    print(f"  building {count:,} dispositions, load {_load()}")
    engine = make_engine(f"sqlite:///{db}")
    _timed("migrate (empty db)", lambda: upgrade_to_head(engine))
    (start, end), _ = _timed("generate + bulk insert", lambda: build_database(engine, count))
    engine.dispose()
    (out / "period.txt").write_text(f"{start} {end}")
    return 0


def report_phase(db: Path, start: date, end: date, trace: bool, png: Path | None) -> int:
    """Time the report on an existing bench database, in this (fresh) process."""
    out = db.parent
    engine = make_engine(f"sqlite:///{db}")
    service = ReportService(make_session_factory(engine), station="Site")
    rss_before = _rss_mb()
    # Warm the lazy imports (reportlab, yaml) on a one-day report: the steady state a station sees.
    _timed("first-use imports", lambda: run_report(service, out, start, start, verbose=False))
    cpu = time.process_time()
    total = run_report(service, out, start, end)
    cpu_total = time.process_time() - cpu
    print(f"  {'report total':<26} {total * 1000:9.1f} ms  (cpu {cpu_total * 1000:7.1f} ms)")
    sizes = ", ".join(f"{n} {(out / n).stat().st_size / 1024:,.0f} KiB" for n in _OUTPUTS)
    print(f"  {'files':<26} {sizes}")
    print(
        f"  {'peak RSS (report process)':<26} {_rss_mb():9.1f} MB   target <= 300 MB "
        f"({rss_before:.1f} MB after imports, before the report)"
    )
    if trace:
        tracemalloc.start()
        run_report(service, out, start, end, verbose=False)
        _current, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        print(f"  {'peak traced (report)':<26} {peak / 1e6:9.1f} MB")
    if png:
        import pypdfium2

        pdf = pypdfium2.PdfDocument(str(out / "summary.pdf"))
        pdf[0].render(scale=150 / 72).to_pil().save(png)
        print(f"  page 1 rendered to {png} ({len(pdf)} pages)")
        pdf.close()
    engine.dispose()
    return 0


_OUTPUTS = ("summary.pdf", "summary.csv", "records.csv")


if __name__ == "__main__":
    raise SystemExit(main())
