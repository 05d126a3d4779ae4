"""A large CSV import is written in bulk in one short transaction, still all or nothing (issue 19,
defect 5). How short is measured by bench/bench_import_lock.py; here, what is written.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from sqlalchemy import func, select

from returnstation.bootstrap import Station
from returnstation.store.audit import verify_database
from returnstation.store.models import EventRow, RmaLineRow, RmaRow

pytestmark = pytest.mark.db
HEADER = (
    "rma_number,order_number,customer,authorized_at,expires_at,tracking_number,line_no,sku,gtin,"
    "description,category,quantity,unit_value,reason_code,expected_serials,purchased_at,warranty_months\n"
)


def _csv(first: int, count: int) -> str:
    rows = []
    for n in range(first, first + count):
        for line in (1, 2):
            rows.append(
                f"RMA-{n},SO-{n},Customer {n},2026-11-01,2026-12-31,1Z{n},{line},SKU-{line},,"
                f"Item {n}/{line},general,{line},{line}9.95,defective,S{n}A S{n}B,2026-10-0{line},"
                f"{12 * line}\n"
            )
    return HEADER + "".join(rows)


def _count(station: Station, model: type) -> int:
    with station.session_factory() as s:
        return int(s.scalar(select(func.count()).select_from(model)) or 0)


def test_a_large_file_is_written_whole_with_every_line_on_its_rma(station: Station) -> None:
    rmas, lines, events = _count(station, RmaRow), _count(station, RmaLineRow), _count(station, EventRow)
    report = station.imports.import_text(_csv(500000, 400), source="big.csv")
    assert report.ok and (report.rmas, report.lines) == (400, 800)
    assert _count(station, RmaRow) == rmas + 400 and _count(station, RmaLineRow) == lines + 800
    with station.session_factory() as s:
        rma = s.scalars(select(RmaRow).where(RmaRow.rma_number == "RMA-500277")).one()
        assert (rma.order_number, rma.tracking_number, rma.customer, rma.status, rma.version) == (
            "SO-500277",
            "1Z500277",
            "Customer 500277",
            "open",
            1,
        )
        second = rma.lines[1]
        assert (second.line_no, second.sku, second.quantity, second.unit_value) == (
            2,
            "SKU-2",
            2,
            Decimal("29.95"),
        )
        assert (second.expected_serials, second.purchased_at, second.warranty_months) == (
            "S500277A S500277B",
            date(2026, 10, 2),
            24,
        )
        imported = s.scalars(
            select(EventRow).where(EventRow.type == "rma_imported", EventRow.subject_id == rma.id)
        ).one()
        assert imported.payload == {"rma": "RMA-500277", "source": "big.csv", "lines": 2}
    assert _count(station, EventRow) == events + 400
    assert verify_database(station.session_factory).ok  # every bulk-written event is on the chain


def test_one_rma_already_there_imports_nothing_of_a_large_file(station: Station) -> None:
    assert station.imports.import_text(_csv(600100, 1), source="one.csv").ok
    rmas, events = _count(station, RmaRow), _count(station, EventRow)
    report = station.imports.import_text(_csv(600000, 300), source="big.csv")
    assert not report.ok and [str(e) for e in report.errors] == [
        "line 202: RMA RMA-600100 already exists: nothing was changed"
    ]
    assert (_count(station, RmaRow), _count(station, EventRow)) == (rmas, events)
    later = station.imports.import_text(_csv(700000, 2), source="later.csv")  # ids and chain go on
    assert later.ok and verify_database(station.session_factory).ok
