"""A label sent again after a crash says it may be a duplicate (issue 19, defect 7).

Sending is at least once: a crash between the printer taking a label and the outcome being saved
sends it again at the next start. That second label carries a "COPY" marking, worked out from the
job's attempt count, and the label history shows it; a label whose earlier attempts all failed for
certain (the printer refused) is not marked.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import FixedClock, make_settings
from test_db_print_queue import _CrashingPrinter, dead_port, decide_one

from returnstation.bootstrap import Station, open_station
from returnstation.printing.printers import PdfFolderPrinter, PrintJob, PrintResult, Tcp9100Printer

pytestmark = pytest.mark.db


class _RecordingPrinter(PdfFolderPrinter):
    """The real PDF folder printer, remembering the fields of each label it took."""

    def __init__(self, folder: Path) -> None:
        super().__init__(folder)
        self.fields: list[dict[str, str]] = []

    def send(self, job: PrintJob, pdf: bytes, zpl: str) -> PrintResult:
        self.fields.append(dict(job.fields))
        return super().send(job, pdf, zpl)


def _pdf_text(path: Path) -> str:
    import pypdfium2

    pdf = pypdfium2.PdfDocument(str(path))
    try:
        return str(pdf[0].get_textpage().get_text_range())
    finally:
        pdf.close()


def test_the_label_sent_again_after_a_crash_is_marked_copy(
    tmp_path: Path, db_url: str, clock: FixedClock
) -> None:
    settings = make_settings(tmp_path, db_url)
    first = open_station(settings, clock=clock)
    try:
        decided = decide_one(first)
        first.printing.printer = _CrashingPrinter()  # the printer took it; the process died before saving
        with pytest.raises(KeyboardInterrupt):
            first.printing.run_due_jobs()
    finally:
        first.close()
    again = open_station(settings, clock=clock)
    try:
        printer = _RecordingPrinter(tmp_path / "labels")
        again.printing.printer = printer
        again.printing.recover_interrupted()
        [printed] = again.printing.run_due_jobs()
        assert printed.status == "printed" and printed.attempts == 2
        assert printer.fields[0]["copy"] == "COPY - attempt 2"
        assert "COPY" in _pdf_text(Path(printed.output))
        [shown] = again.printing.history(item_id=decided.item_id)
        assert shown.copy_mark == "COPY - attempt 2"
    finally:
        again.close()


def test_a_first_label_and_one_after_refusals_are_not_marked(station: Station, tmp_path: Path) -> None:
    decided = decide_one(station)
    station.printing.printer = Tcp9100Printer("127.0.0.1", dead_port(), timeout_s=2)
    [failed] = station.printing.run_due_jobs()
    assert failed.status == "failed" and failed.copy_mark == ""
    printer = _RecordingPrinter(tmp_path / "labels")
    station.printing.printer = printer
    printed = station.printing.run(decided.job_id)
    assert printed.status == "printed" and printed.copy_mark == ""
    assert "copy" not in printer.fields[0] and "COPY" not in _pdf_text(Path(printed.output))


def test_printing_a_printed_job_again_is_marked_copy_and_the_history_says_so(
    station: Station, tmp_path: Path, qapp: object
) -> None:
    from PySide6.QtCore import Qt

    from returnstation.ui.print_history import COLUMNS, LabelHistoryModel

    decided = decide_one(station)
    printer = _RecordingPrinter(tmp_path / "labels")
    station.printing.printer = printer
    assert station.printing.run(decided.job_id).copy_mark == ""
    again = station.printing.run(decided.job_id)
    assert again.copy_mark == "COPY - attempt 2" and printer.fields[1]["copy"] == "COPY - attempt 2"
    [job] = station.printing.history(item_id=decided.item_id)
    printed_column = next(c for c in COLUMNS if c.header == "Printed")
    assert printed_column.text(job).endswith("(COPY)")
    model = LabelHistoryModel()
    model.set_rows([job])
    tip = model.data(model.index(0, 0), Qt.ItemDataRole.ToolTipRole)
    assert "COPY - attempt 2" in str(tip)
