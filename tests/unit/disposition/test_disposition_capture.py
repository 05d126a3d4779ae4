"""Captured values: GS1 dates (day 00, century), typed expiry forms, and what one GS1 scan fills."""

from __future__ import annotations

from datetime import date

import pytest
from stdnum import ean

from returnstation.disposition.capture import (
    CaptureError,
    CaptureKind,
    capture_from_gs1,
    gs1_date,
    normalise_capture,
    parse_expiry,
    stored_expiry,
)
from returnstation.scan.classify import CodeKind, classify

TODAY = date(2026, 11, 23)


@pytest.mark.parametrize(
    ("yymmdd", "expected"),
    [
        ("270531", date(2027, 5, 31)),
        ("270500", date(2027, 5, 31)),  # day 00: the last day of the month
        ("280200", date(2028, 2, 29)),  # ... which knows leap years
        ("270200", date(2027, 2, 28)),
        ("761231", date(2076, 12, 31)),  # 50 years ahead: still this century
        ("771231", date(1977, 12, 31)),  # 51 ahead: the previous century (GS1 §7.12)
    ],
)
def test_gs1_dates_follow_the_gs1_rules(yymmdd: str, expected: date) -> None:
    assert gs1_date(yymmdd, TODAY) == expected


def test_gs1_century_rolls_forward_near_the_end_of_a_century() -> None:
    assert gs1_date("030101", date(2098, 6, 1)) == date(2103, 1, 1)  # 95 years back -> next century
    assert gs1_date("480101", date(2098, 6, 1)) == date(2148, 1, 1)  # exactly 50 back: next century
    assert gs1_date("490101", date(2098, 6, 1)) == date(2049, 1, 1)  # 49 back: still this century


@pytest.mark.parametrize("bad", ["271301", "270230", "27053", "2705310", "27O531"])
def test_impossible_gs1_dates_are_refused(bad: str) -> None:
    with pytest.raises(CaptureError):
        gs1_date(bad, TODAY)


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("2027-05-31", date(2027, 5, 31)),
        (" 2027-5-3 ", date(2027, 5, 3)),
        ("2027-05", date(2027, 5, 31)),
        ("05/2027", date(2027, 5, 31)),
        ("5/27", date(2027, 5, 31)),
        ("31.05.2027", date(2027, 5, 31)),
        ("270531", date(2027, 5, 31)),
        ("EXP 05/2027", date(2027, 5, 31)),
        ("exp: 2027-05-31", date(2027, 5, 31)),
        ("BB 2027-02", date(2027, 2, 28)),
    ],
)
def test_typed_expiry_forms(typed: str, expected: date) -> None:
    assert parse_expiry(typed, TODAY) == expected


@pytest.mark.parametrize(
    ("typed", "words"),
    [
        ("03/04/2027", "YYYY-MM-DD"),  # day/month or month/day: never guessed
        ("2027-02-30", "no day 30"),
        ("2027-13-01", "no month 13"),
        ("1899-01-01", "year 1899"),
        ("soon", "not a date"),
    ],
)
def test_ambiguous_or_impossible_expiry_is_refused_with_an_instruction(typed: str, words: str) -> None:
    with pytest.raises(CaptureError, match=words):
        parse_expiry(typed, TODAY)


def test_normalised_values() -> None:
    assert normalise_capture(CaptureKind.EXPIRY, "05/2027", TODAY) == "2027-05-31"
    assert normalise_capture(CaptureKind.LOT, "  L 47\t11 ", TODAY) == "L 47 11"
    assert normalise_capture(CaptureKind.SERIAL, "sn-Ab1", TODAY) == "sn-Ab1"  # case kept: GS1 X..20
    with pytest.raises(CaptureError, match="nothing was read"):
        normalise_capture(CaptureKind.LOT, "  \t", TODAY)
    with pytest.raises(CaptureError, match="unreadable"):
        normalise_capture(CaptureKind.SERIAL, "SN\x1d21", TODAY)
    with pytest.raises(CaptureError, match="too long"):
        normalise_capture(CaptureKind.LOT, "L" * 41, TODAY)
    assert normalise_capture(CaptureKind.TEXT, "t" * 200, TODAY) == "t" * 200


def test_stored_expiry_reads_back_and_ignores_damage() -> None:
    assert stored_expiry("2027-05-31") == date(2027, 5, 31)
    assert stored_expiry(None) is None and stored_expiry("") is None
    assert stored_expiry("31/05/2027") is None


def gtin(body12: str) -> str:
    return body12 + ean.calc_check_digit(body12)


def test_one_gs1_datamatrix_scan_fills_lot_expiry_and_serial() -> None:
    # GS1 DataMatrix as a scanner sends it: AIM ]d2, variable-length fields ended by GS.
    raw = f"]d201{gtin('0406123400081')[-14:]}17270500" + "10LOT-42\x1d21SN0001"
    code = classify(raw)
    assert code.kind is CodeKind.GS1, code.message
    got = capture_from_gs1(code.gs1, TODAY)
    assert dict(got.values) == {
        CaptureKind.LOT: "LOT-42",
        CaptureKind.SERIAL: "SN0001",
        CaptureKind.EXPIRY: "2027-05-31",
    }
    assert got.problems == ()


def test_best_before_stands_in_for_expiry_and_a_bad_date_is_reported() -> None:
    assert capture_from_gs1({"15": "270615", "10": "B7"}, TODAY).values == {
        CaptureKind.EXPIRY: "2027-06-15",
        CaptureKind.LOT: "B7",
    }
    assert (
        capture_from_gs1({"17": "270101", "15": "270615"}, TODAY).values[CaptureKind.EXPIRY] == "2027-01-01"
    )
    bad = capture_from_gs1({"17": "271340", "10": "L1"}, TODAY)
    assert dict(bad.values) == {CaptureKind.LOT: "L1"}
    assert len(bad.problems) == 1 and "expiry (17)" in bad.problems[0]
    assert capture_from_gs1({"01": gtin("406123400081")}, TODAY).values == {}
