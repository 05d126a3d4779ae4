"""Printers at the hardware edge: a PDF folder (default), a ZPL file folder (fake thermal) and raw TCP 9100.

`send` never raises for a printer problem: it returns PrintResult(ok=False, message=...) in words a
person at the bench can act on ("Printer 10.0.0.5:9100 is offline (connection refused)"). Label tools
are known for failing silently or claiming failure when they printed; here ok=True means the bytes were
written to disk (atomically) or fully handed to the printer's socket.
"""

from __future__ import annotations

import contextlib
import os
import re
import socket
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol, runtime_checkable

from returnstation.printing.label_zpl import with_copies

_JOB_ID_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$")


@dataclass(frozen=True)
class PrintJob:
    job_id: str
    template: str
    fields: Mapping[str, str]
    copies: int = 1


@dataclass(frozen=True)
class PrintResult:
    ok: bool
    message: str
    output: Path | None = None


@runtime_checkable
class LabelPrinter(Protocol):
    name: str

    def send(self, job: PrintJob, pdf: bytes, zpl: str) -> PrintResult: ...


class PdfFolderPrinter:
    """Writes <folder>/<item code>_<job>.pdf: the default, works on every PC, doubles as a label archive."""

    def __init__(self, folder: Path, name: str = "PDF folder") -> None:
        self.folder = Path(folder)
        self.name = name

    def send(self, job: PrintJob, pdf: bytes, zpl: str) -> PrintResult:
        return _write_file(self.folder, job, ".pdf", pdf, what="label PDF")


class ZplFilePrinter:
    """Writes <folder>/<item code>_<job>.zpl as a thermal printer would receive it (copies via ^PQ)."""

    def __init__(self, folder: Path, name: str = "ZPL folder", dpi: int = 203) -> None:
        self.folder = Path(folder)
        self.name = name
        self.dpi = dpi  # the resolution the caller should render ZPL for

    def send(self, job: PrintJob, pdf: bytes, zpl: str) -> PrintResult:
        try:
            payload = with_copies(zpl, job.copies).encode("utf-8")
        except ValueError as exc:
            return PrintResult(False, f"Label {job.job_id} was not printed: {exc}")
        return _write_file(self.folder, job, ".zpl", payload, what="ZPL label")


class Tcp9100Printer:
    """Raw ZPL over TCP port 9100 (JetDirect), the transport every networked Zebra-compatible accepts."""

    def __init__(
        self, host: str, port: int = 9100, timeout_s: float = 5, name: str | None = None, dpi: int = 203
    ) -> None:
        self.host = host
        self.port = port
        self.timeout_s = timeout_s
        self.name = name or f"Printer {host}:{port}"
        self.dpi = dpi

    @property
    def address(self) -> str:
        return f"{self.host}:{self.port}"

    def send(self, job: PrintJob, pdf: bytes, zpl: str) -> PrintResult:
        try:
            payload = with_copies(zpl, job.copies).encode("utf-8")
        except ValueError as exc:
            return PrintResult(False, f"Label {job.job_id} was not printed: {exc}")
        try:
            conn = socket.create_connection((self.host, self.port), timeout=self.timeout_s)
        except ConnectionRefusedError:
            return self._offline("connection refused")
        except TimeoutError:
            return self._offline(f"no answer within {self.timeout_s:g} s")
        except socket.gaierror:
            return PrintResult(False, f"Printer address {self.host!r} could not be found (check the name)")
        except OSError as exc:
            return self._offline(exc.strerror or str(exc))
        try:
            with conn:
                conn.sendall(payload)
                # Half-close so the printer sees the end of the job; some print servers wait for it.
                with contextlib.suppress(OSError):
                    conn.shutdown(socket.SHUT_WR)
        except TimeoutError:
            return PrintResult(
                False,
                f"Printer {self.address} stopped taking data (timeout); "
                f"label {job.job_id} may be incomplete, print it again",
            )
        except OSError as exc:
            return PrintResult(
                False,
                f"Printer {self.address} dropped the connection "
                f"({exc.strerror or exc}); print label {job.job_id} again",
            )
        return PrintResult(True, f"Label {job.job_id} sent to printer {self.address}")

    def _offline(self, reason: str) -> PrintResult:
        return PrintResult(False, f"Printer {self.address} is offline ({reason})")


JOB_PART = 12  # characters of the job id in a file name: unique enough, short enough to read


def label_file_stem(job: PrintJob) -> str:
    """A label file's name without its suffix: the item code and the job, e.g. ``RSI-000012_3f2a9c1b0d4e``.

    Why not the job id alone: a folder of labels named by random ids cannot be searched by the code on
    the item in the hand. The job part keeps a reprint (a new job for the same item) from replacing the
    first label. Labels without an item code (test pages) keep the job id."""
    code = str(job.fields.get("item_code") or "")
    if code and _JOB_ID_RE.match(code):
        return f"{code}_{job.job_id[:JOB_PART]}"
    return job.job_id


def _write_file(folder: Path, job: PrintJob, suffix: str, payload: bytes, what: str) -> PrintResult:
    if not _JOB_ID_RE.match(job.job_id):
        return PrintResult(False, f"Label not saved: job id {job.job_id!r} cannot be used as a file name")
    stem = label_file_stem(job)
    target = folder / f"{stem}{suffix}"
    tmp = folder / f".{stem}{suffix}.tmp"
    try:
        folder.mkdir(parents=True, exist_ok=True)
        with tmp.open("wb") as fh:
            fh.write(payload)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, target)  # readers never see a half-written label
    except OSError as exc:
        with contextlib.suppress(OSError):
            tmp.unlink(missing_ok=True)
        reason = exc.strerror or str(exc)
        return PrintResult(False, f"Could not save the {what} to {folder}: {reason}")
    return PrintResult(True, f"Label saved to {target}", target)
