"""Supervisor tab: the hold shelf and the quarantine queue worked from the keyboard only (no mouse)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from sqlalchemy import select

from returnstation.bootstrap import Station
from returnstation.services.results import Level
from returnstation.store.models import InspectionRow, ParcelRow
from returnstation.store.uow import UnitOfWork
from returnstation.ui.main_window import MainWindow

from .conftest import Bench
from .test_ui_inspect import receive_demo_rma


def alt(bench: Bench, key: Qt.Key) -> None:
    bench.qtbot.keyClick(bench.window.scan_field, key, Qt.KeyboardModifier.AltModifier)  # type: ignore[no-untyped-call]


def test_a_hold_is_resolved_from_the_keyboard(bench: Bench, window: MainWindow, ui_station: Station) -> None:
    bench.scan("RMA-999999")  # no RMA: the hold shelf
    assert bench.level() is Level.WARNING and window.receive_page.hold_count == 1
    bench.switch_to(2)
    page = window.supervisor_page
    desk = page.hold_desk
    alt(bench, Qt.Key.Key_H)
    assert page.sections.currentWidget() is desk
    bench.qtbot.waitUntil(lambda: desk.busy == 0 and len(desk.model.rows()) == 1, timeout=20000)
    assert "1 waiting" in desk.title_label.text()

    bench.press(Qt.Key.Key_Return)  # Enter: the oldest hold
    assert desk.selected is not None and "Hold #1: RMA-999999" in bench.message
    bench.answer("5")  # recycle
    assert "Recycle: type the reason" in bench.message
    bench.scan("empty box, tape torn")
    assert "Press Enter to do it" in bench.message
    bench.qtbot.wait(300)  # a person's Enter, not the tail of the scan before it
    bench.press(Qt.Key.Key_Return)
    bench.qtbot.waitUntil(lambda: desk.busy == 0 and desk.model.rows() == [], timeout=20000)
    assert bench.level() is Level.SUCCESS and "Hold #1 recycled." in bench.message
    with UnitOfWork(ui_station.session_factory) as uow:
        assert uow.session.scalar(select(ParcelRow.status)) == "disposed"


def test_a_quarantined_item_gets_its_final_disposition_from_the_keyboard(
    bench: Bench, window: MainWindow, ui_station: Station
) -> None:
    receive_demo_rma(bench)
    bench.switch_to(1)
    bench.scan("HP-BT200")
    form = window.inspect_page.form
    assert form is not None
    for check in form.checklist.checks:
        wanted = "mismatch" if check.id == "serial_match" else check.answers[0].value
        bench.answer(str(next(a.key for a in check.answers if a.value == wanted)))
    bench.press(Qt.Key.Key_Return)
    bench.qtbot.waitUntil(lambda: window.inspect_page.last_job is not None, timeout=30000)

    bench.switch_to(2)
    desk = window.supervisor_page.quarantine_desk
    alt(bench, Qt.Key.Key_Q)
    bench.qtbot.waitUntil(lambda: desk.busy == 0 and len(desk.model.rows()) == 1, timeout=20000)
    [row] = desk.model.rows()
    bench.scan(row.item_code)  # the item's label picks it
    assert "serial-mismatch" in bench.message
    bench.answer("1")  # restock
    bench.scan("serial misprinted by the vendor")
    bench.qtbot.wait(300)
    bench.press(Qt.Key.Key_Return)
    bench.qtbot.waitUntil(lambda: desk.busy == 0 and desk.model.rows() == [], timeout=20000)
    assert bench.level() is Level.SUCCESS and "Restock, take it to RESTOCK-A1" in bench.message
    with UnitOfWork(ui_station.session_factory) as uow:
        row_now = uow.session.scalar(select(InspectionRow).where(InspectionRow.item_id == row.item_id))
        assert row_now is not None and (row_now.disposition, row_now.rule_disposition) == (
            "restock",
            "quarantine",
        )


def test_a_clerk_flags_a_concern_and_a_supervisor_confirms_it(bench: Bench, window: MainWindow) -> None:
    bench.scan("RMA-100001")
    page = window.receive_page
    bench.qtbot.waitUntil(lambda: page.customer_history.history is not None, timeout=20000)
    assert "return(s) in 12 months" in page.customer_history.text()

    alt(bench, Qt.Key.Key_C)
    dialog = page.concern_flag.dialog
    assert dialog is not None and dialog.isVisible()
    bench.qtbot.keyClick(dialog, "1")  # type: ignore[no-untyped-call]  # the first reason: empty box
    bench.qtbot.keyClicks(dialog.note, "box weighs nothing")  # type: ignore[no-untyped-call]
    bench.qtbot.keyClick(dialog.note, Qt.Key.Key_Return)  # type: ignore[no-untyped-call]
    bench.qtbot.waitUntil(lambda: "Concern #1 raised" in bench.message, timeout=20000)
    assert not dialog.isVisible()
    window.activateWindow()  # offscreen Qt does not hand activation back when a dialog closes
    bench.qtbot.waitUntil(window.isActiveWindow, timeout=5000)

    bench.switch_to(2)
    desk = window.supervisor_page.concern_desk
    alt(bench, Qt.Key.Key_N)
    bench.qtbot.waitUntil(lambda: desk.busy == 0 and len(desk.model.rows()) == 1, timeout=20000)
    bench.press(Qt.Key.Key_Return)
    assert "Box arrived empty" in bench.message
    bench.answer("2")  # confirm
    bench.scan("weighed 40 g, nothing inside")
    bench.qtbot.wait(300)
    bench.press(Qt.Key.Key_Return)
    bench.qtbot.waitUntil(lambda: desk.busy == 0 and desk.model.rows() == [], timeout=20000)
    assert bench.level() is Level.SUCCESS and "Concern #1 confirmed: weighed 40 g" in bench.message
