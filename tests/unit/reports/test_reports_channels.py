"""Recovered value by resale channel and grade x packaging, and actual sale prices from a CSV (issue #16)."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from reports_fixtures import PERIOD, build_record

from returnstation.disposition.channels import load_channels
from returnstation.reports.sales_csv import SalesFileError, read_sales
from returnstation.reports.summary import summarize

CHANNELS = load_channels()


def test_recovered_value_follows_the_channel_grade_packaging_and_category() -> None:
    records = [
        # as new, box damaged, re-boxed as open box: 100 x 0.85 (electronics would be 0.80)
        build_record(
            1, disposition="refurbish", value="100.00", grade="A", packaging="damaged", channel="open_box"
        ),
        build_record(
            2,
            disposition="refurbish",
            value="100.00",
            grade="A",
            packaging="damaged",
            channel="open_box",
            category="electronics",
        ),
        # restock without a recorded channel (an older decision): A-stock by default, sealed: 100 %
        build_record(3, disposition="restock", value="50.00", grade="A", packaging="sealed"),
        # liquidated: outlet, grade C: 30 %
        build_record(4, disposition="liquidate", value="10.00", grade="C", packaging=None, channel="outlet"),
    ]
    s = summarize(records, *PERIOD, CHANNELS)
    assert s.recovered_value == Decimal("85.00") + Decimal("80.00") + Decimal("50.00") + Decimal("3.00")
    by_channel = {row.key: (row.count, row.value, row.recovered) for row in s.by_channel}
    assert by_channel == {
        "Open box": (2, Decimal("200.00"), Decimal("165.0000")),
        "A-stock": (1, Decimal("50.00"), Decimal("50.000")),
        "Outlet / liquidation": (1, Decimal("10.00"), Decimal("3.000")),
    }
    by_pair = {row.key: (row.count, row.recovered) for row in s.by_grade_packaging}
    assert by_pair == {
        "A / damaged": (2, Decimal("165.0000")),
        "A / sealed": (1, Decimal("50.000")),
        "C / not graded": (1, Decimal("3.000")),
    }
    assert s.sold_items == 0


def test_actual_sale_prices_replace_the_expected_recovery() -> None:
    records = [
        build_record(
            1, disposition="refurbish", value="100.00", grade="A", packaging="damaged", channel="open_box"
        ),
        build_record(2, disposition="liquidate", value="10.00", grade="C", channel="outlet"),
    ]
    s = summarize(records, *PERIOD, CHANNELS, sales={1: Decimal("92.50"), 99: Decimal("5.00")})
    assert s.recovered_value == Decimal("92.50") + Decimal("3.00")  # item 99 is not in the period
    assert s.sold_items == 1
    assert {row.key: row.recovered for row in s.by_channel}["Open box"] == Decimal("92.50")


def test_a_sales_file_is_read_with_extra_columns_and_a_bom(tmp_path: Path) -> None:
    path = tmp_path / "sales.csv"
    path.write_text(
        "\ufefforder,Item_Code,sale_price\nSO-1,RSI-000001,92.50\n\nSO-2, rsi-000002 ,0\n", encoding="utf-8"
    )
    assert read_sales(path) == {1: Decimal("92.50"), 2: Decimal("0")}


def test_bad_sales_rows_are_all_listed_and_nothing_is_used(tmp_path: Path) -> None:
    path = tmp_path / "sales.csv"
    path.write_text(
        "item_code,sale_price\n"
        "RSI-000001,12,50\n"  # line 2: three cells, the comma decimal spilled over: still a bad price
        "SKU-1,10\n"
        "RSI-000002,-1\n"
        "RSI-000003,ten\n"
        "RSI-000004,5\n"
        "RSI-000004,6\n"
        "RSI-000005\n",
        encoding="utf-8",
    )
    with pytest.raises(SalesFileError) as info:
        read_sales(path)
    assert info.value.problems == (
        f"{path}:2: 3 column(s), the header has 2: a price written with a decimal comma (12,50) "
        "splits in two; use 12.50 or put it in quotes",
        f"{path}:3: item_code 'SKU-1' is not an item code such as RSI-000123",
        f"{path}:4: sale_price '-1' must be a price of 0 or more",
        f"{path}:5: sale_price 'ten' is not a number",
        f"{path}:7: item RSI-000004 is listed twice (first on line 6)",
        f"{path}:8: 1 column(s), the header has 2: is a comma missing?",
    )


def test_a_sales_file_without_the_columns_or_with_a_comma_decimal_says_so(tmp_path: Path) -> None:
    path = tmp_path / "sales.csv"
    path.write_text("item;price\nRSI-000001;12\n", encoding="utf-8")
    with pytest.raises(
        SalesFileError, match=r"sales\.csv:1: the header needs the column\(s\) item_code, sale_price"
    ):
        read_sales(path)
    path.write_text('item_code,sale_price\nRSI-000001,"12,50"\n', encoding="utf-8")
    with pytest.raises(
        SalesFileError, match=r":2: sale_price '12,50' is not a number \(use a decimal point: 12\.50\)"
    ):
        read_sales(path)
