"""The guided inspection through the real window, from the keyboard and the scanner only.

Capture checks take a GS1 scan or typed values, a missing value needs Enter twice, the override needs a
supervisor's PIN (a wrong one first), an unfinished inspection survives closing the window, and a broken
rules file is refused while the station keeps its rules.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from returnstation.bootstrap import Station, open_station
from returnstation.disposition.rules import default_rules_path
from returnstation.services.demo import DEMO_SUPERVISOR_NAME, DEMO_SUPERVISOR_PIN
from returnstation.services.results import Level
from returnstation.services.users import REFUSED
from returnstation.store.models import EventRow, InspectionRow
from returnstation.store.models_inspection import InspectionDraftRow
from returnstation.store.uow import UnitOfWork
from returnstation.ui.app import station_services
from returnstation.ui.inspect_page import PAGE_FORM, PAGE_RESULT, InspectPage
from returnstation.ui.main_window import MainWindow
from returnstation.ui.sounds import SoundBoard

from .conftest import Bench, StepClock, gtin, station_settings
from .test_ui_inspect import receive_demo_rma

HUMAN_GAP_MS = 90  # slower than any scanner burst: a person at the keyboard
SETTLE_MS = 250  # past any scanner detector's idle timeout: a held-back key has been delivered


class Keyboard:
    """Keys go to whatever has the keyboard focus, as they would from a real keyboard."""

    def __init__(self, qtbot: QtBot, window: MainWindow) -> None:
        self.qtbot = qtbot
        self.window = window

    def focus(self) -> QWidget:
        """The focus widget; the scan field when the offscreen platform reports none (no active window):
        the station window keeps the focus there by design."""
        widget = QApplication.focusWidget()
        return widget if widget is not None else self.window.scan_field

    def key(self, key: Qt.Key, modifier: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier) -> None:
        self.qtbot.keyClick(self.focus(), key, modifier)  # type: ignore[no-untyped-call]
        self.qtbot.wait(SETTLE_MS)

    def type(self, text: str) -> None:
        """One key at a time with a person's pauses, so no scanner detection takes it for a scan."""
        for char in text:
            self.qtbot.keyClick(self.focus(), char)  # type: ignore[no-untyped-call]
            self.qtbot.wait(HUMAN_GAP_MS)


def receive_medicines(bench: Bench) -> None:
    """RMA-100005: two packs of vitamin C (pharma) and green tea (food)."""
    bench.scan("RMA-100005")
    for code in ("VIT-C-500", "VIT-C-500", "TEA-GRN-100"):
        bench.scan(code)
    bench.scan("CMD:DONE")
    assert bench.level() is Level.SUCCESS, bench.message
    bench.switch_to(1)


def recorded(station: Station, item_id: int) -> InspectionRow:
    with UnitOfWork(station.session_factory) as uow:
        row = uow.session.scalar(select(InspectionRow).where(InspectionRow.item_id == item_id))
        assert row is not None
        uow.session.expunge(row)
        return row


