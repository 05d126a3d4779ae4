"""Issue 12's receiving flows on the in-memory unit of work: item-first, mixed boxes, late boxes,
serial integrity, quantities and transit damage. tests/db/test_db_receiving_flows.py runs them on
SQLite and PostgreSQL."""

from __future__ import annotations

import hashlib
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from fakes import FakeStore

from returnstation.domain.enums import Discrepancy, HoldAction, ItemStatus, ParcelStatus, RmaStatus
from returnstation.domain.roles import Role
from returnstation.domain.scan import Scan
from returnstation.services.holds import HoldService
from returnstation.services.receiving import ReceivingService
from returnstation.services.results import Level, StationContext
from returnstation.services.transit_damage import TransitDamageService

NOW = datetime(2026, 11, 23, 9, 0)
GTIN = "4006381333931"  # a valid EAN-13
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + b"\x00" * 40


@pytest.fixture
def store() -> FakeStore:
    s = FakeStore()
    s.add_rma(
        "RMA-100001", ("HP-BT200", 2, "electronics"), customer="Shop A", authorized_at=datetime(2026, 11, 5)
    )
    s.add_rma("RMA-100002", ("HP-BT200", 1, "electronics"), ("KB-MX-US", 1, "electronics"), customer="Shop A",
              authorized_at=datetime(2026, 11, 9))  # fmt: skip
    s.add_rma("RMA-100003", ("HP-BT200", 1, "electronics"), customer="Dana Smith",
              authorized_at=datetime(2026, 11, 1), tracking="1Z999AA10123456784")  # fmt: skip
    return s


def receiving(store: FakeStore, station: str = "bench-7") -> ReceivingService:
    return ReceivingService(None, StationContext(station, "ana"), clock=lambda: NOW, uow_factory=store.uow)


def scan(text: str, second: int = 0) -> Scan:
    return Scan(text, timestamp=datetime(2026, 11, 23, 9, 0, second, tzinfo=UTC))


def received(store: FakeStore, rma: str) -> int:
    line_ids = {ln.id for r in store.rmas if r.rma_number == rma for ln in r.lines}
    return sum(
        1 for it in store.items if it.rma_line_id in line_ids and it.status == ItemStatus.RECEIVED.value
    )


# -- 1. item-first -------------------------------------------------------------------------------
def test_an_item_with_no_parcel_open_lists_the_open_rmas_oldest_first(store: FakeStore) -> None:
    fb = receiving(store).scan_parcel(scan("hp-bt200"))
    assert fb.level is Level.INFO and fb.problem is None and fb.kind == "item"
    assert [(c.key, c.rma_number) for c in fb.candidates] == [
        (1, "RMA-100003"),
        (2, "RMA-100001"),
        (3, "RMA-100002"),
    ]
    first = fb.candidates[1]
    assert (first.customer, first.order_number, first.authorized, first.expected, first.received) == (
        "Shop A", "SO-1", "2026-11-05", 2, 0,
    )  # fmt: skip
    assert "expected by 3 open RMAs" in fb.message
    assert store.parcels == [] and store.discrepancies == []  # nothing is recorded before the choice


def test_the_last_parcels_customer_comes_before_older_rmas(store: FakeStore) -> None:
    fb = receiving(store).scan_parcel(scan("HP-BT200"), last_customer="Shop A")
    assert [c.rma_number for c in fb.candidates] == ["RMA-100001", "RMA-100002", "RMA-100003"]


def test_a_serial_match_comes_first_and_a_gtin_in_any_length_is_found(store: FakeStore) -> None:
    store.add_rma("RMA-100009", ("CAM-1", 1, "electronics"), gtins=[GTIN], serials=["SN-77"],
                  authorized_at=datetime(2026, 11, 20))  # fmt: skip
    store.add_rma(
        "RMA-100010", ("CAM-1", 1, "electronics"), gtins=[GTIN], authorized_at=datetime(2026, 11, 2)
    )
    by_gtin = receiving(store).scan_parcel(scan("0" + GTIN))  # UPC/EAN read as 14 digits
    assert [c.rma_number for c in by_gtin.candidates] == ["RMA-100010", "RMA-100009"]
    by_serial = receiving(store).scan_parcel(scan(f"(01)0{GTIN}(21)SN-77"))
    best = by_serial.candidates[0]
    assert (best.rma_number, best.serial_match) == ("RMA-100009", True)


