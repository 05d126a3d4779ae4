"""Time the supervisor disposition summary on a large synthetic period.

Generates N records (default 100,000) spread over a month, then times ``summarize``, the PDF and
both CSV exports, and prints the wall time of each and the peak memory. Targets: the whole report
(summarize + PDF + CSV) <= 5 s and < 500 MB for 100k records.

Usage: .venv/bin/python bench/bench_report.py [--records N] [--out DIR] [--tracemalloc]

Peak memory is reported two ways: the process high-water mark (``ru_maxrss``, includes the
records themselves and the interpreter) and, with ``--tracemalloc``, the Python allocations of the
report phase alone (a second, slower run, because tracing costs time).
"""

from __future__ import annotations

import argparse
import random
import resource
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from datetime import date, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from typing import TypeVar

from returnstation.disposition.channels import load_channels
from returnstation.domain.enums import Disposition
from returnstation.reports.records import DispositionRecord
from returnstation.reports.summary import DispositionSummary, summarize
from returnstation.reports.summary_csv import write_records_csv, write_summary_csv
from returnstation.reports.summary_pdf import write_summary_pdf

T = TypeVar("T")

PERIOD_START = date(2025, 3, 1)
PERIOD_END = date(2025, 3, 31)
# The share of each disposition in a plausible month (bench_report_db.py generates with the same).
DISPOSITION_WEIGHTS = {
    Disposition.RESTOCK: 38,
    Disposition.REFURBISH: 17,
    Disposition.RETURN_TO_VENDOR: 12,
    Disposition.LIQUIDATE: 9,
    Disposition.RECYCLE: 8,
    Disposition.SCRAP: 5,
    Disposition.DONATE: 4,
    Disposition.RETURN_TO_CUSTOMER: 4,
    Disposition.QUARANTINE: 3,
}
_REASONS = (
    "DEFECTIVE",
    "WRONG_ITEM",
    "NOT_AS_DESCRIBED",
    "NO_LONGER_NEEDED",
    "DAMAGED_IN_TRANSIT",
    "ARRIVED_LATE",
    "WARRANTY",
    "SIZE_FIT",
)
_GRADES = ("A", "B", "C", "D", "F")
_CATEGORIES = (
    "Laptops",
    "Phones",
    "Tablets",
    "Headphones",
    "Monitors",
    "Printers",
    "Cables",
    "Chargers",
    "Small appliances",
    "Kitchen",
    "Toys",
    "Apparel",
    "Footwear",
    "Tools",
    "Garden",
    "Furniture",
)
_INSPECTORS = ("amelia.k", "ben.o", "chen.l", "dara.m", "emil.s", "fatima.r", "goran.p", "hana.t")
_STATIONS = ("BENCH-01", "BENCH-02", "BENCH-03")


def synthetic_records(count: int, seed: int = 7) -> list[DispositionRecord]:
    """Plausible records decided within March 2025 (a fixed seed, so runs compare)."""
    rng = random.Random(seed)
    dispositions = list(DISPOSITION_WEIGHTS)
    weights = list(DISPOSITION_WEIGHTS.values())
    month_start = datetime(2025, 3, 1, 6, 0)
    records = []
    for item_id in range(1, count + 1):
        decided = month_start + timedelta(seconds=rng.randrange(0, 30 * 86400 + 16 * 3600))
        received = decided - timedelta(hours=rng.lognormvariate(2.8, 0.9))
        authorized = received - timedelta(days=rng.uniform(1, 14))
        disposition = rng.choices(dispositions, weights)[0]
        records.append(
            DispositionRecord(
                item_id=item_id,
                rma_number=f"RMA-{100000 + item_id // 2}",
                order_number=f"SO-{500000 + item_id // 3}",
                sku=f"SKU-{rng.randrange(1, 4000):05d}",
                description="Synthetic item",
                category=rng.choice(_CATEGORIES),
                reason_code=rng.choice(_REASONS),
                grade=rng.choice(_GRADES),
                disposition=disposition.value,
                destination=f"{disposition.value.upper()}-BIN-{rng.randrange(1, 20):02d}",
                unit_value=Decimal(rng.randrange(199, 149999)) / 100,
                inspector=rng.choice(_INSPECTORS),
                station=rng.choice(_STATIONS),
                authorized_at=authorized,
                received_at=received,
                decided_at=decided,
                rule_id=f"R{rng.randrange(1, 40):03d}",
                overridden=rng.random() < 0.04,
                handling_seconds=rng.lognormvariate(4.5, 0.5) if rng.random() < 0.95 else None,
            )
        )
    return records


def _timed(label: str, action: Callable[[], T]) -> tuple[T, float]:
    began = time.perf_counter()
    result = action()
    elapsed = time.perf_counter() - began
    print(f"  {label:<22} {elapsed * 1000:9.1f} ms")
    return result, elapsed


def run_report(records: list[DispositionRecord], out: Path, *, verbose: bool = True) -> float:
    """summarize + PDF + both CSVs; returns the total seconds."""
    channels = load_channels()

    def step(label: str, action: Callable[[], T]) -> tuple[T, float]:
        if verbose:
            return _timed(label, action)
        began = time.perf_counter()
        return action(), time.perf_counter() - began

    summary, t_sum = step("summarize", lambda: summarize(records, PERIOD_START, PERIOD_END, channels))
    _, t_pdf = step("summary PDF", lambda: _pdf(summary, out))
    _, t_scsv = step("summary CSV", lambda: write_summary_csv(summary, out / "summary.csv"))
    _, t_rcsv = step("records CSV", lambda: write_records_csv(records, out / "records.csv"))
    return t_sum + t_pdf + t_scsv + t_rcsv


def _pdf(summary: DispositionSummary, out: Path) -> Path:
    return write_summary_pdf(
        summary, out / "summary.pdf", generated_at=datetime(2025, 4, 1, 8, 30), filter_text="All stations"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--records", type=int, default=100_000)
    parser.add_argument("--out", type=Path, default=None, help="keep the outputs here (default: a temp dir)")
    parser.add_argument("--tracemalloc", action="store_true", help="also measure report-phase allocations")
    args = parser.parse_args(argv)

    with tempfile.TemporaryDirectory(prefix="bench_report_") as tmp:
        out = args.out or Path(tmp)
        out.mkdir(parents=True, exist_ok=True)
        print(f"Disposition summary benchmark, {args.records:,} records (Python {sys.version.split()[0]})")
        records, _ = _timed("generate records", lambda: synthetic_records(args.records))
        # Warm the lazy imports (reportlab, yaml) so the figures are the steady state a station sees;
        # the first-report import cost is printed separately.
        _timed("first-use imports", lambda: run_report(records[:50], out, verbose=False))
        total = run_report(records, out)
        print(f"  {'report total':<22} {total * 1000:9.1f} ms   (target <= 5000 ms)")
        for name in ("summary.pdf", "summary.csv", "records.csv"):
            print(f"  {name:<22} {(out / name).stat().st_size / 1024:9.1f} KiB")

        max_rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        max_rss_mb = max_rss / (1024 * 1024) if sys.platform == "darwin" else max_rss / 1024
        print(f"  {'peak RSS (process)':<22} {max_rss_mb:9.1f} MB   (target < 500 MB)")

        if args.tracemalloc:
            tracemalloc.start()
            run_report(records, out, verbose=False)
            _current, peak = tracemalloc.get_traced_memory()
            tracemalloc.stop()
            print(f"  {'peak traced (report)':<22} {peak / 1e6:9.1f} MB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
