"""Time the supervisor report end to end from a real SQLite database of 100,000 dispositions.

Builds a station database with the app's own migrations, bulk-inserts a month of plausible work
(RMAs, parcels, items, inspections by inspectors working shifts with breaks, and discrepancies at
receipt), then times what the supervisor's "print report" does: ``ReportService.records()`` and
``exception_records()`` (the SQL reads), ``summarize``, the PDF, the summary CSV and the records CSV.
Prints the wall time (and CPU time) of each step and the memory used. Targets: report <= 5 s, memory
< 500 MB. The report runs in a fresh child process, so its peak memory is not the generator's.

Usage: .venv/bin/python bench/bench_report_db.py [--records N] [--keep DIR] [--png PATH] [--tracemalloc]

``--keep DIR`` keeps the database and the outputs; ``--png PATH`` renders page 1 of the PDF to PNG
(150 dpi) to look at it. Memory is the report process's high-water mark (``ru_maxrss``, imports
included) and, with ``--tracemalloc``, the Python allocations of the report alone.
"""

from __future__ import annotations

import argparse
import json
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
PERIOD_END = date(2025, 3, 31)
STATIONS = ("BENCH-01", "BENCH-02", "BENCH-03")
INSPECTORS = tuple(
    f"{name}.{initial}"
    for name, initial in zip(
        ("amelia", "ben", "chen", "dara", "emil", "fatima", "goran", "hana", "ivo", "jana", "kofi", "lea",
         "mateo", "nadia", "omar", "petra"),
        "kolmsrptvnaeiubz",
        strict=True,
    )
)
CATEGORIES = ("electronics", "apparel", "batteries", "general", "food", "pharma")
REASONS = ("no_longer_wanted", "defective", "damaged_in_transit", "incorrect_shipment", "warranty_claim",
           "ordered_in_error")
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


def build_database(engine: Engine, count: int, seed: int = 7) -> None:
    """Bulk-insert ``count`` dispositioned items with their RMAs, parcels and some discrepancies."""
    insert_rows(engine, generate_rows(count, seed))


def generate_rows(count: int, seed: int = 7) -> Tables:
    """The rows of ``count`` dispositioned items, table by table in foreign-key order."""
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
    for item_id, (inspector, station, started, decided) in enumerate(work_month(count, seed), start=1):
        if line_no >= rng.choice((1, 2, 3)):  # 1 to 3 items per return
            rma_id += 1
            line_no = 0
            received = decided - timedelta(hours=rng.lognormvariate(2.2, 0.8))
            authorized = received - timedelta(days=rng.uniform(1, 14))
            rmas.append({
                "id": rma_id, "rma_number": f"RMA-{200000 + rma_id}", "order_number": f"SO-{700000 + rma_id}",
                "tracking_number": None, "customer": f"Customer {rma_id % 997}",
                "status": RmaStatus.RECEIVED.value,
                "authorized_at": authorized, "expires_at": authorized + timedelta(days=30),
                "created_at": authorized, "version": 1,
            })
            parcels.append({
                "id": rma_id, "rma_id": rma_id, "scanned_code": f"RMA-{200000 + rma_id}",
                "status": ParcelStatus.RECEIVED.value, "received_at": received, "closed_at": received,
                "station": station, "user": inspector, "note": "", "version": 1,
            })
            if rng.random() < 0.06:
                kind = rng.choices(kinds, kind_weights)[0]
                discrepancies.append({
                    "kind": kind.value, "scanned_code": f"X{rma_id}", "parcel_id": rma_id, "rma_id": rma_id,
                    "detail": "synthetic", "station": station, "user": inspector, "at": received,
                    "resolved": rng.random() < 0.7,
                })
        line_no += 1
        disposition = rng.choices(dispositions, weights)[0].value
        lines.append({
            "id": item_id, "rma_id": rma_id, "line_no": line_no, "sku": f"SKU-{rng.randrange(1, 4000):05d}",
            "gtin": None, "description": "Synthetic item", "category": rng.choice(CATEGORIES), "quantity": 1,
            "unit_value": Decimal(rng.randrange(199, 49999)) / 100, "reason_code": rng.choice(REASONS),
            "expected_serials": "",
        })
        items.append({
            "id": item_id, "parcel_id": rma_id, "rma_line_id": item_id, "scanned_code": f"SKU-{item_id}",
            "status": ItemStatus.DISPOSITIONED.value, "received_at": parcels[-1]["received_at"],
            "station": station, "user": inspector, "version": 1,
        })
        inspections.append({
            "item_id": item_id, "checklist": "general", "answers": {}, "grade": rng.choice("ABCD"),
            "grade_because": "", "disposition": disposition, "destination": f"{disposition.upper()}-BIN",
            "rule_id": f"R{rng.randrange(1, 40):03d}", "rule_reason": "synthetic", "rules_version": "bench",
            "inspector": inspector, "station": station, "started_at": started, "decided_at": decided,
            "overridden": rng.random() < 0.03,
        })
    return [
        (model.__tablename__, rows)
        for model, rows in (
            (RmaRow, rmas), (RmaLineRow, lines), (ParcelRow, parcels), (ItemRow, items),
            (InspectionRow, inspections), (DiscrepancyRow, discrepancies),
        )
    ]


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


