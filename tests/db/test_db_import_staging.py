"""A CSV import staged in chunks is seen whole or not at all, whatever stops it (issue 19, defect 5).

The import writes its RMAs in short transactions, staged and invisible, and publishes them in one
(store/rma_staging.py). Here, on both databases: between the chunks no read path finds any of them; a
process killed with SIGKILL half-way leaves nothing visible, and the file imports afterwards (once
the dead import's lease has run out), then counts as "already imported".
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from conftest import FixedClock
from sqlalchemy import event, func, select
from sqlalchemy.orm import Session

from returnstation.bootstrap import Station
from returnstation.domain.clock import utcnow
from returnstation.domain.scan import Scan
from returnstation.integration.feed_records import FeedFormat
from returnstation.services import rma_import
from returnstation.store.audit import verify_database
from returnstation.store.models import EventRow, RmaRow
from returnstation.store.rma_staging import LEASE, discard_abandoned, staged_count
from returnstation.store.uow import UnitOfWork

pytestmark = pytest.mark.db
ROOT = Path(__file__).resolve().parents[2]
HEADER = (
    "rma_number,order_number,customer,authorized_at,tracking_number,line_no,sku,gtin,description,"
    "quantity,unit_value,reason_code,expected_serials\n"
)


def _csv(count: int, first: int = 910000) -> str:
    """``count`` RMAs of two lines; every key a lookup can use is the RMA's own."""
    rows = [
        f"RMA-{n},SO-{n},Customer {n},2026-11-01,1ZST{n},{line},STG-{n}-{line},{_gtin(n, line)},"
        f"Item {n},1,9.95,defective,SER{n}{line}\n"
        for n in range(first, first + count)
        for line in (1, 2)
    ]
    return HEADER + "".join(rows)


def _gtin(n: int, line: int) -> str:
    body = f"40{n:09d}{line}"  # 12 digits: an EAN-13 with its check digit
    total = sum(int(d) * (3 if i % 2 else 1) for i, d in enumerate(body))
    return body + str((10 - total % 10) % 10)


def _seen(station: Station, numbers: list[str]) -> set[str]:
    """The RMAs of ``numbers`` that any read path finds: scan-to-match by RMA, tracking and order
    number, the number lookup, item-first by SKU, GTIN and serial, the mixed-box lookup, the import's
    duplicate check, the hold shelf's RMA search and a customer's return history."""
    found: set[str] = set()
    with UnitOfWork(station.session_factory) as uow:
        found |= uow.rmas.numbers_existing(numbers)
        for number in numbers:
            n = int(number.removeprefix("RMA-"))
            for code in (number, f"1ZST{n}", f"SO-{n}"):
                found.update(r.rma_number for r in uow.rmas.find_by_code(code))
            if uow.rmas.by_number(number) is not None:
                found.add(number)
            ids = [
                *uow.rmas.open_expecting(f"stg-{n}-1", 10),
                *uow.rmas.open_expecting(_gtin(n, 2), 10),
                *uow.rmas.open_expecting_serial(f"SER{n}2"),
            ]
            found.update(r.rma_number for r in uow.rmas.by_ids(ids))
            found.update(
                r.rma_number for r in uow.rmas.open_rmas_with_item(f"STG-{n}-2", f"Customer {n}", -1)
            )
            found.update(r.rma_number for r in uow.holds.search_rmas(f"customer {n}"))
            if uow.concerns.history(f"Customer {n}", datetime(2026, 1, 1))[0]:
                found.add(number)
    return found


def _count(station: Station, stmt: object) -> int:
    with station.session_factory() as s:
        return int(s.scalar(stmt) or 0)  # type: ignore[call-overload]


def _imported_events(station: Station) -> int:
    return _count(station, select(func.count()).select_from(EventRow).where(EventRow.type == "rma_imported"))


