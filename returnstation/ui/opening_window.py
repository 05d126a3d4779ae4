"""The window a bench shows while the station opens its database: up in a second, scans kept.

Why a window before the station exists: importing the database layer, the services and the pages and
migrating the database took 1.8-3 s on a loaded bench PC (issue #18), and a clerk who double-clicks the
icon and sees nothing clicks again. This window needs only Qt and the settings (no SQLAlchemy, no
services), so it is on screen after the Qt import; the station is opened on a thread meanwhile
(ui/app.py). It stands where the station window will stand (the same saved geometry), says what it is
doing, and takes scans: they are kept in order and handed to the station window when it opens, as the
window's own queue keeps scans through an outage (ui/offline_scans.py). Nothing here touches a database.

The first time the window is exposed, ``first_shown_marker`` is logged: bench/bench_startup.py times
process start to that line.
"""

from __future__ import annotations

import logging
import os
import time

from PySide6.QtCore import QByteArray, QEvent, QObject, QSettings
from PySide6.QtGui import QCloseEvent, QShowEvent
from PySide6.QtWidgets import QHBoxLayout, QLabel, QMainWindow, QVBoxLayout, QWidget

from returnstation.domain.enums import ScanSource
from returnstation.domain.scan import Scan
from returnstation.services.results import Feedback, Level
from returnstation.ui.feedback_banner import FeedbackBanner
from returnstation.ui.scan_field import ScanField
from returnstation.ui.station_prefs import station_group
from returnstation.ui.theme import font

log = logging.getLogger(__name__)

FIRST_SHOWN_MARKER = "first window shown"  # bench/bench_startup.py waits for this text in the log
STATION_READY_MARKER = "station window ready"
DEFAULT_SIZE = (1280, 800)  # as the station window's


def process_age_s() -> float | None:
    """Seconds since this process started (Linux: /proc), None where the system does not say."""
    try:
        with open("/proc/self/stat", encoding="ascii") as f:
            fields = f.read().rsplit(")", 1)[1].split()
        started_ticks = int(fields[19])  # field 22 of proc(5), counted after "pid (comm)"
        with open("/proc/uptime", encoding="ascii") as f:
            uptime = float(f.read().split()[0])
        return uptime - started_ticks / os.sysconf("SC_CLK_TCK")
    except (OSError, ValueError, IndexError):
        return None


def log_marker(marker: str) -> None:
    """One line with the process's age, for the start-up bench and for whoever reads the log."""
    age = process_age_s()
    since = "?" if age is None else f"{age:.2f}"
    log.info("%s: %s s after process start (t=%.3f)", marker, since, time.time())


class OpeningWindow(QMainWindow):
    """Bench title, the scan field, one line on what is happening; every scan is kept for the station."""

    def __init__(self, station: str, ui_settings: QSettings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.kept: list[Scan] = []
        self._exposed = False
        self.setWindowTitle(self.tr("Bench {station}").format(station=station))
        self.scan_field = ScanField()
        self.scan_field.digit_hotkeys = lambda: False  # no page to answer a key yet: digits are text
        self.scan_field.scanned.connect(self.keep)
        caption = QLabel(self.tr("SCAN"))
        caption.setFont(font(20, bold=True))
        self.banner = FeedbackBanner()
        self.banner.show_idle(self.opening_text())
        top = QHBoxLayout()
        top.setSpacing(12)
        top.addWidget(caption)
        top.addWidget(self.scan_field, 1)
        central = QWidget()
        layout = QVBoxLayout(central)
        layout.setContentsMargins(12, 10, 12, 4)
        layout.addLayout(top)
        layout.addWidget(self.banner)
        layout.addStretch(1)
        self.setCentralWidget(central)
        self.statusBar().showMessage(self.tr("Database: opening..."))
        ui_settings.beginGroup(station_group(station))
        geometry = ui_settings.value("geometry")
        ui_settings.endGroup()
        if isinstance(geometry, QByteArray) and not geometry.isEmpty():
            self.restoreGeometry(geometry)  # where the station window will open: no jump when it does
        else:
            self.resize(*DEFAULT_SIZE)

    def opening_text(self) -> str:
        if not self.kept:
            return self.tr(
                "Opening the database... Scan as usual: scans are kept and entered when it is open."
            )
        return self.tr(
            "Opening the database... %n scan(s) kept: entered in order when it is open. Keep scanning.",
            "",
            len(self.kept),
        )

    def keep(self, text: str) -> None:
        self.kept.append(Scan(text, ScanSource.KEYBOARD))
        self.banner.show_feedback(Feedback(Level.INFO, self.opening_text()))
        self.scan_field.setFocus()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        handle = self.windowHandle()
        if handle is not None and not self._exposed:
            handle.installEventFilter(self)
        self.scan_field.setFocus()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Expose and not self._exposed:
            handle = self.windowHandle()
            if handle is not None and handle.isExposed():
                self._exposed = True
                handle.removeEventFilter(self)
                log_marker(FIRST_SHOWN_MARKER)
        return super().eventFilter(watched, event)

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.kept:
            log.warning(
                "window closed while the database was opening: %d scan(s) not entered: %s",
                len(self.kept),
                ", ".join(s.text for s in self.kept),
            )
        super().closeEvent(event)
