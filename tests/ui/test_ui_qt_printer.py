"""The Qt system printer through QPrinter's PDF output: exact page size, 1:1 pixels, a barcode that reads."""

from __future__ import annotations

from pathlib import Path

import pypdfium2
import pypdfium2.raw as pdfium_c
import pytest
import zxingcpp
from PySide6.QtPrintSupport import QPrinterInfo
from PySide6.QtWidgets import QApplication

from returnstation.bootstrap import Station
from returnstation.printing.label_pdf import render_label_pdf
from returnstation.printing.label_zpl import render_label_zpl
from returnstation.printing.printers import PrintJob
from returnstation.printing.qt_printer import QtSystemPrinter
from returnstation.printing.templates import load_label_template

ROUTING = {
    "item_code": "RSI-000123",
    "rma_number": "RMA-000123",
    "sku": "HDX-4410-BLK",
    "description": "Cordless drill 18V",
    "grade": "B",
    "disposition": "REFURBISH",
    "destination": "Refurb cell B",
    "reason": "Defective",
    "station": "bench-7",
    "printed_at": "2026-11-23 09:14 UTC",
}


def render(template_name: str, fields: dict[str, str], dpi: int) -> tuple[bytes, str]:
    template = load_label_template(template_name)
    return render_label_pdf(template, fields, dpi=dpi), render_label_zpl(template, fields, dpi=dpi)


def page_facts(path: Path) -> tuple[tuple[float, float], list[tuple[int, int]], list[str]]:
    """(page size in points, pixel sizes of the images on page 1, barcodes read from page 1 at 300 dpi)."""
    pdf = pypdfium2.PdfDocument(str(path))
    try:
        page = pdf[0]
        images = [obj.get_px_size() for obj in page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_IMAGE])]
        picture = page.render(scale=300 / 72, grayscale=True).to_pil()
        return page.get_size(), images, [r.text for r in zxingcpp.read_barcodes(picture)]
    finally:
        pdf.close()


def test_label_is_painted_one_to_one_on_a_page_of_the_template_size(
    qapp: QApplication, tmp_path: Path
) -> None:
    printer = QtSystemPrinter(pdf_dir=tmp_path / "qt", resolution=300)
    assert printer.dpi == 300
    pdf, zpl = render("routing_4x6", ROUTING, printer.dpi)
    result = printer.send(PrintJob("job-0001", "routing_4x6", ROUTING), pdf, zpl)
    assert result.ok, result.message
    assert result.output == tmp_path / "qt" / "job-0001.pdf"
    assert [p.name for p in (tmp_path / "qt").iterdir()] == ["job-0001.pdf"]  # no temporary left behind
    size, images, codes = page_facts(result.output)
    assert size == pytest.approx((288.0, 432.0), abs=0.01)  # 4 x 6 in, full page
    assert images == [(1200, 1800)]  # one printer dot per image pixel at 300 dpi: nothing rescaled
    assert codes == ["RSI-000123"]
    pdf_doc = pypdfium2.PdfDocument(str(result.output))
    try:
        [image] = pdf_doc[0].get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_IMAGE])
        assert image.get_bounds() == pytest.approx((0, 0, 288, 432), abs=0.01)  # full page, no margins
    finally:
        pdf_doc.close()


def test_a_landscape_item_label_keeps_its_shape(qapp: QApplication, tmp_path: Path) -> None:
    fields = {"sku": "HDX-4410-BLK", "description": "Cordless drill 18V", "serial": "SN12345678"}
    printer = QtSystemPrinter(pdf_dir=tmp_path, resolution=300)
    result = printer.send(PrintJob("item-1", "item_2x1", fields), *render("item_2x1", fields, 300))
    assert result.ok, result.message
    size, images, codes = page_facts(tmp_path / "item-1.pdf")
    assert size == pytest.approx((144.0, 72.0), abs=0.01) and images == [(600, 300)]
    assert codes  # the item label's barcode still reads after the trip through QPrinter


def test_the_station_queue_prints_through_qt_and_lays_out_for_the_printer_dpi(
    qapp: QApplication, ui_station: Station, tmp_path: Path
) -> None:
    from returnstation.domain.scan import Scan

    pid = ui_station.receiving.scan_parcel(Scan("RMA-100003")).parcel.parcel_id  # type: ignore[union-attr]
    ui_station.receiving.scan_item(pid, Scan("LAP-14-PRO"))
    ui_station.receiving.finish_parcel(pid)
    [item] = ui_station.inspection.pending()
    form = ui_station.inspection.form(item.item_id)
    answers = {c.id: c.answers[0].value for c in form.checklist.checks}
    decided = ui_station.inspection.decide(item.item_id, answers)
    ui_station.printing.printer = QtSystemPrinter(pdf_dir=tmp_path / "qt", resolution=300)
    sent = ui_station.printing.run_due_jobs()  # the routing label and the restocked laptop's item label
    assert sorted((j.template, j.status) for j in sent) == [
        ("item_resale_2x1", "printed"),
        ("routing_4x6", "printed"),
    ]
    [job] = [j for j in sent if j.job_id == decided.label_job_id]
    assert job.printer == "Default system printer"
    _size, images, codes = page_facts(Path(job.output))
    assert images == [(1200, 1800)] and codes == [item.item_code]


def test_an_unknown_system_printer_is_named(qapp: QApplication) -> None:
    name = "No Such Printer 4711"
    assert name not in QPrinterInfo.availablePrinterNames()
    job = PrintJob("job-2", "routing_4x6", ROUTING)
    result = QtSystemPrinter(name).send(job, *render("routing_4x6", ROUTING, 203))
    assert not result.ok
    assert f"no system printer named {name!r}" in result.message and result.output is None


def test_no_default_printer_is_said_plainly(qapp: QApplication) -> None:
    if not QPrinterInfo.defaultPrinter().isNull():
        pytest.skip("this machine has a default printer")
    job = PrintJob("job-3", "routing_4x6", ROUTING)
    result = QtSystemPrinter().send(job, *render("routing_4x6", ROUTING, 203))
    assert not result.ok and "no default printer is set up on this PC" in result.message


def test_a_broken_pdf_is_a_failed_job_not_a_crash(qapp: QApplication, tmp_path: Path) -> None:
    job = PrintJob("job-4", "routing_4x6", ROUTING)
    result = QtSystemPrinter(pdf_dir=tmp_path).send(job, b"not a pdf", "")
    assert not result.ok and "job-4" in result.message
    assert list(tmp_path.iterdir()) == []
