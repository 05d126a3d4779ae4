"""The label queue on a real database: it never loses a label, through printer failures and restarts."""

from __future__ import annotations

import socket
from datetime import timedelta
from pathlib import Path
from typing import NamedTuple

import pytest
from conftest import FixedClock, make_settings
from sqlalchemy import select
from test_db_integration_support import routing_label_only

from returnstation.bootstrap import Station, open_station
from returnstation.domain.backoff import stable_fraction
from returnstation.domain.scan import Scan
from returnstation.printing.printers import PdfFolderPrinter, PrintJob, PrintResult, Tcp9100Printer
from returnstation.services.printing import JobStatus, JobView, PrintService, RetryPolicy
from returnstation.store.models import EventRow, PrintJobRow


class Done(NamedTuple):
    job_id: str
    item_id: int
    item_code: str


def decide_one(station: Station, rma: str = "RMA-100003", code: str = "LAP-14-PRO") -> Done:
    """Receive one item of ``rma`` and decide it with the best answers; returns its label job.

    The queue's mechanics are shown on the routing label alone: the labels a decision may add
    (return to customer, item label) are switched off here and tested in test_db_outcome_labels.py."""
    routing_label_only(station)
    parcel = station.receiving.scan_parcel(Scan(rma)).parcel
    assert parcel is not None
    pid = parcel.parcel_id
    assert station.receiving.scan_item(pid, Scan(code)).problem is None
    station.receiving.finish_parcel(pid)
    item = next(p for p in station.inspection.pending() if p.sku == code)
    form = station.inspection.form(item.item_id)
    answers = {c.id: c.answers[0].value for c in form.checklist.checks}
    decided = station.inspection.decide(item.item_id, answers)
    assert decided.label_job_id is not None
    return Done(decided.label_job_id, item.item_id, item.item_code)


def dead_port() -> int:
    with socket.socket() as s:  # bound, never listening: connecting is refused at once
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def decode_pdf(path: Path) -> list[str]:
    import pypdfium2
    import zxingcpp

    pdf = pypdfium2.PdfDocument(str(path))
    try:
        image = pdf[0].render(scale=300 / 72, grayscale=True).to_pil()
        return [r.text for r in zxingcpp.read_barcodes(image)]
    finally:
        pdf.close()


def event_types(station: Station, job_id: str) -> list[str]:
    with station.session_factory() as s:
        rows = s.scalars(select(EventRow).where(EventRow.type.like("label_%")).order_by(EventRow.id))
        return [r.type for r in rows if r.payload.get("job") == job_id]


def test_a_failed_job_is_retried_after_its_back_off_and_printed_when_the_printer_is_back(
    station: Station, clock: FixedClock
) -> None:
    decided = decide_one(station)
    job_id = decided.job_id
    assert [j.job_id for j in station.printing.due_jobs()] == [job_id]  # queued: due at once
    good = station.printing.printer
    station.printing.printer = Tcp9100Printer("127.0.0.1", dead_port(), timeout_s=2)

    [failed] = station.printing.run_due_jobs()
    assert (failed.job_id, failed.status, failed.attempts) == (job_id, "failed", 1)
    assert "offline" in failed.last_error and "connection refused" in failed.last_error
    jitter = stable_fraction(job_id)  # the job's own share of the back-off's 20 % jitter
    assert failed.next_attempt_at == clock.now + timedelta(seconds=15 * (1 - 0.2 * jitter))
    assert station.printing.due_jobs() == []  # backing off
    clock.now = failed.next_attempt_at - timedelta(seconds=1)
    assert station.printing.run_due_jobs() == []

    clock.advance(seconds=1)
    [second] = station.printing.run_due_jobs()  # still offline: the next wait doubles
    assert (second.status, second.attempts) == ("failed", 2)
    assert second.next_attempt_at == clock.now + timedelta(seconds=30 * (1 - 0.2 * jitter))

    station.printing.printer = good  # the printer is back; the worker's next due round prints it
    clock.advance(seconds=30)
    [printed] = station.printing.run_due_jobs()
    assert (printed.status, printed.attempts, printed.last_error) == ("printed", 3, "")
    assert printed.next_attempt_at is None and printed.printer == good.name
    assert station.printing.pending_jobs() == []
    assert decode_pdf(Path(printed.output)) == [decided.item_code]
    assert event_types(station, job_id) == ["label_queued", "label_failed", "label_failed", "label_printed"]


