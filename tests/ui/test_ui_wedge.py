# mypy: disable-error-code="no-untyped-call"
"""The app-wide wedge filter in the real station window: scans land on the bench wherever the focus is.

Key presses are real QKeyEvents sent to the focus widget with explicit timestamps (synthetic events
otherwise carry 0), so scanner and human rhythms are exact whatever the machine's load. One test
goes through the platform path instead (QTest on the QWindow: shortcut override, then the window,
then the focus widget, then its parents), the route a real keyboard takes.
"""

from __future__ import annotations

import contextlib
import logging
import os
import threading
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QDate, QEvent, QSettings, Qt
from PySide6.QtGui import QKeyEvent, QStandardItem, QStandardItemModel
from PySide6.QtTest import QTest
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QLineEdit,
    QPlainTextEdit,
    QSpinBox,
    QTableView,
    QVBoxLayout,
    QWidget,
)
from pytestqt.qtbot import QtBot

from returnstation.bootstrap import Station, open_station
from returnstation.domain.enums import ScanSource
from returnstation.domain.scan import Scan
from returnstation.scan.normalize import GS
from returnstation.scan.serial_input import SerialState, SerialStatus
from returnstation.scan.wedge import ENTER, OTHER_KEY, WedgeConfig
from returnstation.services.results import Level
from returnstation.ui.app import station_services
from returnstation.ui.main_window import MainWindow
from returnstation.ui.serial_bridge import scanner_status_text
from returnstation.ui.sounds import SoundBoard
from returnstation.ui.wedge_filter import WedgeFilter, detector_key, load_wedge_config, take_snapshot

from .conftest import Bench, StepClock, station_settings

GROUP = "station/bench-7"
SCANNER_MS = 5
HUMAN_MS = 120

_SPECIAL = {ENTER: Qt.Key.Key_Return, "\t": Qt.Key.Key_Tab, GS: Qt.Key.Key_BracketRight}
_CTRL_KEYS = {GS: Qt.Key.Key_BracketRight, "\x02": Qt.Key.Key_B, "\x03": Qt.Key.Key_C}


class Keyboard:
    """Presses keys on whatever widget has the focus, stamped with the time a device would give."""

    def __init__(self, start_ms: int = 5_000_000) -> None:
        self.t = start_ms

    def press(self, ch: str, gap_ms: int, ctrl: bool = False) -> None:
        self.t += gap_ms
        target = QApplication.focusWidget()
        assert target is not None
        mods = Qt.KeyboardModifier.ControlModifier if ctrl else Qt.KeyboardModifier.NoModifier
        key = _CTRL_KEYS[ch] if ctrl else _SPECIAL.get(ch, _qt_key(ch))
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            event = QKeyEvent(kind, key, mods, ch)
            event.setTimestamp(self.t)
            QApplication.sendEvent(target, event)

    def type(self, text: str, gap_ms: int, first_gap_ms: int = 1000) -> None:
        for n, ch in enumerate(text):
            self.press(ch, first_gap_ms if n == 0 else gap_ms, ctrl=ch in (GS, "\x02", "\x03"))

    def scan(self, code: str, ending: str = ENTER) -> None:
        self.type(code + ending, SCANNER_MS)


def _qt_key(ch: str) -> Qt.Key:
    upper = ch.upper()
    if len(upper) == 1 and ("A" <= upper <= "Z" or "0" <= upper <= "9"):
        return Qt.Key(ord(upper))
    return Qt.Key.Key_unknown if not ch.isascii() else Qt.Key(ord(ch))


def _dialog_with(window: MainWindow, *widgets: QWidget) -> QDialog:
    """A non-modal dialog of the window (like the import-problems one) with an OK default button."""
    dialog = QDialog(window)
    layout = QVBoxLayout(dialog)
    for widget in widgets:
        layout.addWidget(widget)
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok)
    buttons.button(QDialogButtonBox.StandardButton.Ok).setDefault(True)
    buttons.accepted.connect(dialog.accept)
    layout.addWidget(buttons)
    dialog.show()
    return dialog


