"""CSV exports: formula-injection safety, typed numbers, RFC 4180 quoting, read back with ``csv``."""

from __future__ import annotations

import csv
from dataclasses import fields, replace
from datetime import date, datetime, time
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from reports_fixtures import PERIOD, SPEC_CHANNELS, build_record, eight_records

from returnstation.domain.enums import Disposition
from returnstation.reports.atomic_file import atomic_target
from returnstation.reports.csv_safe import safe_cell
from returnstation.reports.records import DispositionRecord
from returnstation.reports.summary import summarize
from returnstation.reports.summary_csv import write_records_csv, write_summary_csv

HOSTILE = {
    "=cmd|' /C calc'!A0": "'=cmd|' /C calc'!A0",
    "+1": "'+1",
    "-1+2": "'-1+2",
    "@SUM(A1:A9)": "'@SUM(A1:A9)",
    "\t=1+1": "'\t=1+1",
    "\rEVIL": "'\rEVIL",
    "\0null": "'\0null",
}


def _read(path: Path) -> list[list[str]]:
    with path.open(encoding="utf-8-sig", newline="") as fh:
        return list(csv.reader(fh))


@pytest.mark.parametrize(("text", "expected"), HOSTILE.items())
def test_text_that_a_spreadsheet_would_run_gets_a_quote_prefix(text: str, expected: str) -> None:
    assert safe_cell(text) == expected


@pytest.mark.parametrize("text", ["plain", "", "1+1", " =1", "A=B", "'already"])
def test_harmless_text_is_unchanged(text: str) -> None:
    assert safe_cell(text) == text


def test_numbers_stay_numbers_even_when_negative() -> None:
    assert safe_cell(-1) == -1
    assert isinstance(safe_cell(-1), int)
    assert safe_cell(-2.5) == -2.5
    assert safe_cell(Decimal("-5.00")) == "-5.00"  # exact money text, not escaped: it is a number
    assert safe_cell("-5") == "'-5"  # the same characters typed as text are escaped


def test_other_values_have_one_stable_text_form() -> None:
    assert safe_cell(None) == ""
    assert (safe_cell(True), safe_cell(False)) == ("true", "false")
    assert safe_cell(datetime(2025, 3, 1, 9, 5, 7)) == "2025-03-01T09:05:07"
    assert safe_cell(date(2025, 3, 1)) == "2025-03-01"
    assert safe_cell(time(9, 5)) == "09:05:00"
    assert safe_cell(Disposition.RETURN_TO_VENDOR) == "return_to_vendor"
    assert safe_cell(Path("=x")) == "'=x"  # any other object: its text, escaped


def test_records_csv_escapes_every_text_column_and_reads_back(tmp_path: Path) -> None:
    hostile = list(HOSTILE)
    text_columns = (
        "rma_number",
        "order_number",
        "sku",
        "description",
        "category",
        "reason_code",
        "inspector",
    )
    text_fields: list[dict[str, Any]] = [{column: text for column in text_columns} for text in hostile]
    records = [build_record(i + 1, value="12.50", **fields_) for i, fields_ in enumerate(text_fields)]
    rows = _read(write_records_csv(records, tmp_path / "records.csv"))

    assert rows[0] == [f.name for f in fields(DispositionRecord)]
    assert len(rows) == 1 + len(records)
    header = rows[0]
    for row, text in zip(rows[1:], hostile, strict=True):
        cells = dict(zip(header, row, strict=True))
        for column in text_columns:
            assert cells[column] == HOSTILE[text], column
        assert cells["unit_value"] == "12.50"
        assert cells["item_id"].isdigit()


def test_records_csv_round_trips_commas_quotes_newlines_and_accents(tmp_path: Path) -> None:
    tricky = 'Lamp, "deluxe"\nsecond line - Zoë'
    record = build_record(1, description=tricky, handling_seconds=42.5, overridden=True)
    path = write_records_csv([record], tmp_path / "records.csv")
    row = dict(zip(*_read(path), strict=True))

    assert row["description"] == tricky
    assert row["handling_seconds"] == "42.5"
    assert row["overridden"] == "true"
    assert row["decided_at"] == record.decided_at.isoformat()
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # BOM: Excel then reads UTF-8
    assert raw.count(b"\r\n") == 2  # header and the one record end in CRLF; the embedded \n stays bare


def test_records_csv_with_no_records_has_just_the_header(tmp_path: Path) -> None:
    assert _read(write_records_csv([], tmp_path / "empty.csv")) == [
        [f.name for f in fields(DispositionRecord)]
    ]


def test_summary_csv_has_every_figure_and_every_group_row(tmp_path: Path) -> None:
    records = eight_records()
    records[0] = replace(records[0], inspector='=HYPERLINK("http://x")')  # one figure-neutral change
    summary = summarize(records, *PERIOD, SPEC_CHANNELS)
    rows = _read(write_summary_csv(summary, tmp_path / "summary.csv"))

    assert rows[0] == ["section", "key", "count", "value", "share"]
    body = rows[1:]
    kpi = {key: (count, value) for section, key, count, value, _share in body if section == "kpi"}
    assert kpi["items"] == ("8", "")
    assert kpi["value"] == ("", "725.00")
    assert kpi["recovered_value"] == ("", "562.30")
    assert float(kpi["pct_cost_recovered"][1]) == pytest.approx(562.30 / 725 * 100)
    assert float(kpi["pct_recycled"][1]) == pytest.approx(25.0)
    assert kpi["overrides"] == ("2", "")
    assert kpi["cycle_receipt_median_hours"][0] == "8"
    assert float(kpi["handling_median_seconds"][1]) == pytest.approx(75.0)
    assert [r[1:4] for r in body if r[0] == "period"] == [
        ["start", "", "2025-03-01"],
        ["end", "", "2025-03-07"],
    ]
    channels = {r[1]: (r[2], r[3], r[4]) for r in body if r[0] == "channel_recovered"}
    assert channels["refurbish"] == ("1", "130.00", "0.6500")  # one item of 200.00 at 65 %
    assert channels["liquidate"] == ("1", "12.00", "0.3000")
    packaging = {r[1]: r[2] for r in body if r[0] == "grade_packaging_recovered"}
    assert packaging["A / not graded"] == "2"  # recorded without a packaging condition
    assert kpi["sold_items"] == ("0", "")

    inspectors = [r for r in body if r[0] == "inspector"]
    assert [r[1] for r in inspectors] == ["bob", "ann", "cy", '\'=HYPERLINK("http://x")']
    assert [r[2] for r in inspectors] == ["3", "2", "2", "1"]
    for section, groups in (
        ("disposition", summary.by_disposition),
        ("reason", summary.by_reason),
        ("grade", summary.by_grade),
        ("category", summary.by_category),
    ):
        rows_of_section = [r for r in body if r[0] == section]
        assert [(r[1], int(r[2]), Decimal(r[3]), float(r[4])) for r in rows_of_section] == [
            (g.key, g.count, g.value, g.share) for g in groups
        ]


def test_a_failed_write_keeps_the_previous_file_and_leaves_no_temporary(tmp_path: Path) -> None:
    target = tmp_path / "report.csv"
    target.write_text("previous good report", encoding="utf-8")
    with pytest.raises(RuntimeError), atomic_target(target) as tmp:
        tmp.write_text("half a rep", encoding="utf-8")
        raise RuntimeError("disk full")
    assert target.read_text(encoding="utf-8") == "previous good report"
    assert [p.name for p in tmp_path.iterdir()] == ["report.csv"]
