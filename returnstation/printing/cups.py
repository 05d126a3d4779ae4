"""A CUPS print queue, fed through the ``lp`` command: raw ZPL for thermal printers, or the label PDF.

``lp -d QUEUE -o raw`` hands the ZPL bytes to the printer unfiltered. Without ``-o raw`` a queue that
runs a ZPL driver prints the ZPL *text* (apple/cups #5364), so raw is the default. A queue for an
ordinary office printer takes the PDF instead (``cups:QUEUE?format=pdf``) and CUPS filters it.

Success means CUPS accepted the whole job into its spool (``lp`` exits 0 and prints a request id), the
most a CUPS client can know; what the printer then does shows in ``lpstat``. ``lp`` runs with a timeout
so a hung CUPS server cannot freeze the print worker. CUPS 3 drops raw queues (apple/cups #5271):
for new set-ups prefer ``tcp://`` straight to the printer.
"""

from __future__ import annotations

import re
import subprocess
from typing import Literal

from returnstation.printing.label_zpl import with_copies
from returnstation.printing.printers import PrintJob, PrintResult

LP_COMMAND = "lp"
_REQUEST_ID_RE = re.compile(r"request id is (\S+)")
_UNKNOWN_QUEUE_HINTS = ("does not exist", "unknown printer", "no such printer")
_NOT_ACCEPTING_HINTS = ("not accepting",)

LabelFormat = Literal["zpl", "pdf"]


class CupsPrinter:
    """Sends each label as one ``lp`` job to ``queue`` (raw ZPL by default)."""

    def __init__(
        self,
        queue: str,
        *,
        label_format: LabelFormat = "zpl",
        dpi: int = 203,
        timeout_s: float = 15,
        lp_command: str = LP_COMMAND,
        name: str | None = None,
    ) -> None:
        if not queue or queue.startswith("-") or any(c.isspace() or c in "/#" for c in queue):
            raise ValueError(f"CUPS queue name {queue!r} is not valid (no spaces, '/', '#' or leading '-')")
        self.queue = queue
        self.label_format = label_format
        self.dpi = dpi  # the resolution ZPL is rendered for
        self.timeout_s = timeout_s
        self.lp_command = lp_command
        self.name = name or f"CUPS queue {queue}"

    def command(self, job: PrintJob) -> list[str]:
        args = [self.lp_command, "-d", self.queue, "-t", job.job_id]
        if self.label_format == "zpl":
            return [*args, "-o", "raw"]
        return [*args, "-n", str(job.copies)]  # PDF copies are the spooler's job; ZPL uses ^PQ

    def send(self, job: PrintJob, pdf: bytes, zpl: str) -> PrintResult:
        try:
            payload = with_copies(zpl, job.copies).encode("utf-8") if self.label_format == "zpl" else pdf
        except ValueError as exc:
            return PrintResult(False, f"Label {job.job_id} was not printed: {exc}")
        try:
            done = subprocess.run(
                self.command(job), input=payload, capture_output=True, timeout=self.timeout_s, check=False
            )
        except FileNotFoundError:
            return PrintResult(
                False,
                f"Cannot print to {self.name}: the '{self.lp_command}' command was not found "
                "(install CUPS, e.g. the cups-client package, or choose another printer)",
            )
        except subprocess.TimeoutExpired:
            return PrintResult(
                False,
                f"{self.name} did not take label {job.job_id} within {self.timeout_s:g} s "
                "(is the CUPS service running?); print it again",
            )
        except OSError as exc:
            reason = exc.strerror or exc
            return PrintResult(False, f"Cannot run '{self.lp_command}' for {self.name}: {reason}")
        err = _text(done.stderr)
        if done.returncode != 0:
            return PrintResult(False, self._refused(err, done.returncode))
        match = _REQUEST_ID_RE.search(_text(done.stdout))
        request = f" as request {match.group(1)}" if match else ""
        return PrintResult(True, f"Label {job.job_id} accepted by {self.name}{request}")

    def _refused(self, err: str, code: int) -> str:
        lowered = err.lower()
        if any(hint in lowered for hint in _UNKNOWN_QUEUE_HINTS):
            return f"CUPS has no printer queue named {self.queue!r} (lpstat -p lists the queues): {err}"
        if any(hint in lowered for hint in _NOT_ACCEPTING_HINTS):
            return f"{self.name} is not accepting jobs (enable it with cupsaccept {self.queue}): {err}"
        reason = err or f"lp exited with status {code}"
        return f"{self.name} refused the label: {reason}"


def _text(raw: bytes) -> str:
    return raw.decode("utf-8", errors="replace").strip()