def _focus(qtbot: QtBot, widget: QWidget) -> None:
    widget.window().activateWindow()
    widget.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is widget, timeout=2000)


def _collect(signal: object) -> list[object]:
    got: list[object] = []
    signal.connect(got.append)  # type: ignore[attr-defined]
    return got


@pytest.fixture
def make_window(
    qtbot: QtBot, ui_station: Station, ui_settings: QSettings
) -> Iterator[Callable[..., MainWindow]]:
    """Windows built after the test has written its scanner settings; closed before the station."""
    made: list[MainWindow] = []

    def make(station: Station | None = None) -> MainWindow:
        services = station_services(station or ui_station)
        window = MainWindow(services, sounds=SoundBoard(enabled=False), ui_settings=ui_settings)
        qtbot.addWidget(window)
        window.show()
        qtbot.waitExposed(window)
        window.activateWindow()
        made.append(window)
        return window

    yield make
    for window in made:
        window.close()


# -- scans reach the bench wherever the focus is -----------------------------------------------------


def test_a_scan_while_a_dialog_date_edit_has_focus_reaches_receiving_and_spares_the_dialog(
    qtbot: QtBot, bench: Bench, window: MainWindow
) -> None:
    date_edit = QDateEdit(QDate(2026, 11, 2))
    date_edit.setDisplayFormat("yyyy-MM-dd")
    dialog = _dialog_with(window, date_edit)
    qtbot.addWidget(dialog)
    _focus(qtbot, date_edit)

    Keyboard().scan("RMA-100001")

    qtbot.waitUntil(lambda: window.receive_page.rma_label.text() == "RMA-100001", timeout=5000)
    assert bench.level() is Level.SUCCESS
    assert date_edit.text() == "2026-11-02" and date_edit.date() == QDate(2026, 11, 2)
    assert dialog.isVisible() and dialog.result() == 0  # the scanner's Enter did not press OK


def test_the_first_keys_a_scan_typed_into_a_field_are_taken_back(qtbot: QtBot, window: MainWindow) -> None:
    note = QLineEdit("Box dented")
    dialog = _dialog_with(window, note)
    qtbot.addWidget(dialog)
    _focus(qtbot, note)
    seen: list[str] = []
    note.textEdited.connect(seen.append)

    Keyboard().scan("RMA-100001")

    assert seen == ["Box dentedR", "Box dentedRM", "Box dentedRMA"]  # the first keys did arrive...
    assert note.text() == "Box dented"  # ...and were withdrawn once the burst proved to be a scan
    qtbot.waitUntil(lambda: window.receive_page.rma_label.text() == "RMA-100001", timeout=5000)


def test_a_scan_while_the_supervisor_date_edit_has_focus_goes_to_the_page_not_the_date(
    qtbot: QtBot, bench: Bench, window: MainWindow
) -> None:
    bench.switch_to(2)
    edit = window.supervisor_page.from_edit
    before = edit.text()
    _focus(qtbot, edit)
    changes = _collect(edit.dateChanged)

    Keyboard().scan("4006381333931")

    assert edit.text() == before
    assert changes == []  # no report period flickered through a scanned number
    assert bench.level() is Level.INFO
    assert "not used on this tab" in bench.message  # the supervisor page answered the scan


def test_a_scan_without_terminator_is_taken_after_the_idle_time(
    qtbot: QtBot, bench: Bench, window: MainWindow
) -> None:
    Keyboard().scan("RMA-100001", ending="")
    assert window.receive_page.rma_label.text() != "RMA-100001"  # not yet: more keys could follow
    qtbot.waitUntil(lambda: window.receive_page.rma_label.text() == "RMA-100001", timeout=2000)
    assert window.scan_field.text() == ""


