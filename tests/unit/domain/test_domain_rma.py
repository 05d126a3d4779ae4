from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from returnstation.domain.enums import Discrepancy, RmaStatus
from returnstation.domain.item_first import MAX_SHOWN, CandidateFacts, gtin_forms, rank_candidates
from returnstation.domain.rma import (
    QuantitySplit,
    Rma,
    RmaLine,
    match_item,
    parcel_problem,
    shortfalls,
    split_quantity,
)


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


def test_a_received_rma_with_units_missing_takes_a_later_box() -> None:
    received = _rma(RmaStatus.RECEIVED)
    assert parcel_problem(received, NOW, 1, units_missing=1) is None
    assert parcel_problem(received, NOW, 1, units_missing=0) is Discrepancy.ALREADY_RECEIVED
    assert parcel_problem(_rma(RmaStatus.CLOSED), NOW, 1, units_missing=1) is Discrepancy.RMA_CLOSED


def test_a_quantity_fills_the_line_and_the_rest_are_extras() -> None:
    assert split_quantity(24, expected=20, received=1) == QuantitySplit(accepted=19, extra=4)
    assert split_quantity(5, expected=20, received=1) == QuantitySplit(accepted=4, extra=0)
    assert split_quantity(1, expected=2, received=1) == QuantitySplit(accepted=0, extra=0)
    assert split_quantity(3, expected=2, received=3) == QuantitySplit(accepted=0, extra=2)  # already over


def test_candidates_rank_serial_then_last_customer_then_oldest() -> None:
    old = CandidateFacts("RMA-1", "Ann", datetime(2026, 1, 1), serial_match=False)
    mine = CandidateFacts("RMA-2", "Bob", datetime(2026, 3, 1), serial_match=False)
    serial = CandidateFacts("RMA-3", "Cy", datetime(2026, 5, 1), serial_match=True)
    assert [c.rma_number for c in rank_candidates([mine, serial, old], "Bob")] == ["RMA-3", "RMA-2", "RMA-1"]
    assert [c.rma_number for c in rank_candidates([mine, old], None)] == ["RMA-1", "RMA-2"]
    twice = CandidateFacts("RMA-2", "Bob", datetime(2026, 3, 1), serial_match=True)
    assert rank_candidates([mine, twice], None) == [twice]  # one RMA found twice: its best reason
    many = [CandidateFacts(f"RMA-{i:02d}", "X", datetime(2026, 1, i), False) for i in range(1, 13)]
    assert len(rank_candidates(many, None)) == MAX_SHOWN


def test_gtin_forms_are_the_stored_lengths_of_one_number() -> None:
    assert gtin_forms("04006381333931") == ["4006381333931", "04006381333931"]
    assert gtin_forms("012345678905") == ["012345678905", "0012345678905", "00012345678905"]
    assert gtin_forms("HP-BT200") == [] and gtin_forms("1" * 15) == []