def test_retry_failed_sends_at_once_and_a_job_past_its_automatic_attempts_waits_for_a_person(
    station: Station, clock: FixedClock
) -> None:
    decided = decide_one(station)
    good = station.printing.printer
    station.printing.retry = RetryPolicy(first_delay_s=10, factor=3, max_delay_s=60, max_auto_attempts=2)
    station.printing.printer = Tcp9100Printer("127.0.0.1", dead_port(), timeout_s=2)
    station.printing.run(decided.job_id)
    clock.advance(seconds=10)
    [job] = station.printing.run_due_jobs()
    assert job.attempts == 2 and job.next_attempt_at is None and job.needs_attention
    clock.advance(days=1)
    assert station.printing.due_jobs() == []  # never retried by itself again...
    assert [j.job_id for j in station.printing.pending_jobs()] == [decided.job_id]  # ...nor lost

    station.printing.printer = good
    assert station.printing.retry_failed() == [decided.job_id]
    [queued] = station.printing.pending_jobs()
    assert queued.status == "queued" and "offline" in queued.last_error  # the reason stays visible
    [printed] = station.printing.run_due_jobs()
    assert (printed.status, printed.attempts) == ("printed", 3)
    assert event_types(station, decided.job_id)[-2:] == ["label_retry_requested", "label_printed"]


def test_the_worker_stops_at_the_first_refusal_and_keeps_the_rest_queued(station: Station) -> None:
    first = decide_one(station, "RMA-100003", "LAP-14-PRO")
    second = decide_one(station, "RMA-100007", "PHN-CASE-S")
    station.printing.printer = Tcp9100Printer("127.0.0.1", dead_port(), timeout_s=2)
    done = station.printing.run_due_jobs()
    assert [(j.job_id, j.status) for j in done] == [(first.job_id, "failed")]
    statuses = {j.job_id: j.status for j in station.printing.pending_jobs()}
    assert statuses == {first.job_id: "failed", second.job_id: "queued"}


def test_a_queued_job_survives_a_restart_and_is_printed_by_the_next_station(
    tmp_path: Path, db_url: str, clock: FixedClock
) -> None:
    settings = make_settings(tmp_path, db_url)
    first = open_station(settings, clock=clock)
    try:
        decided = decide_one(first)  # decided, label queued, and the station stops before the worker ran
    finally:
        first.close()

    again = open_station(settings, clock=clock)  # a new engine and services on the same database
    try:
        assert again.printing.recover_interrupted() == []
        [printed] = again.printing.run_due_jobs()
        assert (printed.job_id, printed.status, printed.attempts) == (decided.job_id, "printed", 1)
        assert decode_pdf(Path(printed.output)) == [decided.item_code]
    finally:
        again.close()


class _CrashingPrinter:
    """Dies while talking to the printer, as a process killed mid-send would (not an Exception)."""

    name = "crashing printer"

    def send(self, job: PrintJob, pdf: bytes, zpl: str) -> PrintResult:
        raise KeyboardInterrupt


def test_a_job_interrupted_while_sending_is_sent_again_after_the_restart(
    tmp_path: Path, db_url: str, clock: FixedClock
) -> None:
    settings = make_settings(tmp_path, db_url)
    first = open_station(settings, clock=clock)
    try:
        decided = decide_one(first)
        first.printing.printer = _CrashingPrinter()
        with pytest.raises(KeyboardInterrupt):
            first.printing.run_due_jobs()
        [stuck] = first.printing.pending_jobs()
        assert stuck.status == "sending"
        assert first.printing.due_jobs() == []  # nobody else takes it while the sender may still be alive
    finally:
        first.close()

    again = open_station(settings, clock=clock)
    try:
        assert again.printing.recover_interrupted() == [decided.job_id]
        [printed] = again.printing.run_due_jobs()
        # the interrupted hand-over counts: it may have printed (the label says COPY, test_db_print_copy)
        assert printed.status == "printed" and printed.attempts == 2
        assert event_types(again, decided.job_id)[-2:] == ["label_requeued", "label_printed"]
    finally:
        again.close()


def test_a_stale_sending_claim_expires_after_the_lease(station: Station, clock: FixedClock) -> None:
    decided = decide_one(station)
    good = station.printing.printer
    station.printing.printer = _CrashingPrinter()
    with pytest.raises(KeyboardInterrupt):
        station.printing.run(decided.job_id)
    station.printing.printer = good
    clock.advance(minutes=4)
    assert station.printing.due_jobs() == []
    clock.advance(minutes=2)
    [printed] = station.printing.run_due_jobs()
    assert printed.status == "printed"


