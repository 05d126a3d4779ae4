"""Printers: files written whole or not at all, and a TCP 9100 printer that is really listening (or not)."""

from __future__ import annotations

import socket
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from label_scan_helpers import SAMPLE_FIELDS, decoded_texts

from returnstation.printing.factory import printer_from_setting
from returnstation.printing.label_pdf import render_label_pdf
from returnstation.printing.label_zpl import render_label_zpl
from returnstation.printing.printers import (
    LabelPrinter,
    PdfFolderPrinter,
    PrintJob,
    Tcp9100Printer,
    ZplFilePrinter,
    label_file_stem,
)
from returnstation.printing.templates import load_label_template

JOB = PrintJob(job_id="job-0001", template="routing_4x6", fields=SAMPLE_FIELDS["routing_4x6"])


@pytest.fixture(scope="module")
def rendered() -> tuple[bytes, str]:
    template = load_label_template(JOB.template)
    return render_label_pdf(template, JOB.fields), render_label_zpl(template, JOB.fields)


def test_pdf_folder_printer_writes_a_readable_label(tmp_path: Path, rendered: tuple[bytes, str]) -> None:
    pdf, zpl = rendered
    folder = tmp_path / "labels" / "out"  # created on first use
    result = PdfFolderPrinter(folder).send(JOB, pdf, zpl)
    assert result.ok, result.message
    assert result.output == folder / "RSI-000123_job-0001.pdf"  # the item's code, then the job
    assert result.output.read_bytes() == pdf
    assert decoded_texts(result.output.read_bytes(), 203) == ["RSI-000123"]
    assert [p.name for p in folder.iterdir()] == ["RSI-000123_job-0001.pdf"]  # no temporary file left


def test_pdf_folder_printer_replaces_an_earlier_copy_of_the_same_job(
    tmp_path: Path, rendered: tuple[bytes, str]
) -> None:
    (tmp_path / "RSI-000123_job-0001.pdf").write_bytes(b"old")
    assert PdfFolderPrinter(tmp_path).send(JOB, rendered[0], rendered[1]).ok
    assert (tmp_path / "RSI-000123_job-0001.pdf").read_bytes() == rendered[0]


def test_unwritable_folder_is_reported_not_raised(tmp_path: Path, rendered: tuple[bytes, str]) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the label folder should be")
    result = PdfFolderPrinter(blocker / "labels").send(JOB, *rendered)
    assert not result.ok
    assert result.output is None
    assert result.message.startswith(f"Could not save the label PDF to {blocker / 'labels'}: ")


def test_job_id_that_is_not_a_file_name_is_refused(tmp_path: Path, rendered: tuple[bytes, str]) -> None:
    bad = PrintJob(job_id="../escape", template="routing_4x6", fields={})
    result = PdfFolderPrinter(tmp_path / "out").send(bad, *rendered)
    assert not result.ok and "cannot be used as a file name" in result.message
    assert not (tmp_path / "escape.pdf").exists()


def test_zpl_file_printer_writes_what_the_printer_would_receive(
    tmp_path: Path, rendered: tuple[bytes, str]
) -> None:
    job = PrintJob(job_id="job-0002", template="routing_4x6", fields=JOB.fields, copies=2)
    result = ZplFilePrinter(tmp_path).send(job, *rendered)
    assert result.ok and result.output == tmp_path / "RSI-000123_job-0002.zpl"
    text = result.output.read_text(encoding="utf-8")
    assert text.startswith("^XA\n") and text.endswith("^PQ2\n^XZ\n")


class _FakeZebra:
    """A real socket server on 127.0.0.1 that records every byte of each connection, like port 9100."""

    def __init__(self) -> None:
        self.server = socket.create_server(("127.0.0.1", 0))
        self.port = self.server.getsockname()[1]
        self.received: list[bytes] = []
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    def _serve(self) -> None:
        conn, _ = self.server.accept()
        with conn:
            chunks = []
            while chunk := conn.recv(4096):
                chunks.append(chunk)
            self.received.append(b"".join(chunks))

    def close(self) -> None:
        self.thread.join(timeout=5)
        self.server.close()


@pytest.fixture
def fake_zebra() -> Iterator[_FakeZebra]:
    server = _FakeZebra()
    yield server
    server.close()


def test_tcp_printer_delivers_the_exact_zpl_bytes(
    fake_zebra: _FakeZebra, rendered: tuple[bytes, str]
) -> None:
    printer = Tcp9100Printer("127.0.0.1", fake_zebra.port, timeout_s=2)
    result = printer.send(JOB, *rendered)
    fake_zebra.thread.join(timeout=5)
    assert result.ok, result.message
    assert result.message == f"Label job-0001 sent to printer 127.0.0.1:{fake_zebra.port}"
    assert fake_zebra.received == [rendered[1].encode("utf-8")]


def test_tcp_printer_that_is_offline_gives_a_clear_message(rendered: tuple[bytes, str]) -> None:
    with socket.create_server(("127.0.0.1", 0)) as probe:
        port = probe.getsockname()[1]
    # The port was just released and nothing listens on it now.
    result = Tcp9100Printer("127.0.0.1", port, timeout_s=2).send(JOB, *rendered)
    assert not result.ok
    assert result.message == f"Printer 127.0.0.1:{port} is offline (connection refused)"
    assert result.output is None


def test_all_printers_satisfy_the_protocol(tmp_path: Path) -> None:
    printers = [PdfFolderPrinter(tmp_path), ZplFilePrinter(tmp_path), Tcp9100Printer("10.0.0.5")]
    assert all(isinstance(p, LabelPrinter) for p in printers)
    assert Tcp9100Printer("10.0.0.5").name == "Printer 10.0.0.5:9100"


def test_printer_setting_strings(tmp_path: Path) -> None:
    assert isinstance(printer_from_setting("pdf-folder", tmp_path), PdfFolderPrinter)
    assert isinstance(printer_from_setting("zpl-folder", tmp_path), ZplFilePrinter)
    tcp = printer_from_setting("tcp://10.0.0.5:9101?dpi=300", tmp_path)
    assert isinstance(tcp, Tcp9100Printer)
    assert (tcp.host, tcp.port, tcp.dpi) == ("10.0.0.5", 9101, 300)
    assert printer_from_setting("tcp://zebra-1", tmp_path).port == 9100  # type: ignore[attr-defined]
    with pytest.raises(ValueError, match="Unknown printer setting"):
        printer_from_setting("lpt1", tmp_path)


def test_a_label_file_is_named_by_the_item_code_and_the_job(
    tmp_path: Path, rendered: tuple[bytes, str]
) -> None:
    """Issue #14: files named by a random id could not be found by the code on the item in the hand."""
    first = PrintJob(job_id="3f2a9c1b0d4e5f60718293a4b5c6d7e8", template="routing_4x6", fields=JOB.fields)
    reprint = PrintJob(job_id="9d8c7b6a5f4e3d2c1b0a9f8e7d6c5b4a", template="routing_4x6", fields=JOB.fields)
    names = [PdfFolderPrinter(tmp_path).send(job, *rendered).output for job in (first, reprint)]
    assert [p.name for p in names if p is not None] == [
        "RSI-000123_3f2a9c1b0d4e.pdf",
        "RSI-000123_9d8c7b6a5f4e.pdf",  # a reprint keeps the first label
    ]
    test_page = PrintJob(job_id="test-page-20261123-091400", template="routing_4x6", fields={})
    assert label_file_stem(test_page) == "test-page-20261123-091400"  # no item: the job id alone
