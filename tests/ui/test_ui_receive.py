"""Receiving through the real window: scans typed into the scan field like a wedge scanner."""

from __future__ import annotations

from PySide6.QtCore import Qt

from returnstation.services.results import Level
from returnstation.ui.main_window import MainWindow
from returnstation.ui.theme import COMPLETE_ROW, LEVEL_STYLES

from .conftest import Bench, gtin

HEADPHONES_GTIN = gtin("406123400012")
TSHIRT_GTIN = gtin("406123400036")


def _lines(window: MainWindow) -> dict[str, tuple[int, int]]:
    return {ln.sku: (ln.expected, ln.received) for ln in window.receive_page.lines_model.rows()}


def test_parcel_scan_shows_the_rma_and_its_expected_lines(bench: Bench, window: MainWindow) -> None:
    bench.scan("RMA-100001")

    assert bench.level() is Level.SUCCESS
    assert "RMA-100001" in bench.message
    assert window.banner.word.endswith(LEVEL_STYLES[Level.SUCCESS].word)
    page = window.receive_page
    assert page.rma_label.text() == "RMA-100001"
    assert "SO-500101" in page.details_label.text() and "Alex Martin" in page.details_label.text()
    assert _lines(window) == {"HP-BT200": (1, 0), "CBL-USBC-1M": (2, 0)}
    assert page.finish_button.isEnabled()
    assert window.scan_field.text() == ""  # cleared for the next scan


def test_unknown_parcel_gets_a_warning_and_goes_to_the_hold_shelf(bench: Bench, window: MainWindow) -> None:
    bench.scan("RMA-999999")

    assert bench.level() is Level.WARNING
    assert "HOLD" in bench.message
    assert window.banner.word.endswith("CHECK")
    assert window.receive_page.parcel is None  # nothing opened
    assert window.receive_page.hold_count == 1
    assert window.sounds.last_played is Level.WARNING

    bench.switch_to(2)
    model = window.supervisor_page.hold_model
    bench.qtbot.waitUntil(lambda: [p.scanned_code for p in model.rows()] == ["RMA-999999"])


def test_items_by_gtin_and_sku_then_done_completes_the_receipt(bench: Bench, window: MainWindow) -> None:
    page = window.receive_page
    bench.scan("RMA-100001")

    bench.scan(HEADPHONES_GTIN)
    assert bench.level() is Level.SUCCESS, bench.message
    assert _lines(window)["HP-BT200"] == (1, 1)
    row = [ln.sku for ln in page.lines_model.rows()].index("HP-BT200")
    background = page.lines_model.data(page.lines_model.index(row, 0), Qt.ItemDataRole.BackgroundRole)
    assert background == COMPLETE_ROW

    bench.scan("CBL-USBC-1M")
    assert _lines(window)["CBL-USBC-1M"] == (2, 1)
    assert "Waiting for 1" in page.lines_model.data(page.lines_model.index(1, 5))
    bench.scan("cbl-usbc-1m")  # scanners in lower case still match
    assert _lines(window)["CBL-USBC-1M"] == (2, 2)
    assert "2 of 2" in bench.message or "(2 of 2)" in bench.message

    bench.scan(TSHIRT_GTIN)  # belongs to another customer's RMA
    assert bench.level() is Level.WARNING
    assert "not on RMA-100001" in bench.message
    assert "1 item(s) on HOLD" in page.progress_label.text()

    bench.scan("CMD:DONE")
    assert bench.level() is Level.SUCCESS, bench.message
    assert "3 item(s) go to inspection" in bench.message
    assert page.parcel is None
    assert page.status_badge.text().endswith("RECEIVED")
    assert not page.finish_button.isEnabled()
    assert len(window.services.inspection.pending()) == 3

    bench.scan("RMA-100002")  # ready for the next parcel straight away
    assert page.parcel is not None and page.parcel.rma_number == "RMA-100002"


