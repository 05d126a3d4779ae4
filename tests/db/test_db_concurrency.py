"""Two stations, one database: the races a busy returns bench really has, run for real many times.

Each station has its own engine, connection pool and session, like two PCs on the same database; a
barrier releases both threads together so the two transactions overlap. Every race is repeated
ROUNDS times on SQLite and on PostgreSQL, and after each round the database itself is checked:
exactly one parcel, one accepted unit, one receipt, one inspection — and the loser is told why.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal
from functools import partial
from typing import Any, TypeVar

import pytest
from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session, sessionmaker

from returnstation.disposition.checklist import default_checklists_dir, load_checklists
from returnstation.disposition.reasons import load_reasons
from returnstation.disposition.rules import default_rules_path, load_rules
from returnstation.domain.enums import Discrepancy, ItemStatus, ParcelStatus, RmaStatus
from returnstation.domain.scan import Scan
from returnstation.services.inspection import Decided, InspectionService, ItemNotPending
from returnstation.services.receiving import ReceivingService
from returnstation.services.results import Feedback, Level, StationContext
from returnstation.store.db import make_engine, make_session_factory
from returnstation.store.migrate import upgrade_to_head
from returnstation.store.models import (
    EventRow,
    InspectionRow,
    ItemRow,
    ParcelRow,
    PrintJobRow,
    RmaLineRow,
    RmaRow,
)

pytestmark = pytest.mark.db

ROUNDS = 30
SKU = "RACE-SKU-1"
T = TypeVar("T")


@dataclass
class Bench:
    """One simulated station: its own engine, so its own connections, like a second PC."""

    name: str
    user: str
    engine: Engine
    sf: sessionmaker[Session]
    receiving: ReceivingService
    inspection: InspectionService


@dataclass
class Floor:
    a: Bench
    b: Bench
    sf: sessionmaker[Session]  # an observer's view of the database, for the checks
    pool: ThreadPoolExecutor

    def race(self, fa: Callable[[], T], fb: Callable[[], T]) -> tuple[T | Exception, T | Exception]:
        """Run both at the same moment (a barrier releases the two threads together)."""
        barrier = threading.Barrier(2)

        def run(f: Callable[[], T]) -> T | Exception:
            barrier.wait()
            try:
                return f()
            except Exception as exc:  # the loser's exception is part of the result under test
                return exc

        ra, rb = self.pool.submit(run, fa), self.pool.submit(run, fb)
        return ra.result(timeout=60), rb.result(timeout=60)

    def count(self, model: Any, **where: Any) -> int:
        with self.sf() as s:
            stmt = select(func.count()).select_from(model)
            for k, v in where.items():
                stmt = stmt.where(getattr(model, k) == v)
            return int(s.scalar(stmt) or 0)


@pytest.fixture
def floor(db_url: str) -> Iterator[Floor]:
    observer = make_engine(db_url)
    upgrade_to_head(observer)
    checklists = load_checklists(default_checklists_dir())
    reasons = load_reasons()
    rules = load_rules(default_rules_path(), checklists=checklists, reasons=reasons)
    benches = []
    for name, user in (("bench-1", "ana"), ("bench-2", "ben")):
        engine = make_engine(db_url)
        sf = make_session_factory(engine)
        ctx = StationContext(station=name, user=user)
        benches.append(
            Bench(
                name,
                user,
                engine,
                sf,
                ReceivingService(sf, ctx),
                InspectionService(sf, ctx, checklists, rules, require_photos=False),  # the race only
            )
        )
    pool = ThreadPoolExecutor(max_workers=2)
    try:
        yield Floor(benches[0], benches[1], make_session_factory(observer), pool)
    finally:
        pool.shutdown()
        for b in benches:
            b.engine.dispose()
        observer.dispose()


def add_rmas(floor: Floor, n: int, quantity: int) -> list[str]:
    """n fresh open RMAs of one line each, written directly (set-up, not the code under test)."""
    now = datetime(2026, 1, 1)
    numbers = [f"RMA-{7000000 + i}" for i in range(n)]
    with floor.sf() as s:
        for number in numbers:
            rma = RmaRow(
                rma_number=number,
                order_number=f"SO-{number[4:]}",
                tracking_number=None,
                customer="Race Customer",
                status=RmaStatus.OPEN.value,
                authorized_at=now,
                expires_at=now + timedelta(days=36500),
                created_at=now,
            )
            rma.lines = [
                RmaLineRow(
                    line_no=1,
                    sku=SKU,
                    gtin=None,
                    description="Race widget",
                    category="electronics",
                    quantity=quantity,
                    unit_value=Decimal("25.00"),
                    reason_code="no_longer_wanted",
                    expected_serials="",
                )
            ]
            s.add(rma)
        s.commit()
    return numbers


def ok(result: object) -> Feedback:
    assert isinstance(result, Feedback), f"a station crashed instead of answering: {result!r}"
    return result


def test_same_parcel_scanned_at_two_stations_opens_one_parcel(floor: Floor) -> None:
    for number in add_rmas(floor, ROUNDS, quantity=1):
        ra, rb = floor.race(
            partial(floor.a.receiving.scan_parcel, Scan(number)),
            partial(floor.b.receiving.scan_parcel, Scan(number)),
        )
        fa, fb = ok(ra), ok(rb)
        levels = sorted([fa.level, fb.level])
        assert levels == sorted([Level.SUCCESS, Level.INFO]), (fa.message, fb.message)
        winner, loser = (fa, fb) if fa.level is Level.SUCCESS else (fb, fa)
        assert winner.parcel is not None and loser.parcel is not None
        assert loser.parcel.parcel_id == winner.parcel.parcel_id  # the loser carries on with the same box
        assert "already open" in loser.message
        started_by = floor.a if winner is fa else floor.b
        assert started_by.name in loser.message and started_by.user in loser.message
        with floor.sf() as s:
            rma_id = s.scalar(select(RmaRow.id).where(RmaRow.rma_number == number))
        assert floor.count(ParcelRow, rma_id=rma_id) == 1
        assert floor.count(EventRow, type="parcel_opened", subject_id=winner.parcel.parcel_id) == 1


def test_last_unit_scanned_at_two_stations_is_accepted_once(floor: Floor) -> None:
    for number in add_rmas(floor, ROUNDS, quantity=2):
        pid = ok(floor.a.receiving.scan_parcel(Scan(number))).parcel.parcel_id  # type: ignore[union-attr]
        assert ok(floor.b.receiving.scan_parcel(Scan(number))).parcel.parcel_id == pid  # type: ignore[union-attr]
        assert ok(floor.a.receiving.scan_item(pid, Scan(SKU))).level is Level.SUCCESS
        ra, rb = floor.race(
            partial(floor.a.receiving.scan_item, pid, Scan(SKU)),
            partial(floor.b.receiving.scan_item, pid, Scan(SKU)),
        )
        fa, fb = ok(ra), ok(rb)
        assert sorted([fa.problem is None, fb.problem is None]) == [False, True], (fa.message, fb.message)
        winner, loser = (fa, fb) if fa.problem is None else (fb, fa)
        assert winner.level is Level.SUCCESS and "(2 of 2)" in winner.message
        assert loser.problem is Discrepancy.OVER_QUANTITY and loser.level is Level.WARNING
        assert "already received" in loser.message and "HOLD" in loser.message
        assert floor.count(ItemRow, parcel_id=pid, status=ItemStatus.RECEIVED.value) == 2
        assert floor.count(ItemRow, parcel_id=pid, status=ItemStatus.HELD.value) == 1


def test_same_parcel_finished_at_two_stations_is_received_once(floor: Floor) -> None:
    for number in add_rmas(floor, ROUNDS, quantity=1):
        pid = ok(floor.a.receiving.scan_parcel(Scan(number))).parcel.parcel_id  # type: ignore[union-attr]
        assert ok(floor.a.receiving.scan_item(pid, Scan(SKU))).level is Level.SUCCESS
        ra, rb = floor.race(
            partial(floor.a.receiving.finish_parcel, pid),
            partial(floor.b.receiving.finish_parcel, pid),
        )
        fa, fb = ok(ra), ok(rb)
        assert sorted([fa.level, fb.level]) == sorted([Level.SUCCESS, Level.INFO]), (fa.message, fb.message)
        loser = fa if fa.level is Level.INFO else fb
        assert "already closed" in loser.message
        assert floor.count(EventRow, type="parcel_received", subject_id=pid) == 1
        assert floor.count(EventRow, type="rma_received", subject_type="rma") == floor.count(
            RmaRow, status=RmaStatus.RECEIVED.value
        )
        assert floor.count(ParcelRow, id=pid, status=ParcelStatus.RECEIVED.value) == 1


def test_item_scanned_while_another_station_finishes_is_counted_or_refused(floor: Floor) -> None:
    """A unit either makes it into the receipt or is refused: never added to a closed parcel."""
    for number in add_rmas(floor, ROUNDS, quantity=2):
        pid = ok(floor.a.receiving.scan_parcel(Scan(number))).parcel.parcel_id  # type: ignore[union-attr]
        assert ok(floor.a.receiving.scan_item(pid, Scan(SKU))).level is Level.SUCCESS
        ra, rb = floor.race(
            partial(floor.a.receiving.finish_parcel, pid),
            partial(floor.b.receiving.scan_item, pid, Scan(SKU)),
        )
        finished, scanned = ok(ra), ok(rb)
        items = floor.count(ItemRow, parcel_id=pid)
        if scanned.level is Level.SUCCESS:  # the scan won: the receipt is complete
            assert items == 2 and finished.level is Level.SUCCESS and "2 item(s)" in finished.message
        else:  # the receipt won: the scan was refused and nothing was added
            assert "not open" in scanned.message and scanned.level is Level.ERROR
            assert items == 1 and finished.problem is Discrepancy.SHORT_QUANTITY
        with floor.sf() as s:
            closed = s.scalar(
                select(EventRow.id).where(EventRow.type == "parcel_received", EventRow.subject_id == pid)
            )
            late = s.scalar(
                select(func.count())
                .select_from(EventRow)
                .where(EventRow.type == "item_received", EventRow.id > closed)
                .where(EventRow.subject_id.in_(select(ItemRow.id).where(ItemRow.parcel_id == pid)))
            )
        assert late == 0


def _receive_one(floor: Floor, number: str) -> int:
    pid = ok(floor.a.receiving.scan_parcel(Scan(number))).parcel.parcel_id  # type: ignore[union-attr]
    item_id = ok(floor.a.receiving.scan_item(pid, Scan(SKU))).item_id
    assert item_id is not None
    ok(floor.a.receiving.finish_parcel(pid))
    return item_id


@pytest.mark.slow
def test_same_item_decided_at_two_stations_is_inspected_once(floor: Floor) -> None:
    for number in add_rmas(floor, ROUNDS, quantity=1):
        item_id = _receive_one(floor, number)
        form = floor.a.inspection.form(item_id)
        answers = {c.id: c.answers[0].value for c in form.checklist.checks}
        ra, rb = floor.race(
            partial(floor.a.inspection.decide, item_id, answers),
            partial(floor.b.inspection.decide, item_id, answers),
        )
        decided = [r for r in (ra, rb) if isinstance(r, Decided)]
        refused = [r for r in (ra, rb) if isinstance(r, ItemNotPending)]
        assert len(decided) == 1 and len(refused) == 1, (ra, rb)
        winner = floor.a if isinstance(ra, Decided) else floor.b
        msg = str(refused[0])
        assert "already dispositioned" in msg and winner.name in msg and winner.user in msg, msg
        assert floor.count(InspectionRow, item_id=item_id) == 1
        # the one decision's labels: routing and (a restock) the item label, never a second set
        assert floor.count(PrintJobRow, item_id=item_id) == 1 + len(decided[0].outcome_label_jobs) == 2
        assert floor.count(EventRow, type="item_dispositioned", subject_id=item_id) == 1
        with floor.sf() as s:
            row = s.scalars(select(InspectionRow).where(InspectionRow.item_id == item_id)).one()
        assert (row.station, row.inspector) == (winner.name, winner.user)
