"""Receiving use cases against a real database (SQLite and PostgreSQL)."""

from __future__ import annotations

from sqlalchemy import func, select, update
from stdnum import ean

from returnstation.domain.enums import Discrepancy, ParcelStatus
from returnstation.domain.scan import Scan
from returnstation.services.results import Level
from returnstation.store.models import DiscrepancyRow, EventRow, ItemRow, ParcelRow, RmaRow


def gtin(body12: str) -> str:
    return body12 + ean.calc_check_digit(body12)


def _count(station, model, **where) -> int:  # type: ignore[no-untyped-def]
    with station.session_factory() as s:
        stmt = select(func.count()).select_from(model)
        for k, v in where.items():
            stmt = stmt.where(getattr(model, k) == v)
        return int(s.scalar(stmt) or 0)


def test_full_receipt_by_rma_number_records_who_where_when(station, clock) -> None:  # type: ignore[no-untyped-def]
    fb = station.receiving.scan_parcel(Scan("RMA-100001"))
    assert fb.level is Level.SUCCESS and fb.parcel is not None
    assert [ln.sku for ln in fb.parcel.lines] == ["HP-BT200", "CBL-USBC-1M"]
    pid = fb.parcel.parcel_id
    assert station.receiving.scan_item(pid, Scan(gtin("406123400012"))).level is Level.SUCCESS
    assert station.receiving.scan_item(pid, Scan("cbl-usbc-1m")).level is Level.SUCCESS
    fb = station.receiving.scan_item(pid, Scan("CBL-USBC-1M"))
    assert fb.level is Level.SUCCESS and fb.parcel is not None and fb.parcel.all_received
    clock.advance(minutes=2)
    done = station.receiving.finish_parcel(pid)
    assert done.level is Level.SUCCESS and "3 item(s)" in done.message
    with station.session_factory() as s:
        parcel = s.get(ParcelRow, pid)
        assert parcel is not None and parcel.status == ParcelStatus.RECEIVED.value
        assert (parcel.station, parcel.user) == ("bench-7", "ana")
        assert parcel.closed_at == clock.now
        types = list(s.scalars(select(EventRow.type).order_by(EventRow.id)))
    assert types[-6:] == [
        "parcel_opened",
        "item_received",
        "item_received",
        "item_received",
        "parcel_received",
        "rma_received",
    ]
    assert len(station.inspection.pending()) == 3


def test_tracking_number_finds_the_rma(station) -> None:  # type: ignore[no-untyped-def]
    fb = station.receiving.scan_parcel(Scan("1Z999AA10123456784"))
    assert fb.level is Level.SUCCESS and fb.parcel is not None and fb.parcel.rma_number == "RMA-100001"


def test_a_reading_further_down_the_carrier_list_finds_the_rma_that_stored_it(station) -> None:  # type: ignore[no-untyped-def]
    """Issue 15: "00" + NVE reads as DHL Paket first, its last 18 digits as FedEx Ground's SSCC; the
    RMA's stored number decides which one it is."""
    sscc = "106141411234567897"
    with station.session_factory() as s:
        s.execute(update(RmaRow).where(RmaRow.rma_number == "RMA-100003").values(tracking_number=sscc))
        s.commit()
    fb = station.receiving.scan_parcel(Scan("00" + sscc, symbology="]C1"))
    assert fb.level is Level.SUCCESS and fb.parcel is not None and fb.parcel.rma_number == "RMA-100003"
    with station.session_factory() as s:
        assert s.scalar(select(ParcelRow.scanned_code).where(ParcelRow.id == fb.parcel.parcel_id)) == sscc


def test_order_number_with_two_rmas_asks_for_the_rma_label(station) -> None:  # type: ignore[no-untyped-def]
    fb = station.receiving.scan_parcel(Scan("SO-500101"))
    assert (
        fb.problem is Discrepancy.SEVERAL_RMAS and "RMA-100001" in fb.message and "RMA-100007" in fb.message
    )
    assert _count(station, DiscrepancyRow, kind="several_rmas") == 1


def test_unknown_parcel_goes_to_hold_queue(station) -> None:  # type: ignore[no-untyped-def]
    fb = station.receiving.scan_parcel(Scan("RMA-999999"))
    assert fb.level is Level.WARNING and fb.problem is Discrepancy.NO_RMA and "HOLD" in fb.message
    held = station.receiving.hold_queue()
    assert [p.scanned_code for p in held] == ["RMA-999999"]
    assert _count(station, DiscrepancyRow, kind="no_rma") == 1


def test_expired_rma_is_held_not_received(station) -> None:  # type: ignore[no-untyped-def]
    fb = station.receiving.scan_parcel(Scan("RMA-100006"))
    assert fb.problem is Discrepancy.RMA_EXPIRED and "expired" in fb.message
    assert _count(station, ParcelRow, status="held") == 1