def run_report(service: ReportService, out: Path, start: date = PERIOD_START, end: date = PERIOD_END, *,
               verbose: bool = True) -> float:
    """What "print the month's report" costs: SQL reads + summarize + PDF + both CSVs; total seconds."""
    from returnstation.reports.summary import summarize
    from returnstation.reports.summary_csv import write_records_csv, write_summary_csv
    from returnstation.reports.summary_pdf import write_summary_pdf

    records, t_rec = _timed("records() (SQL)", lambda: service.records(start, end), verbose)
    exceptions, t_exc = _timed(
        "exception_records() (SQL)", lambda: service.exception_records(start, end), verbose
    )
    summary, t_sum = _timed(
        "summarize", lambda: summarize(records, start, end, exceptions=exceptions), verbose
    )
    _, t_pdf = _timed(
        "summary PDF",
        lambda: write_summary_pdf(summary, out / "summary.pdf", generated_at=datetime(2025, 4, 1, 8, 30),
                                  filter_text=f"{start} to {end}, all stations", station_name="Site"),
        verbose,
    )
    _, t_scsv = _timed("summary CSV", lambda: write_summary_csv(summary, out / "summary.csv"), verbose)
    _, t_rcsv = _timed("records CSV", lambda: write_records_csv(records, out / "records.csv"), verbose)
    return t_rec + t_exc + t_sum + t_pdf + t_scsv + t_rcsv


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


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--records", type=int, default=100_000)
    parser.add_argument("--keep", type=Path, default=None, help="keep the database and outputs here")
    parser.add_argument("--png", type=Path, default=None, help="render page 1 of the PDF to this PNG")
    parser.add_argument("--tracemalloc", action="store_true", help="also measure the report's allocations")
    parser.add_argument("--report-only", type=Path, default=None, help=argparse.SUPPRESS)  # the child run
    args = parser.parse_args(argv)
    if args.report_only:
        return report_phase(args.report_only, args.tracemalloc, args.png)

    with tempfile.TemporaryDirectory(prefix="bench_report_db_") as tmp:
        out = args.keep or Path(tmp)
        out.mkdir(parents=True, exist_ok=True)
        db = out / "bench.db"
        db.unlink(missing_ok=True)
        print(f"Report from SQLite, {args.records:,} dispositions (Python {sys.version.split()[0]})")
        engine = make_engine(f"sqlite:///{db}")
        _timed("migrate (empty db)", lambda: upgrade_to_head(engine))
        tables, _ = _timed("generate rows", lambda: generate_rows(args.records))
        inserted, _ = _timed("bulk insert", lambda: insert_rows(engine, tables))
        engine.dispose()
        print(f"  {'rows inserted':<26} {inserted:9,d}")
        print(f"  {'database size':<26} {db.stat().st_size / 1e6:9.1f} MB")
        # The report runs in a fresh process, so its peak memory is the report's, not the generator's.
        child = [sys.executable, __file__, "--report-only", str(db)]
        child += ["--tracemalloc"] if args.tracemalloc else []
        child += ["--png", str(args.png)] if args.png else []
        return subprocess.run(child, check=False).returncode


def report_phase(db: Path, trace: bool, png: Path | None) -> int:
    """Time the report on an existing bench database, in this (fresh) process."""
    out = db.parent
    engine = make_engine(f"sqlite:///{db}")
    service = ReportService(make_session_factory(engine), station="Site")
    rss_before = _rss_mb()
    # Warm the lazy imports (reportlab, yaml) on a one-day report: the steady state a station sees.
    first_day = PERIOD_START
    _timed("first-use imports", lambda: run_report(service, out, first_day, first_day, verbose=False))
    cpu = time.process_time()
    total = run_report(service, out)
    cpu_total = time.process_time() - cpu
    print(f"  {'report total':<26} {total * 1000:9.1f} ms  (cpu {cpu_total * 1000:7.1f} ms)"
          "   target <= 5000 ms")
    for name in ("summary.pdf", "summary.csv", "records.csv"):
        print(f"  {name:<26} {(out / name).stat().st_size / 1024:9.1f} KiB")
    print(f"  {'peak RSS (report process)':<26} {_rss_mb():9.1f} MB   target < 500 MB "
          f"({rss_before:.1f} MB after imports, before the report)")
    if trace:
        tracemalloc.start()
        run_report(service, out, verbose=False)
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


if __name__ == "__main__":
    raise SystemExit(main())
