"""Return-to-vendor lists on a real database (SQLite and PostgreSQL), issue 16: one list per vendor and
shipment with every item's SKU, serial, quantity, reason and RMA (checked by the PDF's text), written
again from its number, never an item on two lists, also when two supervisors press at once."""

from __future__ import annotations

import re
import threading
from pathlib import Path

import pypdfium2
import pytest
from sqlalchemy import select
from test_db_integration_support import receive_all

from returnstation.bootstrap import Station
from returnstation.domain.enums import Disposition
from returnstation.services.rtv import RtvRefused, RtvWritten, parse_rtv_number
from returnstation.store.models import EventRow
from returnstation.store.models_outcomes import RtvShipmentItemRow

HEADER = (
    "rma_number,order_number,customer,authorized_at,line_no,sku,description,category,quantity,"
    "unit_value,reason_code,expected_serials,vendor"
)


def _pdf_text(path: Path) -> str:
    pdf = pypdfium2.PdfDocument(str(path))
    try:
        text = "\n".join(pdf[i].get_textpage().get_text_range() for i in range(len(pdf)))
    finally:
        pdf.close()
    return re.sub(r"\s+", " ", text)  # table cells wrap: words, not lines, are compared


def _to_the_vendors(station: Station) -> dict[str, int]:
    """Three items back to their vendors under the vendor agreement: one ACME (the line says so), two
    NORTHWIND (by SKU prefix, one with its serial); item id by SKU."""
    csv = "\n".join(
        [
            HEADER,
            "RMA-9001,SO-9001,Ada,2026-11-01,1,KTL-1,Kettle,general,1,25.00,contractual,,acme",
            "RMA-9001,SO-9001,Ada,2026-11-01,2,HP-X1,Headphones X1,electronics,1,59.00,contractual,SN-42,",
            "RMA-9002,SO-9002,Bo,2026-11-01,1,SPK-X2,Speaker X2,electronics,1,39.00,contractual,,",
        ]
    )
    assert station.imports.import_text(csv + "\n", source="rtv.csv").ok
    receive_all(station, "RMA-9001", ["KTL-1", "SN-42"])
    receive_all(station, "RMA-9002", ["SPK-X2"])
    ids: dict[str, int] = {}
    for item in station.inspection.pending():
        form = station.inspection.form(item.item_id)
        answers = {c.id: c.answers[0].value for c in form.checklist.checks if not c.is_capture}
        decided = station.inspection.decide(item.item_id, answers)
        assert decided.decision.disposition is Disposition.RETURN_TO_VENDOR
        ids[item.sku] = item.item_id
    return ids


def test_one_list_per_vendor_with_items_serials_quantities_reasons_and_rmas(
    station: Station, tmp_path: Path
) -> None:
    ids = _to_the_vendors(station)
    assert [(w.vendor, w.items) for w in station.rtv.waiting()] == [("ACME", 1), ("NORTHWIND", 2)]

    made = station.rtv.make_lists(out_dir=tmp_path)
    assert [(w.rtv.number, w.rtv.vendor_code, w.rtv.quantity) for w in made] == [
        ("RTV-000001", "ACME", 1),
        ("RTV-000002", "NORTHWIND", 2),
    ]
    northwind = _pdf_text(made[1].path)
    assert made[1].path == tmp_path / "RTV-000002_NORTHWIND.pdf"
    for expected in (
        "Return to vendor: list RTV-000002",
        "Northwind Audio GmbH (NORTHWIND)",
        "20457 Hamburg",
        "HP-X1",
        "SN-42",
        "SPK-X2",
        "RMA-9001",
        "RMA-9002",
        "Contractual return",
        "Covered by the vendor agreement",
        "Quantities by SKU",
        "Total 2",
        "Received for the vendor by",
    ):
        assert expected in northwind, expected
    assert f"RSI-{ids['HP-X1']:06d}" in northwind and "KTL-1" not in northwind
    acme = _pdf_text(made[0].path)
    assert "KTL-1" in acme and "ACME (ACME)" in acme and "HP-X1" not in acme

    with station.session_factory() as s:
        events = s.scalars(select(EventRow).where(EventRow.type == "rtv_list_made")).all()
    assert [(e.payload["list"], e.payload["quantity"]) for e in events] == [
        ("RTV-000001", 1),
        ("RTV-000002", 2),
    ]

    with pytest.raises(RtvRefused, match="No items are waiting"):
        station.rtv.make_lists(out_dir=tmp_path)
    assert station.rtv.waiting() == []
    again = station.rtv.write_again("rtv-2", tmp_path / "again")
    assert _pdf_text(again.path).split("Printed")[0] == northwind.split("Printed")[0]
    with pytest.raises(RtvRefused, match="no return-to-vendor list RTV-999"):
        station.rtv.write_again("RTV-999", tmp_path)


