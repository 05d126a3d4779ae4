"""The supervisor's live figures and the background label queue, on the real window."""

from __future__ import annotations

import socket
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from returnstation.bootstrap import Station
from returnstation.domain.scan import Scan
from returnstation.printing.printers import PdfFolderPrinter
from returnstation.ui.main_window import MainWindow

from .conftest import Bench, StepClock, routing_label_only


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture
def printer_spec() -> str:
    return f"tcp://127.0.0.1:{_closed_port()}"


def _receive_and_decide(station: Station, rma: str, sku: str) -> str:
    routing_label_only(station)
    pid = station.receiving.scan_parcel(Scan(rma)).parcel.parcel_id  # type: ignore[union-attr]
    station.receiving.scan_item(pid, Scan(sku))
    station.receiving.finish_parcel(pid)
    [item] = [p for p in station.inspection.pending() if p.sku == sku]
    form = station.inspection.form(item.item_id)
    answers = {c.id: c.answers[0].value for c in form.checklist.checks if c.answers}
    decided = station.inspection.decide(item.item_id, answers)
    assert decided.label_job_id is not None
    return decided.label_job_id


def test_kpi_panel_shows_todays_dispositions_and_holds(
    qtbot: QtBot, window: MainWindow, bench: Bench, ui_station: Station
) -> None:
    _receive_and_decide(ui_station, "RMA-100003", "LAP-14-PRO")
    ui_station.receiving.scan_parcel(Scan("RMA-999999"))  # unknown parcel: on the hold shelf
    with qtbot.waitSignal(window.supervisor_page.kpi_panel.refreshed, timeout=10_000) as got:
        bench.switch_to(2)
    snapshot = got.args[0]
    assert snapshot.items == 1 and snapshot.open_holds == 1
    panel = window.supervisor_page.kpi_panel
    assert panel.items.value.text() == "1"
    assert panel.holds.value.text() == "1"
    assert sum(n for _d, n in snapshot.by_disposition) == 1


@pytest.mark.slow
def test_label_that_failed_prints_in_the_background_when_the_printer_is_back(
    qtbot: QtBot, window: MainWindow, ui_station: Station, step_clock: StepClock, tmp_path: Path
) -> None:
    job_id = _receive_and_decide(ui_station, "RMA-100003", "LAP-14-PRO")
    step_clock.advance(seconds=20)  # older than the grace the deciding bench gets
    window.print_pump.pump()
    qtbot.waitUntil(lambda: "1 waiting" in window.labels_label.text(), timeout=15_000)
    [failed] = ui_station.printing.pending_jobs()
    assert failed.job_id == job_id and failed.status == "failed"

    ui_station.printing.printer = PdfFolderPrinter(tmp_path / "labels")  # the printer is back
    step_clock.advance(minutes=5)  # past the retry back-off
    window.print_pump.pump()
    qtbot.waitUntil(lambda: window.labels_label.text() == "Labels: OK", timeout=15_000)
    [job] = ui_station.printing.history(item_id=None, limit=1)
    assert job.job_id == job_id and job.status == "printed" and job.attempts == 2
    assert Path(job.output).is_file()
