"""Label queue rules on the in-memory unit of work: who prints a job, back-off, recovery and reprints.

The labels are rendered for real and sent to a PDF folder; the failing printer below stands in for the
hardware. tests/db/test_db_print_queue.py and test_db_print_history.py keep the database's part (the
claim race between two workers, the history search).
"""

from __future__ import annotations

from datetime import datetime, timedelta
from decimal import Decimal
from pathlib import Path

import pytest
from fakes import FakeStore

from returnstation.domain.backoff import stable_fraction
from returnstation.domain.enums import Disposition
from returnstation.domain.inspection import Decision
from returnstation.printing.printers import LabelPrinter, PdfFolderPrinter, PrintJob, PrintResult
from returnstation.services.inspection import PendingItem, item_code
from returnstation.services.printing import JobStatus, PrintService, queue_routing_label
from returnstation.services.results import StationContext

START = datetime(2026, 11, 23, 9, 0)


class Clock:
    def __init__(self) -> None:
        self.now = START

    def __call__(self) -> datetime:
        return self.now


class OutOfPaper:
    """A printer that refuses every label, as one out of paper does."""

    name = "Zebra bench-1"

    def __init__(self) -> None:
        self.sent: list[str] = []

    def send(self, job: PrintJob, pdf: bytes, zpl: str) -> PrintResult:
        self.sent.append(job.job_id)
        return PrintResult(False, "out of paper")


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def store() -> FakeStore:
    return FakeStore()


def decided(store: FakeStore, item_id: int, station: str = "bench-1") -> str:
    """Queue the routing label of a decided item, as ``InspectionService.decide`` does; its job id."""
    item = PendingItem(
        item_id=item_id,
        item_code=item_code(item_id),
        sku="LAP-14-PRO",
        description="Laptop 14 Pro",
        category="electronics",
        rma_number="RMA-100003",
        order_number="SO-1",
        reason_code="defective",
        unit_value=Decimal("899.00"),
        received_at=START,
    )
    decision = Decision(Disposition.REFURBISH, "REFURB-REPAIR", "r1", "Repairable fault", "v1")
    with store.uow() as uow:
        job_id = queue_routing_label(uow, item, "C", decision, StationContext(station, "ivo"), START)
        uow.commit()
    return job_id


def printing(store: FakeStore, clock: Clock, printer: LabelPrinter, station: str = "bench-1") -> PrintService:
    return PrintService(None, StationContext(station, "ivo"), printer, clock=clock, uow_factory=store.uow)


def test_the_deciding_station_prints_its_label(store: FakeStore, clock: Clock, tmp_path: Path) -> None:
    job_id = decided(store, 7)
    assert printing(store, clock, PdfFolderPrinter(tmp_path), "bench-2").run_due_jobs() == []  # not its label
    [done] = printing(store, clock, PdfFolderPrinter(tmp_path)).run_due_jobs()
    assert (done.job_id, done.status, done.attempts, done.item_code) == (
        job_id,
        JobStatus.PRINTED,
        1,
        "RSI-000007",
    )
    # named by the item's code and the job, so the folder can be searched by the code on the item
    assert (tmp_path / f"RSI-000007_{job_id[:12]}.pdf").read_bytes().startswith(b"%PDF")
    assert [e.type for e in store.events] == ["label_queued", "label_printed"]


