"""The station window: one scan field that always has the focus, the answer under it, the pages below.

Every scan goes to the page on screen; every page answers through the same banner and speaker, so the
bench behaves the same whichever step it is at. The window itself decides nothing about returns.

What runs where: the window, the pages and their rendering run on the GUI thread; every service call
(and so every database transaction) runs on the window's pool, through StationPage.run/read_latest or
ui/workers.py. Scans and keys go through one ordered queue (ui/offline_scans.py): one at a time, each
handed to its page when no page is busy, so a scan taken while the one before is still being saved
waits and is applied after it. A page busy for longer than BUSY_NOTICE_MS puts "waiting for the
database" on the banner; an outage keeps the scans until the database answers a probe again.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QByteArray, QCoreApplication, QRect, QSettings, Qt, QThreadPool, QTimer
from PySide6.QtGui import QCloseEvent, QGuiApplication, QKeySequence, QResizeEvent, QShortcut, QShowEvent
from PySide6.QtWidgets import (
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMainWindow,
    QPlainTextEdit,
    QPushButton,
    QStackedWidget,
    QTabWidget,
    QTextEdit,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy.engine import make_url

from returnstation.domain.enums import ScanSource
from returnstation.domain.errors import DatabaseUnavailable
from returnstation.domain.roles import Permission, PermissionRefused
from returnstation.domain.scan import Scan
from returnstation.scan.serial_input import SerialState, SerialStatus
from returnstation.services.results import Feedback, Level
from returnstation.ui.camera_dock import TOGGLE_STYLE, CameraDock, camera_status_text
from returnstation.ui.feedback_banner import FeedbackBanner
from returnstation.ui.fit_label import ElidedLabel
from returnstation.ui.i18n import ui_text
from returnstation.ui.idle_lock import IdleLock
from returnstation.ui.inspect_page import InspectPage
from returnstation.ui.login_panel import LoginPanel, role_word
from returnstation.ui.offline_scans import KeptKey, KeptScan, Queued, ScanQueue
from returnstation.ui.page import StationPage
from returnstation.ui.print_pump import PrintQueuePump
from returnstation.ui.receive_page import ReceivePage
from returnstation.ui.scan_field import ScanField
from returnstation.ui.serial_bridge import SerialBridge, scanner_status_text, serial_config
from returnstation.ui.sounds import SoundBoard
from returnstation.ui.station_prefs import APPLICATION, ORGANIZATION, read_scanner_prefs, station_group
from returnstation.ui.station_services import StationServices
from returnstation.ui.supervisor_page import SupervisorPage
from returnstation.ui.theme import font
from returnstation.ui.wedge_filter import WedgeFilter, wedge_config
from returnstation.ui.workers import run_in_background

log = logging.getLogger(__name__)

DEFAULT_SIZE = (1280, 800)
# A page still busy after this long is waiting on the database (a writer holding SQLite's lock, a server
# that does not answer): the banner says so, and how many scans wait behind it.
BUSY_NOTICE_MS = 400
# Pool threads: mostly waiting on the database, the printer or the camera, rarely computing; enough that
# a step stuck behind a locked database does not hold up the label printer and the drafts.
POOL_THREADS = 4
# Widgets that need the keyboard themselves; everything else hands the focus back to the scan field.
_TYPING_WIDGETS = (QAbstractSpinBox, QComboBox, QPlainTextEdit, QTextEdit, QLineEdit)


def database_label(url: str) -> str:
    """Where the data lives, without the password: a file path for SQLite, host/database otherwise."""
    u = make_url(url)
    if u.get_backend_name() == "sqlite":
        return u.database or QCoreApplication.translate("MainWindow", "(in memory)")
    host = f"{u.host}:{u.port}" if u.port else (u.host or "localhost")
    return f"{u.get_backend_name()} {host}/{u.database or ''}"


def short_database_label(url: str) -> str:
    """The status bar's few words: "SQLite", or the server (the full place is in the tooltip); a bench
    status bar has room for eight items at 1280 px, not for paths or file names."""
    u = make_url(url)
    if u.get_backend_name() == "sqlite":
        return "SQLite" if u.database else database_label(url)
    return f"{u.get_backend_name()} {u.host or 'localhost'}"


def available_area(window: QWidget) -> QRect:
    """The part of the window's screen a window may take (without panels and docks of the desktop)."""
    screen = window.screen() or QGuiApplication.primaryScreen()
    return screen.availableGeometry()