def test_a_list_for_one_vendor_leaves_the_others_waiting(station: Station, tmp_path: Path) -> None:
    _to_the_vendors(station)
    [made] = station.rtv.make_lists("northwind", tmp_path)
    assert made.rtv.vendor_code == "NORTHWIND" and len(made.rtv.lines) == 2
    assert [(w.vendor, w.items) for w in station.rtv.waiting()] == [("ACME", 1)]
    with pytest.raises(RtvRefused, match="for NOBODY"):
        station.rtv.make_lists("nobody", tmp_path)


def test_two_supervisors_at_once_never_put_an_item_on_two_lists(station: Station, tmp_path: Path) -> None:
    _to_the_vendors(station)
    results: list[object] = []
    start = threading.Barrier(2)

    def press(folder: str) -> None:
        start.wait()
        try:
            results.append(station.rtv.make_lists(out_dir=tmp_path / folder))
        except RtvRefused as exc:
            results.append(exc)

    threads = [threading.Thread(target=press, args=(name,)) for name in ("a", "b")]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    lists = [r for r in results if isinstance(r, list)]
    assert len(results) == 2 and len(lists) == 1  # one made them all, the other was told
    assert sum(isinstance(w, RtvWritten) for w in lists[0]) == 2
    with station.session_factory() as s:
        listed = s.scalars(select(RtvShipmentItemRow.item_id)).all()
    assert len(listed) == len(set(listed)) == 3


def test_list_numbers_are_read_as_a_person_types_them() -> None:
    assert [parse_rtv_number(t) for t in ("RTV-000012", "rtv12", " 12 ", "RTV-", "x12", "١٢")] == [
        12,
        12,
        12,
        None,
        None,
        None,
    ]


def test_the_command_line_lists_makes_and_writes_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], station: Station
) -> None:
    from returnstation import cli

    _to_the_vendors(station)
    monkeypatch.setenv("RETURNSTATION_CONFIG", str(tmp_path / "none.toml"))
    monkeypatch.setenv("RETURNSTATION_DATA_DIR", str(tmp_path / "cli-data"))
    monkeypatch.setenv("RETURNSTATION_STATION", "cli-bench")
    db = ["--db", station.settings.database_url]
    assert cli.main([*db, "rtv-list"]) == 0
    assert capsys.readouterr().out.splitlines()[0].startswith("ACME\t1 item(s)")
    out = tmp_path / "lists"
    assert cli.main([*db, "rtv-list", "--vendor", "ACME", "--out", str(out)]) == 0
    assert "RTV-000001 for ACME: 1 item(s), quantity 1" in capsys.readouterr().out
    assert (out / "RTV-000001_ACME.pdf").is_file()
    assert cli.main([*db, "rtv-list", "--vendor", "ACME"]) == 1
    assert "No items are waiting to go back to a vendor for ACME" in capsys.readouterr().err
    assert cli.main([*db, "rtv-list", "--shipment", "RTV-000001", "--out", str(tmp_path / "x")]) == 0
    assert (tmp_path / "x" / "RTV-000001_ACME.pdf").is_file()


def test_a_recalled_medicine_goes_on_the_list_with_its_lot(station: Station, tmp_path: Path) -> None:
    csv = f"{HEADER}\nRMA-9003,SO-9003,Cy,2026-11-01,1,VIT-X,Vitamin C,pharma,1,8.00,recall,,\n"
    assert station.imports.import_text(csv, source="recall.csv").ok
    receive_all(station, "RMA-9003", ["VIT-X"])
    [item] = station.inspection.pending()
    form = station.inspection.form(item.item_id)
    answers = {c.id: c.answers[0].value for c in form.checklist.checks if not c.is_capture}
    decided = station.inspection.decide(
        item.item_id, answers, captured={"lot": "L-4711", "expiry": "2028-05-31"}
    )
    assert (decided.decision.rule_id, decided.decision.disposition) == (
        "recall",
        Disposition.RETURN_TO_VENDOR,
    )
    [made] = station.rtv.make_lists(out_dir=tmp_path)
    assert made.rtv.vendor_code == "UNASSIGNED" and made.rtv.lines[0].lot == "L-4711"
    text = _pdf_text(made.path)
    assert "lot L-4711" in text and "Product recall" in text and "VIT-X" in text