def test_pharma_item_guided_by_keys_and_one_gs1_scan(
    bench: Bench, window: MainWindow, ui_station: Station
) -> None:
    receive_medicines(bench)
    page = window.inspect_page
    bench.scan("VIT-C-500")
    form = page.form
    assert form is not None and [c.id for c in form.checklist.checks] == [
        "packaging",
        "tamper_seal",
        "lot",
        "expiry",
        "storage",
    ]
    bench.answer("1")
    bench.answer("1")
    assert page.current == 2 and not page.wants_digit_hotkeys()  # the lot: digits are text now
    # one DataMatrix on the pack: lot and expiry (day 00 = end of May) at once
    bench.scan(f"(01)0{gtin('406123400081')}(17)280500(10)L-4711")
    assert page.captured == {"lot": "L-4711", "expiry": "2028-05-31"}
    assert page.current == 4 and page.wants_digit_hotkeys()
    assert bench.level() is Level.SUCCESS and "L-4711" in bench.message
    bench.answer("1")

    preview = page.preview
    assert preview is not None and preview.decision.rule_id == "pharma-scrap"  # a patient return
    assert f"Rule {preview.decision.rule_id}" in page.why_label.text()
    # the rule that almost applied, in the rules' and reasons' own words (issue #14: no rule jargon)
    near = page.why_label.text()
    assert (
        "Almost: Sealed, in date, lot recorded, never left the supply chain: back to pharmacy stock" in near
    )
    assert "needs Return reason: “Wrong item shipped”" in near and "now “No longer wanted”" in near
    assert "no_longer_wanted" not in near and "pharma-restock" not in near
    bench.press(Qt.Key.Key_Return)

    decided = page.decided
    assert decided is not None and page.stack.currentIndex() == PAGE_RESULT
    row = recorded(ui_station, decided.item.item_id)
    assert row.captured == {"lot": "L-4711", "expiry": "2028-05-31"}
    assert row.facts is not None and row.facts["lot"] == "L-4711" and row.facts["expiry"] == "2028-05-31"
    assert "Almost: Sealed, in date, lot recorded" in page.result_panel.near_label.text()


def test_the_gs1_scan_that_picks_a_pharma_item_fills_its_lot_and_expiry_at_once(
    bench: Bench, window: MainWindow
) -> None:
    receive_medicines(bench)
    page = window.inspect_page
    bench.scan(f"(01)0{gtin('406123400081')}(17)280500(10)L-4711")  # the pack's DataMatrix, no item open
    assert page.form is not None and page.form.item.sku == "VIT-C-500", bench.message
    assert page.captured == {"lot": "L-4711", "expiry": "2028-05-31"}  # not a second scan
    assert page.current == 0 and "L-4711" in bench.message  # packaging still to answer
    bench.answer("1")
    bench.answer("1")
    assert page.current == 4  # past the lot and expiry the scan filled


@pytest.mark.slow
def test_typed_lot_refused_date_and_no_expiry_by_enter_twice(
    qtbot: QtBot, bench: Bench, window: MainWindow
) -> None:
    receive_medicines(bench)
    page = window.inspect_page
    keys = Keyboard(qtbot, window)
    window.scan_field.setFocus()
    bench.scan("VIT-C-500")
    bench.answer("1")
    bench.answer("1")
    keys.type("L-99")
    bench.press(Qt.Key.Key_Return)
    assert page.captured == {"lot": "L-99"} and page.current == 3

    keys.type("03/04/2028")  # day/month or month/day? never guessed
    bench.press(Qt.Key.Key_Return)
    assert bench.level() is Level.WARNING and "YYYY-MM-DD" in bench.message
    assert page.current == 3 and "expiry" not in page.captured

    bench.press(Qt.Key.Key_Return)  # an empty Enter only asks...
    assert "expiry" not in page.captured and "Enter again" in bench.message
    bench.press(Qt.Key.Key_Return)  # ...the second records "not on the item"
    assert page.captured == {"lot": "L-99", "expiry": None} and page.current == 4
    bench.answer("1")
    preview = page.preview
    assert preview is not None and page.current == 5
    assert preview.grade.grade == "D"  # no expiry: the checklist caps it
    assert preview.decision.rule_id == "pharma-expiry-unknown"

    bench.press(Qt.Key.Key_Backspace)  # back to the expiry, and type it after all
    bench.press(Qt.Key.Key_Backspace)
    assert page.current == 3
    keys.type("2028-06")
    bench.press(Qt.Key.Key_Return)
    assert page.captured["expiry"] == "2028-06-30"
    assert page.preview is not None and page.preview.decision.rule_id == "pharma-scrap"


