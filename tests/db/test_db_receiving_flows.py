"""Issue 12's receiving flows on SQLite and PostgreSQL, on the demo RMAs: item-first, a box with two RMAs,
a short receipt and its late box, serial integrity, quantities, transit damage and its claims export,
dock mode end to end, and two stations receiving the two boxes of one RMA at the same moment."""

from __future__ import annotations

import argparse
import csv
import hashlib
import io
import json
import threading
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from datetime import date
from pathlib import Path
from typing import Any, TypeVar

import pytest
from conftest import FixedClock, make_settings
from sqlalchemy import func, select

from returnstation import cli, dock
from returnstation.bootstrap import Station, open_station
from returnstation.domain.enums import Discrepancy, ItemStatus, ParcelStatus, RmaStatus
from returnstation.domain.scan import Scan
from returnstation.services.results import Feedback, Level
from returnstation.store.models import DiscrepancyRow, EventRow, ItemRow, ParcelRow, RmaLineRow, RmaRow
from returnstation.store.models_receiving import ParcelRmaRow

T = TypeVar("T")
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + b"\x00" * 40


def count(station: Station, model: Any, **where: Any) -> int:
    with station.session_factory() as s:
        stmt = select(func.count()).select_from(model)
        for k, v in where.items():
            stmt = stmt.where(getattr(model, k) == v)
        return int(s.scalar(stmt) or 0)


def units(station: Station, rma: str, status: ItemStatus = ItemStatus.RECEIVED) -> int:
    with station.session_factory() as s:
        stmt = (
            select(func.count(ItemRow.id))
            .join(RmaLineRow, ItemRow.rma_line_id == RmaLineRow.id)
            .join(RmaRow, RmaLineRow.rma_id == RmaRow.id)
            .where(RmaRow.rma_number == rma, ItemRow.status == status.value)
        )
        return int(s.scalar(stmt) or 0)


def rma_status(station: Station, rma: str) -> str:
    with station.session_factory() as s:
        return str(s.scalar(select(RmaRow.status).where(RmaRow.rma_number == rma)))


def opened(fb: Feedback) -> int:
    assert fb.parcel is not None and fb.parcel.status == ParcelStatus.OPEN.value, fb.message
    return fb.parcel.parcel_id


def test_a_serial_with_no_label_finds_its_rma_and_opens_it_counted(station: Station) -> None:
    listed = station.receiving.scan_parcel(Scan("spk-7731"))
    assert [(c.rma_number, c.serial_match, c.customer) for c in listed.candidates] == [
        ("RMA-100009", True, "Noor Haddad")
    ]
    fb = station.receiving.open_for_item("RMA-100009", Scan("spk-7731"))
    assert fb.level is Level.SUCCESS and "(1 of 1)" in fb.message
    assert units(station, "RMA-100009") == 1
    with station.session_factory() as s:
        assert s.scalar(select(ItemRow.serial)) == "SPK-7731"
    again = station.receiving.scan_item(opened(fb), Scan("SPK-7731"))
    assert again.problem is Discrepancy.SERIAL_DUPLICATE and again.message.startswith("STOP: serial SPK-7731")
    assert units(station, "RMA-100009") == 1 and count(station, ItemRow) == 1


def test_a_gtin_in_any_length_lists_its_rma_and_an_unknown_item_is_held(station: Station) -> None:
    listed = station.receiving.scan_parcel(Scan("04061234000125"))  # HP-BT200's EAN-13 as GTIN-14
    assert [c.rma_number for c in listed.candidates] == ["RMA-100001"] and count(station, ParcelRow) == 0
    held = station.receiving.scan_parcel(Scan("MOUSE-9"))
    assert held.problem is Discrepancy.NO_RMA and held.parcel is not None
    with station.session_factory() as s:
        event = s.scalars(select(EventRow).where(EventRow.type == "parcel_held")).one()
    assert (event.payload["code"], event.payload["kind"]) == ("MOUSE-9", "item")


def test_one_box_with_two_rmas_of_one_customer(station: Station) -> None:
    pid = opened(station.receiving.scan_parcel(Scan("RMA-100001")))
    assert station.receiving.scan_item(pid, Scan("PHN-CASE-S")).offer_rma == "RMA-100007"
    added = station.receiving.add_rma_to_parcel(pid, "RMA-100007", Scan("PHN-CASE-S"))
    assert added.level is Level.SUCCESS and added.parcel is not None
    assert added.parcel.rma_numbers == ("RMA-100001", "RMA-100007")
    for code in ("HP-BT200", "CBL-USBC-1M", "CBL-USBC-1M"):
        assert station.receiving.scan_item(pid, Scan(code)).level is Level.SUCCESS
    done = station.receiving.finish_parcel(pid)
    assert done.level is Level.SUCCESS and done.message == "Receipt complete: 4 item(s) go to inspection."
    assert rma_status(station, "RMA-100001") == rma_status(station, "RMA-100007") == RmaStatus.RECEIVED.value
    assert count(station, ParcelRmaRow, parcel_id=pid) == 1
    assert count(station, EventRow, type="rma_received") == 2
    assert {p.rma_number for p in station.inspection.pending()} == {"RMA-100001", "RMA-100007"}
    # the later label of the second RMA: it came in that box, so it is already received
    assert station.receiving.scan_parcel(Scan("RMA-100007")).problem is Discrepancy.ALREADY_RECEIVED