def test_choosing_a_candidate_opens_the_rma_with_the_unit_counted(store: FakeStore) -> None:
    svc = receiving(store)
    fb = svc.open_for_item("RMA-100001", scan("HP-BT200", 3))
    assert fb.level is Level.SUCCESS and fb.parcel is not None and fb.parcel.rma_number == "RMA-100001"
    assert fb.message.startswith("RMA-100001 found: 2 item(s) expected.") and "(1 of 2)" in fb.message
    assert received(store, "RMA-100001") == 1
    [opened] = store.of_type("parcel_opened")
    assert opened.payload["found_by_item"] is True


def test_an_item_no_open_rma_expects_goes_on_hold_with_what_was_scanned(store: FakeStore) -> None:
    fb = receiving(store).scan_parcel(scan("MOUSE-9"))
    assert fb.level is Level.WARNING and fb.problem is Discrepancy.NO_RMA and fb.candidates == ()
    [parcel] = store.parcels
    assert parcel.status == ParcelStatus.HELD.value and parcel.scanned_code == "MOUSE-9"
    assert store.of_type("parcel_held")[0].payload["code"] == "MOUSE-9"


# -- 2. one box, several RMAs --------------------------------------------------------------------
def test_an_item_of_the_same_customers_other_rma_is_offered_and_added(store: FakeStore) -> None:
    svc = receiving(store)
    pid = svc.scan_parcel(scan("RMA-100001")).parcel.parcel_id  # type: ignore[union-attr]
    offer = svc.scan_item(pid, scan("KB-MX-US", 1))
    assert offer.offer_rma == "RMA-100002" and "This box also holds RMA-100002?" in offer.message
    assert store.items == []
    fb = svc.add_rma_to_parcel(pid, "RMA-100002", scan("KB-MX-US", 1))
    assert fb.level is Level.SUCCESS and fb.message.startswith("RMA-100002 added to this box. OK: KB-MX-US")
    assert fb.parcel is not None and fb.parcel.rma_numbers == ("RMA-100001", "RMA-100002")
    assert [ln.rma_number for ln in fb.parcel.lines] == ["RMA-100001", "RMA-100002", "RMA-100002"]
    assert received(store, "RMA-100002") == 1
    done = svc.finish_parcel(pid)
    assert {r.rma_number: r.status for r in store.rmas}["RMA-100002"] == RmaStatus.RECEIVED.value
    short = sorted(d.detail for d in store.discrepancies if d.kind == "short_quantity")
    assert short == ["1 of 1 x HP-BT200 missing from RMA-100002", "2 of 2 x HP-BT200 missing from RMA-100001"]
    assert done.problem is Discrepancy.SHORT_QUANTITY
    assert store.of_type("parcel_received")[0].payload["rmas"] == ["RMA-100001", "RMA-100002"]


def test_another_customers_item_is_still_a_wrong_item(store: FakeStore) -> None:
    svc = receiving(store)
    pid = svc.scan_parcel(scan("RMA-100002")).parcel.parcel_id  # type: ignore[union-attr]
    store.add_rma("RMA-100011", ("TV-55", 1, "electronics"), customer="Someone Else")
    fb = svc.scan_item(pid, scan("TV-55", 1))
    assert fb.offer_rma is None and fb.problem is Discrepancy.WRONG_ITEM
    assert svc.add_rma_to_parcel(pid, "RMA-100011", scan("TV-55", 2)).level is Level.ERROR
    assert store.parcel_rmas == []


