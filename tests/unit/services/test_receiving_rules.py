"""Receiving rules on the in-memory unit of work: what the clerk is told and what is kept, without a database.

tests/db/test_db_receiving.py runs the same service on SQLite and PostgreSQL (queries, locks, the audit
chain); here each rule is one fast case.
"""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from fakes import FakeStore

from returnstation.domain.enums import Discrepancy, ItemStatus, ParcelStatus, RmaStatus
from returnstation.domain.scan import Scan
from returnstation.services.receiving import ReceivingService
from returnstation.services.results import Level, StationContext

NOW = datetime(2026, 11, 23, 9, 0)


@pytest.fixture
def store() -> FakeStore:
    s = FakeStore()
    s.add_rma("RMA-100001", ("HP-BT200", 1, "electronics"), ("CBL-USBC-1M", 2, "general"), order="SO-500101")
    return s


def receiving(store: FakeStore, station: str = "bench-7", user: str = "ana") -> ReceivingService:
    return ReceivingService(None, StationContext(station, user), clock=lambda: NOW, uow_factory=store.uow)


def scan(text: str, second: int = 0) -> Scan:
    """A scan with its own reading time: the time is what tells a retry from a second scan."""
    return Scan(text, timestamp=datetime(2026, 11, 23, 9, 0, second, tzinfo=UTC))


def open_parcel(store: FakeStore, svc: ReceivingService, code: str = "RMA-100001") -> int:
    fb = svc.scan_parcel(scan(code))
    assert fb.level is Level.SUCCESS and fb.parcel is not None, fb.message
    return fb.parcel.parcel_id


def test_a_known_rma_opens_a_parcel_under_the_rma_lock(store: FakeStore) -> None:
    fb = receiving(store).scan_parcel(scan("rma-100001"))
    assert fb.level is Level.SUCCESS and fb.message == "RMA-100001 found: 3 item(s) expected. Scan each item."
    assert fb.parcel is not None and [ln.sku for ln in fb.parcel.lines] == ["HP-BT200", "CBL-USBC-1M"]
    [parcel] = store.parcels
    assert (parcel.status, parcel.station, parcel.user, parcel.received_at) == ("open", "bench-7", "ana", NOW)
    assert store.locks == [("rma", store.rmas[0].id)]
    assert [e.type for e in store.events] == ["parcel_opened"] and store.commits == 1


def test_the_same_rma_scanned_again_carries_on_with_the_open_parcel(store: FakeStore) -> None:
    first = open_parcel(store, receiving(store))
    fb = receiving(store, "bench-2", "ben").scan_parcel(scan("RMA-100001", 5))
    assert fb.level is Level.INFO and fb.parcel is not None and fb.parcel.parcel_id == first
    assert "already open (started by ana at bench-7)" in fb.message
    assert len(store.parcels) == 1


@pytest.mark.parametrize(
    ("status", "expires", "problem", "words"),
    [
        (
            RmaStatus.OPEN,
            datetime(2026, 11, 20),
            Discrepancy.RMA_EXPIRED,
            "RMA-200002 expired on 2026-11-20.",
        ),
        (RmaStatus.CLOSED, None, Discrepancy.RMA_CLOSED, "RMA-200002 is closed."),
        (RmaStatus.CANCELLED, datetime(2026, 11, 20), Discrepancy.RMA_CLOSED, "RMA-200002 is cancelled."),
    ],
)
def test_an_expired_or_closed_rma_puts_the_parcel_on_hold(
    store: FakeStore, status: RmaStatus, expires: datetime | None, problem: Discrepancy, words: str
) -> None:
    rma = store.add_rma("RMA-200002", ("HP-BT200", 1, "electronics"), status=status, expires_at=expires)
    fb = receiving(store).scan_parcel(scan("RMA-200002"))
    assert fb.level is Level.WARNING and fb.problem is problem
    assert fb.message == f"{words} Put the parcel on the HOLD shelf for a supervisor."
    [parcel] = store.parcels
    assert (parcel.status, parcel.rma_id, parcel.note) == (ParcelStatus.HELD.value, rma.id, fb.message)
    [d] = store.discrepancies
    assert (d.kind, d.parcel_id, d.rma_id) == (problem.value, parcel.id, rma.id)
    assert rma.status == status.value  # the RMA itself is left for the supervisor


