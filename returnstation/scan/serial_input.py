"""Read a scanner in serial / USB virtual-COM mode, one scan per line, and survive unplugging.

Why serial mode at all: a scanner set to "USB COM" sends bytes, not key positions, so the PC's keyboard
layout cannot scramble it, GS (0x1D) arrives as itself, and nothing competes with the clerk's typing.
Why a reconnect loop: the cable gets pulled at a bench. The port vanishes (``/dev/ttyACM0`` goes away,
reads fail); the reader reports "disconnected, retrying", tries again every ``retry_s`` and carries on
when the port is back, so nobody has to restart the station.

Framing is by line: CR, LF or CR LF ends a scan (read up to the terminator, never a fixed byte count:
PyLabRobot #1101). A scanner set to send no terminator is handled by ``unterminated_after_s``: bytes
that sat that long without an end of line are a scan too. An AIM prefix ("]C1") is kept as the Scan's
symbology. Callbacks run on the reader thread; ``returnstation.ui.serial_bridge`` hops to the GUI.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum
from typing import Any, Protocol

from returnstation.domain.enums import ScanSource
from returnstation.domain.scan import Scan
from returnstation.scan.normalize import DEFAULT_GS_SUBSTITUTES
from returnstation.scan.wedge import make_scan

log = logging.getLogger(__name__)

MAX_LINE_BYTES = 8192  # far beyond any barcode; a port spewing garbage must not grow memory forever


class SerialStatus(StrEnum):
    CONNECTING = "connecting"
    CONNECTED = "connected"
    RETRYING = "retrying"
    STOPPED = "stopped"


@dataclass(frozen=True, slots=True)
class SerialState:
    """Where the serial scanner is, with the sentence the status bar and banner show."""

    status: SerialStatus
    port: str
    detail: str = ""

    @property
    def message(self) -> str:
        if self.status is SerialStatus.CONNECTED:
            return f"Scanner on {self.port} connected"
        if self.status is SerialStatus.RETRYING:
            why = f" ({self.detail})" if self.detail else ""
            return f"Scanner on {self.port} disconnected, retrying{why}"
        if self.status is SerialStatus.CONNECTING:
            return f"Connecting to the scanner on {self.port}"
        return f"Scanner on {self.port} stopped"


@dataclass(frozen=True, slots=True)
class SerialConfig:
    """``port`` is a device (``/dev/ttyACM0``, ``COM3``) or a pyserial URL (``socket://host:4001``)."""

    port: str
    baudrate: int = 9600
    retry_s: float = 1.0
    read_timeout_s: float = 0.1
    unterminated_after_s: float | None = 0.5
    encoding: str = "utf-8"
    gs_substitutes: tuple[str, ...] = DEFAULT_GS_SUBSTITUTES

    def __post_init__(self) -> None:
        if not self.port.strip():
            raise ValueError("a serial port is needed")
        if self.baudrate <= 0:
            raise ValueError("baud rate must be positive")
        if self.retry_s <= 0 or self.read_timeout_s <= 0:
            raise ValueError("retry and read timeouts must be positive")


class SerialPort(Protocol):
    """The part of ``serial.Serial`` the reader uses."""

    @property
    def in_waiting(self) -> int: ...

    def read(self, size: int = 1) -> bytes: ...

    def close(self) -> None: ...


def open_port(config: SerialConfig) -> SerialPort:
    """A real pyserial port (or URL handler) opened with the configured speed and read timeout."""
    import serial  # pyserial: only stations with a serial scanner pay for the import

    port: SerialPort = serial.serial_for_url(
        config.port, baudrate=config.baudrate, timeout=config.read_timeout_s
    )
    return port


def _port_errors() -> tuple[type[BaseException], ...]:
    import serial

    error: type[BaseException] = serial.SerialException
    return (error, OSError, ValueError)


class LineFramer:
    """Bytes in, complete lines out. CR, LF and CR LF each end one line; empty lines are dropped."""

    def __init__(self, unterminated_after_s: float | None = None) -> None:
        self._buffer = bytearray()
        self._since: float | None = None  # when the pending partial line got its first byte
        self._unterminated_after_s = unterminated_after_s

    def feed(self, data: bytes, now: float) -> list[bytes]:
        lines: list[bytes] = []
        for byte in data:
            if byte in (0x0D, 0x0A):
                if self._buffer:
                    lines.append(bytes(self._buffer))
                self._buffer.clear()
                self._since = None
                continue
            if not self._buffer:
                self._since = now
            self._buffer.append(byte)
            if len(self._buffer) >= MAX_LINE_BYTES:
                log.warning("serial scanner sent %d bytes without a line end; dropped", len(self._buffer))
                self._buffer.clear()
                self._since = None
        return lines

    def flush_stale(self, now: float) -> list[bytes]:
        """The pending partial line, once it has waited ``unterminated_after_s`` for its end."""
        limit = self._unterminated_after_s
        if limit is None or self._since is None or now - self._since < limit:
            return []
        line = bytes(self._buffer)
        self._buffer.clear()
        self._since = None
        return [line]

    def drop(self) -> None:
        """The port went away mid-line: that half scan must not prefix the next one."""
        self._buffer.clear()
        self._since = None


ScanCallback = Callable[[Scan], None]
StateCallback = Callable[[SerialState], None]


class SerialScanner:
    """A worker thread reading ``config.port``; ``on_scan`` gets Scan(source=SERIAL) per line and
    ``on_state`` every connection change. ``stop()`` ends it within about one read timeout."""

    def __init__(
        self,
        config: SerialConfig,
        on_scan: ScanCallback,
        on_state: StateCallback | None = None,
        opener: Callable[[SerialConfig], SerialPort] = open_port,
    ) -> None:
        self.config = config
        self._on_scan = on_scan
        self._on_state = on_state
        self._opener = opener
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._state = SerialState(SerialStatus.STOPPED, config.port)
        self._lock = threading.Lock()

    @property
    def state(self) -> SerialState:
        with self._lock:
            return self._state

    @property
    def running(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    def start(self) -> None:
        if self.running:
            return
        self._stop.clear()
        self._thread = threading.Thread(
            target=self._run, name=f"serial-scanner {self.config.port}", daemon=True
        )
        self._thread.start()

    def stop(self, timeout: float = 3.0) -> bool:
        """Stop reading and close the port; True when the thread has ended."""
        self._stop.set()
        thread = self._thread
        if thread is not None and thread is not threading.current_thread():
            thread.join(timeout)
        return thread is None or not thread.is_alive()

    # -- the worker -----------------------------------------------------------------------------------
    def _run(self) -> None:
        errors = _port_errors()
        self._report(SerialStatus.CONNECTING)
        framer = LineFramer(self.config.unterminated_after_s)
        while not self._stop.is_set():
            try:
                port = self._opener(self.config)
            except errors as exc:
                self._report(SerialStatus.RETRYING, _reason(exc))
                self._stop.wait(self.config.retry_s)
                continue
            self._report(SerialStatus.CONNECTED)
            try:
                self._read_until_lost(port, framer)
            except errors as exc:
                framer.drop()
                if not self._stop.is_set():
                    log.warning("serial scanner on %s lost: %s", self.config.port, exc)
                    self._report(SerialStatus.RETRYING, _reason(exc))
            finally:
                _close_quietly(port)
            self._stop.wait(self.config.retry_s)
        self._report(SerialStatus.STOPPED)

    def _read_until_lost(self, port: SerialPort, framer: LineFramer) -> None:
        while not self._stop.is_set():
            data = port.read(max(1, port.in_waiting))
            now = time.monotonic()
            lines = framer.feed(data, now) if data else []
            lines += framer.flush_stale(now)
            for line in lines:
                self._deliver(line)

    def _deliver(self, line: bytes) -> None:
        text = line.decode(self.config.encoding, errors="replace")
        scan = make_scan(text, ScanSource.SERIAL, self.config.gs_substitutes)
        try:
            self._on_scan(scan)
        except Exception:  # a bug downstream must not kill the reader: the next scan still counts
            log.exception("handling serial scan %r failed", text[:80])

    def _report(self, status: SerialStatus, detail: str = "") -> None:
        state = SerialState(status, self.config.port, detail)
        with self._lock:
            if state.status is self._state.status:
                return  # retrying every second must not flood the status bar and the log
            self._state = state
        log.info("%s", state.message)
        if self._on_state is not None:
            try:
                self._on_state(state)
            except Exception:
                log.exception("serial status callback failed")


def _reason(exc: BaseException) -> str:
    text = str(exc).strip() or exc.__class__.__name__
    return text.splitlines()[0][:120]


def _close_quietly(port: Any) -> None:
    try:
        port.close()
    except Exception:
        log.debug("closing the serial port failed", exc_info=True)
