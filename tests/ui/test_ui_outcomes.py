"""Outcomes beyond the routing label through the real window (issue 16): the fault test of a claim
answered from a command card, the item label printed after the routing label on the pool, and the
Supervisor tab's return-to-vendor lists made on a worker."""

from __future__ import annotations

from PySide6.QtCore import Qt
from sqlalchemy import select

from returnstation.bootstrap import Station
from returnstation.disposition.outcomes import FAULT_CHECK_ID
from returnstation.domain.enums import Disposition
from returnstation.domain.scan import Scan
from returnstation.services.printing import JobStatus
from returnstation.services.results import Level
from returnstation.store.models import InspectionRow
from returnstation.ui.main_window import MainWindow
from returnstation.ui.scan_field import BURST_MS
from returnstation.ui.supervisor_page import RTV_KEY

from .conftest import Bench
from .test_ui_inspect import receive_demo_rma


def _printed_templates(station: Station, item_id: int) -> list[str]:
    return sorted(
        j.template for j in station.printing.history(item_id=item_id) if j.status == JobStatus.PRINTED
    )


def test_a_claim_asks_the_fault_test_last_and_a_command_card_answers_it(
    bench: Bench, window: MainWindow, ui_station: Station
) -> None:
    bench.scan("RMA-100009")
    bench.scan("SPK-7731")  # the speaker's serial
    bench.scan("CMD:DONE")
    bench.switch_to(1)
    bench.scan("SPK-MINI")
    page = window.inspect_page
    assert page.form is not None
    checks = page.form.checklist.checks
    assert checks[-1].id == FAULT_CHECK_ID
    for check in checks[:-1]:
        bench.answer(check.answers[0].key)
    assert page.current_check() is checks[-1]
    bench.scan("CMD:ANSWER:BURN_IN")  # the card on the bench's test sheet
    assert page.answers[FAULT_CHECK_ID] == "burn_in"
    assert page.preview is not None and page.preview.decision.rule_id == "no-fault-found-restock"
    bench.qtbot.wait(BURST_MS)  # a person's Enter, not the end of the card's scan
    bench.press(Qt.Key.Key_Return)
    decided = page.decided
    assert decided is not None and decided.decision.disposition is Disposition.RESTOCK, bench.message
    with ui_station.session_factory() as s:
        row = s.scalars(select(InspectionRow).where(InspectionRow.item_id == decided.item.item_id)).one()
    assert row.answers[FAULT_CHECK_ID] == "burn_in"


def test_the_item_label_prints_after_the_routing_label_without_the_bench_waiting(
    bench: Bench, window: MainWindow, ui_station: Station
) -> None:
    receive_demo_rma(bench)
    bench.switch_to(1)
    bench.scan("HP-BT200")
    page = window.inspect_page
    assert page.form is not None
    for check in page.form.checklist.checks:
        bench.answer(check.answers[0].key)
    bench.press(Qt.Key.Key_Return)
    decided = page.decided
    assert decided is not None and decided.decision.disposition is Disposition.RESTOCK
    item_id = decided.item.item_id
    bench.qtbot.waitUntil(lambda: len(_printed_templates(ui_station, item_id)) == 2, timeout=30000)
    assert _printed_templates(ui_station, item_id) == ["item_resale_2x1", "routing_4x6"]
    bench.qtbot.waitUntil(lambda: "item_resale_2x1" in bench.message, timeout=10000)
    assert bench.level() is Level.SUCCESS


def test_return_to_vendor_lists_are_made_on_a_worker_and_a_second_press_says_none_wait(
    bench: Bench, window: MainWindow, ui_station: Station
) -> None:
    csv = (
        "rma_number,order_number,customer,authorized_at,line_no,sku,description,category,quantity,"
        "unit_value,reason_code\n"
        "RMA-9001,SO-9001,Ada,2026-11-20,1,HP-X1,Headphones,electronics,1,59.00,contractual\n"
    )
    assert ui_station.imports.import_text(csv, source="rtv.csv").ok
    parcel = ui_station.receiving.scan_parcel(Scan("RMA-9001")).parcel
    assert parcel is not None
    ui_station.receiving.scan_item(parcel.parcel_id, Scan("HP-X1"))
    ui_station.receiving.finish_parcel(parcel.parcel_id)
    [item] = ui_station.inspection.pending()
    form = ui_station.inspection.form(item.item_id)
    answers = {c.id: c.answers[0].value for c in form.checklist.checks if c.answers}
    assert (
        ui_station.inspection.decide(item.item_id, answers).decision.disposition
        is Disposition.RETURN_TO_VENDOR
    )

    bench.switch_to(2)
    page = window.supervisor_page
    assert RTV_KEY in page.rtv_button.text()
    bench.click(page.rtv_button)
    bench.qtbot.waitUntil(lambda: page.busy == 0, timeout=30000)
    assert bench.level() is Level.SUCCESS and "RTV-000001 NORTHWIND (1)" in bench.message
    assert page.last_output == window.services.settings.report_dir / "RTV-000001_NORTHWIND.pdf"
    assert page.last_output.read_bytes().startswith(b"%PDF")

    bench.click(page.rtv_button)
    bench.qtbot.waitUntil(lambda: page.busy == 0, timeout=30000)
    assert bench.level() is Level.INFO and "No items are waiting" in bench.message
