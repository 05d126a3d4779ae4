"""Bring serial-scanner scans and status from the reader thread onto the GUI thread.

Why a bridge: ``SerialScanner`` calls back on its own thread, and Qt widgets may only be touched from
the GUI thread. Each callback is re-emitted through a queued connection to this object, which lives
on the GUI thread, so whoever connects to ``scanned`` / ``state_changed`` runs there.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QObject, QSettings, Qt, Signal

from returnstation.config import Settings
from returnstation.scan.serial_input import SerialConfig, SerialScanner, SerialState, SerialStatus

log = logging.getLogger(__name__)

DEFAULT_BAUD = 9600
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


def serial_config(settings: Settings, ui_settings: QSettings, group: str) -> SerialConfig | None:
    """The serial scanner to read, if any: ``serial_port`` / ``serial_baud`` from the station settings
    (RETURNSTATION_SERIAL_PORT, the toml file), else ``<group>/scanner/serial_port`` in QSettings."""
    port = settings.serial_port or str(ui_settings.value(f"{group}/scanner/serial_port", "") or "")
    if not port.strip():
        return None
    baud = settings.serial_baud or _int(ui_settings.value(f"{group}/scanner/serial_baud"), DEFAULT_BAUD)
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


def _int(raw: object, default: int) -> int:
    try:
        return int(str(raw)) if raw not in (None, "") else default
    except ValueError:
        log.warning("serial_baud=%r is not a whole number; using %d", raw, default)
        return default
