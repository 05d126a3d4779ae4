"""The first-run setup's on-the-spot checks: does this database address connect, does this printer print.

Why here and not in the setup dialog: trying a setting means building what the station would build from
it (a throw-away engine, a printer, a rendered label), and the window builds none of those itself; the
composition of adapters stays below the UI. No Qt here: the dialog runs these on a worker thread.

The answers are facts, not sentences: the dialog words them in the bench's language. Messages that come
from an adapter (the printer's "saved to ...", a setting's ValueError, the driver's error line) are
passed on as the adapter wrote them, as before.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from sqlalchemy.engine import make_url

from returnstation.domain.errors import DatabaseUnavailable
from returnstation.printing.factory import printer_from_setting

TEST_LABEL = "tote_bin"  # the test page: a label every printer kind can print, with fields the caller fills


@dataclass(frozen=True, slots=True)
class DatabaseCheck:
    """What probing one address found. ``url`` is the address as tried (stripped of blanks)."""

    ok: bool
    url: str
    not_a_url: bool = False  # the text is no database address at all (nothing was tried)
    error: str = ""  # neither ok nor not_a_url: the driver's own first line, or why it is unreachable


@dataclass(frozen=True, slots=True)
class PrinterCheck:
    """What one test print did. ``failed_printer`` is set when the printer raised instead of answering:
    its name, and ``message`` is then the error; otherwise ``message`` is the printer's own answer (or
    why the setting cannot be used)."""

    ok: bool
    message: str
    failed_printer: str = ""


def is_database_url(url: str) -> bool:
    """True when SQLAlchemy understands ``url`` as a database address (nothing is connected)."""
    try:
        make_url(url)
    except Exception:
        return False
    return True


def check_database(url: str) -> DatabaseCheck:
    """Probe the address as the station will use it (store.health); never raises, the answer is shown."""
    address = url.strip()
    from returnstation.store.health import probe_database_url  # only when asked: the setup starts fast

    if not is_database_url(address):
        return DatabaseCheck(False, address, not_a_url=True)
    try:
        probe_database_url(address)
    except Exception as exc:
        return DatabaseCheck(False, address, error=_plain_error(exc))
    return DatabaseCheck(True, address)


def _plain_error(exc: BaseException) -> str:
    """The driver's own first line, without SQLAlchemy's wrapping and links (nor the bench's
    "your scan was kept" of an outage: there is no scan during setup)."""
    if isinstance(exc, DatabaseUnavailable):
        return exc.reason
    inner = getattr(exc, "orig", None) or exc
    lines = [line.strip() for line in str(inner).splitlines() if line.strip()]
    return lines[0] if lines else type(inner).__name__


def printer_setting_problem(setting: str, label_dir: Path) -> str | None:
    """Why the ``printer`` setting cannot be used (the factory's own words), or None when it can."""
    try:
        printer_from_setting(setting, label_dir)
    except ValueError as exc:
        return str(exc)
    return None


def print_test_page(printer_setting: str, label_dir: Path, fields: Mapping[str, str]) -> PrinterCheck:
    """Render the test label (TEST_LABEL) with ``fields`` and send it through the chosen printer; never
    raises: a printer problem is an answer to show, not a crash of the setup."""
    from returnstation.printing.label_pdf import render_label_pdf  # only when asked: the setup starts fast
    from returnstation.printing.label_zpl import render_label_zpl
    from returnstation.printing.printers import PrintJob
    from returnstation.printing.templates import load_label_template

    try:
        printer = printer_from_setting(printer_setting, label_dir)
    except ValueError as exc:
        return PrinterCheck(False, str(exc))
    job = PrintJob(job_id=f"test-page-{datetime.now():%Y%m%d-%H%M%S}", template=TEST_LABEL, fields=fields)
    try:
        dpi = int(getattr(printer, "dpi", 203))
        template = load_label_template(TEST_LABEL)
        pdf = render_label_pdf(template, fields, dpi=dpi)
        result = printer.send(job, pdf, render_label_zpl(template, fields, dpi))
    except Exception as exc:
        return PrinterCheck(False, str(exc), failed_printer=printer.name)
    return PrinterCheck(result.ok, result.message)