def test_between_the_chunks_no_read_path_sees_the_import(
    station: Station, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(rma_import, "STAGE_CHUNK", 3)
    numbers = [f"RMA-{n}" for n in range(910000, 910010)]
    rmas_before, events_before = _count(station, select(func.count(RmaRow.id))), _imported_events(station)
    looks: list[tuple[int, set[str], int]] = []  # after each commit: staged RMAs, what was seen, events

    def look(session: Session) -> None:  # the reads below roll back: no commit of their own
        with station.session_factory() as s:
            staged = staged_count(s)
        if 0 < staged < 10:  # between two chunks (the other commits: before staging, after publishing)
            looks.append((staged, _seen(station, numbers), _imported_events(station) - events_before))

    event.listen(station.session_factory, "after_commit", look)
    try:
        report = station.imports.import_text(_csv(10), source="chunks.csv")
    finally:
        event.remove(station.session_factory, "after_commit", look)
    assert report.ok and (report.rmas, report.lines) == (10, 20)
    assert [staged for staged, _, _ in looks] == [3, 6, 9]
    assert all(seen == set() and events == 0 for _, seen, events in looks), looks
    assert _seen(station, numbers) == set(numbers)  # published: every read path finds every RMA
    assert _count(station, select(func.count(RmaRow.id))) == rmas_before + 10
    assert _imported_events(station) == events_before + 10 and verify_database(station.session_factory).ok


def test_a_batch_taken_away_from_a_stalled_import_publishes_nothing(
    station: Station, clock: FixedClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An import stalled past its lease (another import removed its batch) reports it and leaves nothing."""
    monkeypatch.setattr(rma_import, "STAGE_CHUNK", 2)
    numbers = [f"RMA-{n}" for n in range(920000, 920006)]
    stalled = False

    def stall_after_the_first_chunk(session: Session) -> None:
        nonlocal stalled
        if stalled:
            return
        with station.session_factory() as s:
            if staged_count(s) == 0:
                return
        stalled = True
        clock.advance(seconds=LEASE.total_seconds() + 1)
        assert discard_abandoned(station.session_factory, clock()) == 2

    event.listen(station.session_factory, "after_commit", stall_after_the_first_chunk)
    try:
        report = station.imports.import_text(_csv(6, 920000), source="stalled.csv")
    finally:
        event.remove(station.session_factory, "after_commit", stall_after_the_first_chunk)
    assert not report.ok and "interrupted" in report.summary()
    with station.session_factory() as s:
        assert staged_count(s) == 0
    assert _seen(station, numbers) == set()
    assert station.imports.import_text(_csv(6, 920000), source="stalled.csv").ok  # and again: it goes in
    assert _seen(station, numbers) == set(numbers)


_CHILD = """
import sys
from returnstation.services import rma_import
from returnstation.services.results import StationContext
from returnstation.store.db import make_engine, make_session_factory
rma_import.STAGE_CHUNK = 5
factory = make_session_factory(make_engine(sys.argv[1]))
service = rma_import.RmaImportService(factory, StationContext("bench-9", "kim"))
print("parsed", flush=True)
service.import_text(open(sys.argv[2], encoding="utf-8").read(), source="killed.csv")
print("finished", flush=True)
"""


@pytest.mark.slow  # a child process of its own: about 2 s alone
def test_an_import_killed_half_way_leaves_nothing_visible_and_the_file_imports_afterwards(
    station: Station, clock: FixedClock, tmp_path: Path
) -> None:
    count = 300
    numbers = [f"RMA-{n}" for n in range(930000, 930000 + count)]
    csv = tmp_path / "killed.csv"
    csv.write_text(_csv(count, 930000), encoding="utf-8")
    rmas_before, events_before = _count(station, select(func.count(RmaRow.id))), _imported_events(station)
    child = subprocess.Popen(
        [sys.executable, "-c", _CHILD, station.settings.database_url, str(csv)],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        staged, deadline = 0, time.monotonic() + 120
        while staged < 30 and time.monotonic() < deadline and child.poll() is None:
            time.sleep(0.005)
            with station.session_factory() as s:
                staged = staged_count(s)
        os.kill(child.pid, signal.SIGKILL)
    finally:
        child.kill()
        out, _ = child.communicate(timeout=30)
    assert "finished" not in out and staged >= 30, (staged, out)
    with station.session_factory() as s:
        left = staged_count(s)
    assert 30 <= left < count  # the dead import's chunks are still there, staged
    assert _seen(station, numbers[:left:5]) == set()  # a sample: every lookup is ~10 queries an RMA
    with UnitOfWork(station.session_factory) as uow:
        assert uow.rmas.numbers_existing(numbers) == set() and uow.rmas.count() == rmas_before
    assert _imported_events(station) == events_before
    item_first = station.receiving.scan_parcel(Scan(f"STG-{930000 + left // 2}-1"))
    assert item_first.candidates == ()

    # At once: the dead import's lease still runs (its clock is the real one): named, nothing changed.
    clock.now = utcnow() - timedelta(seconds=1)
    busy = station.imports.import_text(csv.read_text(encoding="utf-8"), source="again.csv")
    assert not busy.ok and "is being imported from killed.csv at bench-9" in busy.summary()
    clock.now = utcnow() + LEASE + timedelta(seconds=1)
    again = station.imports.import_text(csv.read_text(encoding="utf-8"), source="again.csv")
    assert again.ok and again.rmas == count, again.summary()
    with station.session_factory() as s:
        assert staged_count(s) == 0
    assert _count(station, select(func.count(RmaRow.id))) == rmas_before + count
    assert _imported_events(station) == events_before + count
    assert _seen(station, numbers[:20]) == set(numbers[:20])
    assert verify_database(station.session_factory).ok
    third = station.imports.import_file(csv)
    assert third.ok and "already imported on" in third.summary()


def test_two_imports_of_the_same_rma_at_once_give_it_to_one_and_leave_nothing_of_the_other(
    station: Station, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Import A stages its first chunk; meanwhile B imports A's last RMA (not yet staged, so B's check
    passes) and then tries A's first one (staged: refused by name). A's chunk with the RMA B published
    then fails on the unique number: A publishes nothing and says which RMA exists now."""
    monkeypatch.setattr(rma_import, "STAGE_CHUNK", 2)
    a_numbers = [f"RMA-{n}" for n in range(940000, 940004)]
    answers: list[str] = []

    def meanwhile(session: Session) -> None:
        with station.session_factory() as s:
            if answers or staged_count(s) != 2:
                return
        answers.append("")  # once
        answers.append(station.imports.import_text(_csv(1, 940003), source="b.csv").summary())
        answers.append(station.imports.import_text(_csv(1, 940000), source="c.csv").summary())

    event.listen(station.session_factory, "after_commit", meanwhile)
    try:
        a = station.imports.import_text(_csv(4, 940000), source="a.csv")
    finally:
        event.remove(station.session_factory, "after_commit", meanwhile)
    assert answers[1].startswith("Imported 1 RMA(s)")
    assert "RMA RMA-940000 is being imported from a.csv at bench-7: nothing changed" in answers[2]
    assert not a.ok and "RMA RMA-940003 already exists: nothing was changed" in a.summary(), a.summary()
    with station.session_factory() as s:
        assert staged_count(s) == 0
    assert _seen(station, a_numbers) == {"RMA-940003"}
    assert verify_database(station.session_factory).ok


def _feed(number: str) -> bytes:
    line = {"line_no": 1, "sku": "KTL-01", "description": "Kettle", "quantity": 1, "unit_value": "25.00"}
    record = {"rma_number": number, "order_number": "SO-F", "customer": "Feed", "authorized_at": "2026-11-20"}
    return (json.dumps({**record, "lines": [{**line, "reason_code": "defective"}]}) + "\n").encode()


def test_a_feed_leaves_a_staged_rma_to_its_import_and_takes_it_once_the_import_is_dead(
    station: Station, clock: FixedClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(rma_import, "STAGE_CHUNK", 2)
    answers: list[str] = []
    fed = False

    def feed_meanwhile(session: Session) -> None:
        nonlocal fed
        with station.session_factory() as s:
            if fed or staged_count(s) != 2:
                return
        fed = True  # once (the feeds' own commits come here too)
        feeds = station.integration.feeds
        answers.append(feeds.apply_bytes(_feed("RMA-950000"), FeedFormat.JSONL, "f.jsonl", "test").summary())
        clock.advance(seconds=LEASE.total_seconds() + 1)  # the import stalls past its lease
        later = feeds.apply_bytes(_feed("RMA-950000"), FeedFormat.JSONL, "f.jsonl", "test")
        answers.append("created" if later.created == ("RMA-950000",) else later.summary())

    event.listen(station.session_factory, "after_commit", feed_meanwhile)
    try:
        report = station.imports.import_text(_csv(4, 950000), source="slow.csv")
    finally:
        event.remove(station.session_factory, "after_commit", feed_meanwhile)
    assert "RMA RMA-950000 is being imported from slow.csv at bench-7: nothing changed" in answers[0]
    assert answers[1] == "created"
    assert not report.ok and "interrupted" in report.summary()
    with UnitOfWork(station.session_factory) as uow:
        assert staged_count(uow.session) == 0
        found = uow.rmas.by_number("RMA-950000")
        assert found is not None and found.customer == "Feed"
        assert uow.rmas.numbers_existing([f"RMA-{n}" for n in range(950000, 950004)]) == {"RMA-950000"}