def test_food_without_a_date_by_command_card(bench: Bench, window: MainWindow) -> None:
    receive_medicines(bench)
    page = window.inspect_page
    bench.scan("TEA-GRN-100")
    assert page.form is not None and page.form.checklist.category == "food"
    bench.answer("1")
    bench.scan("CMD:ANSWER:1")  # a digit card on a capture check: it wants a value, nothing changes
    assert "expiry" not in page.captured and "takes a value" in bench.message
    bench.scan("CMD:ANSWER:NONE")  # the card for "not on the item": one scan, no second Enter
    assert page.captured == {"expiry": None}
    bench.scan("CMD:ANSWER:1")
    preview = page.preview
    assert preview is not None and preview.decision.rule_id == "food-scrap" and preview.grade.grade == "D"


def open_override(bench: Bench, window: MainWindow) -> None:
    bench.qtbot.keyClick(window.scan_field, Qt.Key.Key_O, Qt.KeyboardModifier.AltModifier)  # type: ignore[no-untyped-call]
    dialog = window.inspect_page.override_dialog
    assert dialog is not None
    bench.qtbot.waitUntil(dialog.isVisible, timeout=2000)


@pytest.mark.slow
def test_override_from_the_keyboard_with_a_wrong_then_a_right_pin(
    qtbot: QtBot, bench: Bench, window: MainWindow, ui_station: Station
) -> None:
    receive_demo_rma(bench)
    bench.switch_to(1)
    page = window.inspect_page
    bench.scan("HP-BT200")
    assert page.form is not None
    for check in page.form.checklist.checks:
        bench.answer(check.answers[0].key)
    assert page.preview is not None and page.preview.decision.disposition.value == "restock"

    open_override(bench, window)
    dialog = page.override_dialog
    assert dialog is not None
    keys = Keyboard(qtbot, window)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is dialog.disposition_combo, timeout=2000)
    keys.key(Qt.Key.Key_Down)  # the first other disposition
    keys.key(Qt.Key.Key_Tab)
    keys.key(Qt.Key.Key_Down)  # the first reason
    keys.key(Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is dialog.badge_edit
    chosen = dialog.chosen_disposition()
    assert chosen is not None and chosen.value != "restock" and dialog.chosen_reason() is not None
    keys.type("SUP-0001")
    keys.key(Qt.Key.Key_Return)
    assert QApplication.focusWidget() is dialog.pin_edit
    assert dialog.pin_edit.echoMode() == dialog.pin_edit.EchoMode.Password

    keys.type("000000")
    keys.key(Qt.Key.Key_Return)
    bench.settle()  # the PIN is checked on the pool
    assert dialog.isVisible() and REFUSED in dialog.message_label.text()
    assert dialog.pin_edit.text() == "" and QApplication.focusWidget() is dialog.pin_edit
    assert bench.level() is Level.ERROR and page.decided is None

    keys.type(DEMO_SUPERVISOR_PIN)
    keys.key(Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=5000)
    decided = page.decided
    assert decided is not None and decided.override is not None
    assert decided.decision.disposition is chosen and page.stack.currentIndex() == PAGE_RESULT
    panel = page.result_panel
    assert panel.override_label.isVisible()
    assert (
        panel.override_label.text()
        == f"OVERRIDDEN by {DEMO_SUPERVISOR_NAME}: {decided.override.reason_label}"
    )
    assert panel.word_label.text() == chosen.label.upper()
    row = recorded(ui_station, decided.item.item_id)
    assert row.overridden and (row.rule_disposition, row.disposition) == ("restock", chosen.value)
    with UnitOfWork(ui_station.session_factory) as uow:
        refusals = uow.session.scalars(select(EventRow).where(EventRow.type == "approval_refused")).all()
    assert len(refusals) == 1
    qtbot.waitUntil(lambda: window.focusWidget() is window.scan_field, timeout=2000)  # back to scanning
    qtbot.waitUntil(lambda: page.last_job is not None, timeout=30000)


def test_override_needs_every_check_answered_first(bench: Bench, window: MainWindow) -> None:
    receive_demo_rma(bench)
    bench.switch_to(1)
    bench.scan("HP-BT200")
    bench.qtbot.keyClick(window.scan_field, Qt.Key.Key_O, Qt.KeyboardModifier.AltModifier)  # type: ignore[no-untyped-call]
    assert window.inspect_page.override_dialog is None
    assert "Answer every check first" in bench.message


@pytest.fixture
def second_station(tmp_path: Path, step_clock: StepClock) -> Iterator[Station]:
    """Another bench on the same database."""
    st = open_station(station_settings(tmp_path, RETURNSTATION_STATION="bench-9"), clock=step_clock)
    yield st
    st.close()


@pytest.mark.slow
def test_an_unfinished_inspection_resumes_in_a_new_window_at_another_bench(
    qtbot: QtBot, bench: Bench, window: MainWindow, second_station: Station, tmp_path: Path
) -> None:
    receive_demo_rma(bench)
    bench.switch_to(1)
    page = window.inspect_page
    bench.scan("HP-BT200")
    form = page.form
    assert form is not None
    checks = form.checklist.checks
    bench.answer(checks[0].answers[1].key)
    bench.answer(checks[1].answers[0].key)
    qtbot.waitUntil(page.drafts_idle, timeout=5000)
    item_id = form.item.item_id
    window.close()  # the PC goes off (the draft was saved on each answer, not on closing)

    again = MainWindow(
        station_services(second_station),
        sounds=SoundBoard(enabled=False),
        ui_settings=QSettings(str(tmp_path / "prefs-9.ini"), QSettings.Format.IniFormat),
    )
    qtbot.addWidget(again)
    again.show()
    qtbot.waitExposed(again)
    again.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is again, timeout=2000)
    other = Bench(qtbot, again)
    other.switch_to(1)
    resumed: InspectPage = again.inspect_page
    other.scan("HP-BT200")
    assert resumed.form is not None and resumed.form.item.item_id == item_id
    assert resumed.answers == {
        checks[0].id: checks[0].answers[1].value,
        checks[1].id: checks[1].answers[0].value,
    }
    assert resumed.current == 2 and resumed.stack.currentIndex() == PAGE_FORM
    assert resumed.resume_label.isVisible() and "Resumed from bench-7" in resumed.resume_label.text()
    assert "Resumed from bench-7" in other.message
    for check in checks[2:]:
        other.answer(check.answers[0].key)
    other.press(Qt.Key.Key_Return)
    assert resumed.decided is not None
    row = recorded(second_station, item_id)
    assert row.station == "bench-9" and row.answers[checks[0].id] == checks[0].answers[1].value
    with UnitOfWork(second_station.session_factory) as uow:  # the decision took the draft with it
        assert uow.session.scalars(select(InspectionDraftRow.id)).all() == []
    qtbot.waitUntil(lambda: resumed.last_job is not None, timeout=30000)
    again.close()