def test_a_short_receipt_and_its_late_box(station: Station) -> None:
    first = opened(station.receiving.scan_parcel(Scan("RMA-100008")))
    for _ in range(2):
        station.receiving.scan_item(first, Scan("SCK-WOOL-L"))
    short = station.receiving.finish_parcel(first)
    assert short.problem is Discrepancy.SHORT_QUANTITY and "1 x SCK-WOOL-L" in short.message
    late = station.receiving.scan_parcel(Scan("RMA-100008"))
    assert late.message == "Parcel 2 of RMA-100008: 1 item(s) still missing. Scan each item."
    second = opened(late)
    assert station.receiving.scan_item(second, Scan("SCK-WOOL-L")).level is Level.SUCCESS
    assert station.receiving.scan_item(second, Scan("SCK-WOOL-L")).problem is Discrepancy.OVER_QUANTITY
    assert station.receiving.finish_parcel(second).level is Level.SUCCESS
    assert units(station, "RMA-100008") == 3 and units(station, "RMA-100008", ItemStatus.HELD) == 1
    assert station.receiving.scan_parcel(Scan("RMA-100008")).problem is Discrepancy.ALREADY_RECEIVED


def test_a_quantity_of_identical_units_in_one_step(station: Station) -> None:
    pid = opened(station.receiving.scan_parcel(Scan("RMA-100008")))
    item = station.receiving.scan_item(pid, Scan("SCK-WOOL-L")).item_id
    assert item is not None
    fb = station.receiving.receive_quantity(pid, item, 5)
    assert fb.problem is Discrepancy.OVER_QUANTITY and "2 extra unit(s)" in fb.message
    assert units(station, "RMA-100008") == 3 and units(station, "RMA-100008", ItemStatus.HELD) == 2
    assert count(station, DiscrepancyRow, kind="over_quantity") == 1


def test_a_serial_received_on_another_rma_is_a_concern(station: Station) -> None:
    first = opened(station.receiving.open_for_item("RMA-100009", Scan("SPK-7731")))
    station.receiving.finish_parcel(first)
    other = opened(station.receiving.scan_parcel(Scan("RMA-100003")))
    fb = station.receiving.scan_item(other, Scan("(01)04061234000507(21)SPK-7731"))
    assert fb.level is Level.ERROR and fb.problem is Discrepancy.SERIAL_CONFLICT
    assert "already received on RMA-100009" in fb.message
    assert count(station, EventRow, type="serial_concern") == 1 and units(station, "RMA-100003") == 0


def test_damaged_in_transit_and_the_carrier_claims_csv(station: Station, tmp_path: Path) -> None:
    pid = opened(station.receiving.scan_parcel(Scan("RMA-100001")))
    assert station.damage.mark_damaged(pid).ask == "box_photo"
    assert station.damage.add_box_photo(pid, PNG).level is Level.SUCCESS
    out = tmp_path / "claims.csv"
    args = argparse.Namespace(start=date(2026, 11, 23), end=date(2026, 11, 23), csv=out)
    assert cli._carrier_claims(station, args) == cli.EXIT_OK
    [row] = list(csv.DictReader(io.StringIO(out.read_text("utf-8-sig"))))
    assert (row["tracking_number"], row["carrier"], row["rma"]) == ("1Z999AA10123456784", "ups", "RMA-100001")
    assert row["sha256"] == hashlib.sha256(PNG).hexdigest()
    assert (station.settings.photo_root / row["photo"]).read_bytes() == PNG
    assert count(station, DiscrepancyRow, kind="damaged_in_transit") == 1


def test_dock_mode_signs_in_and_refuses_a_wrong_pin(station: Station) -> None:
    assert station.settings.login  # the default: dock mode needs a badge and its PIN
    out = io.StringIO()
    args = argparse.Namespace(input="-", badge="SUP-0001", pin_stdin=True)
    assert dock.run(station, args, io.StringIO("111111\nRMA-100008\n"), out) == 2
    [refused] = [json.loads(line) for line in out.getvalue().splitlines()]
    assert refused["level"] == "stop" and refused["kind"] == "login" and count(station, ParcelRow) == 0


