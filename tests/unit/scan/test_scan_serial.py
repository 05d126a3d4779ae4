"""The serial reader against real pseudo-terminals: lines in, scans out, unplug and replug survived.

"Unplugging" closes the pty's master side, which makes reads on the port fail with EIO exactly as a
vanished /dev/ttyACM0 does. A pty cannot come back under the same /dev/pts name, so the port the
station opens is a symlink (what udev's /dev/serial/by-id/... names are) and "plugging back in" points
it at a fresh pty, the way a re-enumerated scanner gets a new ttyACM number behind its by-id link.
"""

from __future__ import annotations

import contextlib
import os
import queue
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from returnstation.domain.enums import ScanSource
from returnstation.domain.scan import Scan
from returnstation.scan.normalize import GS
from returnstation.scan.serial_input import (
    LineFramer,
    SerialConfig,
    SerialScanner,
    SerialState,
    SerialStatus,
)

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="needs POSIX pseudo-terminals")

WAIT_S = 5.0


class FakeScanner:
    """The device end of a pty: what the scanner hardware writes."""

    def __init__(self) -> None:
        self.master, self._slave = os.openpty()
        self.path = os.ttyname(self._slave)

    def send(self, data: bytes) -> None:
        os.write(self.master, data)

    def unplug(self) -> None:
        os.close(self.master)
        os.close(self._slave)


class Events:
    def __init__(self) -> None:
        self.scans: queue.Queue[Scan] = queue.Queue()
        self.states: queue.Queue[SerialState] = queue.Queue()
        self.threads: set[str] = set()

    def on_scan(self, scan: Scan) -> None:
        self.threads.add(threading.current_thread().name)
        self.scans.put(scan)

    def next_scan(self) -> Scan:
        return self.scans.get(timeout=WAIT_S)

    def wait_for(self, status: SerialStatus) -> SerialState:
        deadline = time.monotonic() + WAIT_S
        while time.monotonic() < deadline:
            state = self.states.get(timeout=max(0.01, deadline - time.monotonic()))
            if state.status is status:
                return state
        raise AssertionError(f"no {status} state within {WAIT_S} s")


def _point(link: Path, target: str) -> None:
    """Repoint the symlink atomically, as udev does."""
    tmp = link.with_suffix(".new")
    tmp.unlink(missing_ok=True)
    tmp.symlink_to(target)
    os.replace(tmp, link)


@pytest.fixture
def events() -> Events:
    return Events()


@pytest.fixture
def device() -> Iterator[FakeScanner]:
    dev = FakeScanner()
    yield dev
    with contextlib.suppress(OSError):  # the test may have unplugged it already
        dev.unplug()


def _reader(port: str, events: Events, **kw: float) -> SerialScanner:
    config = SerialConfig(port, baudrate=115200, retry_s=kw.pop("retry_s", 0.05), **kw)  # type: ignore[arg-type]
    return SerialScanner(config, events.on_scan, events.states.put)


def test_lines_in_scans_out_with_aim_prefix_and_raw_gs(device: FakeScanner, events: Events) -> None:
    reader = _reader(device.path, events)
    reader.start()
    try:
        events.wait_for(SerialStatus.CONNECTED)
        device.send(b"RMA-100001\r")
        device.send(b"]C10104012345678901\x1d10LOT7\r\n")
        device.send(b"1Z999AA1012")  # one scan arriving in two reads
        time.sleep(0.05)
        device.send(b"3456784\n")

        first, second, third = events.next_scan(), events.next_scan(), events.next_scan()
    finally:
        assert reader.stop()
    assert (first.text, first.symbology, first.source) == ("RMA-100001", None, ScanSource.SERIAL)
    assert (second.text, second.symbology) == (f"0104012345678901{GS}10LOT7", "]C1")
    assert third.text == "1Z999AA10123456784"
    assert events.scans.empty()  # CR LF gave one scan, not an extra empty one
    assert "MainThread" not in events.threads  # callbacks come from the reader thread


def test_a_scanner_without_terminator_is_read_after_a_pause(device: FakeScanner, events: Events) -> None:
    reader = _reader(device.path, events, unterminated_after_s=0.2)
    reader.start()
    try:
        events.wait_for(SerialStatus.CONNECTED)
        device.send(b"4006381333931")
        scan = events.next_scan()
    finally:
        reader.stop()
    assert scan.text == "4006381333931"


def test_unplug_reports_retrying_and_replug_behind_the_same_name_reconnects(
    tmp_path: Path, events: Events
) -> None:
    first = FakeScanner()
    link = tmp_path / "usb-Scanner_1234-if00"
    _point(link, first.path)
    reader = _reader(str(link), events)
    reader.start()
    try:
        assert events.wait_for(SerialStatus.CONNECTED).message == f"Scanner on {link} connected"
        first.send(b"RMA-100001\r")
        assert events.next_scan().text == "RMA-100001"

        first.send(b"HALF-A-SC")  # the cable goes mid-scan: that half must not prefix the next scan
        time.sleep(0.05)
        # udev drops the by-id name with the device. Dropped here before the pty closes: the kernel
        # hands a freed /dev/pts number to the next pty opened anywhere (a parallel test's), and the
        # retrying reader must not find that one behind a stale name.
        link.unlink()
        first.unplug()
        lost = events.wait_for(SerialStatus.RETRYING)
        assert lost.message.startswith(f"Scanner on {link} disconnected, retrying")
        during_outage = reader.state
        assert during_outage.status is SerialStatus.RETRYING

        time.sleep(0.3)  # several failed attempts while the port is gone: still one RETRYING report
        assert all(s.status is not SerialStatus.CONNECTED for s in _drain(events.states))

        second = FakeScanner()
        _point(link, second.path)
        events.wait_for(SerialStatus.CONNECTED)
        second.send(b"RMA-100002\r")
        assert events.next_scan().text == "RMA-100002"
        second.unplug()
    finally:
        assert reader.stop()
    assert reader.state.status is SerialStatus.STOPPED