# -- 3. the late second box ------------------------------------------------------------------------
def test_a_short_receipt_is_completed_by_a_later_box_without_counting_twice(store: FakeStore) -> None:
    svc = receiving(store)
    first = svc.scan_parcel(scan("RMA-100001")).parcel.parcel_id  # type: ignore[union-attr]
    svc.scan_item(first, scan("HP-BT200", 1))
    assert svc.finish_parcel(first).problem is Discrepancy.SHORT_QUANTITY
    late = receiving(store, "bench-2").scan_parcel(scan("RMA-100001", 20))
    assert late.level is Level.SUCCESS and late.parcel is not None and late.parcel.parcel_id != first
    assert late.message == "Parcel 2 of RMA-100001: 1 item(s) still missing. Scan each item."
    assert late.parcel.parcel_no == 2
    ok = svc.scan_item(late.parcel.parcel_id, scan("HP-BT200", 21))
    extra = svc.scan_item(late.parcel.parcel_id, scan("HP-BT200", 22))
    assert ok.level is Level.SUCCESS and "(2 of 2)" in ok.message
    assert extra.problem is Discrepancy.OVER_QUANTITY
    assert svc.finish_parcel(late.parcel.parcel_id).level is Level.SUCCESS
    assert received(store, "RMA-100001") == 2
    again = svc.scan_parcel(scan("RMA-100001", 40))
    assert again.problem is Discrepancy.ALREADY_RECEIVED and "scanned twice" in again.message


# -- 4. serial integrity ---------------------------------------------------------------------------
@pytest.fixture
def serials(store: FakeStore) -> FakeStore:
    store.add_rma(
        "RMA-200001", ("CAM-1", 2, "electronics"), gtins=[GTIN], serials=["SN-1 SN-2"], customer="Lee"
    )
    store.add_rma("RMA-200002", ("CAM-1", 1, "electronics"), gtins=[GTIN], serials=["SN-9"], customer="Kim")
    return store


def test_the_same_serial_scanned_twice_counts_once_with_a_stop(serials: FakeStore) -> None:
    svc = receiving(serials)
    pid = svc.scan_parcel(scan("RMA-200001")).parcel.parcel_id  # type: ignore[union-attr]
    assert svc.scan_item(pid, scan("sn-1", 1)).level is Level.SUCCESS
    again = svc.scan_item(pid, scan(f"(01)0{GTIN}(21)SN-1", 2))
    assert again.level is Level.ERROR and again.problem is Discrepancy.SERIAL_DUPLICATE
    assert again.message.startswith("STOP: serial SN-1 was already scanned at bench-7")
    assert received(serials, "RMA-200001") == 1 and len(serials.items) == 1
    assert [e.type for e in serials.events][-1] == "serial_scanned_twice"


def test_a_serial_received_on_another_rma_is_held_as_a_concern(serials: FakeStore) -> None:
    svc = receiving(serials)
    first = svc.scan_parcel(scan("RMA-200001")).parcel.parcel_id  # type: ignore[union-attr]
    svc.scan_item(first, scan("SN-2", 1))
    svc.finish_parcel(first)
    other = svc.scan_parcel(scan("RMA-200002", 10)).parcel.parcel_id  # type: ignore[union-attr]
    fb = svc.scan_item(other, scan(f"(01)0{GTIN}(21)SN-2", 11))
    assert fb.level is Level.ERROR and fb.problem is Discrepancy.SERIAL_CONFLICT
    assert fb.message.startswith("STOP: serial SN-2 was already received on RMA-200001")
    assert serials.items[-1].status == ItemStatus.HELD.value and received(serials, "RMA-200002") == 0
    concern = serials.of_type("serial_concern")[-1]
    assert concern.subject_type == "rma" and concern.payload["kind"] == "serial_conflict"


def test_a_serial_the_line_does_not_expect_is_held_for_a_check(serials: FakeStore) -> None:
    svc = receiving(serials)
    pid = svc.scan_parcel(scan("RMA-200002")).parcel.parcel_id  # type: ignore[union-attr]
    fb = svc.scan_item(pid, scan(f"(01)0{GTIN}(21)SN-5", 1))
    assert fb.level is Level.WARNING and fb.problem is Discrepancy.SERIAL_MISMATCH
    assert fb.message.startswith("CHECK: serial SN-5 is not the one RMA-200002 expects for CAM-1 (SN-9)")
    assert serials.items[-1].serial == "SN-5" and serials.discrepancies[-1].kind == "serial_mismatch"


