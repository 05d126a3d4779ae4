"""The streamed report (one read, batches, item CSV written as read) gives exactly what the in-memory path
gives, on a generated period of 1,500 decisions read in many small batches, on SQLite and PostgreSQL.

The expected records are built here from the inserted rows themselves (not read back through the service),
so the comparison also checks the read: received = the parcel's closing time when it has one, an untimed
decision has no inspection time, and text that looks like a formula is escaped in the CSV.
"""

from __future__ import annotations

import random
from datetime import date, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import event, insert

from returnstation.reports.exceptions import ExceptionRecord
from returnstation.reports.records import DispositionRecord
from returnstation.reports.report_settings import ReportSettings
from returnstation.reports.summary import summarize
from returnstation.reports.summary_csv import write_records_csv, write_summary_csv
from returnstation.reports.summary_pdf import write_summary_pdf
from returnstation.services.reporting import ReportService
from returnstation.store import report_queries
from returnstation.store.db import make_engine, make_session_factory
from returnstation.store.models import DiscrepancyRow, InspectionRow, ItemRow, ParcelRow, RmaLineRow, RmaRow

START, END = date(2026, 3, 2), date(2026, 3, 3)
SETTINGS = ReportSettings(labour_rate_per_hour=Decimal("24.00"), idle_gap_minutes=30)
PRINTED = datetime(2026, 3, 5, 8, 0)
COUNT = 1_500


def _site(url: str) -> tuple[list[DispositionRecord], list[ExceptionRecord]]:
    """Insert COUNT decisions over START..END (and a few outside it); the expected records of the period."""
    rng = random.Random(18)
    rmas: list[dict[str, Any]] = []
    lines: list[dict[str, Any]] = []
    parcels: list[dict[str, Any]] = []
    items: list[dict[str, Any]] = []
    inspections: list[dict[str, Any]] = []
    discrepancies: list[dict[str, Any]] = []
    expected: list[DispositionRecord] = []
    exceptions: list[ExceptionRecord] = []
    moment = datetime(2026, 3, 1, 23, 0)  # the first hour is before the period
    for n in range(1, COUNT + 1):
        moment += timedelta(seconds=rng.randrange(60, 200))
        inspector = f"insp-{n % 5}"
        station = f"BENCH-{n % 3}"
        received = moment - timedelta(hours=rng.uniform(1, 30))
        authorized = received - timedelta(days=rng.uniform(1, 9))
        closed = None if n % 7 == 0 else received + timedelta(minutes=5)
        started = moment if n % 11 == 0 else moment - timedelta(seconds=rng.uniform(20, 400))
        description = "=HYPERLINK(1)" if n % 50 == 0 else f'Item {n}, "quoted"'
        value = (Decimal(rng.randrange(1, 99999)) / 100).quantize(Decimal("0.01"))  # as stored: 2 places
        disposition = rng.choice(("restock", "refurbish", "recycle", "scrap", "liquidate"))
        rmas.append(
            {
                "id": n,
                "rma_number": f"RMA-{500000 + n}",
                "order_number": f"SO-{n}",
                "tracking_number": None,
                "customer": "C",
                "status": "received",
                "authorized_at": authorized,
                "expires_at": None,
                "created_at": authorized,
                "version": 1,
            }
        )
        lines.append(
            {
                "id": n,
                "rma_id": n,
                "line_no": 1,
                "sku": f"SKU-{n % 40}",
                "gtin": None,
                "description": description,
                "category": rng.choice(("general", "electronics", "apparel")),
                "quantity": 1,
                "unit_value": value,
                "reason_code": rng.choice(("defective", "no_longer_wanted")),
                "expected_serials": "",
            }
        )
        parcels.append(
            {
                "id": n,
                "rma_id": n,
                "scanned_code": f"RMA-{500000 + n}",
                "status": "received",
                "received_at": received,
                "closed_at": closed,
                "station": station,
                "user": inspector,
                "note": "",
                "version": 1,
            }
        )
        items.append(
            {
                "id": n,
                "parcel_id": n,
                "rma_line_id": n,
                "scanned_code": f"SKU-{n}",
                "status": "dispositioned",
                "received_at": received,
                "station": station,
                "user": inspector,
                "version": 1,
            }
        )
        grade, rule, overridden = rng.choice("ABCD"), f"R{n % 9}", n % 13 == 0
        inspections.append(
            {
                "item_id": n,
                "checklist": "general",
                "answers": {},
                "grade": grade,
                "grade_because": "",
                "disposition": disposition,
                "destination": f"{disposition.upper()}-BIN",
                "rule_id": rule,
                "rule_reason": "test",
                "rules_version": "test",
                "inspector": inspector,
                "station": station,
                "started_at": started,
                "decided_at": moment,
                "overridden": overridden,
            }
        )
        if n % 40 == 0:
            kind, resolved = rng.choice(("no_rma", "wrong_item")), n % 80 == 0
            discrepancies.append(
                {
                    "kind": kind,
                    "scanned_code": f"X{n}",
                    "parcel_id": n,
                    "rma_id": n,
                    "detail": "test",
                    "station": station,
                    "user": inspector,
                    "at": received,
                    "resolved": resolved,
                }
            )
            if START <= received.date() <= END:
                exceptions.append(ExceptionRecord(kind, station, received, resolved))
        if START <= moment.date() <= END:
            handling = (moment - started).total_seconds()
            expected.append(
                DispositionRecord(
                    n,
                    f"RMA-{500000 + n}",
                    f"SO-{n}",
                    f"SKU-{n % 40}",
                    description,
                    lines[-1]["category"],
                    lines[-1]["reason_code"],
                    grade,
                    disposition,
                    f"{disposition.upper()}-BIN",
                    value,
                    inspector,
                    station,
                    authorized,
                    closed or received,
                    moment,
                    rule,
                    overridden,
                    handling if handling > 0 else None,
                )
            )
    engine = make_engine(url)
    with engine.begin() as conn:
        for model, rows in (
            (RmaRow, rmas),
            (RmaLineRow, lines),
            (ParcelRow, parcels),
            (ItemRow, items),
            (InspectionRow, inspections),
            (DiscrepancyRow, discrepancies),
        ):
            conn.execute(insert(model.__table__), rows)  # type: ignore[arg-type]
    engine.dispose()
    assert moment.date() > END and len(expected) > 1_000
    return expected, exceptions