def test_an_unknown_parcel_goes_on_hold_and_a_retry_of_the_same_scan_is_not_held_twice(
    store: FakeStore,
) -> None:
    svc = receiving(store)
    fb = svc.scan_parcel(scan("RMA-999999"))
    assert fb.level is Level.WARNING and fb.problem is Discrepancy.NO_RMA
    [parcel] = store.parcels
    assert f"(hold #{parcel.id})" in fb.message and parcel.note == "No RMA found for rma RMA-999999"
    assert [p.scanned_code for p in svc.hold_queue()] == ["RMA-999999"]

    again = svc.scan_parcel(scan("RMA-999999"))  # the same Scan retried after a lost connection
    assert again.level is Level.INFO and again.message.startswith(
        "Already recorded: RMA-999999 is on the HOLD"
    )
    assert len(store.parcels) == 1 and len(store.discrepancies) == 1

    # The same label scanned later: the bench says where it is on the shelf and records nothing new.
    other = svc.scan_parcel(scan("RMA-999999", 9))
    assert other.level is Level.WARNING and other.problem is None
    assert other.message.startswith(f"RMA-999999 is ON HOLD: hold #{parcel.id}, on the shelf for 0 min")
    assert len(store.parcels) == 1 and len(store.discrepancies) == 1


def test_a_code_of_two_rmas_asks_for_the_rma_label(store: FakeStore) -> None:
    store.add_rma("RMA-100007", ("HP-BT200", 1, "electronics"), order="SO-500101")
    fb = receiving(store).scan_parcel(scan("SO-500101"))
    assert fb.problem is Discrepancy.SEVERAL_RMAS
    assert fb.message.startswith("SO-500101 belongs to several RMAs (RMA-100001, RMA-100007).")
    assert store.parcels == [] and [d.kind for d in store.discrepancies] == ["several_rmas"]


def test_a_parcel_scanned_twice_says_where_and_when_it_was_received(store: FakeStore) -> None:
    svc = receiving(store)
    pid = open_parcel(store, svc)
    for n, code in enumerate(["HP-BT200", "CBL-USBC-1M", "CBL-USBC-1M"], start=1):
        assert svc.scan_item(pid, scan(code, n)).level is Level.SUCCESS
    svc.finish_parcel(pid)
    fb = receiving(store, "bench-2").scan_parcel(scan("RMA-100001", 30))
    assert fb.level is Level.ERROR and fb.problem is Discrepancy.ALREADY_RECEIVED
    assert fb.message == (
        "RMA-100001 was already received at bench-7 by ana on 2026-11-23 09:00. "
        "Parcel scanned twice? Check the box."
    )
    assert len(store.parcels) == 1 and [d.kind for d in store.discrepancies] == ["already_received"]


def test_a_wrong_item_is_held_and_names_the_customers_other_rma(store: FakeStore) -> None:
    store.add_rma("RMA-100009", ("KB-MX-US", 1, "electronics"))
    svc = receiving(store)
    pid = open_parcel(store, svc)
    offered = svc.scan_item(pid, scan("KB-MX-US", 1))
    assert offered.offer_rma == "RMA-100009" and store.items == []  # nothing recorded before the answer
    fb = svc.scan_item(pid, scan("KB-MX-US", 1), offer_other_rmas=False)  # declined: a wrong item
    assert fb.level is Level.WARNING and fb.problem is Discrepancy.WRONG_ITEM
    assert fb.message.startswith("KB-MX-US is not on RMA-100001, but the same customer has it on RMA-100009")
    [item] = store.items
    assert (item.status, item.rma_line_id) == (ItemStatus.HELD.value, None)
    assert fb.parcel is not None and fb.parcel.held_items == 1
    assert store.discrepancies[-1].kind == "wrong_item"

    alone = svc.scan_item(pid, scan("MOUSE-1", 2))
    assert alone.message == "Wrong item: MOUSE-1 is not on RMA-100001. Put it on HOLD."


def test_one_unit_more_than_authorised_is_held(store: FakeStore) -> None:
    svc = receiving(store)
    pid = open_parcel(store, svc)
    assert svc.scan_item(pid, scan("HP-BT200", 1)).message == "OK: HP-BT200 HP-BT200 description (1 of 1)."
    fb = svc.scan_item(pid, scan("HP-BT200", 2))
    assert fb.problem is Discrepancy.OVER_QUANTITY
    assert fb.message == "Extra item: all of HP-BT200 on RMA-100001 are already received. Put it on HOLD."
    assert [it.status for it in store.items] == ["received", "held"]
    assert fb.parcel is not None and fb.parcel.lines[0].received == 1


