"""Supervisor tab: reports and imports run on workers and end with a file or a clear list of problems."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtCore import QDate, Qt

from returnstation.services.results import Level
from returnstation.ui.main_window import MainWindow

from .conftest import START, Bench
from .test_ui_inspect import receive_demo_rma

GOOD_CSV = (
    "rma_number,order_number,customer,authorized_at,line_no,sku,description,quantity,unit_value,reason_code\n"
    "RMA-200001,SO-900001,Lee Park,2026-11-20,1,LAMP-01,Desk lamp,1,39.00,defective\n"
)
BAD_CSV = (
    "rma_number,order_number,customer,authorized_at,line_no,sku,description,quantity,unit_value,reason_code\n"
    "RMA-200002,SO-900002,Lee Park,2026-11-20,1,LAMP-01,Desk lamp,zero,39.00,defective\n"
    "RMA-200002,SO-900002,Lee Park,not-a-date,2,LAMP-02,Desk lamp,1,39.00,defective\n"
)


def _period(window: MainWindow, start: date, end: date) -> None:
    page = window.supervisor_page
    page.from_edit.setDate(QDate(start.year, start.month, start.day))
    page.to_edit.setDate(QDate(end.year, end.month, end.day))


def _inspect_one(bench: Bench, window: MainWindow) -> None:
    receive_demo_rma(bench)
    bench.switch_to(1)
    bench.scan("HP-BT200")
    form = window.inspect_page.form
    assert form is not None
    for check in form.checklist.checks:
        bench.answer(check.answers[0].key)
    bench.press(Qt.Key.Key_Return)
    bench.qtbot.waitUntil(lambda: window.inspect_page.last_job is not None, timeout=30000)


def test_pdf_summary_and_csv_export_are_written_by_workers(bench: Bench, window: MainWindow) -> None:
    _inspect_one(bench, window)
    bench.switch_to(2)
    page = window.supervisor_page
    _period(window, START.date(), START.date())

    bench.click(page.pdf_button)
    assert not page.pdf_button.isEnabled()  # one report at a time
    bench.qtbot.waitUntil(lambda: page.busy == 0, timeout=30000)
    pdf = page.last_output
    assert pdf is not None and pdf.parent == window.services.settings.report_dir
    assert pdf.read_bytes().startswith(b"%PDF")
    assert str(pdf) in page.output_label.text()
    assert page.open_folder_button.isEnabled()
    assert bench.level() is Level.SUCCESS and pdf.name in bench.message

    bench.click(page.csv_button)
    bench.qtbot.waitUntil(lambda: page.busy == 0 and page.last_output != pdf, timeout=30000)
    csv_path = page.last_output
    assert csv_path is not None and csv_path.suffix == ".csv"
    text = csv_path.read_text(encoding="utf-8-sig")
    assert "HP-BT200" in text and "RMA-100001" in text
    assert page.pdf_button.isEnabled()


def test_a_backwards_period_is_refused_before_any_work(bench: Bench, window: MainWindow) -> None:
    bench.switch_to(2)
    _period(window, date(2026, 11, 20), date(2026, 11, 10))
    bench.click(window.supervisor_page.pdf_button)
    assert bench.level() is Level.WARNING and "after it ends" in bench.message
    assert window.supervisor_page.busy == 0 and window.supervisor_page.last_output is None


def test_import_good_file_then_scan_its_rma(bench: Bench, window: MainWindow, tmp_path: Path) -> None:
    bench.switch_to(2)
    page = window.supervisor_page
    good = tmp_path / "rmas.csv"
    good.write_text(GOOD_CSV, encoding="utf-8")

    page.import_file(good)
    bench.qtbot.waitUntil(lambda: page.busy == 0, timeout=20000)
    assert page.last_import is not None and page.last_import.ok
    assert bench.level() is Level.SUCCESS and "Imported 1 RMA" in bench.message

    bench.switch_to(0)
    bench.scan("RMA-200001")
    assert bench.level() is Level.SUCCESS
    assert [ln.sku for ln in window.receive_page.lines_model.rows()] == ["LAMP-01"]


def test_import_with_bad_lines_lists_every_problem_in_a_dialog(
    bench: Bench, window: MainWindow, tmp_path: Path
) -> None:
    bench.switch_to(2)
    page = window.supervisor_page
    bad = tmp_path / "broken.csv"
    bad.write_text(BAD_CSV, encoding="utf-8")

    page.import_file(bad)
    bench.qtbot.waitUntil(lambda: page.busy == 0, timeout=20000)

    report = page.last_import
    assert report is not None and not report.ok
    assert bench.level() is Level.ERROR and "Nothing imported" in bench.message
    dialog = page.problems_dialog
    assert dialog is not None and dialog.isVisible()
    listed = dialog.text.toPlainText()
    assert "line 2" in listed and "quantity" in listed
    assert "line 3" in listed and "authorized_at" in listed
    dialog.reject()
    assert window.services.receiving.hold_queue() == []


def test_hold_queue_lists_parcels_without_an_rma(bench: Bench, window: MainWindow) -> None:
    bench.scan("RMA-424242")
    bench.scan("ORD-777777")
    bench.switch_to(2)
    page = window.supervisor_page
    bench.qtbot.waitUntil(lambda: len(page.hold_model.rows()) == 2)  # read on the pool
    assert [p.scanned_code for p in page.hold_model.rows()] == ["RMA-424242", "ORD-777777"]
    assert "2 waiting" in page.hold_title.text()


def test_a_clerk_on_the_supervisor_tab_is_told_the_desks_are_for_supervisors(
    bench: Bench, window: MainWindow
) -> None:
    """A clerk may look at the tab; the shelf is not read for them and nothing errors."""
    bench.scan("RMA-424242")  # a parcel on the shelf that a clerk must not see listed here
    ctx = window.services.receiving.ctx
    ctx.sign_in(_Clerk())
    bench.switch_to(2)
    bench.qtbot.wait(200)  # any read would have come back by now
    assert "for supervisors" in bench.message
    assert window.supervisor_page.hold_model.rows() == []


class _Clerk:
    id = 7
    name = "cleo"
    role = "clerk"
