"""A large CSV import on SQLite, and a scan at another bench meanwhile (issue 19, defect 5).

Targets: 50,000 rows imported all-or-nothing with the database's write lock held <= 2 s; a scan at
another bench never waits more than 1 s.

The import runs in this process through ``RmaImportService.import_file``. Every transaction the
import's engine opens is timed from BEGIN (IMMEDIATE: the write lock is taken there) to COMMIT or
ROLLBACK; the import stages its RMAs in chunks and publishes them in one last transaction, and the
longest transaction is what another bench can have to wait for. Meanwhile a second *process*
(another bench PC: its own engine, no shared interpreter lock) scans an unknown parcel label every
50 ms, a real write that puts the parcel on the hold shelf, and records how long each scan took. A
scan that hits the 10 s busy timeout is counted as "locked".

    .venv/bin/python bench/bench_import_lock.py [--rows 50000] [--lines-per-rma 2]

Figures only; no pass/fail.
"""

from __future__ import annotations

import argparse
import multiprocessing as mp
import os
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from sqlalchemy import event

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # this checkout's package, in children too

HEADER = (
    "rma_number,order_number,customer,authorized_at,expires_at,tracking_number,line_no,sku,gtin,"
    "description,category,quantity,unit_value,reason_code,expected_serials\n"
)


def write_csv(path: Path, rows: int, per_rma: int) -> None:
    with path.open("w", encoding="utf-8") as fh:
        fh.write(HEADER)
        for i in range(rows):
            rma, line = divmod(i, per_rma)
            fh.write(
                f"RMA-{700000 + rma},SO-{rma},Customer {rma % 977},2026-11-01,2026-12-31,,{line + 1},"
                f"SKU-{i % 5000},,Item {i % 5000},general,1,19.99,defective,\n"
            )


def other_bench(url: str, stop: Any, ready: Any, out: Any) -> None:  # pragma: no cover - child process
    from returnstation.domain.roles import Role
    from returnstation.domain.scan import Scan
    from returnstation.services.receiving import ReceivingService
    from returnstation.services.results import StationContext
    from returnstation.store.db import make_engine, make_session_factory

    engine = make_engine(url)
    receiving = ReceivingService(make_session_factory(engine), StationContext("bench-2", "ana", Role.CLERK))
    waits: list[float] = []
    locked = 0
    ready.set()
    n = 0
    while not stop.is_set():
        n += 1
        t0 = time.perf_counter()
        try:
            receiving.scan_parcel(Scan(f"UNKNOWN-{os.getpid()}-{n}"))
        except Exception:  # the busy timeout ran out: "database is locked"
            locked += 1
        waits.append(time.perf_counter() - t0)
        time.sleep(0.05)
    out.put((waits, locked))
    engine.dispose()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--rows", type=int, default=50_000)
    parser.add_argument("--lines-per-rma", type=int, default=2)
    args = parser.parse_args()
    from returnstation.services.results import StationContext
    from returnstation.services.rma_import import RmaImportService
    from returnstation.store.db import make_engine, make_session_factory
    from returnstation.store.migrate import upgrade_to_head

    tmp = Path(tempfile.mkdtemp(prefix="bench-import-"))
    url = f"sqlite:///{tmp / 'station.db'}"
    csv_path = tmp / "rmas.csv"
    write_csv(csv_path, args.rows, args.lines_per_rma)
    engine = make_engine(url)
    upgrade_to_head(engine)
    spans: list[float] = []
    opened: dict[int, float] = {}

    @event.listens_for(engine, "begin")
    def _begin(conn: Any) -> None:
        opened[id(conn)] = time.perf_counter()

    def _end(conn: Any) -> None:
        started = opened.pop(id(conn), None)
        if started is not None:
            spans.append(time.perf_counter() - started)

    event.listen(engine, "commit", _end)
    event.listen(engine, "rollback", _end)

    imports = RmaImportService(make_session_factory(engine), StationContext("bench-1", "bench"))
    ctx = mp.get_context("spawn")
    stop, ready, out = ctx.Event(), ctx.Event(), ctx.Queue()
    bench2 = ctx.Process(target=other_bench, args=(url, stop, ready, out))
    bench2.start()
    ready.wait(60)
    time.sleep(0.5)
    load = os.getloadavg()
    t0 = time.perf_counter()
    report = imports.import_file(csv_path)
    total = time.perf_counter() - t0
    time.sleep(0.5)
    stop.set()
    waits, locked = out.get(timeout=60)
    bench2.join(30)
    waits.sort()
    print(
        f"rows {args.rows} ({report.rmas} RMAs, {report.lines} lines), ok={report.ok}; "
        f"load {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}"
    )
    print(
        f"import total {total:.2f} s; longest transaction (write lock held) {max(spans):.2f} s; "
        f"transactions {len(spans)}, {sum(spans):.2f} s in all; the last (publishing) {spans[-1]:.2f} s"
    )
    p99 = waits[min(len(waits) - 1, int(len(waits) * 0.99))]
    print(
        f"other bench: {len(waits)} scans, max wait {waits[-1]:.3f} s, p99 {p99:.3f} s, "
        f"median {waits[len(waits) // 2]:.3f} s, 'database is locked' {locked}"
    )
    engine.dispose()


if __name__ == "__main__":
    main()
