"""The credit / replacement trigger and stock movements, written with the disposition that causes them."""

from __future__ import annotations

import threading
from decimal import Decimal
from pathlib import Path

from conftest import make_settings
from sqlalchemy import select
from test_db_integration_support import best_answers, receive_all

from returnstation.bootstrap import open_station
from returnstation.disposition.channels import load_channels
from returnstation.domain.scan import Scan
from returnstation.store.models import EventRow, InspectionRow


def triggers(station) -> list[EventRow]:  # type: ignore[no-untyped-def]
    with station.session_factory() as s:
        return list(s.scalars(select(EventRow).where(EventRow.type == "credit_triggered")))


def test_fires_once_when_the_last_item_of_the_rma_is_dispositioned_not_before(station) -> None:  # type: ignore[no-untyped-def]
    receive_all(station, "RMA-100001", ["HP-BT200", "CBL-USBC-1M", "CBL-USBC-1M"])
    receive_all(station, "RMA-100003", ["LAP-14-PRO"])  # another RMA: its own trigger, not ours
    mine = [p for p in station.inspection.pending() if p.rma_number == "RMA-100001"]
    assert len(mine) == 3
    for n, item in enumerate(mine, start=1):
        decided = station.inspection.decide(item.item_id, best_answers(station, item.item_id))
        fired = [t for t in triggers(station) if t.payload["rma_number"] == "RMA-100001"]
        assert len(fired) == (1 if n == 3 else 0), f"after item {n}"
    [trigger] = fired
    with station.session_factory() as s:
        decision = s.scalar(
            select(EventRow.id).where(
                EventRow.type == "item_dispositioned", EventRow.subject_id == decided.item.item_id
            )
        )
        inspections = {i.item_id: i for i in s.scalars(select(InspectionRow))}
    assert decision is not None and trigger.id > decision  # same transaction, right after the last one
    p = trigger.payload
    assert (p["rma_number"], p["order_number"], p["items"]) == ("RMA-100001", "SO-500101", 3)
    assert [(ln["sku"], ln["authorized_quantity"], ln["received_quantity"]) for ln in p["lines"]] == [
        ("HP-BT200", 1, 1),
        ("CBL-USBC-1M", 2, 2),
    ]
    channels = load_channels()
    expected = Decimal(0)
    for ln in p["lines"]:
        for it in ln["items"]:
            done = inspections[int(it["item_code"][4:])]
            assert (it["channel"], it["packaging"]) == (done.channel, done.packaging)
            assert it["channel"] and done.packaging == "sealed"
            rate = channels.resolve(done.channel, done.disposition).rate(done.grade, done.packaging, "any")
            expected += (Decimal(ln["unit_value"]) * rate).quantize(Decimal("0.01"))
    assert Decimal(p["recovered_value"]) == expected
    assert p["original_value"] == "99.70"
    item = p["lines"][0]["items"][0]
    assert set(item) == {
        "item_code",
        "grade",
        "packaging",
        "disposition",
        "destination",
        "channel",
        "recovered_value",
        "refund_deduction",
    }
    # best answers, reason no_longer_wanted: the restocking fee only (10 %, at most 25.00)
    fee = min(Decimal(p["lines"][0]["unit_value"]) / 10, Decimal(25)).quantize(Decimal("0.01"))
    assert Decimal(item["refund_deduction"]) == fee
    assert Decimal(p["refund_deductions"]) == sum(
        (Decimal(it["refund_deduction"]) for ln in p["lines"] for it in ln["items"]), Decimal(0)
    )


def test_short_receipt_triggers_for_what_was_received_and_held_items_do_not_block(station) -> None:  # type: ignore[no-untyped-def]
    pid = station.receiving.scan_parcel(Scan("RMA-100001")).parcel.parcel_id
    assert station.receiving.scan_item(pid, Scan("HP-BT200")).problem is None
    assert station.receiving.scan_item(pid, Scan("LAP-14-PRO")).problem is not None  # wrong item: HOLD
    station.receiving.finish_parcel(pid)  # the two cables never came
    [item] = station.inspection.pending()
    station.inspection.decide(item.item_id, best_answers(station, item.item_id))
    [trigger] = triggers(station)
    lines = {
        ln["sku"]: (ln["authorized_quantity"], ln["received_quantity"]) for ln in trigger.payload["lines"]
    }
    assert lines == {"HP-BT200": (1, 1), "CBL-USBC-1M": (2, 0)}


def test_stock_dispositions_emit_an_inventory_movement(station) -> None:  # type: ignore[no-untyped-def]
    receive_all(station, "RMA-100001", ["HP-BT200", "CBL-USBC-1M", "CBL-USBC-1M"])
    for item in station.inspection.pending():
        station.inspection.decide(item.item_id, best_answers(station, item.item_id))
    with station.session_factory() as s:
        decided = {i.item_id: i for i in s.scalars(select(InspectionRow))}
        moves = list(s.scalars(select(EventRow).where(EventRow.type == "inventory_moved")))
    stocked = {k for k, v in decided.items() if v.disposition in ("restock", "refurbish")}
    assert stocked and {m.subject_id for m in moves} == stocked
    for m in moves:
        assert m.payload["quantity"] == 1 and m.payload["to_location"] == decided[m.subject_id].destination
        assert m.payload["sku"] in ("HP-BT200", "CBL-USBC-1M")


def test_two_benches_deciding_the_last_two_items_at_once_fire_it_once(  # type: ignore[no-untyped-def]
    station, clock, tmp_path: Path, db_url: str
) -> None:
    receive_all(station, "RMA-100001", ["HP-BT200", "CBL-USBC-1M", "CBL-USBC-1M"])
    first, *last_two = station.inspection.pending()
    station.inspection.decide(first.item_id, best_answers(station, first.item_id))
    answers = {i.item_id: best_answers(station, i.item_id) for i in last_two}
    other = open_station(make_settings(tmp_path / "b", db_url, station="bench-8"), clock=clock)
    start = threading.Barrier(2)
    errors: list[BaseException] = []

    def decide(st, item_id: int) -> None:  # type: ignore[no-untyped-def]
        try:
            start.wait()
            st.inspection.decide(item_id, answers[item_id])
        except BaseException as exc:  # reported below
            errors.append(exc)

    threads = [
        threading.Thread(target=decide, args=(st, i.item_id))
        for st, i in zip((station, other), last_two, strict=True)
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    other.close()
    assert errors == []
    assert len(triggers(station)) == 1
