"""The station window: one scan field that always has the focus, the answer under it, the pages below.

Every scan goes to the page on screen; every page answers through the same banner and speaker, so the
bench behaves the same whichever step it is at. The window itself decides nothing about returns.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QByteArray, QSettings, Qt, QThreadPool, QTimer
from PySide6.QtGui import QCloseEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMainWindow,
    QPlainTextEdit,
    QPushButton,
    QSizePolicy,
    QTabWidget,
    QTextEdit,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy.engine import make_url

from returnstation.domain.enums import ScanSource
from returnstation.domain.scan import Scan
from returnstation.scan.serial_input import SerialState, SerialStatus
from returnstation.services.errors import DatabaseUnavailable, check_database
from returnstation.services.results import Feedback, Level
from returnstation.services.station import Station
from returnstation.ui.camera_dock import TOGGLE_STYLE, CameraDock
from returnstation.ui.feedback_banner import FeedbackBanner
from returnstation.ui.inspect_page import InspectPage
from returnstation.ui.offline_scans import KeptScan, OfflineScans
from returnstation.ui.page import StationPage
from returnstation.ui.print_pump import PrintQueuePump
from returnstation.ui.receive_page import ReceivePage
from returnstation.ui.scan_field import ScanField
from returnstation.ui.serial_bridge import SerialBridge, scanner_status_text, serial_config
from returnstation.ui.sounds import SoundBoard
from returnstation.ui.supervisor_page import SupervisorPage
from returnstation.ui.theme import font
from returnstation.ui.wedge_filter import WedgeFilter, load_wedge_config

log = logging.getLogger(__name__)

ORGANIZATION = "ReturnStation"
APPLICATION = "ReturnStation"
DEFAULT_SIZE = (1280, 800)
# Widgets that need the keyboard themselves; everything else hands the focus back to the scan field.
_TYPING_WIDGETS = (QAbstractSpinBox, QComboBox, QPlainTextEdit, QTextEdit, QLineEdit)


def database_label(url: str) -> str:
    """Where the data lives, without the password: a file path for SQLite, host/database otherwise."""
    u = make_url(url)
    if u.get_backend_name() == "sqlite":
        return u.database or "(in memory)"
    host = f"{u.host}:{u.port}" if u.port else (u.host or "localhost")
    return f"{u.get_backend_name()} {host}/{u.database or ''}"


def printer_label(printer: str, label_dir: object) -> str:
    return f"{printer} → {label_dir}" if printer.endswith("-folder") else printer


class MainWindow(QMainWindow):
    def __init__(
        self,
        station: Station,
        sounds: SoundBoard | None = None,
        ui_settings: QSettings | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.station = station
        self.sounds = sounds if sounds is not None else SoundBoard(self)
        self.ui_settings = ui_settings if ui_settings is not None else QSettings(ORGANIZATION, APPLICATION)
        self._settings_group = f"station/{station.settings.station}"
        self.pool = QThreadPool(self)
        self.pool.setMaxThreadCount(2)
        self.setWindowTitle(f"ReturnStation — {station.settings.station}")

        self.scan_field = ScanField()
        self.scan_field.digit_hotkeys = lambda: self.current_page().wants_digit_hotkeys()
        self.scan_field.scanned.connect(self.on_scan)
        self.scan_field.hotkey.connect(self.on_hotkey)
        scan_caption = QLabel("SCAN")
        scan_caption.setFont(font(20, bold=True))
        self.banner = FeedbackBanner()

        self.receive_page = ReceivePage(station, self.pool)
        self.inspect_page = InspectPage(station, self.pool)
        self.supervisor_page = SupervisorPage(station, self.pool)
        self.pages: tuple[StationPage, ...] = (self.receive_page, self.inspect_page, self.supervisor_page)
        self.tabs = QTabWidget()
        self.tabs.tabBar().setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.tabs.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        for n, page in enumerate(self.pages, start=1):
            self.tabs.addTab(page, f"{page.title}   F{n}")
            page.feedback.connect(self.show_feedback)
            page.refocus.connect(self.refocus)
            shortcut = QShortcut(QKeySequence(f"F{n}"), self)
            shortcut.activated.connect(lambda i=n - 1: self.tabs.setCurrentIndex(i))
        self.tabs.currentChanged.connect(self._tab_changed)

        top = QHBoxLayout()
        top.setSpacing(12)
        top.addWidget(scan_caption)
        top.addWidget(self.scan_field, 1)
        self.camera_button = QPushButton("Camera   F6")
        top.addWidget(self.camera_button)
        central = QWidget()
        layout = QVBoxLayout(central)
        layout.setContentsMargins(12, 10, 12, 4)
        layout.setSpacing(8)
        layout.addLayout(top)
        layout.addWidget(self.banner)
        layout.addWidget(self.tabs, 1)
        self.setCentralWidget(central)
        self._build_status_bar()
        self._start_scanner_inputs()
        self._add_camera()
        self._start_print_queue()
        self._start_offline_scans()

        app = QApplication.instance()
        if isinstance(app, QApplication):
            app.focusChanged.connect(self._focus_changed)
        self._restore_ui_settings()
        self._tab_changed(self.tabs.currentIndex())

    def _build_status_bar(self) -> None:
        s = self.station.settings
        bar = self.statusBar()
        bar.setSizeGripEnabled(False)
        for text, stretch in (
            (f"Station: {s.station}", 0),
            (f"User: {s.user}", 0),
            (f"Database: {database_label(s.database_url)}", 1),
            (f"Printer: {printer_label(s.printer, s.label_dir)}", 1),
        ):
            label = QLabel(text)
            label.setToolTip(text)
            if stretch:  # long paths give way on a narrow screen instead of widening the window
                label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
            bar.addWidget(label, stretch)
            if text.startswith("Database: "):
                self.database_label = label
        self.scanner_label = QLabel(scanner_status_text(None))
        bar.addWidget(self.scanner_label)
        self.camera_label = QLabel("Camera: off")
        bar.addWidget(self.camera_label)
        self.labels_label = QLabel("Labels: OK")
        bar.addWidget(self.labels_label)

    def _start_print_queue(self) -> None:
        """Labels the first attempt could not print (printer offline, crash) go out in the background."""
        self.print_pump = PrintQueuePump(self.station, self.pool, self)
        self.print_pump.failed_count_changed.connect(self._failed_labels_changed)
        self.print_pump.start()

    def _start_offline_scans(self) -> None:
        """Scans that arrive while the database is away are kept and entered when it is back."""
        factory = self.station.session_factory
        self.offline_scans = OfflineScans(lambda: check_database(factory), self.pool, self)
        self.offline_scans.state_changed.connect(self._database_state_changed)
        self.offline_scans.back.connect(self._database_back)

    def _database_state_changed(self, offline: bool, waiting: int) -> None:
        name = database_label(self.station.settings.database_url)
        if offline:
            kept = f", {waiting} scan(s) kept" if waiting else ""
            self.database_label.setText(f"Database: NOT REACHABLE{kept}, retrying")
            self.database_label.setStyleSheet("color: #b00020; font-weight: bold;")
        else:
            self.database_label.setText(f"Database: {name}")
            self.database_label.setStyleSheet("")

    def _database_back(self, kept: object) -> None:
        """Enter the kept scans in the order they were taken, each on the tab it was aimed at."""
        assert isinstance(kept, list)
        entered = 0
        for n, item in enumerate(kept):
            assert isinstance(item, KeptScan)
            try:
                self.pages[item.page_index].handle_scan(item.scan)
            except DatabaseUnavailable:
                for rest in kept[n:]:
                    self.offline_scans.keep(rest.page_index, rest.scan)
                return
            except Exception as exc:
                log.exception("kept scan %r failed", item.scan.text[:80])
                self.show_feedback(Feedback(Level.ERROR, f"A kept scan failed: {exc}. Tell a supervisor."))
                continue
            entered += 1
        if entered:
            self.show_feedback(
                Feedback(Level.INFO, f"The database is back: {entered} kept scan(s) entered. Carry on.")
            )

    def _failed_labels_changed(self, failed: int) -> None:
        self.labels_label.setText(f"Labels: {failed} waiting for the printer" if failed else "Labels: OK")
        self.labels_label.setStyleSheet("color: #b00020; font-weight: bold;" if failed else "")

    def _start_scanner_inputs(self) -> None:
        """Scanner bursts typed into any widget (app-wide filter) and the optional serial scanner; both
        end in handle_scan like the scan field's Enter. Settings: README "Scanners"."""
        wedge = load_wedge_config(self.ui_settings, self._settings_group)
        self.wedge_filter = WedgeFilter(wedge, owner=self) if wedge is not None else None
        if self.wedge_filter is not None:
            self.wedge_filter.scanned.connect(self.handle_scan)
            self.wedge_filter.layout_mismatch.connect(lambda t: self.show_feedback(Feedback(Level.ERROR, t)))
            self.wedge_filter.install()
            self.scan_field.set_burst_ms(int(self.wedge_filter.config.max_gap_ms) + 20)
        config = serial_config(self.station.settings, self.ui_settings, self._settings_group)
        self.serial = SerialBridge(config, self) if config is not None else None
        self._serial_lost = False
        if self.serial is not None:
            self.serial.scanned.connect(self.handle_scan)
            self.serial.state_changed.connect(self._serial_state_changed)
            connecting = SerialState(SerialStatus.CONNECTING, self.serial.port)
            self.scanner_label.setText(scanner_status_text(connecting))
            self.serial.start()

    def _add_camera(self) -> None:
        """The camera panel (button or F6); it runs only while shown and its reads end in handle_scan.
        Device: settings.camera (README "Settings"); a camera fault only changes the status item."""
        self.camera_dock = CameraDock(self.station.settings.camera, self)
        self.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self.camera_dock)
        self.camera_dock.hide()
        self.camera_dock.scanned.connect(self.handle_scan)
        self.camera_dock.status_text.connect(self.camera_label.setText)
        self.camera_button.setCheckable(True)
        self.camera_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.camera_button.setToolTip("Show or hide the camera scanner (F6)")
        self.camera_button.setStyleSheet(TOGGLE_STYLE)
        self.camera_button.toggled.connect(self.camera_dock.setVisible)
        self.camera_dock.visibilityChanged.connect(
            lambda _v: self.camera_button.setChecked(not self.camera_dock.isHidden())
        )
        QShortcut(QKeySequence("F6"), self).activated.connect(self.camera_button.toggle)

    def _serial_state_changed(self, state: object) -> None:
        assert isinstance(state, SerialState)
        self.scanner_label.setText(scanner_status_text(state))
        self.scanner_label.setToolTip(state.message)
        if state.status is SerialStatus.RETRYING:
            self._serial_lost = True
            self.show_feedback(Feedback(Level.WARNING, state.message))
        elif state.status is SerialStatus.CONNECTED and self._serial_lost:
            self._serial_lost = False
            self.show_feedback(Feedback(Level.INFO, state.message))

    # -- routing ----------------------------------------------------------------------------------
    def current_page(self) -> StationPage:
        return self.pages[self.tabs.currentIndex()]

    def on_scan(self, text: str) -> None:
        self.handle_scan(Scan(text, ScanSource.KEYBOARD))

    def handle_scan(self, scan: object) -> None:
        """Every scan ends here: the scan field's Enter, the wedge filter, the serial scanner."""
        assert isinstance(scan, Scan)
        page = self.current_page()
        if self.offline_scans.offline:  # do not make the clerk wait on a dead connection again
            self.offline_scans.keep(self.tabs.currentIndex(), scan)
            self.show_feedback(Feedback(Level.ERROR, self._kept_message()))
            self.refocus()
            return
        try:
            page.handle_scan(scan)
        except DatabaseUnavailable as exc:
            log.warning("database unavailable, scan %r kept: %s", scan.text[:80], exc.reason)
            self.offline_scans.keep(self.tabs.currentIndex(), scan)
            self.show_feedback(Feedback(Level.ERROR, self._kept_message(exc.reason)))
        except Exception as exc:  # a database or printer fault must be seen at the bench, not kill it
            log.exception("scan %r failed on the %s tab", scan.text[:80], page.title)
            self.show_feedback(Feedback(Level.ERROR, f"Something went wrong: {exc}. Tell a supervisor."))
        self.refocus()

    def on_hotkey(self, key: str) -> None:
        page = self.current_page()
        try:
            page.handle_hotkey(key)
        except DatabaseUnavailable as exc:
            self.offline_scans.mark_offline()
            self.show_feedback(
                Feedback(
                    Level.ERROR,
                    f"{exc.reason[:1].upper()}{exc.reason[1:]}. Nothing was saved and "
                    "nothing is lost: what is on screen stays; press the key again when it is back.",
                )
            )
        except Exception as exc:
            log.exception("key %r failed on the %s tab", key, page.title)
            self.show_feedback(Feedback(Level.ERROR, f"Something went wrong: {exc}. Tell a supervisor."))
        self.refocus()

    def _kept_message(self, reason: str = "still") -> str:
        n = self.offline_scans.waiting
        why = "still not reachable" if reason == "still" else f"not reachable ({reason})"
        return (
            f"The database is {why}. {n} scan(s) kept: they are entered by themselves "
            "when it is back, nothing is counted twice. Keep the items in order."
        )

    def show_feedback(self, feedback: object) -> None:
        assert isinstance(feedback, Feedback)
        self.banner.show_feedback(feedback)
        self.sounds.play(feedback.level)

    def refocus(self) -> None:
        if not self.scan_field.hasFocus():
            self.scan_field.setFocus()

    def _tab_changed(self, index: int) -> None:
        page = self.pages[index]
        try:
            page.on_shown()
        except Exception as exc:
            log.exception("refreshing the %s tab failed", page.title)
            self.show_feedback(Feedback(Level.ERROR, f"Could not refresh the {page.title} tab: {exc}"))
        else:
            self.banner.show_idle(page.idle_hint())
        self.refocus()

    def _focus_changed(self, _old: QWidget | None, new: QWidget | None) -> None:
        """Give the focus back to the scan field unless a widget of this window needs the keyboard."""
        if new is None or new is self.scan_field or isinstance(new, _TYPING_WIDGETS):
            return
        if new.window() is self:
            QTimer.singleShot(0, self.refocus)

    # -- per-station UI preferences ---------------------------------------------------------------
    def _restore_ui_settings(self) -> None:
        s = self.ui_settings
        s.beginGroup(self._settings_group)
        geometry = s.value("geometry")
        tab = s.value("tab", 0)
        s.endGroup()
        if isinstance(geometry, QByteArray) and not geometry.isEmpty():
            self.restoreGeometry(geometry)
        else:
            self.resize(*DEFAULT_SIZE)
        try:
            index = int(str(tab))
        except ValueError:
            index = 0
        if 0 <= index < self.tabs.count():
            self.tabs.setCurrentIndex(index)

    def save_ui_settings(self) -> None:
        s = self.ui_settings
        s.beginGroup(self._settings_group)
        s.setValue("geometry", self.saveGeometry())
        s.setValue("tab", self.tabs.currentIndex())
        s.endGroup()
        s.sync()

    def closeEvent(self, event: QCloseEvent) -> None:
        self.save_ui_settings()
        self.print_pump.stop()
        self.offline_scans.stop()
        if self.wedge_filter is not None:
            self.wedge_filter.remove()
        if self.serial is not None:
            self.serial.stop()
        self.camera_dock.shutdown()
        self.pool.waitForDone(15000)  # a label half-sent must finish recording its outcome
        super().closeEvent(event)