def test_gs_reaches_the_scan_although_a_line_edit_drops_it(qtbot: QtBot, window: MainWindow) -> None:
    assert window.wedge_filter is not None
    with qtbot.waitSignal(window.wedge_filter.scanned, timeout=1000) as got:
        Keyboard().scan(f"]C10104012345678901{GS}10LOT7")
    scan = got.args[0]
    assert isinstance(scan, Scan)
    assert (scan.text, scan.symbology, scan.source) == (
        f"0104012345678901{GS}10LOT7",
        "]C1",
        ScanSource.KEYBOARD,
    )
    assert window.scan_field.text() == ""

    # What the filter saves the scan from: the scan field itself loses the GS.
    window.scan_field.setFocus()
    window.wedge_filter.remove()
    Keyboard().type(f"AB{GS}CD", HUMAN_MS)
    assert window.scan_field.text() == "ABCD"


def test_through_the_platform_path_each_key_counts_once(
    qtbot: QtBot, window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    """QTest on the QWindow: the window, the focus widget and (for the ignored Enter) its parents all
    see each key, with real timestamps; the detector must be fed exactly once per key."""
    assert window.wedge_filter is not None
    fed: list[str] = []
    detector = window.wedge_filter.detector
    original = detector.feed

    def counting_feed(key: str, t_ms: float) -> object:
        fed.append(key)
        return original(key, t_ms)

    monkeypatch.setattr(detector, "feed", counting_feed)
    handle = window.windowHandle()
    _focus(qtbot, window.scan_field)
    for ch in "RMA-100001":
        QTest.keyClick(handle, ord(ch))  # the `char` overload: key and text as a keyboard gives them
    QTest.keyClick(handle, Qt.Key.Key_Return)

    # Only the count is asserted: these timestamps come from the real clock, so on a starved CPU the
    # burst may split. Scan recognition is checked with exact timestamps in the tests above.
    assert fed == [*"RMA-100001", ENTER]


def test_synthetic_keys_sent_back_to_back_stay_one_burst_even_on_a_starved_cpu(qtbot: QtBot) -> None:
    """Events without timestamp (QTest, in-process automation) use the fallback clock; keys sent with
    no event-loop turn between them are simultaneous, so a clock that jumps 100 ms per key (a starved
    CPU) does not split them. Keys with event-loop turns between them are timed by that clock."""
    ticks = iter(range(0, 10_000_000, 100))
    wedge = WedgeFilter(WedgeConfig(), clock=lambda: float(next(ticks)))
    wedge.install()
    try:
        edit = QLineEdit()
        qtbot.addWidget(edit)
        edit.show()
        _focus(qtbot, edit)
        scans = _collect(wedge.scanned)

        QTest.keyClicks(edit, "RMA-100001")
        QTest.keyClick(edit, Qt.Key.Key_Return)
        assert [s.text for s in scans] == ["RMA-100001"]  # type: ignore[attr-defined]
        assert edit.text() == ""

        for ch in "note":  # the event loop runs between these: 100 ms apart on this clock
            QTest.keyClick(edit, ord(ch))
            qtbot.wait(1)
        QTest.keyClick(edit, Qt.Key.Key_Return)
        assert len(scans) == 1
        assert edit.text() == "note"
    finally:
        wedge.remove()


# -- people typing are left alone --------------------------------------------------------------------


def test_human_typing_in_a_dialog_field_stays_there(qtbot: QtBot, window: MainWindow) -> None:
    edit = QLineEdit()
    dialog = _dialog_with(window, edit)
    qtbot.addWidget(dialog)
    _focus(qtbot, edit)
    assert window.wedge_filter is not None
    scans = _collect(window.wedge_filter.scanned)

    Keyboard().type("Box 12 dented", HUMAN_MS)
    qtbot.wait(300)  # longer than the idle timeout

    assert edit.text() == "Box 12 dented"
    assert scans == []


def test_typing_a_code_by_hand_in_the_scan_field_is_handled_once(
    qtbot: QtBot, bench: Bench, window: MainWindow
) -> None:
    assert window.wedge_filter is not None
    filtered = _collect(window.wedge_filter.scanned)
    typed = _collect(window.scan_field.scanned)
    _focus(qtbot, window.scan_field)

    Keyboard().type("RMA-100001\r", HUMAN_MS)

    assert filtered == [] and typed == ["RMA-100001"]
    qtbot.waitUntil(lambda: window.receive_page.rma_label.text() == "RMA-100001", timeout=5000)


def test_a_fast_run_that_is_not_a_scan_is_given_back_to_the_field_in_order(
    qtbot: QtBot, make_window: Callable[..., MainWindow], ui_settings: QSettings
) -> None:
    ui_settings.setValue(f"{GROUP}/scanner/accept_without_terminator", "false")
    window = make_window()
    edit = QLineEdit("x")
    edit.setCursorPosition(1)
    dialog = _dialog_with(window, edit)
    qtbot.addWidget(dialog)
    _focus(qtbot, edit)

    keyboard = Keyboard()
    keyboard.type("abcdef", 10)  # rolled-over typing at scanner pace, no Enter
    assert edit.text() == "xabc"  # the first keys arrive at once, the rest wait...
    qtbot.waitUntil(lambda: edit.text() == "xabcdef", timeout=2000)  # ...and come back in order
    keyboard.type("g", HUMAN_MS, first_gap_ms=HUMAN_MS)
    assert edit.text() == "xabcdefg"


# -- warnings and framing ----------------------------------------------------------------------------


def test_an_azerty_scrambled_scan_warns_instead_of_being_used(bench: Bench, window: MainWindow) -> None:
    Keyboard().scan("'àç&é\"'ààà&éà")  # "4061234000120" typed by a US-layout scanner on a French PC

    assert bench.level() is Level.ERROR
    assert "keyboard layout does not match" in bench.message
    assert "French (AZERTY)" in bench.message and "serial mode" in bench.message
    assert window.receive_page.parcel is None
    assert window.scan_field.text() == ""


def test_a_stx_etx_framed_scanner_is_recognised_even_when_slow(
    qtbot: QtBot, make_window: Callable[..., MainWindow], ui_settings: QSettings
) -> None:
    ui_settings.setValue(f"{GROUP}/scanner/prefix", "STX")
    ui_settings.setValue(f"{GROUP}/scanner/suffix", "ETX")
    window = make_window()
    edit = QLineEdit()
    dialog = _dialog_with(window, edit)
    qtbot.addWidget(dialog)
    _focus(qtbot, edit)

    Keyboard().type("\x02RMA-100001\x03", 90)  # a slow Bluetooth link: far too slow for timing alone

    qtbot.waitUntil(lambda: window.receive_page.rma_label.text() == "RMA-100001", timeout=5000)
    assert edit.text() == ""


def test_no_filter_when_the_station_switches_the_wedge_off(
    qtbot: QtBot, make_window: Callable[..., MainWindow], ui_settings: QSettings
) -> None:
    ui_settings.setValue(f"{GROUP}/scanner/wedge", "false")
    window = make_window()
    assert window.wedge_filter is None
    _focus(qtbot, window.scan_field)
    Keyboard().scan("RMA-100001")  # the scan field's own Enter still works
    qtbot.waitUntil(lambda: window.receive_page.rma_label.text() == "RMA-100001", timeout=5000)


def test_wedge_settings_are_read_per_station(
    ui_settings: QSettings, caplog: pytest.LogCaptureFixture
) -> None:
    assert load_wedge_config(ui_settings, GROUP) == WedgeConfig()
    for key, value in {
        "max_gap_ms": "25",
        "min_length": "6",
        "terminators": "enter,lf",
        "prefix": "\\x02",
        "suffix": "ETX",
        "gs_substitute": "~",
    }.items():
        ui_settings.setValue(f"{GROUP}/scanner/{key}", value)
    config = load_wedge_config(ui_settings, GROUP)
    assert config is not None
    assert (config.max_gap_ms, config.min_length, config.terminators) == (25.0, 6, ("\r", "\n"))
    assert (config.prefix, config.suffix) == ("\x02", "\x03")
    assert "~" in config.gs_substitutes

    ui_settings.setValue(f"{GROUP}/scanner/max_gap_ms", "500")  # out of range: its default, and a log line
    ui_settings.setValue(f"{GROUP}/scanner/min_lenght", "8")  # a typo: ignored, with a suggestion
    with caplog.at_level(logging.WARNING):
        config = load_wedge_config(ui_settings, GROUP)
    assert config is not None and (config.max_gap_ms, config.min_length) == (40.0, 6)
    assert "max_gap_ms: '500' is not a number from 20 to 150" in caplog.text
    assert "unknown scanner setting `min_lenght`" in caplog.text
    assert "did you mean `min_length`?" in caplog.text

    caplog.clear()
    ui_settings.setValue(f"{GROUP}/scanner/idle_timeout_ms", "30")  # each value fine, together not: defaults
    with caplog.at_level(logging.WARNING):
        assert load_wedge_config(ui_settings, GROUP) == WedgeConfig()
    assert "idle_timeout_ms must not be shorter than max_gap_ms" in caplog.text


def _table() -> QTableView:
    model = QStandardItemModel(3, 2)
    for row, name in enumerate(("alpha", "bravo", "charlie")):
        model.setItem(row, 0, QStandardItem(name))
    view = QTableView()
    view.setModel(model)
    view.setCurrentIndex(model.index(1, 0))
    return view


def _combo() -> QComboBox:
    combo = QComboBox()
    combo.addItems(["apparel", "batteries", "electronics"])
    combo.setCurrentIndex(2)
    return combo


@pytest.mark.parametrize(
    ("make", "read", "keys"),
    [
        (lambda: QLineEdit("note"), lambda w: (w.text(), w.cursorPosition()), "7b2"),
        (lambda: QSpinBox(), lambda w: (w.value(), w.text()), "72"),
        (lambda: QDateEdit(QDate(2026, 11, 2)), lambda w: (w.date(), w.text()), "19"),
        (lambda: QPlainTextEdit("line one"), lambda w: (w.toPlainText(), w.textCursor().position()), "7b2"),
        (_combo, lambda w: w.currentIndex(), "b"),  # keyboard search picks "batteries"
        (_table, lambda w: (w.currentIndex().row(), w.currentIndex().column()), "\x1f"),  # an arrow key
    ],
    ids=["line-edit", "spin-box", "date-edit", "plain-text", "combo", "table"],
)
def test_keys_typed_into_any_kind_of_field_are_taken_back(
    qtbot: QtBot, make: Callable[[], QWidget], read: Callable[[QWidget], object], keys: str
) -> None:
    widget = make()
    qtbot.addWidget(widget)
    widget.show()
    _focus(qtbot, widget)
    before = read(widget)
    restore = take_snapshot(widget)
    assert restore is not None

    for ch in keys:
        QTest.keyClick(widget, Qt.Key.Key_Down if ch == "\x1f" else ord(ch))
    assert read(widget) != before  # the keys did change the field...
    restore()
    assert read(widget) == before  # ...and the snapshot put it back


M = Qt.KeyboardModifier


@pytest.mark.parametrize(
    ("key", "mods", "text", "framing", "expected"),
    [
        (Qt.Key.Key_A, M.NoModifier, "a", "", "a"),
        (Qt.Key.Key_A, M.ShiftModifier, "A", "", "A"),
        (Qt.Key.Key_Shift, M.ShiftModifier, "", "", None),  # the scanner's Shift for capitals
        (Qt.Key.Key_Return, M.NoModifier, "\r", "", ENTER),
        (Qt.Key.Key_Enter, M.KeypadModifier, "\r", "", ENTER),
        (Qt.Key.Key_Tab, M.NoModifier, "\t", "", "\t"),
        (Qt.Key.Key_J, M.ControlModifier, "\n", "", "\n"),  # the LF of CR LF
        (Qt.Key.Key_BracketRight, M.ControlModifier, "\x1d", "", GS),
        (Qt.Key.Key_BracketRight, M.ControlModifier, "", "", GS),  # platforms that give no text
        (Qt.Key.Key_unknown, M.NoModifier, "\x1d", "", GS),
        (Qt.Key.Key_C, M.ControlModifier, "\x03", "", OTHER_KEY),  # copy, not data...
        (Qt.Key.Key_C, M.ControlModifier, "\x03", "\x02\x03", "\x03"),  # ...unless it is the suffix
        (Qt.Key.Key_F, M.AltModifier, "f", "", OTHER_KEY),  # a menu accelerator
        (Qt.Key.Key_At, M.ControlModifier | M.AltModifier, "@", "", "@"),  # AltGr on Windows
        (Qt.Key.Key_2, M.AltModifier | M.KeypadModifier, "", "", None),  # a digit of Alt+0029
        (Qt.Key.Key_F1, M.NoModifier, "", "", OTHER_KEY),
        (Qt.Key.Key_Backspace, M.NoModifier, "\x08", "", OTHER_KEY),
        (Qt.Key.Key_Eacute, M.NoModifier, "é", "", "é"),
    ],
)
def test_key_events_become_detector_keys(
    key: Qt.Key, mods: Qt.KeyboardModifier, text: str, framing: str, expected: str | None
) -> None:
    event = QKeyEvent(QEvent.Type.KeyPress, key, mods, text)
    assert detector_key(event, framing) == expected


def test_auto_repeat_is_never_data() -> None:
    event = QKeyEvent(QEvent.Type.KeyPress, Qt.Key.Key_A, M.NoModifier, "a", True)
    assert detector_key(event) == OTHER_KEY


# -- serial scanner in the window --------------------------------------------------------------------


@pytest.fixture
def pty_device() -> Iterator[tuple[int, str]]:
    master, slave = os.openpty()
    yield master, os.ttyname(slave)
    for fd in (master, slave):
        with contextlib.suppress(OSError):  # the test may have unplugged it already
            os.close(fd)


@pytest.mark.skipif(os.name != "posix", reason="needs a POSIX pseudo-terminal")
def test_a_serial_scanner_feeds_the_bench_and_its_state_shows_in_the_status_bar(
    qtbot: QtBot,
    tmp_path: Path,
    step_clock: StepClock,
    make_window: Callable[..., MainWindow],
    pty_device: tuple[int, str],
) -> None:
    master, port = pty_device
    station = open_station(
        station_settings(tmp_path / "serial", RETURNSTATION_SERIAL_PORT=port), clock=step_clock
    )
    try:
        window = make_window(station)
        assert window.serial is not None
        threads: list[bool] = []
        window.serial.scanned.connect(
            lambda _scan: threads.append(threading.current_thread() is threading.main_thread())
        )
        qtbot.waitUntil(
            lambda: window.scanner_label.text() == f"Scanner: serial {port} (connected)", timeout=5000
        )

        os.write(master, b"RMA-100001\r")
        qtbot.waitUntil(lambda: window.receive_page.rma_label.text() == "RMA-100001", timeout=5000)
        assert threads == [True]  # re-emitted on the GUI thread

        os.close(master)  # unplugged
        qtbot.waitUntil(lambda: window.scanner_label.text().endswith("(retrying)"), timeout=5000)
        assert window.banner.level is Level.WARNING
        assert window.banner.message.startswith(f"Scanner on {port} disconnected, retrying")
        window.close()
        assert not window.serial.reader.running  # closing the window stops the reader
    finally:
        station.close()


def test_status_words_for_each_scanner_kind() -> None:
    assert scanner_status_text(None) == "Scanner: keyboard"
    state = SerialState(SerialStatus.CONNECTED, "/dev/ttyACM0")
    assert scanner_status_text(state) == "Scanner: serial /dev/ttyACM0 (connected)"
    lost = SerialState(SerialStatus.RETRYING, "/dev/ttyACM0", "read failed")
    assert scanner_status_text(lost) == "Scanner: serial /dev/ttyACM0 (retrying)"
    assert lost.message == "Scanner on /dev/ttyACM0 disconnected, retrying (read failed)"


def test_the_window_shows_keyboard_when_no_serial_port_is_set(window: MainWindow) -> None:
    assert window.serial is None
    assert window.scanner_label.text() == "Scanner: keyboard"