def printer_label(printer: str, label_dir: object) -> str:
    return f"{printer} → {label_dir}" if printer.endswith("-folder") else printer


class MainWindow(QMainWindow):
    def __init__(
        self,
        services: StationServices,
        sounds: SoundBoard | None = None,
        ui_settings: QSettings | None = None,
        parent: QWidget | None = None,
        idle_lock_ms: int | None = None,
    ) -> None:
        """``services``: what the window and its pages use of the open station (ui/station_services.py);
        ``idle_lock_ms``: how long without a key or scan locks the bench (default: the settings')."""
        super().__init__(parent)
        self.services = services
        services.start_bench()  # login on: nobody is signed in until a badge and PIN
        self.sounds = sounds if sounds is not None else SoundBoard(self)
        self.ui_settings = ui_settings if ui_settings is not None else QSettings(ORGANIZATION, APPLICATION)
        self._settings_group = station_group(services.settings.station)
        self.pool = QThreadPool(self)
        self.pool.setMaxThreadCount(POOL_THREADS)
        # Only the bench: Qt adds " — ReturnStation" itself (the application's display name, ui/app.py), so
        # a title naming the application as well read "ReturnStation — vm — ReturnStation" (issue #14).
        self.setWindowTitle(self.tr("Bench {station}").format(station=services.settings.station))

        self.scan_field = ScanField()
        self.scan_field.digit_hotkeys = lambda: self.current_page().wants_digit_hotkeys()
        self.scan_field.scanned.connect(self.on_scan)
        self.scan_field.hotkey.connect(self.on_hotkey)
        scan_caption = QLabel(self.tr("SCAN"))
        scan_caption.setFont(font(20, bold=True))
        self.banner = FeedbackBanner()

        self.receive_page = ReceivePage(
            services.receiving, services.damage, services.holds, services.concerns, self.pool
        )
        self.inspect_page = InspectPage(
            services.inspection,
            services.photos,
            services.printing,
            services.reasons,
            services.reload_rules,
            services.concerns,
            self.pool,
            lots=services.lots,
        )
        self.supervisor_page = SupervisorPage(
            services.receiving,
            services.reports,
            services.imports,
            services.printing,
            services.settings,
            services.holds,
            services.quarantine,
            services.concerns,
            services.discrepancies,
            self.pool,
            rtv=services.rtv,
        )
        self.pages: tuple[StationPage, ...] = (self.receive_page, self.inspect_page, self.supervisor_page)
        self.tabs = QTabWidget()
        self.tabs.tabBar().setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.tabs.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        for n, page in enumerate(self.pages, start=1):
            self.tabs.addTab(page, f"{page.tr(page.title)}   F{n}")
            page.feedback.connect(self.show_feedback)
            page.refocus.connect(self.refocus)
            page.settled.connect(self._settled)
            page.outage.connect(lambda reason, p=page: self._page_outage(p, reason))
            page.hint_changed.connect(lambda p=page: self._hint_changed(p))
            shortcut = QShortcut(QKeySequence(f"F{n}"), self)
            shortcut.activated.connect(lambda i=n - 1: self.tabs.setCurrentIndex(i))
        self.tabs.currentChanged.connect(self._tab_changed)

        top = QHBoxLayout()
        top.setSpacing(12)
        top.addWidget(scan_caption)
        top.addWidget(self.scan_field, 1)
        self.camera_button = QPushButton(self.tr("Camera   F6"))
        top.addWidget(self.camera_button)
        central = QWidget()
        layout = QVBoxLayout(central)
        layout.setContentsMargins(12, 10, 12, 4)
        layout.setSpacing(8)
        layout.addLayout(top)
        layout.addWidget(self.banner)
        layout.addWidget(self.tabs, 1)
        self._add_sign_in(central, idle_lock_ms)
        self._build_status_bar()
        top.addWidget(self.sign_out_button)  # beside the camera: the status bar keeps its room for words
        self._start_scanner_inputs()
        self._add_camera()
        self._start_print_queue()
        self._start_scan_queue()

        app = QApplication.instance()
        if isinstance(app, QApplication):
            app.focusChanged.connect(self._focus_changed)
        self._restore_ui_settings()
        self._tab_changed(self.tabs.currentIndex())
        if services.settings.login:
            self.lock("start")
        else:
            self._show_who()

    def _build_status_bar(self) -> None:
        s = self.services.settings
        bar = self.statusBar()
        bar.setSizeGripEnabled(False)
        # Issue #14: each item as wide as its words; only when the window is too narrow for all of them
        # do they give way, ending in "…" (stretch factors used to squeeze "Database: SQLite retu" to
        # "Databas" while the bar still had room).
        station = ElidedLabel(self.tr("Station: {station}").format(station=s.station))
        self.database_label = ElidedLabel(self._database_text(), never_shorten=True)  # it tells of outages
        printer = ElidedLabel(self.tr("Printer: {printer}").format(printer=s.printer))
        printer.setToolTip(printer_label(s.printer, s.label_dir))
        station.setToolTip(station.full_text())
        self.database_label.setToolTip(database_label(s.database_url))
        self.user_label = ElidedLabel("")
        self.sign_out_button = QPushButton(self.tr("Sign out   F12"))
        self.sign_out_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.sign_out_button.clicked.connect(lambda: self.lock("signed_out"))
        self.sign_out_button.setVisible(False)
        self.scanner_label = ElidedLabel(scanner_status_text(None))
        self.camera_label = ElidedLabel(camera_status_text(None, ""))
        self.labels_label = ElidedLabel(self.tr("Labels: OK"))
        self.status_items: tuple[ElidedLabel, ...] = (
            station,
            self.user_label,
            self.database_label,
            printer,
            self.scanner_label,
            self.camera_label,
            self.labels_label,
        )
        self.sign_out_button.setStyleSheet(TOGGLE_STYLE)  # as tall as the scan field, like the camera's
        for widget in (
            station,
            self.user_label,
            self.database_label,
            printer,
            self.scanner_label,
            self.camera_label,
            self.labels_label,
        ):
            bar.addWidget(widget)

    def _add_sign_in(self, bench: QWidget, idle_lock_ms: int | None) -> None:
        """The sign-in panel that takes the bench's place while nobody is signed in, and the idle lock."""
        self.login_panel = LoginPanel(self.services.users, self.pool)
        self.login_panel.signed_in.connect(self._signed_in)
        self.login_panel.feedback.connect(lambda fb: self.sounds.play(fb.level))
        self.lock_stack = QStackedWidget()
        self.lock_stack.addWidget(bench)
        self.lock_stack.addWidget(self.login_panel)
        self.setCentralWidget(self.lock_stack)
        minutes = self.services.settings.idle_lock_minutes
        self.idle_lock = IdleLock(minutes * 60_000 if idle_lock_ms is None else idle_lock_ms, self)
        self.idle_lock.idle.connect(lambda: self.lock("idle"))
        self._held_shortcuts: list[QShortcut] = []
        if self.services.settings.login:
            QShortcut(QKeySequence("F12"), self).activated.connect(lambda: self.lock("signed_out"))

    def _start_print_queue(self) -> None:
        """Labels the first attempt could not print (printer offline, crash) go out in the background."""
        self.print_pump = PrintQueuePump(self.services.printing, self.pool, self)
        self.print_pump.failed_count_changed.connect(self._failed_labels_changed)
        self.print_pump.start()

    def _start_scan_queue(self) -> None:
        """Scans wait their turn here while a page is busy, and are kept while the database is away."""
        self.scan_queue = ScanQueue(self.services.probe_database, self.pool, self)
        self.scan_queue.state_changed.connect(self._database_state_changed)
        self.scan_queue.back.connect(self._database_back)
        self._in_flight: Queued | None = None  # handed to its page, which is still busy with it
        self._kept_to_enter = 0  # scans kept through an outage not yet entered
        self._entered_after_outage = 0
        self.busy_notice = QTimer(self)
        self.busy_notice.setSingleShot(True)
        self.busy_notice.setInterval(BUSY_NOTICE_MS)
        self.busy_notice.timeout.connect(self._say_waiting)
        self.waiting_shown = False  # the banner says the bench waits for the database
        self._recording = 0  # sign-outs being written

    def _database_text(self) -> str:
        name = short_database_label(self.services.settings.database_url)
        return self.tr("Database: {database}").format(database=name)

    def _database_state_changed(self, offline: bool, waiting: int) -> None:
        if offline:
            if waiting:
                text = self.tr("Database: NOT REACHABLE, %n scan(s) kept, retrying", "", waiting)
            else:
                text = self.tr("Database: NOT REACHABLE, retrying")
            self.database_label.setText(text)
            self.database_label.setStyleSheet("color: #b00020; font-weight: bold;")
        else:
            self.database_label.setText(self._database_text())
            self.database_label.setStyleSheet("")

    def _database_back(self) -> None:
        """Enter the kept scans in the order they were taken, each on the tab it was aimed at."""
        self._kept_to_enter = self.scan_queue.waiting
        self._entered_after_outage = 0
        self._drain()

    def _failed_labels_changed(self, failed: int) -> None:
        waiting = self.tr("Labels: %n waiting for the printer", "", failed)
        self.labels_label.setText(waiting if failed else self.tr("Labels: OK"))
        self.labels_label.setStyleSheet("color: #b00020; font-weight: bold;" if failed else "")

    def _start_scanner_inputs(self) -> None:
        """Scanner bursts typed into any widget (app-wide filter) and the optional serial scanner; both
        end in handle_scan like the scan field's Enter. Settings: README "Scanners"."""
        prefs = read_scanner_prefs(self.ui_settings, self._settings_group)
        wedge = wedge_config(prefs)
        self.wedge_filter = WedgeFilter(wedge, owner=self) if wedge is not None else None
        if self.wedge_filter is not None:
            self.wedge_filter.scanned.connect(self.handle_scan)
            self.wedge_filter.layout_mismatch.connect(lambda t: self.show_feedback(Feedback(Level.ERROR, t)))
            self.wedge_filter.install()
            self.scan_field.set_burst_ms(int(self.wedge_filter.config.max_gap_ms) + 20)
        config = serial_config(self.services.settings, prefs)
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
        settings = self.services.settings
        self.camera_dock = CameraDock(settings.camera, self, itf_lengths=settings.itf_lengths)
        self.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self.camera_dock)
        self.camera_dock.hide()
        self.camera_dock.scanned.connect(self.handle_scan)
        self.camera_dock.status_text.connect(self.camera_label.setText)
        self.camera_button.setCheckable(True)
        self.camera_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.camera_button.setToolTip(self.tr("Show or hide the camera scanner (F6)"))
        self.camera_button.setStyleSheet(TOGGLE_STYLE)
        self.camera_button.toggled.connect(self.camera_dock.setVisible)
        self.camera_dock.visibilityChanged.connect(
            lambda _v: self.camera_button.setChecked(not self.camera_dock.isHidden())
        )
        self.camera_dock.visibilityChanged.connect(self._fit_after_layout)
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
        """Every scan ends here: the scan field's Enter, the wedge filter, the serial scanner. It joins
        the queue and is handed to its page as soon as no page is busy (at once, usually)."""
        assert isinstance(scan, Scan)
        if self.locked:  # a badge, or a work label refused until someone signs in
            self.login_panel.take_scan(scan.text)
            return
        self.idle_lock.poke()  # serial and camera scans are no key presses
        self.scan_queue.put(KeptScan(self.tabs.currentIndex(), scan))
        if self.scan_queue.offline:  # do not make the clerk wait on a dead connection again
            self.show_feedback(Feedback(Level.ERROR, self._kept_message()))
        elif self.waiting_shown:
            self._say_waiting()
        self._drain()
        self.refocus()

    def on_hotkey(self, key: str) -> None:
        """A key queues behind the scans before it (it acts on the state they leave); during an outage
        it is refused: what is on screen stays, the person presses it again when the database is back."""
        if self.scan_queue.offline:
            self._key_not_used(self.tr("the database is still not reachable"))
            return
        self.scan_queue.put(KeptKey(self.tabs.currentIndex(), key))
        if self.waiting_shown:
            self._say_waiting()
        self._drain()
        self.refocus()

    def busy(self) -> bool:
        """A page is busy or reading, or a scan or key waits to be applied now (not kept through an
        outage): tests wait for this to be False."""
        waiting = len(self.scan_queue) > 0 and not self.scan_queue.offline
        return waiting or self._recording > 0 or not all(p.quiet() for p in self.pages)

    def _settled(self) -> None:
        """A page is idle again: the scan or key it had is done; the next one may go."""
        if not self._in_flight_page_busy():
            self._in_flight = None
        self._drain()

    def _in_flight_page_busy(self) -> bool:
        item = self._in_flight
        return item is not None and self.pages[item.page_index].stepping()

    def _drain(self) -> None:
        """Hand the queued scans and keys to their pages, one at a time, in order."""
        while not self.scan_queue.offline and not any(p.stepping() for p in self.pages):
            item = self.scan_queue.take()
            if item is None:
                break
            self._dispatch(item)
            if self.pages[item.page_index].stepping():
                self._in_flight = item
                self.busy_notice.start()  # counts from this step: quick steps in a row are no wait
                return
        if not any(p.stepping() for p in self.pages):
            self._in_flight = None
            self._all_done()

    def _dispatch(self, item: Queued) -> None:
        page = self.pages[item.page_index]
        if isinstance(item, KeptScan) and self._kept_to_enter > 0:
            self._kept_to_enter -= 1
            self._entered_after_outage += 1
        try:
            if isinstance(item, KeptScan):
                page.handle_scan(item.scan)
            else:
                page.handle_hotkey(item.key)
        except DatabaseUnavailable as exc:  # a call still made on this thread: treated the same
            self._in_flight = item
            self._page_outage(page, ui_text(exc.reason))
        except PermissionRefused as exc:
            self.show_feedback(Feedback(Level.ERROR, ui_text(exc)))
        except Exception as exc:  # a fault must be seen at the bench, not kill it or stall the queue
            what = item.scan.text[:80] if isinstance(item, KeptScan) else item.key
            log.exception("%r failed on the %s tab", what, page.title)
            self.show_feedback(Feedback(Level.ERROR, self._went_wrong(exc)))

    def _all_done(self) -> None:
        """Nothing busy, nothing waiting: the waiting notice goes, a replay after an outage is reported."""
        self.busy_notice.stop()
        if self.waiting_shown:
            self.waiting_shown = False
            if not self.scan_queue.offline:
                self._database_state_changed(False, 0)
        if self._entered_after_outage and not self.scan_queue.offline:
            entered, self._entered_after_outage = self._entered_after_outage, 0
            back = self.tr("The database is back: %n kept scan(s) entered. Carry on.", "", entered)
            self.show_feedback(Feedback(Level.INFO, back))

    def _say_waiting(self) -> None:
        """A page is still waiting on the database: say so, and that the scans behind it are safe."""
        if not any(p.stepping() for p in self.pages) or self.scan_queue.offline:
            return
        self.waiting_shown = True
        waiting = self.scan_queue.waiting
        if waiting:
            text = self.tr(
                "The database is busy: waiting for it to answer. %n more scan(s) held, entered in order "
                "when it does. Keep scanning.",
                "",
                waiting,
            )
        else:
            text = self.tr("The database is busy: waiting for it to answer. Keep scanning.")
        self.banner.show_feedback(Feedback(Level.WARNING, text))
        self.database_label.setText(self.tr("Database: BUSY, waiting"))
        self.database_label.setStyleSheet("color: #8a5a00; font-weight: bold;")

    def _page_outage(self, page: StationPage, reason: str) -> None:
        """The step in hand could not reach the database: a scan is kept (first again), a key or a
        click is not."""
        item = self._in_flight
        if item is not None and self.pages[item.page_index] is not page:
            item = None  # a click's step on another page: the queued one in hand is still at work
        else:
            self._in_flight = None
        self.busy_notice.stop()
        self.waiting_shown = False
        log.warning("database unavailable: %s", reason)
        self.scan_queue.mark_offline()
        self.scan_queue.drop_keys()
        if isinstance(item, KeptScan):
            self.scan_queue.put_back(item)
            if self._entered_after_outage:
                self._entered_after_outage -= 1
            self._kept_to_enter = 0
            self.scan_queue.mark_offline()  # the status bar counts it again
            self.show_feedback(Feedback(Level.ERROR, self._kept_message(reason)))
        else:
            self._key_not_used(reason)

    def _key_not_used(self, reason: str) -> None:
        nothing_lost = self.tr(
            "{reason}. Nothing was saved and nothing is lost: what is on screen stays; "
            "press the key again when it is back."
        )
        reason = f"{reason[:1].upper()}{reason[1:]}"
        self.show_feedback(Feedback(Level.ERROR, nothing_lost.format(reason=reason)))
        self.refocus()

    def _went_wrong(self, exc: Exception) -> str:
        return self.tr("Something went wrong: {error}. Tell a supervisor.").format(error=exc)

    def _kept_message(self, reason: str = "still") -> str:
        n = self.scan_queue.waiting
        if reason == "still":
            return self.tr(
                "The database is still not reachable. %n scan(s) kept: they are entered by themselves "
                "when it is back, nothing is counted twice. Keep the items in order.",
                "",
                n,
            )
        return self.tr(
            "The database is not reachable ({reason}). %n scan(s) kept: they are entered by themselves "
            "when it is back, nothing is counted twice. Keep the items in order.",
            "",
            n,
        ).format(reason=reason)

    def show_feedback(self, feedback: object) -> None:
        assert isinstance(feedback, Feedback)
        self.banner.show_feedback(feedback)
        self.sounds.play(feedback.level)

    def refocus(self) -> None:
        if self.locked:
            self.login_panel.focus_field()
        elif not self.scan_field.hasFocus():
            self.scan_field.setFocus()

    # -- who is signed in ---------------------------------------------------------------------------
    @property
    def locked(self) -> bool:
        return self.lock_stack.currentWidget() is self.login_panel

    def lock(self, reason: str = "signed_out") -> None:
        """Sign out and show the sign-in panel in place of the bench (F12, the button, the idle timer).

        Nothing on the pages is thrown away: an inspection half done stays on screen and its draft in
        the database, so whoever signs in next (the same person or another inspector) carries on.
        Open dialogs close (an override asked for is asked again); shortcuts rest, so the keys typed at
        the panel reach only the panel. The wedge filter stays: a scanner's burst into either field is
        a scan, and handle_scan gives every scan to the panel (a badge starts sign-in over).
        """
        if not self.services.settings.login:
            return
        self.idle_lock.disarm()
        self.scan_field.keep_as_text()  # a number key pressed just before the lock answers nothing
        if not self.locked:
            for dialog in self.findChildren(QDialog):
                if dialog.isVisible():
                    dialog.reject()
            self._held_shortcuts = [sc for sc in self.findChildren(QShortcut) if sc.isEnabled()]
            for shortcut in self._held_shortcuts:
                shortcut.setEnabled(False)
            self.lock_stack.setCurrentWidget(self.login_panel)
        self._sign_out(reason)
        notes = {
            "idle": self.tr("Locked after {idle} without a key or a scan. Work in progress is kept.").format(
                idle=self._idle_text()
            ),
            "signed_out": self.tr("Signed out. Work in progress is kept for whoever signs in next."),
        }
        self.login_panel.reset(notes.get(reason, ""))
        self._show_who()

    def _sign_out(self, reason: str) -> None:
        """Nobody is signed in from this moment (the context, in memory); the event is written on the
        pool, so the bench locks without waiting for the database (a failed write loses only the event)."""
        before = self.services.ctx.sign_out()
        users = self.services.users
        self._recording += 1

        def recorded(message: str | None = None) -> None:
            self._recording -= 1
            if message is not None:
                log.error("recording the sign-out failed: %s", message)

        run_in_background(
            self.pool, self, lambda: users.record_sign_out(before, reason), lambda _view: recorded(), recorded
        )

    def _signed_in(self, _user: object) -> None:
        """The panel's check passed (on the worker pool): the bench is theirs until they sign out."""
        person = self.services.ctx.signed_in
        if person is None:
            return
        for shortcut in self._held_shortcuts:
            shortcut.setEnabled(True)
        self._held_shortcuts = []
        self.lock_stack.setCurrentIndex(0)
        self.idle_lock.arm()
        self._show_who()
        if self.inspect_page.form is not None and self.services.ctx.may(Permission.INSPECT):
            self.inspect_page.save_draft()  # a save refused at the moment of the lock is made good now
        self._tab_changed(self.tabs.currentIndex())
        welcome = self.tr("Signed in: {name} ({role}).").format(name=person.name, role=role_word(person.role))
        self.show_feedback(Feedback(Level.SUCCESS, welcome))

    def _show_who(self) -> None:
        person = self.services.ctx.signed_in
        if person is not None:
            text = self.tr("User: {name} ({role})").format(name=person.name, role=role_word(person.role))
        else:
            text = self.tr("Nobody signed in")
        self.user_label.setText(text)
        self.sign_out_button.setVisible(self.services.settings.login and person is not None)

    def _idle_text(self) -> str:
        ms = self.idle_lock.timeout_ms
        if ms >= 60_000:
            return self.tr("%n minutes", "", ms // 60_000)
        return self.tr("{seconds} seconds").format(seconds=f"{ms / 1000:g}")

    def _tab_changed(self, index: int) -> None:
        self.scan_field.keep_as_text()  # a number key meant for the tab left behind answers nothing here
        page = self.pages[index]
        try:
            page.on_shown()
        except Exception as exc:
            log.exception("refreshing the %s tab failed", page.title)
            failed = self.tr("Could not refresh the {tab} tab: {error}").format(
                tab=page.tr(page.title), error=exc
            )
            self.show_feedback(Feedback(Level.ERROR, failed))
        else:
            self.banner.show_idle(page.idle_hint())
        self.refocus()

    def _hint_changed(self, page: StationPage) -> None:
        """A page read what it had to say after it was shown: on the banner, unless an answer is there."""
        if page is self.current_page() and self.banner.level is None:
            self.banner.show_idle(page.idle_hint())

    def _focus_changed(self, _old: QWidget | None, new: QWidget | None) -> None:
        """Give the focus back to the scan field unless a widget of this window needs the keyboard, or
        was reached with Tab on purpose (page.reachable_by_tab: a click never focuses those)."""
        if new is None or new is self.scan_field or isinstance(new, _TYPING_WIDGETS):
            return
        if new.focusPolicy() == Qt.FocusPolicy.TabFocus:
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
        self.fit_to_screen()
        try:
            index = int(str(tab))
        except ValueError:
            index = 0
        if 0 <= index < self.tabs.count():
            self.tabs.setCurrentIndex(index)

    # -- never wider or taller than the screen (issue #14) -----------------------------------------
    def fit_to_screen(self) -> None:
        """Shrink and move the window so that its frame lies inside the screen's available area.

        Called when the window is shown, resized, and when the camera panel opens or closes: a dock
        added beside the tabs made Qt widen the window past the screen (1296 px on 1280), and a
        geometry saved on a bigger monitor must not open off-screen on a smaller one."""
        if self.isMaximized() or self.isFullScreen():
            return
        area = available_area(self)
        frame, inner = self.frameGeometry(), self.geometry()
        extra_w, extra_h = frame.width() - inner.width(), frame.height() - inner.height()
        width = min(inner.width(), area.width() - extra_w)
        height = min(inner.height(), area.height() - extra_h)
        if (width, height) != (inner.width(), inner.height()):
            self.resize(width, height)
        frame = self.frameGeometry()
        x = min(max(frame.x(), area.left()), area.right() + 1 - frame.width())
        y = min(max(frame.y(), area.top()), area.bottom() + 1 - frame.height())
        if (x, y) != (frame.x(), frame.y()):
            self.move(max(x, area.left()), max(y, area.top()))

    def _fit_after_layout(self, _visible: bool = True) -> None:
        """Once the layout has taken the camera panel in (or out), as Qt may have widened the window."""
        QTimer.singleShot(0, self, self.fit_to_screen)  # dropped if the window is gone by then

    def _fits_screen(self) -> bool:
        area = available_area(self)
        return area.contains(self.frameGeometry())

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self._fit_after_layout()  # the frame's size is known once it is shown

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if self.isVisible() and not self._fits_screen():
            self._fit_after_layout()

    def save_ui_settings(self) -> None:
        s = self.ui_settings
        s.beginGroup(self._settings_group)
        s.setValue("geometry", self.saveGeometry())
        s.setValue("tab", self.tabs.currentIndex())
        s.endGroup()
        s.sync()

    def closeEvent(self, event: QCloseEvent) -> None:
        self.save_ui_settings()
        self.idle_lock.remove()
        self.print_pump.stop()
        self.scan_queue.stop()
        if self.wedge_filter is not None:
            self.wedge_filter.remove()
        if self.serial is not None:
            self.serial.stop()
        self.camera_dock.shutdown()
        if self.services.settings.login and self.services.ctx.signed_in is not None:
            self._sign_out("window_closed")
        self.pool.waitForDone(15000)  # a label half-sent must finish recording its outcome
        super().closeEvent(event)