def test_finish_button_saves_a_short_receipt_with_a_warning(bench: Bench, window: MainWindow) -> None:
    bench.scan("RMA-100002")
    bench.scan("TSH-BLU-M")

    bench.click(window.receive_page.finish_button)

    assert bench.level() is Level.WARNING
    assert "MISSING" in bench.message and "JNS-32-34" in bench.message
    assert window.receive_page.parcel is None
    assert [p.sku for p in window.services.inspection.pending()] == ["TSH-BLU-M"]


def test_garbage_input_shows_a_red_stop_banner(bench: Bench, window: MainWindow) -> None:
    bench.scan("!!")
    assert bench.level() is Level.ERROR
    assert window.banner.word.endswith("STOP")
    assert window.sounds.last_played is Level.ERROR

    bench.scan("RMA-100001")
    bench.scan(HEADPHONES_GTIN[:-1] + str((int(HEADPHONES_GTIN[-1]) + 1) % 10))  # wrong check digit
    assert bench.level() is Level.ERROR
    assert "check digit" in bench.message.lower()
    assert _lines(window)["HP-BT200"] == (1, 0)  # nothing counted


def test_scan_field_gets_the_focus_back_after_clicks_and_tab_changes(
    bench: Bench, window: MainWindow
) -> None:
    bench.scan("RMA-100001")
    bench.click(window.receive_page.finish_button)
    bench.qtbot.waitUntil(window.scan_field.hasFocus, timeout=2000)

    window.tabs.setCurrentIndex(2)
    window.supervisor_page.from_edit.setFocus()  # a date field may keep the keyboard...
    assert window.supervisor_page.from_edit.hasFocus()
    bench.click(window.supervisor_page.pdf_button)
    bench.qtbot.waitUntil(window.scan_field.hasFocus, timeout=2000)  # ...until an action is taken
    bench.qtbot.waitUntil(lambda: window.supervisor_page.busy == 0, timeout=20000)

    window.tabs.setCurrentIndex(0)
    assert window.scan_field.hasFocus()


def test_status_bar_names_station_user_database_and_printer(window: MainWindow) -> None:
    from PySide6.QtWidgets import QLabel

    texts = " | ".join(label.text() for label in window.statusBar().findChildren(QLabel))
    settings = window.services.settings
    assert "Station: bench-7" in texts
    assert "User: ana" in texts
    assert "Database: SQLite" in texts  # a name that fits; the full place in the tooltip
    assert window.database_label.toolTip() == str(settings.data_dir / "station.db")
    assert "Printer: pdf-folder" in texts


def test_the_status_bar_names_a_shared_database_by_its_server_never_its_password() -> None:
    from returnstation.ui.main_window import database_label, short_database_label

    url = "postgresql+psycopg://returns:s3cret@db.warehouse.lan:5433/returns"
    assert short_database_label(url) == "postgresql db.warehouse.lan"
    assert database_label(url) == "postgresql db.warehouse.lan:5433/returns"
    assert "s3cret" not in short_database_label(url) + database_label(url)
    assert short_database_label("sqlite:////srv/rs/returnstation.db") == "SQLite"


def test_an_item_scanned_first_lists_its_rma_and_a_number_key_opens_it(
    bench: Bench, window: MainWindow
) -> None:
    page = window.receive_page
    bench.scan("SPK-7731")  # the demo speaker's serial, no RMA label in the box
    assert bench.level() is Level.INFO and "RMA-100009" in bench.message
    assert page.candidates_label.isVisible() and page.candidates_label.text().startswith("1   RMA-100009")
    assert "Noor Haddad" in page.candidates_label.text() and "(serial)" in page.candidates_label.text()
    assert page.parcel is None and page.wants_digit_hotkeys()
    assert "press the number" in page.next_label.text()

    bench.answer("1")
    assert bench.level() is Level.SUCCESS, bench.message
    assert page.parcel is not None and page.rma_label.text() == "RMA-100009"
    assert _lines(window) == {"SPK-MINI": (1, 1)}  # the unit scanned first is already counted
    assert not page.candidates_label.isVisible() and not page.wants_digit_hotkeys()


