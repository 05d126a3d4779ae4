"""Bring serial-scanner scans and status from the reader thread onto the GUI thread.

Why a bridge: ``SerialScanner`` calls back on its own thread, and Qt widgets may only be touched from
the GUI thread. Each callback is re-emitted through a queued connection to this object, which lives
on the GUI thread, so whoever connects to ``scanned`` / ``state_changed`` runs there.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QObject, Qt, Signal

from returnstation.config import Settings
from returnstation.scan.serial_input import SerialConfig, SerialScanner, SerialState, SerialStatus
from returnstation.settings_schema import UiValues

log = logging.getLogger(__name__)

# The status words of the status bar, marked for lupdate (str(): the marker is typed `object`).
_STATUS_WORDS: dict[SerialStatus, str] = {
    SerialStatus.CONNECTING: str(QT_TRANSLATE_NOOP("SerialBridge", "connecting")),
    SerialStatus.CONNECTED: str(QT_TRANSLATE_NOOP("SerialBridge", "connected")),
    SerialStatus.RETRYING: str(QT_TRANSLATE_NOOP("SerialBridge", "retrying")),
    SerialStatus.STOPPED: str(QT_TRANSLATE_NOOP("SerialBridge", "stopped")),
}


class SerialBridge(QObject):
    scanned = Signal(object)  # Scan, on the GUI thread
    state_changed = Signal(object)  # SerialState, on the GUI thread
    _scan_from_reader = Signal(object)
    _state_from_reader = Signal(object)

    def __init__(self, config: SerialConfig, parent: QObject | None = None) -> None:
        super().__init__(parent)
        queued = Qt.ConnectionType.QueuedConnection
        self._scan_from_reader.connect(self.scanned, queued)
        self._state_from_reader.connect(self.state_changed, queued)
        self.reader = SerialScanner(config, self._scan_from_reader.emit, self._state_from_reader.emit)
        app = QCoreApplication.instance()
        if app is not None:
            app.aboutToQuit.connect(self.stop)

    @property
    def port(self) -> str:
        return self.reader.config.port

    @property
    def state(self) -> SerialState:
        return self.reader.state

    def start(self) -> None:
        self.reader.start()

    def stop(self) -> None:
        if not self.reader.stop():
            log.warning("the serial scanner reader on %s did not stop in time", self.port)


def serial_config(settings: Settings, prefs: UiValues) -> SerialConfig | None:
    """The serial scanner to read, if any: ``serial_port`` / ``serial_baud`` from the station settings
    (RETURNSTATION_SERIAL_PORT, the toml file), else the station's scanner QSettings (ui/station_prefs.py,
    whose default baud rate is 9600)."""
    port = settings.serial_port or prefs.text("serial_port")
    if not port.strip():
        return None
    baud = settings.serial_baud or int(prefs.number("serial_baud") or 9600)
    try:
        return SerialConfig(port.strip(), baudrate=baud)
    except ValueError as exc:
        log.warning("serial scanner settings ignored: %s", exc)
        return None


def scanner_status_text(state: SerialState | None) -> str:
    """The status-bar words: "Scanner: keyboard" or "Scanner: serial /dev/ttyACM0 (connected)"."""
    if state is None:
        return QCoreApplication.translate("SerialBridge", "Scanner: keyboard")
    shown = QCoreApplication.translate("SerialBridge", _STATUS_WORDS.get(state.status, state.status.value))
    return QCoreApplication.translate("SerialBridge", "Scanner: serial {port} ({status})").format(
        port=state.port, status=shown
    )
