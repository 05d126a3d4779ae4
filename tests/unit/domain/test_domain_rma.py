from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from returnstation.domain.enums import Discrepancy, RmaStatus
from returnstation.domain.rma import Rma, RmaLine, match_item, parcel_problem, shortfalls


def _line(no: int, sku: str, qty: int, gtin: str | None = None, serials: tuple[str, ...] = ()) -> RmaLine:
    return RmaLine(
        no, sku, f"item {sku}", qty, Decimal("10.00"), "defective", gtin=gtin, expected_serials=serials
    )


def _rma(status: RmaStatus = RmaStatus.OPEN, expires: datetime | None = None) -> Rma:
    return Rma(1, "RMA-1", "SO-1", "Cust", status, datetime(2026, 1, 1), expires, (_line(1, "A", 2),))


NOW = datetime(2026, 6, 1)


def test_parcel_problem_orders_closed_before_expired() -> None:
    assert parcel_problem(_rma(RmaStatus.CLOSED, datetime(2026, 2, 1)), NOW, 0) is Discrepancy.RMA_CLOSED
    assert parcel_problem(_rma(expires=datetime(2026, 2, 1)), NOW, 0) is Discrepancy.RMA_EXPIRED
    assert parcel_problem(_rma(), NOW, 1) is Discrepancy.ALREADY_RECEIVED
    assert parcel_problem(_rma(expires=datetime(2026, 7, 1)), NOW, 0) is None


def test_match_by_sku_gtin_and_serial_case_insensitive() -> None:
    lines = (_line(1, "SKU-A", 1, gtin="4061234000128"), _line(2, "SKU-B", 1, serials=("SN123",)))
    assert match_item(lines, {}, "sku-a").line == lines[0]
    # a UPC-A/EAN-13 scan of the same GTIN with or without leading zeros still matches
    assert match_item(lines, {}, "04061234000128").line == lines[0]
    assert match_item(lines, {}, "sn123").line == lines[1]
    assert match_item(lines, {}, "NOPE").problem is Discrepancy.WRONG_ITEM


def test_same_sku_on_two_lines_fills_in_order_then_over_quantity() -> None:
    lines = (_line(1, "A", 1), _line(2, "A", 1))
    first = match_item(lines, {}, "A")
    assert first.line is not None and first.line.line_no == 1 and first.accepted
    second = match_item(lines, {1: 1}, "A")
    assert second.line is not None and second.line.line_no == 2 and second.accepted
    third = match_item(lines, {1: 1, 2: 1}, "A")
    assert third.problem is Discrepancy.OVER_QUANTITY and third.received_after == 2


def test_shortfalls_lists_only_incomplete_lines() -> None:
    lines = (_line(1, "A", 2), _line(2, "B", 1))
    s = shortfalls(lines, {1: 1, 2: 1})
    assert [(x.line.sku, x.missing) for x in s] == [("A", 1)]


def test_visible_escapes_control_characters_and_cuts() -> None:
    from returnstation.domain.text import visible

    assert visible("A\x00B\x1d") == "A\\x00B\\x1d"
    assert len(visible("x" * 1000, 50)) == 50
