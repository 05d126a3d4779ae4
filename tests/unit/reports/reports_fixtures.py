"""Shared builders for the report tests: real records, the hand-computed eight-item fixture.

A plain module with a unique name (not conftest.py) so ``from reports_fixtures import ...`` cannot pick up
another folder's helpers.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any

from returnstation.disposition.channels import Channel, ChannelSet, RecoveryLine
from returnstation.domain.enums import Disposition
from returnstation.reports.records import DispositionRecord

SPEC_RATES: dict[str, Decimal] = {
    "restock": Decimal("1.0"),
    "refurbish": Decimal("0.65"),
    "return_to_vendor": Decimal("0.9"),
    "liquidate": Decimal("0.3"),
    "donate": Decimal("0"),
    "recycle": Decimal("0.02"),
    "scrap": Decimal("0"),
    "return_to_customer": Decimal("0"),
    "quarantine": Decimal("0"),
}
# The spec's rates as channels: one channel per disposition, the same rate for every grade and packaging.
SPEC_CHANNELS = ChannelSet(
    {
        f"{d}_channel": Channel(
            f"{d}_channel", d.replace("_", " "), frozenset({Disposition(d)}), (RecoveryLine(rate),)
        )
        for d, rate in SPEC_RATES.items()
    },
    {Disposition(d): f"{d}_channel" for d in SPEC_RATES},
)
PERIOD = (date(2025, 3, 1), date(2025, 3, 7))


def build_record(
    item_id: int = 1,
    *,
    disposition: str = "restock",
    value: str = "10.00",
    decided_at: datetime = datetime(2025, 3, 3, 12, 0),
    receipt_hours: float = 1.0,
    authorization_hours: float = 10.0,
    **overrides: Any,
) -> DispositionRecord:
    """A record decided at ``decided_at``, received/authorized that many hours before."""
    fields: dict[str, Any] = {
        "item_id": item_id,
        "rma_number": f"RMA-{item_id:04d}",
        "order_number": f"SO-{item_id:04d}",
        "sku": f"SKU-{item_id:03d}",
        "description": "Test item",
        "category": "Phones",
        "reason_code": "DEFECTIVE",
        "grade": "A",
        "disposition": disposition,
        "destination": "BIN-01",
        "unit_value": Decimal(value),
        "inspector": "ann",
        "station": "BENCH-01",
        "authorized_at": decided_at - timedelta(hours=authorization_hours),
        "received_at": decided_at - timedelta(hours=receipt_hours),
        "decided_at": decided_at,
        "rule_id": "R001",
        "overridden": False,
        "handling_seconds": None,
    }
    fields.update(overrides)
    return DispositionRecord(**fields)


def eight_records() -> list[DispositionRecord]:
    """The hand-computed fixture (figures worked out in test_reports_summary.py), all in PERIOD.

    The first and last sit on the period's edges: 1 March 00:00:00 and 7 March 23:59:59.
    """
    rows = [
        # id, disposition, value, reason, grade, category, inspector, receipt h, auth h, handling s, override
        (1, "restock", "100.00", "NO_LONGER_NEEDED", "A", "Phones", "ann", 2, 50, 60.0, False),
        (2, "restock", "50.00", "NO_LONGER_NEEDED", "A", "Phones", "bob", 4, 30, 90.0, False),
        (3, "refurbish", "200.00", "DEFECTIVE", "B", "Laptops", "ann", 6, 100, 120.0, True),
        (4, "recycle", "10.00", "DEFECTIVE", "D", "Cables", "bob", 1, 20, None, False),
        (5, "recycle", "5.00", "DAMAGED", "D", "Cables", "ann", 3, 70, 30.0, False),
        (6, "return_to_vendor", "300.00", "DEFECTIVE", "C", "Laptops", "cy", 10, 200, 240.0, False),
        (7, "scrap", "20.00", "DAMAGED", "F", "Cables", "bob", 8, 40, 45.0, True),
        (8, "liquidate", "40.00", "NO_LONGER_NEEDED", "B", "Toys", "cy", 24, 120, None, False),
    ]
    decided = {1: datetime(2025, 3, 1, 0, 0, 0), 8: datetime(2025, 3, 7, 23, 59, 59)}
    return [
        build_record(
            item_id,
            disposition=disposition,
            value=value,
            reason_code=reason,
            grade=grade,
            category=category,
            inspector=inspector,
            receipt_hours=receipt,
            authorization_hours=auth,
            handling_seconds=handling,
            overridden=overridden,
            decided_at=decided.get(item_id, datetime(2025, 3, 4, 10, 0)),
        )
        for (
            item_id,
            disposition,
            value,
            reason,
            grade,
            category,
            inspector,
            receipt,
            auth,
            handling,
            overridden,
        ) in rows
    ]


def outside_records() -> list[DispositionRecord]:
    """Two expensive restocks one second outside PERIOD on either side."""
    return [
        build_record(101, value="9999.00", decided_at=datetime(2025, 2, 28, 23, 59, 59)),
        build_record(102, value="8888.00", decided_at=datetime(2025, 3, 8, 0, 0, 0)),
    ]


def fixture_records() -> list[DispositionRecord]:
    """The eight records in PERIOD plus the two just outside it."""
    return eight_records() + outside_records()
