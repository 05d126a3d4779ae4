"""Inspection to label to report, through the services, on a real database."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import select

from returnstation.domain.scan import Scan
from returnstation.services.inspection import ItemNotPending
from returnstation.store.models import EventRow, InspectionRow


def receive_all(station, rma: str, codes: list[str]) -> None:  # type: ignore[no-untyped-def]
    pid = station.receiving.scan_parcel(Scan(rma)).parcel.parcel_id
    for c in codes:
        assert station.receiving.scan_item(pid, Scan(c)).problem is None
    station.receiving.finish_parcel(pid)


def best_answers(form) -> dict[str, str]:  # type: ignore[no-untyped-def]
    """The first answer of every check is the best condition in the shipped checklists."""
    return {c.id: c.answers[0].value for c in form.checklist.checks}


def decode_pdf_barcodes(path: Path) -> list[str]:
    import pypdfium2
    import zxingcpp

    pdf = pypdfium2.PdfDocument(str(path))
    image = pdf[0].render(scale=300 / 72).to_pil()
    return [r.text for r in zxingcpp.read_barcodes(image)]


def test_inspect_decide_print_and_report(station, clock) -> None:  # type: ignore[no-untyped-def]
    receive_all(station, "RMA-100003", ["LAP-14-PRO"])
    [item] = station.inspection.pending()
    assert item.category == "electronics" and item.item_code == f"RSI-{item.item_id:06d}"
    form = station.inspection.form(item.item_id)
    answers = best_answers(form)
    preview = station.inspection.preview(item.item_id, answers)
    clock.advance(minutes=4)
    decided = station.inspection.decide(item.item_id, answers, started_at=clock.now.replace(minute=0))
    assert decided.decision == preview.decision
    assert decided.decision.rules_version == station.rules.version
    assert station.inspection.pending() == []
    with pytest.raises(ItemNotPending):
        station.inspection.decide(item.item_id, answers)
    with station.session_factory() as s:
        row = s.scalars(select(InspectionRow)).one()
        assert (row.grade, row.disposition, row.rule_id) == (
            decided.grade.grade,
            decided.decision.disposition.value,
            decided.decision.rule_id,
        )
        assert (row.inspector, row.station) == ("ana", "bench-7")
        ev = s.scalars(select(EventRow).where(EventRow.type == "item_dispositioned")).one()
        assert ev.before_status == "received" and ev.after_status == "dispositioned"

    job = station.printing.run(decided.label_job_id)
    assert job.status == "printed", job.message
    assert decode_pdf_barcodes(Path(job.output)) == [item.item_code] or item.item_code in decode_pdf_barcodes(
        Path(job.output)
    )

    records = station.reports.records(date(2026, 11, 23), date(2026, 11, 23))
    assert [(r.sku, r.disposition, r.inspector) for r in records] == [
        ("LAP-14-PRO", decided.decision.disposition.value, "ana")
    ]
    assert records[0].handling_seconds == 4 * 60
    out = station.reports.write_summary_pdf(
        date(2026, 11, 1), date(2026, 11, 30), station.settings.report_dir / "s.pdf"
    )
    assert out.read_bytes()[:5] == b"%PDF-"


def test_scan_finds_the_oldest_waiting_item_by_sku_or_item_code(station, clock) -> None:  # type: ignore[no-untyped-def]
    receive_all(station, "RMA-100001", ["HP-BT200", "CBL-USBC-1M", "CBL-USBC-1M"])
    pending = station.inspection.pending()
    cables = [p for p in pending if p.sku == "CBL-USBC-1M"]
    assert station.inspection.find_pending(Scan("CBL-USBC-1M")) == cables[0]
    assert station.inspection.find_pending(Scan(cables[1].item_code)) == cables[1]
    assert station.inspection.find_pending(Scan("NOT-HERE")) is None


def test_offline_printer_keeps_the_job_for_a_retry(station, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    import socket

    from returnstation.printing.printers import Tcp9100Printer

    receive_all(station, "RMA-100003", ["LAP-14-PRO"])
    [item] = station.inspection.pending()
    decided = station.inspection.decide(item.item_id, best_answers(station.inspection.form(item.item_id)))
    with socket.socket() as s:  # a port nobody listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    good_printer = station.printing.printer
    station.printing.printer = Tcp9100Printer("127.0.0.1", port, timeout_s=2)
    failed = station.printing.run(decided.label_job_id)
    assert failed.status == "failed" and "offline" in failed.message.lower()
    assert [j.job_id for j in station.printing.jobs("failed")] == [decided.label_job_id]
    station.printing.printer = good_printer
    again = station.printing.run(decided.label_job_id)
    assert again.status == "printed" and again.attempts == 2