def test_a_refused_label_waits_longer_after_each_failure_and_the_worker_stops_at_the_first(
    store: FakeStore, clock: Clock
) -> None:
    first, second = decided(store, 7), decided(store, 8)
    printer = OutOfPaper()
    svc = printing(store, clock, printer)
    [failed] = svc.run_due_jobs()  # the second would only wait for the same printer
    assert printer.sent == [first] and failed.last_error == "out of paper"
    jitter = stable_fraction(first)  # the job's own share of the back-off's 20 % jitter
    wait_1, wait_2 = (timedelta(seconds=s * (1 - 0.2 * jitter)) for s in (15, 30))
    assert failed.next_attempt_at == START + wait_1
    clock.now = START + wait_1 - timedelta(seconds=1)
    assert [j.job_id for j in svc.due_jobs()] == [second]
    clock.now = START + wait_1
    assert [j.job_id for j in svc.due_jobs()] == [first, second]
    svc.run_due_jobs()
    clock.now += wait_2 - timedelta(seconds=1)
    assert [j.job_id for j in svc.due_jobs()] == [second]  # 30 s (less jitter) after the second failure
    assert svc.failed_count() == 1 and svc.failed_count(all_stations=True) == 1

    assert svc.retry_failed() == [first]  # a person pressed "retry": due at once
    assert [j.job_id for j in svc.due_jobs()] == [first, second]
    assert store.of_type("label_retry_requested")[0].payload["last_error"] == "out of paper"


def test_a_label_another_worker_is_sending_is_left_alone_until_its_lease_runs_out(
    store: FakeStore, clock: Clock, tmp_path: Path
) -> None:
    job_id = decided(store, 7)
    store.print_jobs[0].status, store.print_jobs[0].updated_at = JobStatus.SENDING.value, START
    svc = printing(store, clock, PdfFolderPrinter(tmp_path))
    busy = svc.run(job_id)
    assert busy.status == JobStatus.SENDING and busy.message.endswith(
        "being sent by another worker right now"
    )
    clock.now = START + timedelta(minutes=5, seconds=1)
    assert svc.run(job_id).status == JobStatus.PRINTED


def test_at_start_only_this_stations_interrupted_labels_are_queued_again(
    store: FakeStore, clock: Clock
) -> None:
    mine, theirs = decided(store, 7), decided(store, 8, station="bench-2")
    for job in store.print_jobs:
        job.status = JobStatus.SENDING.value
    assert printing(store, clock, OutOfPaper()).recover_interrupted() == [mine]
    assert [j.status for j in store.print_jobs] == [JobStatus.QUEUED, JobStatus.SENDING]
    assert store.of_type("label_requeued")[0].payload == {"job": mine, "why": "interrupted while sending"}
    assert store.print_jobs[1].job_id == theirs


def test_a_reprint_repeats_the_label_for_the_station_that_asked(
    store: FakeStore, clock: Clock, tmp_path: Path
) -> None:
    original = decided(store, 7, station="bench-2")
    svc = printing(store, clock, PdfFolderPrinter(tmp_path))
    again = svc.reprint(7)  # by item: its latest label
    assert svc.reprint(original) != again
    view = svc.latest_for_item(7)
    assert view is not None and (view.reprint_of, view.station) == (original, "bench-1")
    [new] = [j for j in svc.history(item_id=7) if j.job_id == again]
    assert new.message == f"Reprint of label {original}" and dict(new.fields)["disposition"] == "REFURBISH"
    assert [j.job_id for j in svc.history(search="rsi-000007")][-1] == original
    for unknown in (8, "no-such-job"):
        with pytest.raises(KeyError):
            svc.reprint(unknown)


def test_print_again_queues_every_label_first_and_sends_them_in_order_until_a_refusal(
    store: FakeStore, clock: Clock, tmp_path: Path
) -> None:
    first, second = decided(store, 7), decided(store, 8)
    svc = printing(store, clock, PdfFolderPrinter(tmp_path))
    outcome = svc.print_again([second, 7])  # a job id, then an item (its latest label)
    assert [j.reprint_of for j in outcome.sent] == [second, first]
    assert outcome.queued == tuple(j.job_id for j in outcome.printed) and outcome.refused is None
    with pytest.raises(KeyError):  # a wrong one queues nothing, not half the batch
        svc.print_again([first, "no-such-job"])
    assert len(store.print_jobs) == 4

    refusing = printing(store, clock, OutOfPaper())
    stopped = refusing.print_again([first, second])
    assert len(stopped.queued) == 2 and [j.job_id for j in stopped.sent] == [stopped.queued[0]]
    assert stopped.refused is not None and stopped.refused.last_error == "out of paper"
    assert refusing.send_failed_now().queued == (stopped.queued[0],)