def test_the_late_second_box_opens_parcel_2_for_the_missing_units(bench: Bench, window: MainWindow) -> None:
    page = window.receive_page
    bench.scan("RMA-100008")
    bench.scan("SCK-WOOL-L")
    bench.scan("SCK-WOOL-L")
    bench.scan("CMD:DONE")
    assert bench.level() is Level.WARNING and "MISSING: 1 x SCK-WOOL-L" in bench.message

    bench.scan("RMA-100008")  # the rest arrives days later: not "scanned twice"
    assert bench.level() is Level.SUCCESS, bench.message
    assert bench.message == "Parcel 2 of RMA-100008: 1 item(s) still missing. Scan each item."
    assert page.rma_label.text() == "Parcel 2 of RMA-100008"
    assert _lines(window) == {"SCK-WOOL-L": (3, 2)}
    bench.scan("SCK-WOOL-L")
    assert _lines(window) == {"SCK-WOOL-L": (3, 3)} and "(3 of 3)" in bench.message
    bench.scan("CMD:DONE")
    assert bench.level() is Level.SUCCESS and page.parcel is None

    bench.scan("RMA-100008")  # now it is complete: a third scan is a parcel scanned twice
    assert bench.level() is Level.ERROR and "scanned twice" in bench.message


def test_enter_adds_the_same_customers_second_rma_to_the_box(bench: Bench, window: MainWindow) -> None:
    page = window.receive_page
    bench.scan("RMA-100001")
    bench.scan("PHN-CASE-S")
    assert bench.level() is Level.WARNING and "This box also holds RMA-100007?" in bench.message
    assert "press Enter to add RMA-100007" in page.next_label.text()
    bench.qtbot.wait(300)  # a person's Enter, not the scanner's own right after the scan
    bench.press(Qt.Key.Key_Return)  # Enter in the empty scan field answers yes
    assert bench.level() is Level.SUCCESS, bench.message
    assert page.rma_label.text() == "RMA-100001 + RMA-100007"
    rmas = {(ln.rma_number, ln.sku): ln.received for ln in page.lines_model.rows()}
    assert rmas[("RMA-100007", "PHN-CASE-S")] == 1


def test_an_expired_or_unknown_rma_never_shows_the_previous_receipt_as_received(
    bench: Bench, window: MainWindow
) -> None:
    page = window.receive_page
    bench.scan("RMA-100002")
    bench.scan("TSH-BLU-M")
    bench.scan("JNS-32-34")
    bench.scan("CMD:DONE")
    assert page.rma_label.text() == "RMA-100002" and page.status_badge.text().endswith("RECEIVED")

    for code in ("RMA-100006", "RMA-999999"):  # expired, unknown: both go to the hold shelf
        bench.scan(code)
        assert bench.level() is not Level.SUCCESS and "HOLD" in bench.message, bench.message
        assert page.parcel is None
        assert page.rma_label.text() == code  # the card is about this scan...
        assert page.status_badge.text().endswith("ON HOLD")  # ...and says where it went
        assert "RMA-100002" not in page.rma_label.text() + page.details_label.text()
        assert _lines(window) == {}
        assert page.next_label.text().startswith("Next: scan the parcel label")


def test_done_on_an_empty_box_asks_for_a_second_done(bench: Bench, window: MainWindow) -> None:
    page = window.receive_page
    bench.scan("RMA-100001")
    bench.scan("CMD:DONE")
    assert bench.level() is Level.WARNING and "DONE again" in bench.message
    assert page.parcel is not None and page.status_badge.text() == "OPEN"
    assert window.services.inspection.pending() == []

    bench.scan("CMD:DONE")
    assert page.parcel is None and "MISSING" in bench.message
    assert page.status_badge.text().endswith("RECEIVED")