def test_dock_mode_from_stdin_gives_the_same_records(station: Station) -> None:
    garbled = "X" * 600  # a line no scanner sends: too long to be a code
    lines = f"246810\nRMA-100008\nSCK-WOOL-L\nCMD:QTY:3\n{garbled}\nCMD:DONE\nSPK-7731\n1\n"
    out = io.StringIO()
    args = argparse.Namespace(input="-", badge="SUP-0001", pin_stdin=True)  # the demo supervisor
    assert dock.run(station, args, io.StringIO(lines), out) == 0
    signed_in, *answers = [json.loads(line) for line in out.getvalue().splitlines()]
    assert signed_in["message"] == "Signed in: Sam Rivera (supervisor)."
    assert [a["level"] for a in answers] == ["ok", "ok", "ok", "stop", "ok", "ok", "ok"]
    assert answers[0]["rma"] == "RMA-100008" and answers[0]["kind"] == "rma"
    assert [c["rma"] for c in answers[5]["candidates"]] == ["RMA-100009"]
    assert answers[6]["rma"] == "RMA-100009" and answers[6]["parcel"] is not None
    assert units(station, "RMA-100008") == 3 and units(station, "RMA-100009") == 1


# -- two stations, two boxes of one RMA, at the same moment -----------------------------------------
def race(pool: ThreadPoolExecutor, *calls: Callable[[], T]) -> list[T]:
    barrier = threading.Barrier(len(calls))

    def run(f: Callable[[], T]) -> T:
        barrier.wait()
        return f()

    return [f.result(timeout=60) for f in [pool.submit(run, c) for c in calls]]


@pytest.fixture
def two_benches(
    station: Station, tmp_path: Path, db_url: str, clock: FixedClock
) -> Iterator[tuple[Station, Station]]:
    other = open_station(make_settings(tmp_path / "b", db_url, station="bench-8", user="ben"), clock=clock)
    try:
        yield station, other
    finally:
        other.close()


def test_two_stations_receive_the_two_boxes_of_one_rma_at_once(two_benches: tuple[Station, Station]) -> None:
    a, b = two_benches
    with ThreadPoolExecutor(max_workers=2) as pool:
        fa, fb = race(pool, lambda: a.receiving.scan_parcel(Scan("RMA-100008")),
                      lambda: b.receiving.scan_parcel(Scan("RMA-100008")))  # fmt: skip
        assert sorted([fa.level, fb.level]) == sorted([Level.SUCCESS, Level.INFO])
        pid = opened(fa)
        assert opened(fb) == pid  # one receipt, both benches count into it under the RMA lock
        # box 1 holds 2 pairs, box 2 holds 2 pairs: one more than authorised
        sock_a = lambda: a.receiving.scan_item(pid, Scan("SCK-WOOL-L"))  # noqa: E731
        sock_b = lambda: b.receiving.scan_item(pid, Scan("SCK-WOOL-L"))  # noqa: E731
        answers = [x for _ in range(2) for x in race(pool, sock_a, sock_b)]
        assert sorted(str(x.problem) for x in answers) == ["None", "None", "None", "over_quantity"]
        assert units(a, "RMA-100008") == 3 and units(a, "RMA-100008", ItemStatus.HELD) == 1
        da, db = race(pool, lambda: a.receiving.finish_parcel(pid), lambda: b.receiving.finish_parcel(pid))
        assert sorted(x.message == "Parcel already closed." for x in (da, db)) == [False, True]
    assert count(a, EventRow, type="parcel_received") == 1


def test_two_stations_open_the_late_box_at_once(two_benches: tuple[Station, Station]) -> None:
    a, b = two_benches
    first = opened(a.receiving.scan_parcel(Scan("RMA-100008")))
    a.receiving.scan_item(first, Scan("SCK-WOOL-L"))
    a.receiving.finish_parcel(first)  # 1 of 3: two pairs still to come
    with ThreadPoolExecutor(max_workers=2) as pool:
        fa, fb = race(pool, lambda: a.receiving.scan_parcel(Scan("RMA-100008")),
                      lambda: b.receiving.scan_parcel(Scan("RMA-100008")))  # fmt: skip
        assert opened(fa) == opened(fb) != first  # parcel 2, once
        late = opened(fa)
        for _ in range(2):  # each bench scans two pairs: four for the two still missing
            race(pool, lambda: a.receiving.scan_item(late, Scan("SCK-WOOL-L")),
                 lambda: b.receiving.scan_item(late, Scan("SCK-WOOL-L")))  # fmt: skip
    assert units(a, "RMA-100008") == 3 and units(a, "RMA-100008", ItemStatus.HELD) == 2
    with a.session_factory() as s:
        parcels = s.scalars(
            select(ParcelRow.status).join(RmaRow).where(RmaRow.rma_number == "RMA-100008")
        ).all()
    assert sorted(parcels) == ["open", "received"]
