"""Lot inspection through the real window: Alt+L / CMD:LOT on an open unit, the samples answered with
the number keys and Enter, one decision for the lot with one tote label; a failed sample sends the lot
to single inspection."""

from __future__ import annotations

from PySide6.QtCore import Qt
from sqlalchemy import func, select

from returnstation.bootstrap import Station
from returnstation.domain.scan import Scan
from returnstation.services.results import Level
from returnstation.store.models import EventRow, InspectionRow, PrintJobRow
from returnstation.store.uow import UnitOfWork
from returnstation.ui.inspect_page import PAGE_FORM, PAGE_RESULT
from returnstation.ui.main_window import MainWindow

from .conftest import Bench

CSV = (
    "rma_number,order_number,customer,authorized_at,line_no,sku,description,category,quantity,"
    "unit_value,reason_code\n"
    "RMA-760001,SO-76,Ada,2026-11-20,1,KTL-01,Kettle,general,6,25.00,no_longer_wanted\n"
)


def six_sealed_kettles(station: Station) -> list[int]:
    assert station.imports.import_text(CSV, source="lot.csv").ok
    pid = station.receiving.scan_parcel(Scan("RMA-760001")).parcel.parcel_id
    for _ in range(6):
        assert station.receiving.scan_item(pid, Scan("KTL-01")).problem is None
    station.receiving.finish_parcel(pid)
    return [p.item_id for p in station.inspection.pending() if p.rma_number == "RMA-760001"]


def count(station: Station, model: type, *where: object) -> int:
    with UnitOfWork(station.session_factory) as uow:
        return int(uow.session.scalar(select(func.count()).select_from(model).where(*where)) or 0)


def answer_every_check(bench: Bench, window: MainWindow, first_key: str = "1") -> None:
    form = window.inspect_page.form
    assert form is not None
    for index, check in enumerate(form.checklist.checks):
        bench.answer(first_key if index == 0 else check.answers[0].key)


def test_a_lot_is_decided_from_its_samples_with_one_tote_label(
    bench: Bench, window: MainWindow, ui_station: Station
) -> None:
    units = six_sealed_kettles(ui_station)
    bench.switch_to(1)
    page = window.inspect_page
    bench.scan("KTL-01")
    assert page.form is not None and page.form.item.item_id == units[0]
    bench.scan("CMD:LOT")
    assert page.lot_flow.active and page.lot_label.isVisible()
    assert "6 units of KTL-01" in bench.message and "Inspect 2" in bench.message
    assert "sample 1 of 2" in page.lot_label.text()

    answer_every_check(bench, window)
    bench.press(Qt.Key.Key_Return)
    # the first sample passed: the second unit opens by itself
    assert bench.level() is Level.SUCCESS and "Sample 2 of 2" in bench.message
    assert page.form is not None and page.form.item.item_id == units[1]
    assert "sample 2 of 2" in page.lot_label.text()
    bench.scan("KTL-01")  # the station chooses the samples: a scan does not open another unit
    assert bench.level() is Level.WARNING and page.form.item.item_id == units[1]

    labels_before = count(ui_station, PrintJobRow)
    answer_every_check(bench, window)
    bench.press(Qt.Key.Key_Return)

    assert page.stack.currentIndex() == PAGE_RESULT and not page.lot_flow.active
    assert bench.level() is Level.SUCCESS, bench.message
    assert f"LOT-{units[0]:06d}: 6 units RESTOCK" in bench.message and "One tote label" in bench.message
    assert count(ui_station, InspectionRow, InspectionRow.item_id.in_(units)) == 6
    assert count(ui_station, PrintJobRow) == labels_before + 1
    assert count(ui_station, EventRow, EventRow.type == "lot_decided") == 1
    assert [p for p in page.pending_model.rows() if p.rma_number == "RMA-760001"] == []


def test_a_failed_sample_sends_the_lot_to_single_inspection(
    bench: Bench, window: MainWindow, ui_station: Station
) -> None:
    units = six_sealed_kettles(ui_station)
    bench.switch_to(1)
    page = window.inspect_page
    bench.scan("KTL-01")
    bench.qtbot.keyClick(window.scan_field, Qt.Key.Key_L, Qt.KeyboardModifier.AltModifier)  # type: ignore[no-untyped-call]
    bench.settle()
    assert page.lot_flow.active, bench.message
    answer_every_check(bench, window)
    bench.press(Qt.Key.Key_Return)
    answer_every_check(bench, window, first_key="2")  # sample 2: opened packaging, grade B
    bench.press(Qt.Key.Key_Return)

    assert bench.level() is Level.WARNING and "Sample failed (packaging=opened)" in bench.message
    assert not page.lot_flow.active and not page.lot_label.isVisible()
    assert page.stack.currentIndex() == PAGE_FORM and page.form is not None
    assert count(ui_station, InspectionRow, InspectionRow.item_id.in_(units)) == 0
    assert count(ui_station, EventRow, EventRow.type == "lot_failed") == 1
    bench.press(Qt.Key.Key_Return)  # the failed sample, decided on its own
    assert page.stack.currentIndex() == PAGE_RESULT
    assert count(ui_station, InspectionRow, InspectionRow.item_id.in_(units)) == 1
    waiting = [p.item_id for p in ui_station.inspection.pending() if p.rma_number == "RMA-760001"]
    assert waiting == [u for u in units if u != units[1]]


def test_esc_stops_a_lot_and_an_inspector_is_refused_by_the_service(
    bench: Bench, window: MainWindow, ui_station: Station
) -> None:
    from returnstation.domain.context import SignedIn
    from returnstation.domain.roles import Role

    six_sealed_kettles(ui_station)
    bench.switch_to(1)
    page = window.inspect_page
    bench.scan("KTL-01")
    bench.scan("CMD:LOT")
    assert page.lot_flow.active
    bench.press(Qt.Key.Key_Escape)
    assert not page.lot_flow.active and "stopped" in bench.message
    bench.scan("KTL-01")
    ui_station.ctx.sign_in(SignedIn(None, "ivo", Role.INSPECTOR))
    bench.scan("CMD:LOT")
    assert not page.lot_flow.active
    assert bench.level() is Level.ERROR and "Deciding a lot from a sample" in bench.message