def test_an_item_scan_retried_after_a_lost_connection_is_recorded_once(store: FakeStore) -> None:
    svc = receiving(store)
    pid = open_parcel(store, svc)
    first = svc.scan_item(pid, scan("CBL-USBC-1M", 1))
    again = svc.scan_item(pid, scan("CBL-USBC-1M", 1))
    assert again.level is Level.INFO and again.item_id == first.item_id
    assert again.message.startswith("Already recorded: this scan of CBL-USBC-1M")
    second = svc.scan_item(pid, scan("CBL-USBC-1M", 2))  # the second cable: a new reading time
    assert second.level is Level.SUCCESS and "(2 of 2)" in second.message
    assert len(store.items) == 2


def test_an_item_scan_is_judged_under_the_rma_lock_and_refused_on_a_closed_parcel(store: FakeStore) -> None:
    svc = receiving(store)
    pid = open_parcel(store, svc)
    store.locks.clear()
    svc.scan_item(pid, scan("HP-BT200", 1))
    assert store.locks == [("rma", store.rmas[0].id)]
    svc.finish_parcel(pid)
    fb = svc.scan_item(pid, scan("CBL-USBC-1M", 2))
    assert fb.level is Level.ERROR and fb.message.startswith("This parcel is not open for receiving.")
    assert len(store.items) == 1


def test_a_parcel_code_while_a_parcel_is_open_says_to_finish_it_first(store: FakeStore) -> None:
    svc = receiving(store)
    pid = open_parcel(store, svc)
    fb = svc.scan_item(pid, scan("RMA-100002", 1))
    assert fb.level is Level.WARNING and "Finish this parcel first (scan DONE)" in fb.message
    assert store.items == []


def test_finishing_with_units_missing_records_each_shortfall(store: FakeStore) -> None:
    svc = receiving(store)
    pid = open_parcel(store, svc)
    svc.scan_item(pid, scan("CBL-USBC-1M", 1))
    fb = svc.finish_parcel(pid)
    assert fb.level is Level.WARNING and fb.problem is Discrepancy.SHORT_QUANTITY
    assert fb.message == (
        "Receipt saved with items MISSING: 1 x HP-BT200; 1 x CBL-USBC-1M. 1 item(s) go to inspection. "
        "A later box for the same RMA takes the missing items."
    )
    short = [d for d in store.discrepancies if d.kind == "short_quantity"]
    assert [d.detail for d in short] == [
        "1 of 1 x HP-BT200 missing from RMA-100001",
        "1 of 2 x CBL-USBC-1M missing from RMA-100001",
    ]
    assert (store.parcels[0].status, store.parcels[0].closed_at) == (ParcelStatus.RECEIVED.value, NOW)
    assert store.rmas[0].status == RmaStatus.RECEIVED.value
    [received] = store.of_type("parcel_received")
    assert received.payload["missing"] == {"HP-BT200": 1, "CBL-USBC-1M": 1}

    again = svc.finish_parcel(pid)  # DONE pressed at a second station: nothing is recorded twice
    assert again.message == "Parcel already closed." and len(store.of_type("parcel_received")) == 1


def test_a_complete_receipt_releases_every_item_to_inspection(store: FakeStore) -> None:
    svc = receiving(store)
    pid = open_parcel(store, svc)
    for n, code in enumerate(["HP-BT200", "CBL-USBC-1M", "CBL-USBC-1M"], start=1):
        assert svc.scan_item(pid, scan(code, n)).level is Level.SUCCESS
    fb = svc.finish_parcel(pid)
    assert (fb.level, fb.message) == (Level.SUCCESS, "Receipt complete: 3 item(s) go to inspection.")
    assert store.discrepancies == []


def test_a_station_restarted_carries_on_with_the_parcel_it_left_open(store: FakeStore) -> None:
    pid = open_parcel(store, receiving(store))
    assert receiving(store, "bench-2").left_open() is None
    left = receiving(store).left_open()
    assert left is not None and left[0].parcel_id == pid and left[1] == "started 2026-11-23 09:00 by ana"


def test_an_unreadable_scan_is_recorded_and_changes_nothing_else(store: FakeStore) -> None:
    fb = receiving(store).scan_parcel(scan("\x01\x02"))
    assert fb.level is Level.ERROR and fb.problem is Discrepancy.UNKNOWN_CODE
    assert store.parcels == [] and [e.type for e in store.events] == ["scan_rejected"]