class _ReentrantPrinter(PdfFolderPrinter):
    """While it prints, a second worker asks to send the same job (the bench's button and the worker)."""

    def __init__(self, folder: Path) -> None:
        super().__init__(folder)
        self.service: PrintService | None = None
        self.second_answer: JobView | None = None
        self.sent: list[str] = []

    def send(self, job: PrintJob, pdf: bytes, zpl: str) -> PrintResult:
        assert self.service is not None
        self.second_answer = self.service.run(job.job_id)
        self.sent.append(job.job_id)
        return super().send(job, pdf, zpl)


def test_a_job_is_never_sent_twice_at_the_same_time(station: Station, tmp_path: Path) -> None:
    decided = decide_one(station)
    printer = _ReentrantPrinter(tmp_path / "labels")
    printer.service = station.printing
    station.printing.printer = printer
    done = station.printing.run(decided.job_id)
    assert printer.sent == [decided.job_id]
    assert printer.second_answer is not None
    assert printer.second_answer.status == "sending" and "being sent" in printer.second_answer.message
    assert (done.status, done.attempts) == ("printed", 1)


def test_reprint_makes_a_new_job_with_the_same_label_and_a_note(station: Station, clock: FixedClock) -> None:
    decided = decide_one(station)
    original = station.printing.run(decided.job_id)
    clock.advance(minutes=30)

    by_item = station.printing.reprint(decided.item_id)
    by_job = station.printing.reprint(original.job_id)
    assert len({original.job_id, by_item, by_job}) == 3
    history = station.printing.history(item_id=decided.item_id)
    assert [j.job_id for j in history] == [by_job, by_item, original.job_id]  # newest first
    newest = history[0]
    assert newest.status == "queued" and newest.reprint_of == original.job_id
    assert newest.message == f"Reprint of label {original.job_id}"
    assert newest.fields == original.fields  # the same label, printed_at included
    assert history[2].status == "printed" and history[2].reprint_of is None  # the original is untouched

    reprinted = station.printing.run(by_item)
    assert reprinted.status == "printed" and reprinted.output != original.output
    assert decode_pdf(Path(reprinted.output)) == [decided.item_code]
    with station.session_factory() as s:
        event = s.scalars(select(EventRow).where(EventRow.type == "label_reprint_queued")).first()
        assert event is not None
        assert event.payload == {"job": by_item, "reprint_of": original.job_id, "template": "routing_4x6"}
        assert (event.subject_id, event.station, event.user) == (decided.item_id, "bench-7", "ana")
    with pytest.raises(KeyError):
        station.printing.reprint(999_999)


def test_each_bench_sends_only_its_own_jobs(tmp_path: Path, db_url: str, clock: FixedClock) -> None:
    bench7 = open_station(make_settings(tmp_path, db_url), clock=clock)
    bench9 = open_station(make_settings(tmp_path, db_url, station="bench-9"), clock=clock)
    try:
        decided = decide_one(bench7)
        assert bench9.printing.due_jobs() == [] and bench9.printing.run_due_jobs() == []
        assert [j.job_id for j in bench9.printing.pending_jobs(all_stations=True)] == [decided.job_id]
        bench7.printing.run(decided.job_id)
        reprint = bench9.printing.reprint(decided.item_id)  # asked for at bench 9: printed there
        assert bench7.printing.due_jobs() == []
        [printed] = bench9.printing.run_due_jobs()
        assert (printed.job_id, printed.station, printed.status) == (reprint, "bench-9", "printed")
    finally:
        bench9.close()
        bench7.close()


def test_a_template_error_fails_the_job_without_stopping_the_worker(station: Station) -> None:
    broken = decide_one(station, "RMA-100003", "LAP-14-PRO")
    fine = decide_one(station, "RMA-100007", "PHN-CASE-S")
    with station.session_factory() as s:
        row = s.scalars(select(PrintJobRow).where(PrintJobRow.job_id == broken.job_id)).one()
        row.template = "no_such_template"
        s.commit()
    done = {j.job_id: j for j in station.printing.run_due_jobs()}
    assert done[broken.job_id].status == JobStatus.FAILED
    assert "could not be rendered" in done[broken.job_id].message
    assert done[fine.job_id].status == JobStatus.PRINTED
