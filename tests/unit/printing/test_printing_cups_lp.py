"""CUPS through `lp`: a fake `lp` script on PATH records what it was given, as a real spooler would get it."""

from __future__ import annotations

import os
import stat
import sys
from pathlib import Path

import pytest
from label_scan_helpers import SAMPLE_FIELDS

from returnstation.printing.cups import CupsPrinter
from returnstation.printing.factory import printer_from_setting
from returnstation.printing.label_pdf import render_label_pdf
from returnstation.printing.label_zpl import render_label_zpl
from returnstation.printing.printers import PrintJob
from returnstation.printing.qt_printer import QtSystemPrinter
from returnstation.printing.templates import load_label_template

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="the fake lp is a POSIX shell script")

JOB = PrintJob(job_id="job-0007", template="routing_4x6", fields=SAMPLE_FIELDS["routing_4x6"])

# Behaves like CUPS' lp: the queue "Zebra_ZD421" exists, "Paused_Queue" rejects jobs, others are unknown.
FAKE_LP = """#!/bin/sh
printf '%s\\n' "$@" > "$LP_RECORD/args"
cat > "$LP_RECORD/stdin"
[ -n "$LP_SLEEP" ] && sleep "$LP_SLEEP"
case "$2" in
  Zebra_ZD421|Office_Laser) echo "request id is $2-42 (1 file(s))" ;;
  Paused_Queue) echo "lp: Destination \\"Paused_Queue\\" is not accepting jobs." >&2; exit 1 ;;
  *) echo "lp: The printer or class does not exist." >&2; exit 1 ;;
esac
"""


@pytest.fixture
def fake_lp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A bin folder with the fake `lp` first on PATH; returns the folder where it records its input."""
    bin_dir, record = tmp_path / "bin", tmp_path / "lp-record"
    bin_dir.mkdir()
    record.mkdir()
    lp = bin_dir / "lp"
    lp.write_text(FAKE_LP)
    lp.chmod(lp.stat().st_mode | stat.S_IXUSR)
    monkeypatch.setenv("PATH", f"{bin_dir}{os.pathsep}{os.environ.get('PATH', '')}")
    monkeypatch.setenv("LP_RECORD", str(record))
    monkeypatch.delenv("LP_SLEEP", raising=False)
    return record


def lp_args(record: Path) -> list[str]:
    return (record / "args").read_text().splitlines()


@pytest.fixture(scope="module")
def rendered() -> tuple[bytes, str]:
    template = load_label_template(JOB.template)
    return render_label_pdf(template, JOB.fields), render_label_zpl(template, JOB.fields)


def test_raw_zpl_goes_to_the_queue_byte_for_byte(fake_lp: Path, rendered: tuple[bytes, str]) -> None:
    result = CupsPrinter("Zebra_ZD421").send(JOB, *rendered)
    assert result.ok, result.message
    assert result.message == "Label job-0007 accepted by CUPS queue Zebra_ZD421 as request Zebra_ZD421-42"
    assert lp_args(fake_lp) == ["-d", "Zebra_ZD421", "-t", "job-0007", "-o", "raw"]
    assert (fake_lp / "stdin").read_bytes() == rendered[1].encode("utf-8")


def test_copies_of_a_raw_label_are_asked_of_the_printer(fake_lp: Path, rendered: tuple[bytes, str]) -> None:
    job = PrintJob(job_id="job-0008", template=JOB.template, fields=JOB.fields, copies=3)
    assert CupsPrinter("Zebra_ZD421").send(job, *rendered).ok
    assert (fake_lp / "stdin").read_text(encoding="utf-8").endswith("^PQ3\n^XZ\n")


def test_pdf_format_sends_the_pdf_through_the_cups_filters(
    fake_lp: Path, rendered: tuple[bytes, str]
) -> None:
    job = PrintJob(job_id="job-0009", template=JOB.template, fields=JOB.fields, copies=2)
    printer = printer_from_setting("cups:Office_Laser?format=pdf", Path("."))
    assert isinstance(printer, CupsPrinter)
    assert printer.send(job, *rendered).ok
    assert lp_args(fake_lp) == ["-d", "Office_Laser", "-t", "job-0009", "-n", "2"]
    assert (fake_lp / "stdin").read_bytes() == rendered[0]


def test_an_unknown_queue_is_named_in_the_message(fake_lp: Path, rendered: tuple[bytes, str]) -> None:
    result = CupsPrinter("Zebra_Typo").send(JOB, *rendered)
    assert not result.ok
    assert result.message.startswith(
        "CUPS has no printer queue named 'Zebra_Typo' (lpstat -p lists the queues): "
        "lp: The printer or class does not exist."
    )


def test_a_queue_that_rejects_jobs_says_how_to_enable_it(fake_lp: Path, rendered: tuple[bytes, str]) -> None:
    result = CupsPrinter("Paused_Queue").send(JOB, *rendered)
    assert not result.ok
    assert "is not accepting jobs (enable it with cupsaccept Paused_Queue)" in result.message


def test_a_hung_lp_times_out(
    fake_lp: Path, rendered: tuple[bytes, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("LP_SLEEP", "5")
    result = CupsPrinter("Zebra_ZD421", timeout_s=0.5).send(JOB, *rendered)
    assert not result.ok
    assert result.message == (
        "CUPS queue Zebra_ZD421 did not take label job-0007 within 0.5 s (is the CUPS service running?); "
        "print it again"
    )


def test_a_pc_without_cups_gets_a_clear_message(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, rendered: tuple[bytes, str]
) -> None:
    monkeypatch.setenv("PATH", str(tmp_path / "empty-bin"))
    result = CupsPrinter("Zebra_ZD421").send(JOB, *rendered)
    assert not result.ok
    assert "the 'lp' command was not found" in result.message and "cups-client" in result.message


@pytest.mark.parametrize("queue", ["", "-oraw", "two words", "a/b"])
def test_queue_names_that_lp_would_misread_are_refused(queue: str) -> None:
    with pytest.raises(ValueError, match="CUPS queue name"):
        CupsPrinter(queue)


def test_setting_strings_for_cups_and_system_printers(tmp_path: Path) -> None:
    cups = printer_from_setting("cups:Zebra_ZD421?dpi=300", tmp_path)
    assert isinstance(cups, CupsPrinter)
    assert (cups.queue, cups.label_format, cups.dpi) == ("Zebra_ZD421", "zpl", 300)
    assert cups.name == "CUPS queue Zebra_ZD421"
    default = printer_from_setting("system", tmp_path)
    named = printer_from_setting("system:Office Laser 2", tmp_path)
    assert isinstance(default, QtSystemPrinter) and default.printer_name is None
    assert isinstance(named, QtSystemPrinter) and named.printer_name == "Office Laser 2"
    assert named.name == "System printer Office Laser 2"
    with pytest.raises(ValueError, match="format must be zpl or pdf"):
        printer_from_setting("cups:Q?format=png", tmp_path)


def test_making_a_system_printer_does_not_load_qt() -> None:
    import subprocess

    code = (
        "import sys\n"
        "from pathlib import Path\n"
        "from returnstation.printing.factory import printer_from_setting\n"
        "printer_from_setting('system:X', Path('.')); printer_from_setting('cups:Q', Path('.'))\n"
        "print(sorted(m for m in sys.modules if m.startswith('PySide6')))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]"
