"""CSV import: validated whole, written whole or not at all."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import func, select

from returnstation.store.models import RmaLineRow, RmaRow

HEADER = (
    "rma_number,order_number,customer,authorized_at,expires_at,tracking_number,line_no,sku,gtin,"
    "description,category,quantity,unit_value,reason_code,expected_serials\n"
)
GOOD = (
    HEADER
    + "RMA-200001,SO-9001,Ada,2026-11-01,2026-12-31,,1,SKU-1,4006381333931,"
    + "Kettle,general,1,25.00,defective,\n"
    + "RMA-200001,SO-9001,Ada,2026-11-01,2026-12-31,,2,SKU-2,,Lid,general,2,3.50,defective,SN1 SN2\n"
    + "RMA-200002,SO-9002,Bo,2026-11-02,,,1,SKU-3,,Lamp,electronics,1,40,no_longer_wanted,\n"
)


def _rmas(station) -> int:  # type: ignore[no-untyped-def]
    with station.session_factory() as s:
        return int(s.scalar(select(func.count()).select_from(RmaRow)) or 0)


def test_good_file_imports_every_line(station, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    before = _rmas(station)
    f = tmp_path / "rmas.csv"
    f.write_text(GOOD, encoding="utf-8")
    report = station.imports.import_file(f)
    assert report.ok, report.summary()
    assert (report.rmas, report.lines) == (2, 3)
    assert _rmas(station) == before + 2
    with station.session_factory() as s:
        line = s.scalars(select(RmaLineRow).where(RmaLineRow.sku == "SKU-2")).one()
        assert line.expected_serials == "SN1 SN2" and str(line.unit_value) == "3.50"


def test_one_bad_row_rejects_the_whole_file_with_line_numbers(station, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    before = _rmas(station)
    bad = GOOD + "RMA-200003,SO-9003,Cy,2026-13-45,,,1,SKU-4,,Box,general,zero,1.00,defective,\n"
    bad += "RMA-200004,SO-9004,Di,2026-11-02,,,1,SKU 5,4006381333932,Box,general,1,-1,bogus_reason,\n"
    f = tmp_path / "bad.csv"
    f.write_text(bad, encoding="utf-8")
    report = station.imports.import_file(f)
    assert not report.ok
    line5 = [e.message for e in report.errors if e.line == 5]
    assert any("authorized_at" in m for m in line5) and any("quantity" in m for m in line5)
    line6 = [e.message for e in report.errors if e.line == 6]
    assert any("sku" in m for m in line6) and any("gtin" in m for m in line6)
    assert any("unit_value" in m for m in line6) and any("reason_code" in m for m in line6)
    assert _rmas(station) == before  # nothing half-imported


def test_header_mismatch_and_duplicates_are_reported(station, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    text = HEADER + (
        "RMA-300001,SO-1,Ada,2026-11-01,,,1,A,,x,general,1,1,defective,\n"
        "RMA-300001,SO-2,Ada,2026-11-01,,,2,B,,y,general,1,1,defective,\n"
        "RMA-300001,SO-1,Ada,2026-11-01,,,1,C,,z,general,1,1,defective,\n"
    )
    report = station.imports.import_text(text, "dup.csv")
    msgs = [str(e) for e in report.errors]
    assert any("line 3" in m and "order_number" in m for m in msgs)
    assert any("line 4" in m and "appears twice" in m for m in msgs)


def test_importing_the_same_file_twice_changes_nothing_the_second_time(station, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    assert station.imports.import_text(GOOD).ok
    count = _rmas(station)
    again = station.imports.import_text(GOOD)  # the same bytes: recognised (issue 19), not "already exists"
    assert again.ok and again.rmas == 0 and "already imported on" in again.summary()
    assert _rmas(station) == count


def test_missing_columns_empty_file_and_binary_garbage(station, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    assert "missing column" in station.imports.import_text("rma_number,sku\nR,1\n").summary()
    assert "empty" in station.imports.import_text("").summary()
    f = tmp_path / "bin.csv"
    f.write_bytes(b"\xff\xfe\x00garbage")
    assert "UTF-8" in station.imports.import_file(f).summary()
    assert "cannot read" in station.imports.import_file(tmp_path / "absent.csv").summary()


def test_semicolon_csv_with_bom_is_accepted(station) -> None:  # type: ignore[no-untyped-def]
    text = "\ufeff" + GOOD.replace(",", ";")
    assert station.imports.import_text(text).ok
