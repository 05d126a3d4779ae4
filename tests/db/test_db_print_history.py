"""The label history a supervisor reprints from, on a real database: order, filters, search, reprints."""

from __future__ import annotations

from pathlib import Path
from typing import NamedTuple

import pytest
from conftest import FixedClock
from test_db_integration_support import routing_label_only

from returnstation.bootstrap import Station
from returnstation.domain.scan import Scan
from returnstation.printing.printers import PdfFolderPrinter
from returnstation.store import repo_print_jobs


class Decided(NamedTuple):
    job_id: str
    item_code: str


def decide(station: Station, rma: str, sku: str) -> Decided:
    """Receive one item of ``rma`` and decide it with the first answers; its label job is queued."""
    routing_label_only(station)
    parcel = station.receiving.scan_parcel(Scan(rma)).parcel
    assert parcel is not None
    assert station.receiving.scan_item(parcel.parcel_id, Scan(sku)).problem is None
    station.receiving.finish_parcel(parcel.parcel_id)
    item = next(p for p in station.inspection.pending() if p.sku == sku)
    form = station.inspection.form(item.item_id)
    decided = station.inspection.decide(
        item.item_id, {c.id: c.answers[0].value for c in form.checklist.checks}
    )
    assert decided.label_job_id is not None
    return Decided(decided.label_job_id, item.item_code)


class Bench(NamedTuple):
    laptop: Decided  # printed
    phone: Decided  # failed: the label folder cannot be created
    reprint_id: str  # queued: a reprint of the laptop's label


@pytest.fixture
def bench(station: Station, clock: FixedClock, tmp_path: Path) -> Bench:
    laptop = decide(station, "RMA-100003", "LAP-14-PRO")
    assert station.printing.run(laptop.job_id).status == "printed"
    clock.advance(minutes=1)
    phone = decide(station, "RMA-100007", "PHN-CASE-S")
    good = station.printing.printer
    (tmp_path / "not-a-folder").write_text("a file where the label folder should be")
    station.printing.printer = PdfFolderPrinter(tmp_path / "not-a-folder" / "labels")
    assert station.printing.run(phone.job_id).status == "failed"
    station.printing.printer = good
    clock.advance(minutes=1)
    return Bench(laptop, phone, station.printing.reprint(laptop.job_id))


def test_history_is_newest_first_and_says_what_each_label_is(
    station: Station, clock: FixedClock, bench: Bench
) -> None:
    reprint, phone, laptop = station.printing.history()
    assert [j.job_id for j in (reprint, phone, laptop)] == [
        bench.reprint_id,
        bench.phone.job_id,
        bench.laptop.job_id,
    ]
    assert reprint.created_at > phone.created_at > laptop.created_at

    assert (laptop.item_code, laptop.rma_number, laptop.template) == (
        bench.laptop.item_code,
        "RMA-100003",
        "routing_4x6",
    )
    assert (laptop.status, laptop.attempts, laptop.last_error, laptop.printer) == (
        "printed",
        1,
        "",
        "PDF folder",
    )
    assert laptop.printed_at == laptop.created_at and Path(laptop.output).is_file()
    assert laptop.reprint_of is None

    assert (phone.item_code, phone.rma_number, phone.status, phone.attempts) == (
        bench.phone.item_code,
        "RMA-100007",
        "failed",
        1,
    )
    assert "Could not save the label PDF" in phone.last_error and "Not a directory" in phone.last_error
    assert phone.printed_at is None

    assert reprint.reprint_of == bench.laptop.job_id
    assert (reprint.item_code, reprint.rma_number, reprint.status) == (
        bench.laptop.item_code,
        "RMA-100003",
        "queued",
    )
    assert reprint.printed_at is None and reprint.station == "bench-7"

    printed_again = station.printing.run(bench.reprint_id)
    assert printed_again.printed_at == clock.now
    [newest] = station.printing.history(limit=1)
    assert (newest.job_id, newest.status, newest.reprint_of) == (
        bench.reprint_id,
        "printed",
        bench.laptop.job_id,
    )


def test_history_filters_by_status(station: Station, bench: Bench) -> None:
    def ids(status: str | tuple[str, ...]) -> list[str]:
        return [j.job_id for j in station.printing.history(status=status)]

    assert ids("failed") == [bench.phone.job_id]
    assert ids("printed") == [bench.laptop.job_id]
    assert ids(("queued", "sending")) == [bench.reprint_id]
    assert ids(("failed", "printed")) == [bench.phone.job_id, bench.laptop.job_id]

    station.printing.retry_failed()  # the failed label goes back to the queue, its reason still shown
    assert ids("failed") == []
    [_reprint, queued_again] = station.printing.history(status=("queued", "sending"))
    assert queued_again.job_id == bench.phone.job_id and "Not a directory" in queued_again.last_error


@pytest.mark.parametrize("listed_rmas", [200, 0], ids=["rmas-listed", "rma-tested-on-each-label"])
def test_history_search_finds_item_code_rma_and_template(
    station: Station, bench: Bench, listed_rmas: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Few matching RMAs are looked up by their items, many are tested on each label: same answers.
    monkeypatch.setattr(repo_print_jobs, "_MAX_LISTED_RMAS", listed_rmas)

    def ids(search: str, **kw: object) -> list[str]:
        return [j.job_id for j in station.printing.history(search=search, **kw)]  # type: ignore[arg-type]

    laptop_jobs = [bench.reprint_id, bench.laptop.job_id]
    assert ids(bench.laptop.item_code) == laptop_jobs
    assert ids(f"  {bench.laptop.item_code.lower()} ") == laptop_jobs
    assert ids(bench.phone.item_code.removeprefix("RSI-").lstrip("0")) == [
        bench.phone.job_id
    ]  # the bare number
    assert ids("RMA-100007") == [bench.phone.job_id]
    assert ids("rma-10000") == [bench.reprint_id, bench.phone.job_id, bench.laptop.job_id]
    assert ids("100003") == laptop_jobs  # part of the RMA number
    assert ids("routing") == ids("") == ids("ROUTING_4X6")
    assert len(ids("")) == 3

    assert ids("RMA-999999") == []
    assert ids("%") == [] and ids("g%4") == []  # LIKE wildcards are plain characters here
    assert ids("g_4x6") == ids("routing")  # "_" too, and it still matches itself
    assert ids("rg_4") == []

    assert ids("RMA-100003", status="printed") == [bench.laptop.job_id]
    assert ids("RMA-100003", limit=1) == [bench.reprint_id]
    assert ids("RMA-100003", item_id=None, status="failed") == []
