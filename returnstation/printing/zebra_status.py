"""Ask a networked Zebra printer whether it can print, before a label is sent to it (ZPL ``~HS``).

A raw TCP 9100 printer takes the bytes even when it is out of labels, paused or has its head open; it
keeps the format in its buffer and prints it whenever someone fixes it, maybe hours later, maybe after
the item has moved on. So "the printer accepted the bytes" would be reported as "printed" while the
bench holds no label. With the optional status check, the station asks first and refuses to send to a
printer that cannot print now; the job stays failed with a message that names the fix, and the queue
sends it again once the printer answers "ready".

``~HS`` (Host Status Return, ZPL II Programming Guide) answers three strings, each
``<STX>...<ETX><CR><LF>``:

* string 1 ``aaa,b,c,dddd,eee,f,g,h,iii,j,k,l``: b paper out, c pause, eee formats in the receive
  buffer, f buffer full, k under temperature, l over temperature;
* string 2 ``mmm,n,o,p,q,r,s,t,uuuuuuuu,v,www``: o head up (open), p ribbon out, uuuuuuuu labels
  remaining in the batch;
* string 3 ``xxxx,y``: password and static RAM, not used here.

Zebra documents that current firmware does not answer ``~HS`` at all while the printer is out of media
or ribbon, has its head open, its rewinder full or its head over temperature. So a printer that takes
the connection but stays silent is reported as "not ready", with those causes named.
"""

from __future__ import annotations

import contextlib
import socket
import time
from dataclasses import dataclass

from returnstation.printing.printers import PrintJob, PrintResult, Tcp9100Printer

HOST_STATUS_QUERY = b"~HS\r\n"
STX, ETX = b"\x02", b"\x03"
SILENT_CAUSES = "out of labels or ribbon, head open, or head too hot"


class HostStatusError(ValueError):
    """The answer to ~HS is not three well-formed status strings."""


@dataclass(frozen=True, slots=True)
class ZebraStatus:
    """The flags of one ~HS answer that decide whether a label can print now."""

    paper_out: bool
    paused: bool
    head_open: bool
    ribbon_out: bool
    buffer_full: bool
    under_temperature: bool
    over_temperature: bool
    formats_in_buffer: int
    labels_remaining: int

    @property
    def problems(self) -> tuple[str, ...]:
        """What stops printing, each in words a person at the bench can act on; empty when ready."""
        found = []
        if self.paper_out:
            found.append("out of labels (load a new roll)")
        if self.ribbon_out:
            found.append("out of ribbon (load a new ribbon)")
        if self.head_open:
            found.append("print head open (close the head)")
        if self.paused:
            found.append("paused (press the pause button)")
        if self.buffer_full:
            found.append("receive buffer full (wait, then try again)")
        if self.over_temperature:
            found.append("print head too hot (let it cool down)")
        if self.under_temperature:
            found.append("too cold to print (let it warm up)")
        return tuple(found)

    @property
    def ready(self) -> bool:
        return not self.problems


def parse_host_status(answer: bytes) -> ZebraStatus:
    """Read the flags out of a raw ~HS answer; raises HostStatusError for anything else."""
    strings = _framed_strings(answer)
    if len(strings) < 2:
        raise HostStatusError(f"expected 3 status strings, got {len(strings)}: {answer[:80]!r}")
    first, second = (s.split(",") for s in strings[:2])
    if len(first) < 12 or len(second) < 11:
        raise HostStatusError(f"status strings too short: {strings[0]!r}, {strings[1]!r}")
    try:
        return ZebraStatus(
            paper_out=_flag(first[1]),
            paused=_flag(first[2]),
            head_open=_flag(second[2]),
            ribbon_out=_flag(second[3]),
            buffer_full=_flag(first[5]),
            under_temperature=_flag(first[10]),
            over_temperature=_flag(first[11]),
            formats_in_buffer=int(first[4]),
            labels_remaining=int(second[8]),
        )
    except ValueError as exc:
        raise HostStatusError(f"status field is not a number: {exc}") from exc


def _framed_strings(answer: bytes) -> list[str]:
    out = []
    rest = answer
    while (start := rest.find(STX)) >= 0:
        end = rest.find(ETX, start + 1)
        if end < 0:
            break
        out.append(rest[start + 1 : end].decode("ascii", errors="replace").strip())
        rest = rest[end + 1 :]
    return out


def _flag(text: str) -> bool:
    value = text.strip()
    if value not in ("0", "1"):
        raise ValueError(f"flag {value!r} is not 0 or 1")
    return value == "1"


@dataclass(frozen=True, slots=True)
class StatusReply:
    """The outcome of one status query: ``status`` when the printer answered, else ``problem``."""

    status: ZebraStatus | None
    problem: str


def query_host_status(host: str, port: int = 9100, timeout_s: float = 3) -> StatusReply:
    """Send ~HS and read the answer (three ETX-terminated strings) within ``timeout_s`` in total."""
    address = f"{host}:{port}"
    try:
        conn = socket.create_connection((host, port), timeout=timeout_s)
    except ConnectionRefusedError:
        return StatusReply(None, f"Printer {address} is offline (connection refused)")
    except TimeoutError:
        return StatusReply(None, f"Printer {address} is offline (no answer within {timeout_s:g} s)")
    except socket.gaierror:
        return StatusReply(None, f"Printer address {host!r} could not be found (check the name)")
    except OSError as exc:
        return StatusReply(None, f"Printer {address} is offline ({exc.strerror or exc})")
    deadline = time.monotonic() + timeout_s
    answer = b""
    with conn:
        try:
            conn.sendall(HOST_STATUS_QUERY)
            while answer.count(ETX) < 3:
                left = deadline - time.monotonic()
                if left <= 0:
                    raise TimeoutError
                conn.settimeout(left)
                chunk = conn.recv(1024)
                if not chunk:
                    break
                answer += chunk
        except TimeoutError:
            if answer.count(ETX) < 2:
                return StatusReply(
                    None,
                    f"Printer {address} is not ready: it did not answer the status query within "
                    f"{timeout_s:g} s (a Zebra stays silent when {SILENT_CAUSES})",
                )
        except OSError as exc:
            return StatusReply(None, f"Printer {address} dropped the status query ({exc.strerror or exc})")
        with contextlib.suppress(OSError):
            conn.shutdown(socket.SHUT_RDWR)
    try:
        return StatusReply(parse_host_status(answer), "")
    except HostStatusError as exc:
        return StatusReply(None, f"Printer {address} gave an unreadable status answer ({exc})")


class ZebraTcpPrinter(Tcp9100Printer):
    """TCP 9100 with a ~HS check first: a label is only sent to a printer that says it can print it."""

    def __init__(
        self,
        host: str,
        port: int = 9100,
        timeout_s: float = 5,
        name: str | None = None,
        dpi: int = 203,
        status_timeout_s: float = 3,
    ) -> None:
        super().__init__(host, port, timeout_s=timeout_s, name=name, dpi=dpi)
        self.status_timeout_s = status_timeout_s

    def status(self) -> StatusReply:
        return query_host_status(self.host, self.port, self.status_timeout_s)

    def send(self, job: PrintJob, pdf: bytes, zpl: str) -> PrintResult:
        reply = self.status()
        if reply.status is None:
            return PrintResult(False, f"{reply.problem}; label {job.job_id} was not sent")
        if not reply.status.ready:
            problems = "; ".join(reply.status.problems)
            return PrintResult(
                False, f"Printer {self.address} cannot print: {problems}; label {job.job_id} was not sent"
            )
        return super().send(job, pdf, zpl)
