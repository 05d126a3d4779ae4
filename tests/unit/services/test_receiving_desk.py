"""The bench's prompts between scans (services/receiving_desk.py) and dock mode's answer to each line,
on the in-memory unit of work."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from fakes import FakeStore

from returnstation import dock
from returnstation.domain.enums import Discrepancy, ItemStatus, ParcelStatus
from returnstation.domain.scan import Scan
from returnstation.services.receiving import ReceivingService
from returnstation.services.receiving_desk import ReceivingDesk
from returnstation.services.results import Level, StationContext
from returnstation.services.transit_damage import TransitDamageService

NOW = datetime(2026, 11, 23, 9, 0)
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + b"\x00" * 40


@pytest.fixture
def store() -> FakeStore:
    s = FakeStore()
    s.add_rma(
        "RMA-100001", ("HP-BT200", 2, "electronics"), customer="Shop A", authorized_at=datetime(2026, 11, 5)
    )
    s.add_rma("RMA-100002", ("HP-BT200", 1, "electronics"), ("KB-MX-US", 1, "electronics"), customer="Shop A",
              authorized_at=datetime(2026, 11, 9))  # fmt: skip
    s.add_rma("RMA-300001", ("SOCK-5", 20, "apparel"), customer="Outlet")
    return s


class Clock:
    """Each scan gets its own reading time, as a scanner gives it."""

    def __init__(self) -> None:
        self.t = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)

    def scan(self, text: str) -> Scan:
        self.t += timedelta(seconds=1)
        return Scan(text, timestamp=self.t)


def desk(store: FakeStore, tmp_path: Path, camera: bool = False) -> ReceivingDesk:
    ctx = StationContext("bench-7", "ana")
    return ReceivingDesk(
        ReceivingService(None, ctx, clock=lambda: NOW, uow_factory=store.uow),
        TransitDamageService(None, ctx, tmp_path, clock=lambda: NOW, uow_factory=store.uow),
        camera=(lambda: PNG) if camera else None,
    )


def test_a_number_key_chooses_a_candidate_and_counts_the_item(store: FakeStore, tmp_path: Path) -> None:
    d, c = desk(store, tmp_path), Clock()
    listed = d.scan(c.scan("HP-BT200"))
    assert [x.rma_number for x in listed.candidates] == ["RMA-100001", "RMA-100002"]
    fb = d.key("2")
    assert fb is not None and fb.level is Level.SUCCESS and d.parcel is not None
    assert d.parcel.rma_number == "RMA-100002" and d.candidates == ()
    assert [it.status for it in store.items] == [ItemStatus.RECEIVED.value]


def test_the_rma_label_chooses_a_candidate_too(store: FakeStore, tmp_path: Path) -> None:
    d, c = desk(store, tmp_path), Clock()
    d.scan(c.scan("HP-BT200"))
    fb = d.scan(c.scan("rma-100001"))
    assert fb.level is Level.SUCCESS and "(1 of 2)" in fb.message and d.parcel is not None


def test_enter_adds_the_offered_rma(store: FakeStore, tmp_path: Path) -> None:
    d, c = desk(store, tmp_path), Clock()
    d.scan(c.scan("RMA-100001"))
    assert d.scan(c.scan("KB-MX-US")).offer_rma == "RMA-100002"
    added = d.key("confirm")
    assert added is not None and added.parcel is not None and d.offer is None
    assert added.parcel.rma_numbers == ("RMA-100001", "RMA-100002")
    assert [it.status for it in store.items] == [ItemStatus.RECEIVED.value]


def test_scanning_on_declines_the_offer_and_counts_the_next_item(store: FakeStore, tmp_path: Path) -> None:
    d, c = desk(store, tmp_path), Clock()
    d.scan(c.scan("RMA-100001"))
    d.scan(c.scan("KB-MX-US"))
    both = d.scan(c.scan("HP-BT200"))
    assert both.level is Level.WARNING and both.problem is Discrepancy.WRONG_ITEM
    assert both.message.startswith(
        "KB-MX-US is not on RMA-100001, but the same customer has it on RMA-100002"
    )
    assert both.message.endswith("OK: HP-BT200 HP-BT200 description (1 of 2).")
    assert [it.status for it in store.items] == [ItemStatus.HELD.value, ItemStatus.RECEIVED.value]
    assert store.parcel_rmas == []


def test_qty_card_or_typed_number_receives_identical_units(store: FakeStore, tmp_path: Path) -> None:
    d, c = desk(store, tmp_path), Clock()
    d.scan(c.scan("RMA-300001"))
    assert d.scan(c.scan("CMD:QTY")).level is Level.INFO  # nothing scanned yet to count
    d.scan(c.scan("SOCK-5"))
    ask = d.scan(c.scan("CMD:QTY"))
    assert ask.ask == "quantity"
    fb = d.scan(c.scan("12"))
    assert fb.level is Level.SUCCESS and fb.message.startswith("OK: 12 x SOCK-5")
    d.scan(c.scan("SOCK-5"))
    over = d.scan(c.scan("CMD:QTY:9"))
    assert over.problem is Discrepancy.OVER_QUANTITY and d.parcel is not None
    assert d.parcel.received_units == 20
    assert d.scan(c.scan("CMD:QTY:5")).level is Level.INFO  # the same units are not counted again


def test_damaged_asks_for_the_box_photo(store: FakeStore, tmp_path: Path) -> None:
    d, c = desk(store, tmp_path, camera=True), Clock()
    assert d.scan(c.scan("CMD:DAMAGED")).message == "Scan the parcel label first, then DAMAGED."
    d.scan(c.scan("RMA-100001"))
    fb = d.scan(c.scan("CMD:DAMAGED"))
    assert fb.ask == "box_photo" and d.asking == "box_photo" and fb.parcel is not None and fb.parcel.damaged
    assert d.scan(c.scan("CMD:PHOTO")).level is Level.SUCCESS and d.asking is None
    assert len(store.damages[0].photos) == 1


def test_done_finishes_and_cancel_leaves_the_parcel_open(store: FakeStore, tmp_path: Path) -> None:
    d, c = desk(store, tmp_path), Clock()
    d.scan(c.scan("RMA-100001"))
    assert d.scan(c.scan("CMD:CANCEL")).command == "cancel" and d.parcel is None
    assert store.parcels[0].status == ParcelStatus.OPEN.value
    d.scan(c.scan("RMA-100001"))  # carries on with it
    d.scan(c.scan("HP-BT200"))
    fb = d.scan(c.scan("CMD:DONE"))
    assert fb.command == "done" and store.parcels[0].status == ParcelStatus.RECEIVED.value
    assert d.last_customer == "Shop A"


def test_done_on_a_box_with_nothing_received_waits_for_a_second_done(
    store: FakeStore, tmp_path: Path
) -> None:
    d, c = desk(store, tmp_path), Clock()
    d.scan(c.scan("RMA-100001"))
    first = d.scan(c.scan("CMD:DONE"))
    assert first.level is Level.WARNING and first.message.startswith("Nothing was received in RMA-100001")
    assert "DONE again" in first.message and first.problem is None
    assert d.parcel is not None and store.parcels[0].status == ParcelStatus.OPEN.value

    d.scan(c.scan("CMD:QTY"))  # anything else in between: the next DONE asks again
    assert d.scan(c.scan("CMD:DONE")).message.startswith("Nothing was received")
    assert store.parcels[0].status == ParcelStatus.OPEN.value
    assert d.key("1") is None  # a key in between counts too
    assert d.command("done").message.startswith("Nothing was received")  # the Finish button, first press

    second = d.command("done")  # ...and its second press (or a second DONE) finishes it
    assert second.command == "done" and d.parcel is None
    assert store.parcels[0].status == ParcelStatus.RECEIVED.value
    assert second.problem is not None and second.problem.value == "short_quantity"


# -- dock mode ------------------------------------------------------------------------------------
def test_dock_answers_each_line_with_one_json_object(store: FakeStore, tmp_path: Path) -> None:
    d = desk(store, tmp_path)
    opened = dock.as_json(dock.answer(d, b"RMA-100001"))
    assert (opened["level"], opened["kind"], opened["rma"], opened["hold"]) == (
        "ok",
        "rma",
        "RMA-100001",
        None,
    )
    assert opened["parcel"] == store.parcels[0].id
    asked = dock.as_json(dock.answer(d, b"CMD:DONE"))  # nothing received yet: DONE must come twice
    assert asked["level"] == "check" and asked["problem"] is None and "DONE again" in asked["message"]
    wrong = dock.as_json(dock.answer(d, b"CMD:DONE"))
    assert wrong["level"] == "check" and wrong["problem"] == "short_quantity"
    held = dock.as_json(dock.answer(d, b"NOTHING-LIKE-IT"))
    assert held["level"] == "check" and held["hold"] == store.parcels[-1].id and held["kind"] == "item"
    json.dumps(held)  # plain JSON types only


@pytest.mark.parametrize("line", [b"\xff\xfe\x00junk", b"A" * 600, b"\x00\x01\x02"])
def test_a_malformed_line_gets_a_stop_line(store: FakeStore, tmp_path: Path, line: bytes) -> None:
    fb = dock.as_json(dock.answer(desk(store, tmp_path), line))
    assert fb["level"] == "stop" and fb["message"]


def test_dock_mode_answers_in_the_stations_language(store: FakeStore, tmp_path: Path) -> None:
    """The service says a Message; dock mode renders it in the `language` setting (the shipped de.po),
    English without one, the same record either way."""
    opened = dock.answer(desk(store, tmp_path), b"RMA-100001")
    assert dock.as_json(opened)["message"] == "RMA-100001 found: 2 item(s) expected. Scan each item."
    german = "RMA-100001 gefunden: 2 Artikel erwartet. Jeden Artikel scannen."
    assert dock.as_json(opened, "de")["message"] == german
    assert dock.as_json(opened, "fr")["message"] == "RMA-100001 found: 2 item(s) expected. Scan each item."