def test_a_port_missing_at_start_is_retried_until_it_appears(tmp_path: Path, events: Events) -> None:
    link = tmp_path / "ttyACM0"
    reader = _reader(str(link), events)
    reader.start()
    try:
        events.wait_for(SerialStatus.RETRYING)
        dev = FakeScanner()
        _point(link, dev.path)
        events.wait_for(SerialStatus.CONNECTED)
        dev.send(b"SO-500101\r")
        assert events.next_scan().text == "SO-500101"
        dev.unplug()
    finally:
        reader.stop()


def test_stop_is_prompt_and_clean(device: FakeScanner, events: Events) -> None:
    reader = _reader(device.path, events, read_timeout_s=0.1)
    reader.start()
    events.wait_for(SerialStatus.CONNECTED)
    started = time.monotonic()
    assert reader.stop()
    assert time.monotonic() - started < 1.0
    assert not reader.running
    assert events.wait_for(SerialStatus.STOPPED).message == f"Scanner on {device.path} stopped"
    device.send(b"LATE-SCAN\r")  # the port is closed: nothing is read any more
    time.sleep(0.2)
    assert events.scans.empty()


def test_a_failing_handler_does_not_kill_the_reader(device: FakeScanner) -> None:
    got: list[str] = []

    def picky(scan: Scan) -> None:
        if scan.text == "BOOM":
            raise RuntimeError("handler bug")
        got.append(scan.text)

    states: queue.Queue[SerialState] = queue.Queue()
    reader = SerialScanner(SerialConfig(device.path, retry_s=0.05), picky, states.put)
    reader.start()
    try:
        while states.get(timeout=WAIT_S).status is not SerialStatus.CONNECTED:
            pass
        device.send(b"BOOM\rAFTER\r")
        deadline = time.monotonic() + WAIT_S
        while not got and time.monotonic() < deadline:
            time.sleep(0.01)
    finally:
        reader.stop()
    assert got == ["AFTER"]


def test_loop_url_ports_work_too(events: Events) -> None:
    """pyserial URLs are accepted as ports (socket://, rfc2217://...); loop:// echoes what it is sent."""
    import serial

    config = SerialConfig("loop://", retry_s=0.05)
    port = serial.serial_for_url(config.port, timeout=0.1)
    port.write(b"4006381333931\r")
    reader = SerialScanner(config, events.on_scan, events.states.put, opener=lambda _config: port)
    reader.start()
    try:
        assert events.next_scan().text == "4006381333931"
    finally:
        reader.stop()


def test_line_framer_splits_on_every_line_end_and_drops_blank_lines() -> None:
    framer = LineFramer(unterminated_after_s=0.5)
    assert framer.feed(b"A1\r\nB2\n\nC3\rD", 0.0) == [b"A1", b"B2", b"C3"]
    assert framer.flush_stale(0.4) == []
    assert framer.flush_stale(0.5) == [b"D"]
    assert framer.flush_stale(5.0) == []


@pytest.mark.parametrize(("port", "baud"), [("", 9600), ("/dev/ttyACM0", 0)])
def test_bad_serial_settings_are_refused(port: str, baud: int) -> None:
    with pytest.raises(ValueError):
        SerialConfig(port, baudrate=baud)


def _drain(q: queue.Queue[SerialState]) -> list[SerialState]:
    items: list[SerialState] = []
    while True:
        try:
            items.append(q.get_nowait())
        except queue.Empty:
            return items


def test_the_serial_port_comes_from_the_environment_or_the_config_file(tmp_path: Path) -> None:
    from returnstation.config import load_settings

    toml = tmp_path / "returnstation.toml"
    toml.write_text('serial_port = "/dev/serial/by-id/usb-Scanner-if00"\nserial_baud = 115200\n')
    base = {"RETURNSTATION_CONFIG": str(toml), "RETURNSTATION_DATA_DIR": str(tmp_path)}
    from_file = load_settings(base)
    assert (from_file.serial_port, from_file.serial_baud) == ("/dev/serial/by-id/usb-Scanner-if00", 115200)
    from_env = load_settings({**base, "RETURNSTATION_SERIAL_PORT": "/dev/ttyACM1"})
    assert from_env.serial_port == "/dev/ttyACM1"
    assert load_settings({"RETURNSTATION_CONFIG": str(tmp_path / "none.toml")}).serial_port == ""
    with pytest.raises(ValueError, match="serial_baud"):
        load_settings({**base, "RETURNSTATION_SERIAL_BAUD": "fast"})
