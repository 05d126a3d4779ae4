"""~HS host status: a local fake Zebra on a real socket answers canned status strings, or stays silent."""

from __future__ import annotations

import socket
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from label_scan_helpers import SAMPLE_FIELDS

from returnstation.printing.factory import printer_from_setting
from returnstation.printing.label_zpl import render_label_zpl
from returnstation.printing.printers import PrintJob
from returnstation.printing.templates import load_label_template
from returnstation.printing.zebra_status import (
    HostStatusError,
    ZebraTcpPrinter,
    parse_host_status,
    query_host_status,
)

JOB = PrintJob(job_id="job-0042", template="routing_4x6", fields=SAMPLE_FIELDS["routing_4x6"])


def host_status(
    *,
    paper_out: int = 0,
    paused: int = 0,
    head_up: int = 0,
    ribbon_out: int = 0,
    formats: int = 0,
    remaining: int = 0,
) -> bytes:
    """A ~HS answer laid out as the ZPL II Programming Guide shows it: three STX...ETX CR LF strings."""
    first = f"030,{paper_out},{paused},1218,{formats:03d},0,0,0,000,0,0,0"
    second = f"001,0,{head_up},{ribbon_out},0,2,6,0,{remaining:08d},1,000"
    return b"".join(b"\x02" + s.encode() + b"\x03\r\n" for s in (first, second, "1234,0"))


READY = host_status()


class FakeZebra:
    """Answers ~HS with ``answer`` (None: silent, like a Zebra with its head open) and records labels."""

    def __init__(self, answer: bytes | None) -> None:
        self.answer = answer
        self.server = socket.create_server(("127.0.0.1", 0))
        self.port = self.server.getsockname()[1]
        self.queries = 0
        self.labels: list[bytes] = []
        self._stop = threading.Event()
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    def _serve(self) -> None:
        self.server.settimeout(0.2)
        while True:
            try:
                conn, _ = self.server.accept()
            except TimeoutError:
                if self._stop.is_set():  # stop only once no connection is waiting to be taken
                    return
                continue
            with conn:
                conn.settimeout(5)
                first = conn.recv(4096)
                if first.startswith(b"~HS"):
                    self.queries += 1
                    if self.answer is None:
                        self._stop.wait(3)  # hold the line open and say nothing
                    else:
                        conn.sendall(self.answer)
                    continue
                data = [first]
                while chunk := conn.recv(4096):
                    data.append(chunk)
                self.labels.append(b"".join(data))

    def close(self) -> None:
        self._stop.set()
        self.thread.join(timeout=5)
        self.server.close()


@pytest.fixture
def zebra_factory() -> Iterator[type[FakeZebra]]:
    made: list[FakeZebra] = []

    class Tracked(FakeZebra):
        def __init__(self, answer: bytes | None) -> None:
            super().__init__(answer)
            made.append(self)

    yield Tracked
    for server in made:
        server.close()


@pytest.fixture(scope="module")
def zpl() -> str:
    return render_label_zpl(load_label_template(JOB.template), JOB.fields)


def test_parse_reads_the_flags_that_stop_printing() -> None:
    ready = parse_host_status(READY)
    assert ready.ready and ready.problems == ()
    status = parse_host_status(host_status(paper_out=1, paused=1, head_up=1, formats=3, remaining=12))
    assert (status.paper_out, status.paused, status.head_open, status.ribbon_out) == (True, True, True, False)
    assert (status.formats_in_buffer, status.labels_remaining) == (3, 12)
    assert status.problems == (
        "out of labels (load a new roll)",
        "print head open (close the head)",
        "paused (press the pause button)",
    )
    assert parse_host_status(host_status(ribbon_out=1)).problems == ("out of ribbon (load a new ribbon)",)


@pytest.mark.parametrize(
    "answer",
    [b"", b"hello", b"\x02030,0,0\x03\r\n", READY.replace(b",0,0,0,000,0,0,0", b",x,0,0,000,0,0,0", 1)],
)
def test_parse_refuses_what_is_not_a_host_status(answer: bytes) -> None:
    with pytest.raises(HostStatusError):
        parse_host_status(answer)


def test_query_against_a_printer_that_answers(zebra_factory: type[FakeZebra]) -> None:
    zebra = zebra_factory(host_status(paper_out=1))
    reply = query_host_status("127.0.0.1", zebra.port, timeout_s=2)
    assert reply.problem == "" and reply.status is not None and reply.status.paper_out
    assert zebra.queries == 1


def test_a_ready_printer_gets_the_label_after_the_status_check(
    zebra_factory: type[FakeZebra], zpl: str
) -> None:
    zebra = zebra_factory(READY)
    result = ZebraTcpPrinter("127.0.0.1", zebra.port, timeout_s=2, status_timeout_s=2).send(JOB, b"", zpl)
    assert result.ok, result.message
    zebra.close()
    assert zebra.queries == 1 and zebra.labels == [zpl.encode("utf-8")]


def test_a_printer_out_of_paper_is_not_sent_the_label(zebra_factory: type[FakeZebra], zpl: str) -> None:
    zebra = zebra_factory(host_status(paper_out=1, paused=1))
    result = ZebraTcpPrinter("127.0.0.1", zebra.port, timeout_s=2, status_timeout_s=2).send(JOB, b"", zpl)
    assert not result.ok
    assert result.message == (
        f"Printer 127.0.0.1:{zebra.port} cannot print: out of labels (load a new roll); "
        "paused (press the pause button); label job-0042 was not sent"
    )
    zebra.close()
    assert zebra.labels == []


def test_a_silent_printer_is_reported_not_ready_with_the_likely_causes(
    zebra_factory: type[FakeZebra], zpl: str
) -> None:
    zebra = zebra_factory(None)
    result = ZebraTcpPrinter("127.0.0.1", zebra.port, timeout_s=2, status_timeout_s=0.5).send(JOB, b"", zpl)
    assert not result.ok
    assert "is not ready" in result.message and "out of labels or ribbon, head open" in result.message
    zebra.close()
    assert zebra.labels == []


def test_an_offline_printer_is_offline_before_any_status() -> None:
    with socket.create_server(("127.0.0.1", 0)) as probe:
        port = probe.getsockname()[1]
    result = ZebraTcpPrinter("127.0.0.1", port, status_timeout_s=1).send(JOB, b"", "^XA^XZ")
    assert not result.ok
    assert result.message == (
        f"Printer 127.0.0.1:{port} is offline (connection refused); label job-0042 was not sent"
    )


def test_the_setting_turns_the_status_check_on(tmp_path: Path) -> None:
    checked = printer_from_setting("tcp://10.0.0.5:9100?status=1&dpi=300", tmp_path)
    assert isinstance(checked, ZebraTcpPrinter) and (checked.port, checked.dpi) == (9100, 300)
    assert not isinstance(printer_from_setting("tcp://10.0.0.5", tmp_path), ZebraTcpPrinter)
    assert isinstance(printer_from_setting("tcp://10.0.0.5?status=ON", tmp_path), ZebraTcpPrinter)
    assert not isinstance(printer_from_setting("tcp://10.0.0.5?status=off", tmp_path), ZebraTcpPrinter)
    with pytest.raises(ValueError, match=r"'tcp://10.0.0.5\?status=si': status: 'si' is not true"):
        printer_from_setting("tcp://10.0.0.5?status=si", tmp_path)  # refused, not silently off
