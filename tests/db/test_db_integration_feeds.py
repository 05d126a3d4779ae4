"""RMA feeds (JSON lines and CSV) against a real database: idempotent, all-or-nothing, and never
changing what the bench already received."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from sqlalchemy import func, select

from returnstation.domain.scan import Scan
from returnstation.integration.feed_records import FeedFormat
from returnstation.store.models import EventRow, RmaLineRow, RmaRow
from returnstation.store.models_integration import FeedFileRow


def rma(number: str = "RMA-700001", **header: Any) -> dict[str, Any]:
    record: dict[str, Any] = {
        "action": "upsert",
        "rma_number": number,
        "order_number": "SO-7001",
        "customer": "Ada Lovelace",
        "authorized_at": "2026-11-20",
        "expires_at": "2026-12-31",
        "lines": [line(1, "KTL-01", 1, "25.00"), line(2, "LID-01", 2, "3.50")],
    }
    record.update(header)
    return record


def line(no: int, sku: str, qty: int, value: str, **extra: Any) -> dict[str, Any]:
    return {
        "line_no": no,
        "sku": sku,
        "description": f"{sku} item",
        "category": "general",
        "quantity": qty,
        "unit_value": value,
        "reason_code": "defective",
        **extra,
    }


def jsonl(*records: dict[str, Any]) -> bytes:
    return "".join(json.dumps(r) + "\n" for r in records).encode()


def apply(station, *records: dict[str, Any], name: str = "feed.jsonl"):  # type: ignore[no-untyped-def]
    return station.integration.feeds.apply_bytes(jsonl(*records), FeedFormat.JSONL, name, "test")


def lines_of(station, number: str) -> dict[int, tuple[str, int]]:  # type: ignore[no-untyped-def]
    with station.session_factory() as s:
        stmt = select(RmaLineRow.line_no, RmaLineRow.sku, RmaLineRow.quantity).join(RmaRow)
        return {n: (sku, q) for n, sku, q in s.execute(stmt.where(RmaRow.rma_number == number))}


def status_of(station, number: str) -> str:  # type: ignore[no-untyped-def]
    with station.session_factory() as s:
        return str(s.scalar(select(RmaRow.status).where(RmaRow.rma_number == number)))


def events(station, *types: str) -> list[EventRow]:  # type: ignore[no-untyped-def]
    with station.session_factory() as s:
        return list(s.scalars(select(EventRow).where(EventRow.type.in_(types)).order_by(EventRow.id)))


def test_upsert_creates_then_the_same_file_or_content_again_changes_nothing(station) -> None:  # type: ignore[no-untyped-def]
    first = apply(station, rma(lines=[line(1, "KTL-01", 1, "25.00", expected_serials=["SN1", "SN2"])]))
    assert first.ok and first.created == ("RMA-700001",), first.summary()
    with station.session_factory() as s:
        row = s.scalars(select(RmaLineRow).join(RmaRow).where(RmaRow.rma_number == "RMA-700001")).one()
        assert (row.expected_serials, str(row.unit_value)) == ("SN1 SN2", "25.00")
    again = apply(station, rma(lines=[line(1, "KTL-01", 1, "25.00", expected_serials=["SN1", "SN2"])]))
    assert again.ok and again.duplicate_of is not None and "feed.jsonl" in again.duplicate_of
    # different bytes (key order, number types), same content: compared, unchanged, no event
    same_lines = [{**line(1, "KTL-01", 1, "25"), "expected_serials": "SN1  SN2"}]
    same = {"lines": same_lines, **{k: v for k, v in rma().items() if k not in ("lines", "action")}}
    third = apply(station, same, name="other.jsonl")
    assert third.ok and third.unchanged == ("RMA-700001",) and not third.updated
    assert len(events(station, "rma_imported", "rma_updated")) == 1 + 9  # demo RMAs + ours
    with station.session_factory() as s:
        assert s.scalar(select(func.count()).select_from(FeedFileRow)) == 2 + 1  # and the demo data's import


def test_before_receiving_an_upsert_replaces_the_rma_and_a_cancel_cancels_it(station) -> None:  # type: ignore[no-untyped-def]
    assert apply(station, rma()).ok
    changed = rma(
        customer="Ada King", customer_email="ada@example.org", lines=[line(1, "KTL-02", 3, "26.00")]
    )
    report = apply(station, changed, name="v2.jsonl")
    assert report.updated == ("RMA-700001",) and lines_of(station, "RMA-700001") == {1: ("KTL-02", 3)}
    with station.session_factory() as s:
        row = s.scalar(select(RmaRow).where(RmaRow.rma_number == "RMA-700001"))
        assert row is not None and (row.customer, row.customer_email) == ("Ada King", "ada@example.org")
    [updated] = events(station, "rma_updated")
    # Personal data is named, never copied into the hash-chained log (retention cannot erase it there).
    assert "line 2 removed" in updated.payload["changes"]
    assert {"customer changed", "customer_email changed"} <= set(updated.payload["changes"])
    assert "Ada" not in str(updated.payload) and "example.org" not in str(updated.payload)
    cancel = {"action": "cancel", "rma_number": "RMA-700001", "reason": "customer kept it"}
    assert apply(station, cancel, name="c1.jsonl").cancelled == ("RMA-700001",)
    repeat = {**cancel, "reason": "sent again"}
    assert apply(station, repeat, name="c2.jsonl").unchanged == ("RMA-700001",)  # idempotent
    assert status_of(station, "RMA-700001") == "cancelled"
    assert len(events(station, "rma_cancelled")) == 1
    refused = apply(station, rma(expires_at="2027-01-31"), name="reopen.jsonl")
    assert refused.ok and "not reopened" in str(refused.refused[0])
    assert station.receiving.scan_parcel(Scan("RMA-700001")).problem is not None  # not receivable


def test_one_bad_record_applies_nothing_and_names_every_line(station) -> None:  # type: ignore[no-untyped-def]
    before = len(events(station, "rma_imported"))
    bad_line = rma("RMA-700002", lines=[line(1, "A", 1, "1.00"), line(2, "B", 0, "1.00")])
    text = (
        jsonl(rma("RMA-700003"), bad_line)
        + b"{not json\n"
        + jsonl({"action": "cancel", "rma_number": "RMA-NOPE"}, {"rma_number": "RMA-700004", "colour": "red"})
    )
    report = station.integration.feeds.apply_bytes(text, FeedFormat.JSONL, "bad.jsonl", "test")
    assert not report.ok
    by_line = {e.line: e.message for e in report.errors}
    assert "lines[1]" in by_line[2] and "quantity" in by_line[2]
    assert "not valid JSON" in by_line[3]
    assert "unknown field(s): colour" in by_line[5]
    assert 4 not in by_line  # the unknown RMA of the cancel is found only when nothing else is wrong
    assert len(events(station, "rma_imported")) == before and lines_of(station, "RMA-700003") == {}
    only_cancel = apply(station, rma("RMA-700003"), {"action": "cancel", "rma_number": "RMA-NOPE"})
    assert [e.line for e in only_cancel.errors] == [2] and "not known here" in only_cancel.errors[0].message
    assert lines_of(station, "RMA-700003") == {}  # the good record before it was rolled back too


def test_once_receiving_started_lines_may_be_added_but_received_goods_stay(station) -> None:  # type: ignore[no-untyped-def]
    assert apply(station, rma()).ok
    pid = station.receiving.scan_parcel(Scan("RMA-700001")).parcel.parcel_id
    assert station.receiving.scan_item(pid, Scan("KTL-01")).problem is None  # line 1 has its item
    grown = rma(
        lines=[line(1, "KTL-01", 2, "25.00"), line(2, "LID-02", 1, "4.00"), line(3, "CAP-01", 1, "1.00")]
    )
    report = apply(station, grown, name="grow.jsonl")
    assert report.updated == ("RMA-700001",), report.summary()
    assert lines_of(station, "RMA-700001") == {1: ("KTL-01", 2), 2: ("LID-02", 1), 3: ("CAP-01", 1)}

    shrink = rma(lines=[line(2, "LID-02", 1, "4.00")])  # leaves out line 1, which has an item
    report = apply(station, shrink, name="shrink.jsonl")
    assert report.updated and "line 1 kept" in str(report.notes[0])
    assert lines_of(station, "RMA-700001") == {1: ("KTL-01", 2), 2: ("LID-02", 1)}

    for bad, why in [
        (rma(lines=[line(1, "KTL-99", 2, "25.00")]), "cannot change sku"),
        (rma(lines=[line(1, "KTL-01", 0 + 1, "30.00")]), "cannot change unit_value"),
        (rma(customer="Someone Else"), "customer cannot change"),
    ]:
        refused = apply(station, bad, name=f"{why}.jsonl")
        assert refused.ok and not refused.updated and why in str(refused.refused[0]), refused.summary()
    assert lines_of(station, "RMA-700001")[1] == ("KTL-01", 2)
    refusals = events(station, "rma_update_refused")
    assert len(refusals) == 3
    same_request = b"\n" + jsonl(rma(customer="Someone Else"))  # other bytes, same request
    again = station.integration.feeds.apply_bytes(same_request, FeedFormat.JSONL, "again.jsonl", "test")
    assert again.refused and len(events(station, "rma_update_refused")) == 3  # not recorded twice

    cancel = apply(station, {"action": "cancel", "rma_number": "RMA-700001"}, name="cancel.jsonl")
    assert cancel.ok and "receiving has started" in str(cancel.refused[0])
    assert status_of(station, "RMA-700001") == "open"
    [refusal] = events(station, "rma_cancel_refused")
    assert refusal.payload["reasons"] == ["receiving has started at the bench"]


def test_quantity_cannot_drop_below_what_was_received_and_a_finished_receipt_is_final(station) -> None:  # type: ignore[no-untyped-def]
    assert apply(station, rma(lines=[line(1, "KTL-01", 3, "25.00")])).ok
    pid = station.receiving.scan_parcel(Scan("RMA-700001")).parcel.parcel_id
    for _ in range(2):
        assert station.receiving.scan_item(pid, Scan("KTL-01")).problem is None
    low = apply(station, rma(lines=[line(1, "KTL-01", 1, "25.00")]), name="low.jsonl")
    assert "below the 2 already received" in str(low.refused[0])
    assert apply(station, rma(lines=[line(1, "KTL-01", 2, "25.00")]), name="two.jsonl").updated
    station.receiving.finish_parcel(pid)
    final = apply(station, rma(lines=[line(1, "KTL-01", 5, "25.00")]), name="late.jsonl")
    assert "already received" in str(final.refused[0])
    assert lines_of(station, "RMA-700001") == {1: ("KTL-01", 2)}
    cancel = apply(station, {"action": "cancel", "rma_number": "RMA-700001"}, name="late-cancel.jsonl")
    assert "already received" in str(cancel.refused[0]) and status_of(station, "RMA-700001") == "received"


def test_csv_feed_uses_the_same_rules_as_jsonl(station, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    header = (
        "rma_number,order_number,customer,authorized_at,expires_at,tracking_number,line_no,sku,gtin,"
        "description,category,quantity,unit_value,reason_code,expected_serials\n"
    )
    f = tmp_path / "rmas.csv"
    f.write_text(header + "RMA-700009,SO-1,Bo,2026-11-01,,,1,SKU-1,,Lamp,general,1,40,defective,\n")
    assert station.integration.import_file(f).created == ("RMA-700009",)
    f.write_text(f.read_text() + "RMA-700009,SO-1,Bo,2026-11-01,,,2,SKU-2,,Bulb,general,4,2,defective,\n")
    assert station.integration.import_file(f).updated == ("RMA-700009",)
    assert lines_of(station, "RMA-700009") == {1: ("SKU-1", 1), 2: ("SKU-2", 4)}
    assert station.integration.import_file(f).duplicate_of is not None
