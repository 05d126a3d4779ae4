"""The supervisor's label history on the real window: failed labels in red with their reason, reprints."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from returnstation.bootstrap import Station
from returnstation.domain.scan import Scan
from returnstation.printing.printers import PdfFolderPrinter
from returnstation.services.results import Level
from returnstation.ui.main_window import MainWindow
from returnstation.ui.print_history import FAILED_ROW, FAILED_TEXT, PROBLEM_COLUMN, LabelHistoryPanel

from .conftest import Bench, StepClock, routing_label_only

WAIT_MS = 20_000


def receive_and_decide(station: Station, rma: str, sku: str) -> tuple[str, str]:
    """One item received and decided through the services; returns (label job id, item code)."""
    routing_label_only(station)
    parcel = station.receiving.scan_parcel(Scan(rma)).parcel
    assert parcel is not None
    station.receiving.scan_item(parcel.parcel_id, Scan(sku))
    station.receiving.finish_parcel(parcel.parcel_id)
    [item] = [p for p in station.inspection.pending() if p.sku == sku]
    form = station.inspection.form(item.item_id)
    decided = station.inspection.decide(
        item.item_id, {c.id: c.answers[0].value for c in form.checklist.checks}
    )
    assert decided.label_job_id is not None
    return decided.label_job_id, item.item_code


class LabelFolder:
    """A real PDF-folder printer whose folder can be made impossible to create, then possible again."""

    def __init__(self, tmp_path: Path) -> None:
        self.blocker = tmp_path / "share"
        self.folder = self.blocker / "labels"
        self.printer = PdfFolderPrinter(self.folder)

    def break_it(self) -> None:
        self.blocker.write_text("a file where the label share should be")  # even root cannot mkdir here

    def fix(self) -> None:
        self.blocker.unlink()


@pytest.fixture
def labels(tmp_path: Path, ui_station: Station) -> LabelFolder:
    folder = LabelFolder(tmp_path)
    ui_station.printing.printer = folder.printer
    return folder


def open_labels_tab(qtbot: QtBot, bench: Bench, window: MainWindow) -> LabelHistoryPanel:
    bench.switch_to(2)
    page = window.supervisor_page
    tabs = page.sections.tabBar()
    with qtbot.waitSignal(page.label_history.loaded, timeout=WAIT_MS):
        qtbot.mouseClick(tabs, Qt.MouseButton.LeftButton, pos=tabs.tabRect(1).center())  # type: ignore[no-untyped-call]
    assert page.sections.currentWidget() is page.label_history
    return page.label_history


def cell(
    panel: LabelHistoryPanel, row: int, header: str, role: Qt.ItemDataRole = Qt.ItemDataRole.DisplayRole
) -> object:
    model = panel.model
    column = next(
        c for c in range(model.columnCount()) if model.headerData(c, Qt.Orientation.Horizontal) == header
    )
    return model.data(model.index(row, column), role)


def click_row(qtbot: QtBot, panel: LabelHistoryPanel, row: int) -> None:
    rect = panel.view.visualRect(panel.model.index(row, 1))
    qtbot.mouseClick(panel.view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())  # type: ignore[no-untyped-call]


def test_a_failed_label_shows_red_with_its_reason_and_print_again_prints_once_the_printer_works(
    qtbot: QtBot, bench: Bench, window: MainWindow, ui_station: Station, labels: LabelFolder
) -> None:
    labels.break_it()
    job_id, code = receive_and_decide(ui_station, "RMA-100003", "LAP-14-PRO")
    assert ui_station.printing.run(job_id).status == "failed"

    panel = open_labels_tab(qtbot, bench, window)
    [failed] = panel.model.rows()
    assert (failed.job_id, failed.item_code, failed.rma_number) == (job_id, code, "RMA-100003")
    assert str(cell(panel, 0, "Status")).startswith("FAILED")
    problem = str(panel.model.data(panel.model.index(0, PROBLEM_COLUMN)))
    assert "Could not save the label PDF" in problem and "Not a directory" in problem
    assert cell(panel, 0, "Status", Qt.ItemDataRole.BackgroundRole) == FAILED_ROW
    assert cell(panel, 0, "Problem", Qt.ItemDataRole.ForegroundRole) == FAILED_TEXT
    assert "1 FAILED" in panel.status_label.text()
    assert not panel.print_again_button.isEnabled()  # nothing selected yet

    click_row(qtbot, panel, 0)
    assert panel.selected_job_ids() == [job_id] and panel.print_again_button.isEnabled()
    with qtbot.waitSignal(panel.sent, timeout=WAIT_MS) as still_broken:
        bench.click(panel.print_again_button)
    assert still_broken.args[0].refused is not None
    assert bench.level() is Level.ERROR and f"Label for {code} NOT printed" in bench.message
    qtbot.waitUntil(lambda: len(panel.model.rows()) == 2, timeout=WAIT_MS)
    reprint, original = panel.model.rows()
    assert (reprint.reprint_of, reprint.status, original.job_id) == (job_id, "failed", job_id)
    assert cell(panel, 0, "Reprint of") == job_id[:8]
    assert panel.selected_job_ids() == [job_id]  # the selection survives the reload

    labels.fix()
    with qtbot.waitSignal(panel.sent, timeout=WAIT_MS) as printed:
        bench.click(panel.print_again_button)
    [again] = printed.args[0].sent
    assert again.status == "printed" and again.reprint_of == job_id
    assert bench.level() is Level.SUCCESS and bench.message == f"Printed again: {code}."
    assert Path(again.output).parent == labels.folder and Path(again.output).is_file()
    qtbot.waitUntil(lambda: len(panel.model.rows()) == 3, timeout=WAIT_MS)
    assert panel.model.rows()[0].job_id == again.job_id
    assert cell(panel, 0, "Status") == "Printed" and cell(panel, 0, "Problem") == ""
    assert cell(panel, 0, "Status", Qt.ItemDataRole.BackgroundRole) is None


def test_retry_failed_prints_every_failed_label_and_the_filter_shows_them_gone(
    qtbot: QtBot, bench: Bench, window: MainWindow, ui_station: Station, labels: LabelFolder
) -> None:
    labels.break_it()
    jobs = [
        receive_and_decide(ui_station, rma, sku)[0]
        for rma, sku in (("RMA-100003", "LAP-14-PRO"), ("RMA-100007", "PHN-CASE-S"))
    ]
    for job_id in jobs:
        assert ui_station.printing.run(job_id).status == "failed"
    panel = open_labels_tab(qtbot, bench, window)
    with qtbot.waitSignal(panel.loaded, timeout=WAIT_MS):
        panel.filter_combo.setCurrentText("Failed")
    assert sorted(j.job_id for j in panel.model.rows()) == sorted(jobs)

    labels.fix()
    with qtbot.waitSignal(panel.sent, timeout=WAIT_MS) as retried:
        bench.click(panel.retry_button)
    assert sorted(retried.args[0].queued) == sorted(jobs)
    assert [j.status for j in retried.args[0].sent] == ["printed", "printed"]
    assert bench.level() is Level.SUCCESS and bench.message == "2 failed label(s) printed now."
    qtbot.waitUntil(lambda: panel.model.rows() == [], timeout=WAIT_MS)
    with qtbot.waitSignal(panel.loaded, timeout=WAIT_MS):
        panel.filter_combo.setCurrentText("Printed")
    assert sorted(j.job_id for j in panel.model.rows()) == sorted(jobs)
    assert all(j.attempts == 2 and Path(j.output).is_file() for j in panel.model.rows())


def test_the_list_follows_the_background_print_worker(
    qtbot: QtBot,
    bench: Bench,
    window: MainWindow,
    ui_station: Station,
    labels: LabelFolder,
    step_clock: StepClock,
) -> None:
    labels.break_it()
    job_id, _code = receive_and_decide(ui_station, "RMA-100003", "LAP-14-PRO")
    assert ui_station.printing.run(job_id).status == "failed"
    panel = open_labels_tab(qtbot, bench, window)
    assert panel.pump is window.print_pump
    assert [j.status for j in panel.model.rows()] == ["failed"]

    panel.timer.stop()  # so only the worker's report can make the list change below
    labels.fix()
    step_clock.advance(minutes=5)  # past the retry back-off: the worker's next round prints it
    window.print_pump.pump()
    qtbot.waitUntil(lambda: [j.status for j in panel.model.rows()] == ["printed"], timeout=WAIT_MS)


def test_scanning_an_item_code_on_the_supervisor_page_selects_its_newest_label(
    qtbot: QtBot, bench: Bench, window: MainWindow, ui_station: Station, step_clock: StepClock
) -> None:
    first_job, first_code = receive_and_decide(ui_station, "RMA-100003", "LAP-14-PRO")
    other_job, _other_code = receive_and_decide(ui_station, "RMA-100007", "PHN-CASE-S")
    step_clock.advance(minutes=1)
    reprint = ui_station.printing.reprint(first_job)
    bench.switch_to(2)
    page = window.supervisor_page
    assert page.sections.currentWidget() is not page.label_history

    with qtbot.waitSignal(page.label_history.loaded, timeout=WAIT_MS):
        bench.scan(first_code.lower())
    panel = page.label_history
    assert page.sections.currentWidget() is panel and panel.search_edit.text() == first_code
    assert [j.job_id for j in panel.model.rows()] == [reprint, first_job]  # not the other item's label
    assert panel.selected_job_ids() == [reprint]
    assert bench.level() is Level.INFO and first_code in bench.message
    assert other_job not in [j.job_id for j in panel.model.rows()]

    bench.scan("4006381333931")  # a product barcode means nothing here
    assert "not used on this tab" in bench.message