def test_the_streamed_report_equals_the_in_memory_report(
    db_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    expected, exceptions = _site(db_url)
    monkeypatch.setattr(report_queries, "STREAM_BATCH", 97)  # many batches, one not full
    engine = make_engine(db_url)
    statements: list[str] = []
    event.listen(engine, "before_cursor_execute", lambda _c, _cur, sql, *_a: statements.append(sql))
    service = ReportService(
        make_session_factory(engine), station="Site", clock=lambda: PRINTED, settings=SETTINGS
    )
    out = {name: tmp_path / name for name in ("s.pdf", "r.csv", "s.csv")}
    run = service.run_report(START, END, pdf=out["s.pdf"], records_csv=out["r.csv"], summary_csv=out["s.csv"])

    # One statement read every decision of the period, for the three files and the counts.
    assert sum("FROM inspections" in sql for sql in statements) == 1
    listed = summarize(expected, START, END, exceptions=exceptions, settings=SETTINGS)
    assert run.summary == listed and run.summary.total_items == len(expected)
    assert out["r.csv"].read_bytes() == write_records_csv(expected, tmp_path / "list.csv").read_bytes()
    assert b"'=HYPERLINK(1)" in out["r.csv"].read_bytes()
    assert out["s.csv"].read_bytes() == write_summary_csv(listed, tmp_path / "list-s.csv").read_bytes()
    pdf = write_summary_pdf(
        listed, tmp_path / "list.pdf", generated_at=PRINTED, filter_text="All stations", station_name="Site"
    )
    assert out["s.pdf"].read_bytes() == pdf.read_bytes()
    assert run.discrepancies.opened == len(exceptions)  # the counts the CLI prints, from the same read
    engine.dispose()