def test_parcel_scanned_twice_after_receipt_is_refused_with_where_and_who(station) -> None:  # type: ignore[no-untyped-def]
    pid = station.receiving.scan_parcel(Scan("RMA-100003")).parcel.parcel_id
    station.receiving.scan_item(pid, Scan("LAP-14-PRO"))
    station.receiving.finish_parcel(pid)
    again = station.receiving.scan_parcel(Scan("RMA-100003"))
    assert again.level is Level.ERROR and again.problem is Discrepancy.ALREADY_RECEIVED
    assert "bench-7" in again.message and "ana" in again.message
    assert _count(station, ParcelRow) == 1


def test_rescan_of_an_open_parcel_resumes_it(station) -> None:  # type: ignore[no-untyped-def]
    first = station.receiving.scan_parcel(Scan("RMA-100003"))
    again = station.receiving.scan_parcel(Scan("rma-100003"))
    assert again.level is Level.INFO and again.parcel.parcel_id == first.parcel.parcel_id
    assert _count(station, ParcelRow) == 1


def test_wrong_item_extra_item_and_missing_item(station) -> None:  # type: ignore[no-untyped-def]
    pid = station.receiving.scan_parcel(Scan("RMA-100002")).parcel.parcel_id
    wrong = station.receiving.scan_item(pid, Scan("MUG-CER-01"))
    assert wrong.problem is Discrepancy.WRONG_ITEM and wrong.level is Level.WARNING
    ok = station.receiving.scan_item(pid, Scan("TSH-BLU-M"))
    assert ok.level is Level.SUCCESS
    extra = station.receiving.scan_item(pid, Scan("TSH-BLU-M"))
    assert extra.problem is Discrepancy.OVER_QUANTITY
    assert extra.parcel is not None and extra.parcel.held_items == 2
    done = station.receiving.finish_parcel(pid)
    assert done.problem is Discrepancy.SHORT_QUANTITY and "JNS-32-34" in done.message
    kinds = sorted(
        k
        for k in ("wrong_item", "over_quantity", "short_quantity")
        if _count(station, DiscrepancyRow, kind=k) == 1
    )
    assert kinds == ["over_quantity", "short_quantity", "wrong_item"]
    assert _count(station, ItemRow, status="held") == 2
    # held items never reach the inspection queue
    assert [p.sku for p in station.inspection.pending()] == ["TSH-BLU-M"]


def test_item_of_another_rma_of_the_same_customer_is_named(station) -> None:  # type: ignore[no-untyped-def]
    pid = station.receiving.scan_parcel(Scan("RMA-100001")).parcel.parcel_id
    offered = station.receiving.scan_item(pid, Scan("PHN-CASE-S"))
    assert offered.offer_rma == "RMA-100007" and offered.problem is None and "also holds" in offered.message
    fb = station.receiving.scan_item(pid, Scan("PHN-CASE-S"), offer_other_rmas=False)  # the clerk declined
    assert fb.problem is Discrepancy.WRONG_ITEM and "RMA-100007" in fb.message


def test_garbage_scan_is_rejected_and_recorded(station) -> None:  # type: ignore[no-untyped-def]
    fb = station.receiving.scan_parcel(Scan("\x00\x01\x02"))
    assert fb.level is Level.ERROR and fb.problem is Discrepancy.UNKNOWN_CODE and fb.message
    assert _count(station, DiscrepancyRow, kind="unknown_code") == 1
    assert _count(station, ParcelRow) == 0


def test_command_barcode_is_passed_to_the_ui(station) -> None:  # type: ignore[no-untyped-def]
    fb = station.receiving.scan_parcel(Scan("CMD:DONE"))
    assert fb.command == "done"


def test_the_parcel_left_open_at_this_station_is_found_again(station, clock) -> None:  # type: ignore[no-untyped-def]
    """After a crash the station carries on with its own unfinished parcel, never another bench's."""
    from returnstation.services.receiving import ReceivingService
    from returnstation.services.results import StationContext

    assert station.receiving.left_open() is None
    elsewhere = StationContext(station="bench-other", user="bo")
    other = ReceivingService(station.session_factory, elsewhere, clock=clock)
    assert other.scan_parcel(Scan("RMA-100003")).level is Level.SUCCESS  # another bench's open parcel
    assert station.receiving.left_open() is None

    first = station.receiving.scan_parcel(Scan("RMA-100001")).parcel
    clock.advance(minutes=1)
    second = station.receiving.scan_parcel(Scan("RMA-100002")).parcel
    assert first is not None and second is not None
    station.receiving.scan_item(second.parcel_id, Scan("TSH-BLU-M"))
    found = station.receiving.left_open()
    assert found is not None
    view, started = found
    assert view.parcel_id == second.parcel_id and view.rma_number == "RMA-100002"
    assert {ln.sku: ln.received for ln in view.lines}["TSH-BLU-M"] == 1
    assert f"by {station.ctx.user}" in started

    station.receiving.finish_parcel(second.parcel_id)
    found = station.receiving.left_open()
    assert found is not None and found[0].parcel_id == first.parcel_id