def test_a_unit_held_for_its_serial_is_listed_as_such_and_its_resolution_settles_it(
    serials: FakeStore,
) -> None:
    svc = receiving(serials)
    pid = svc.scan_parcel(scan("RMA-200002")).parcel.parcel_id  # type: ignore[union-attr]
    svc.scan_item(pid, scan(f"(01)0{GTIN}(21)SN-5", 1))
    shelf = HoldService(None, StationContext("bench-7", "sam", Role.SUPERVISOR), uow_factory=serials.uow)
    [view] = [v for v in shelf.shelf() if v.item_id is not None]
    assert view.kind == Discrepancy.SERIAL_MISMATCH.value  # not "one too many"
    shelf.resolve(view.ref, HoldAction.SCRAP, "serial filed off")
    [problem] = [d for d in serials.discrepancies if d.kind == "serial_mismatch"]
    assert problem.status == "resolved" and problem.resolution == "Hold scrapped: serial filed off"


# -- 6. quantity ----------------------------------------------------------------------------------
def test_a_quantity_receives_up_to_the_expected_units_and_holds_the_extras(store: FakeStore) -> None:
    store.add_rma("RMA-300001", ("SOCK-5", 20, "apparel"), customer="Outlet")
    svc = receiving(store)
    pid = svc.scan_parcel(scan("RMA-300001")).parcel.parcel_id  # type: ignore[union-attr]
    item = svc.scan_item(pid, scan("SOCK-5", 1)).item_id
    assert item is not None
    fb = svc.receive_quantity(pid, item, 24)
    assert fb.level is Level.WARNING and fb.problem is Discrepancy.OVER_QUANTITY
    assert fb.message == (
        "OK: 20 x SOCK-5 SOCK-5 description (20 of 20). "
        "4 extra unit(s): more than authorized. Put them on HOLD."
    )
    assert received(store, "RMA-300001") == 20
    assert sum(1 for it in store.items if it.status == ItemStatus.HELD.value) == 4
    assert store.discrepancies[-1].detail == "24 x SOCK-5 counted, 20 authorized on RMA-300001: 4 extra"
    exact = svc.receive_quantity(pid, item, 1)
    assert exact.level is Level.SUCCESS and received(store, "RMA-300001") == 20  # 1 in hand: nothing more


# -- 5. damaged in transit ------------------------------------------------------------------------
def test_a_damaged_box_keeps_carrier_tracking_and_photos_for_the_claim(
    store: FakeStore, tmp_path: Path
) -> None:
    svc = receiving(store)
    damage = TransitDamageService(None, StationContext("bench-7", "ana"), tmp_path, clock=lambda: NOW,
                                  uow_factory=store.uow)  # fmt: skip
    pid = svc.scan_parcel(scan("RMA-100003")).parcel.parcel_id  # type: ignore[union-attr]
    fb = damage.mark_damaged(pid)
    assert fb.level is Level.WARNING and fb.ask == "box_photo"
    assert fb.message.startswith("Damaged in transit noted (UPS 1Z999AA10123456784).")
    assert damage.mark_damaged(pid).level is Level.INFO and len(store.damages) == 1  # once per box
    assert damage.add_box_photo(pid, b"not a png").level is Level.ERROR
    assert damage.add_box_photo(pid, PNG).message == "Photo 1 of the damaged box saved."
    [claim] = damage.claims(date(2026, 11, 23), date(2026, 11, 23))
    assert (claim.carrier, claim.tracking_number, claim.rmas) == (
        "ups",
        "1Z999AA10123456784",
        ("RMA-100003",),
    )
    [(path, digest)] = claim.photos
    assert (tmp_path / path).read_bytes() == PNG and digest == hashlib.sha256(PNG).hexdigest()
    assert damage.claims(date(2026, 11, 24), date(2026, 11, 30)) == []
    assert [d.kind for d in store.discrepancies] == ["damaged_in_transit"]


def test_an_rma_open_at_another_bench_cannot_join_this_box(store: FakeStore) -> None:
    pid = receiving(store).scan_parcel(scan("RMA-100001")).parcel.parcel_id  # type: ignore[union-attr]
    receiving(store, "bench-2").scan_parcel(scan("RMA-100002", 1))  # its own box, open at bench-2
    fb = receiving(store).add_rma_to_parcel(pid, "RMA-100002", scan("KB-MX-US", 2))
    assert fb.level is Level.ERROR and fb.message == (
        "RMA-100002 is being received at bench-2 (started by ana): scan it there."
    )
    assert store.parcel_rmas == [] and store.items == []