def test_a_broken_rules_file_is_refused_and_the_station_keeps_its_rules(
    bench: Bench, window: MainWindow, ui_station: Station, tmp_path: Path
) -> None:
    page = window.inspect_page
    rules_file = tmp_path / "site-rules.yaml"
    good = default_rules_path().read_text(encoding="utf-8")
    rules_file.write_text(good, encoding="utf-8")
    assert ui_station.inspection.reload_rules(rules_file).ok  # the site's own copy
    page._show_rules_in_use()
    version = ui_station.inspection.rules.version
    assert version in page.rules_label.text()

    rules_file.write_text(good.replace("disposition: restock", "disposition: restok", 1), encoding="utf-8")
    bench.click(page.reload_button)
    assert bench.level() is Level.ERROR and "NOT taken" in bench.message
    dialog = page.problems_dialog
    assert dialog is not None and dialog.isVisible()
    assert f"{rules_file}:" in dialog.text.toPlainText() and "restok" in dialog.text.toPlainText()
    assert ui_station.rules.version == version and version in page.rules_label.text()
    dialog.close()

    rules_file.write_text(good.replace("RESTOCK-A1", "RESTOCK-B2"), encoding="utf-8")
    bench.click(page.reload_button)
    assert bench.level() is Level.SUCCESS and "new version" in bench.message
    assert ui_station.rules.version != version
    assert ui_station.rules.version in page.rules_label.text()
