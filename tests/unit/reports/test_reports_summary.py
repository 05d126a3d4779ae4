"""The summary figures, checked against numbers worked out by hand for eight records.

Hand computation (rates as in the spec):
  value     = 100 + 50 + 200 + 10 + 5 + 300 + 20 + 40                          = 725.00
  recovered = 100*1 + 50*1 + 200*0.65 + 10*0.02 + 5*0.02 + 300*0.9 + 20*0 + 40*0.3
            = 100 + 50 + 130 + 0.2 + 0.1 + 270 + 0 + 12                        = 562.30
  % recovered = 562.30 / 725 * 100 = 77.5586...;   % recycled = 2 / 8 * 100 = 25.0
  receipt hours sorted 1 2 3 4 6 8 10 24:  median = (4 + 6) / 2 = 5.0;  p90 at rank 6.3 = 10 + 0.3 * 14 = 14.2
  auth hours sorted 20 30 40 50 70 100 120 200: median = (50 + 70) / 2 = 60;  p90 = 120 + 0.3 * 80 = 144
  handling (6 timed) sorted 30 45 60 90 120 240: median = (60 + 90) / 2 = 75;
                                                p90 at rank 4.5 = 120 + 0.5 * 120 = 180
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone
from decimal import Decimal

import pytest
from reports_fixtures import PERIOD, SPEC_CHANNELS, build_record, eight_records, fixture_records

from returnstation.disposition.channels import load_channels
from returnstation.reports.summary import CycleStats, GroupRow, HandlingStats, summarize


def test_hand_computed_fixture_field_by_field() -> None:
    s = summarize(fixture_records(), *PERIOD, SPEC_CHANNELS)

    assert (s.start, s.end) == PERIOD
    assert s.total_items == 8
    assert s.total_value == Decimal("725.00")
    assert s.recovered_value == Decimal("562.30")
    assert s.pct_cost_recovered == pytest.approx(562.30 / 725 * 100)
    assert s.pct_recycled == pytest.approx(25.0)
    assert s.overrides == 2
    assert s.by_disposition == (
        GroupRow("recycle", 2, Decimal("15.00"), 0.25),
        GroupRow("restock", 2, Decimal("150.00"), 0.25),
        GroupRow("liquidate", 1, Decimal("40.00"), 0.125),
        GroupRow("refurbish", 1, Decimal("200.00"), 0.125),
        GroupRow("return_to_vendor", 1, Decimal("300.00"), 0.125),
        GroupRow("scrap", 1, Decimal("20.00"), 0.125),
    )
    assert s.by_reason == (
        GroupRow("DEFECTIVE", 3, Decimal("510.00"), 0.375),
        GroupRow("NO_LONGER_NEEDED", 3, Decimal("190.00"), 0.375),
        GroupRow("DAMAGED", 2, Decimal("25.00"), 0.25),
    )
    assert s.by_grade == (
        GroupRow("A", 2, Decimal("150.00"), 0.25),
        GroupRow("B", 2, Decimal("240.00"), 0.25),
        GroupRow("D", 2, Decimal("15.00"), 0.25),
        GroupRow("C", 1, Decimal("300.00"), 0.125),
        GroupRow("F", 1, Decimal("20.00"), 0.125),
    )
    assert s.by_category == (
        GroupRow("Cables", 3, Decimal("35.00"), 0.375),
        GroupRow("Laptops", 2, Decimal("500.00"), 0.25),
        GroupRow("Phones", 2, Decimal("150.00"), 0.25),
        GroupRow("Toys", 1, Decimal("40.00"), 0.125),
    )
    assert s.by_inspector == (
        GroupRow("ann", 3, Decimal("305.00"), 0.375),
        GroupRow("bob", 3, Decimal("80.00"), 0.375),
        GroupRow("cy", 2, Decimal("340.00"), 0.25),
    )
    receipt, authorization = s.cycle_receipt_to_disposition, s.cycle_authorization_to_disposition
    assert (receipt.median_hours, receipt.p90_hours) == pytest.approx((5.0, 14.2))
    assert receipt.n == 8
    assert (authorization.median_hours, authorization.p90_hours) == pytest.approx((60.0, 144.0))
    assert authorization.n == 8
    assert (s.handling.median_seconds, s.handling.p90_seconds) == pytest.approx((75.0, 180.0))
    assert s.handling.n == 6
    assert [(r.key, r.recovered) for r in s.by_disposition] == [
        ("recycle", Decimal("0.3000")),
        ("restock", Decimal("150.00")),
        ("liquidate", Decimal("12.000")),
        ("refurbish", Decimal("130.0000")),
        ("return_to_vendor", Decimal("270.000")),
        ("scrap", Decimal("0")),
    ]


def test_group_counts_and_values_add_up_to_the_totals() -> None:
    s = summarize(fixture_records(), *PERIOD, SPEC_CHANNELS)
    for rows in (s.by_disposition, s.by_reason, s.by_grade, s.by_category, s.by_inspector):
        assert sum(r.count for r in rows) == s.total_items
        assert sum((r.value for r in rows), Decimal(0)) == s.total_value
        assert sum(r.share for r in rows) == pytest.approx(1.0)


def test_period_edges_are_inclusive_and_records_outside_are_excluded() -> None:
    assert summarize(fixture_records(), *PERIOD, SPEC_CHANNELS).total_items == 8
    # Widening by one day on each side picks up the two expensive records just outside.
    wide = summarize(fixture_records(), date(2025, 2, 28), date(2025, 3, 8), SPEC_CHANNELS)
    assert wide.total_items == 10
    assert wide.total_value == Decimal("725.00") + Decimal("9999.00") + Decimal("8888.00")
    # A one-day period holds only the records decided that calendar day.
    first_day = summarize(fixture_records(), date(2025, 3, 1), date(2025, 3, 1), SPEC_CHANNELS)
    assert [r.key for r in first_day.by_disposition] == ["restock"]
    assert first_day.total_value == Decimal("100.00")


def test_start_after_end_is_refused() -> None:
    with pytest.raises(ValueError, match="starts after it ends"):
        summarize(fixture_records(), date(2025, 3, 8), date(2025, 3, 1), SPEC_CHANNELS)


def test_aware_timestamps_are_dated_in_the_station_zone() -> None:
    # 23:30 UTC on 7 March is already 8 March at a station one hour ahead of UTC.
    late = build_record(1, decided_at=datetime(2025, 3, 7, 23, 30, tzinfo=UTC))
    assert summarize([late], *PERIOD, SPEC_CHANNELS).total_items == 1
    station_zone = timezone(timedelta(hours=1))
    assert summarize([late], *PERIOD, SPEC_CHANNELS, tz=station_zone).total_items == 0


def test_empty_input_gives_a_zero_summary() -> None:
    s = summarize([], *PERIOD, SPEC_CHANNELS)
    assert s.is_empty
    assert (s.total_items, s.total_value, s.recovered_value) == (0, Decimal(0), Decimal("0.00"))
    assert (s.pct_cost_recovered, s.pct_recycled, s.overrides) == (0.0, 0.0, 0)
    assert s.by_disposition == s.by_reason == s.by_grade == s.by_category == s.by_inspector == ()
    assert s.cycle_receipt_to_disposition == CycleStats(0.0, 0.0, 0)
    assert s.cycle_authorization_to_disposition == CycleStats(0.0, 0.0, 0)
    assert s.handling == HandlingStats(0.0, 0.0, 0)


def test_only_zero_value_items_give_zero_percent_recovered() -> None:
    s = summarize([build_record(1, value="0.00"), build_record(2, value="0.00")], *PERIOD, SPEC_CHANNELS)
    assert s.total_items == 2
    assert s.pct_cost_recovered == 0.0


def test_recovered_value_is_rounded_to_cents_once_after_summing() -> None:
    # 3 x (0.01 * 0.65) = 0.0195 -> 0.02; rounding each item first would give 3 x 0.01 = 0.03.
    records = [build_record(i, disposition="refurbish", value="0.01") for i in range(3)]
    assert summarize(records, *PERIOD, SPEC_CHANNELS).recovered_value == Decimal("0.02")


def test_shipped_channels_are_used_when_none_are_given() -> None:
    records = eight_records()
    shipped = summarize(records, *PERIOD, load_channels()).recovered_value
    assert summarize(records, *PERIOD).recovered_value == shipped
    assert shipped != summarize(records, *PERIOD, SPEC_CHANNELS).recovered_value


def test_odd_count_median_is_the_middle_item() -> None:
    records = [build_record(i, receipt_hours=h, handling_seconds=float(h)) for i, h in enumerate((9, 1, 5))]
    s = summarize(records, *PERIOD, SPEC_CHANNELS)
    assert s.cycle_receipt_to_disposition.median_hours == pytest.approx(5.0)
    assert s.cycle_receipt_to_disposition.p90_hours == pytest.approx(5 + 0.8 * 4)  # rank 1.8 of 1 5 9
    assert s.handling.median_seconds == pytest.approx(5.0)
