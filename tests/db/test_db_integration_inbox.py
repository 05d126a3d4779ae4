"""The watched folder with good, bad, half-written and repeated files, on a real database."""

from __future__ import annotations

import json
import os
from pathlib import Path

from sqlalchemy import select
from test_db_integration_support import use_config

from returnstation.services.inbox import InboxOutcome
from returnstation.store.models import RmaRow

CSV_HEADER = (
    "rma_number,order_number,customer,authorized_at,expires_at,tracking_number,line_no,sku,gtin,"
    "description,category,quantity,unit_value,reason_code,expected_serials\n"
)


def record(number: str, qty: int = 1) -> str:
    return (
        json.dumps(
            {
                "rma_number": number,
                "order_number": "SO-1",
                "customer": "Ada",
                "authorized_at": "2026-11-20",
                "lines": [
                    {
                        "line_no": 1,
                        "sku": "KTL-01",
                        "description": "Kettle",
                        "quantity": qty,
                        "unit_value": "25.00",
                        "reason_code": "defective",
                    }
                ],
            }
        )
        + "\n"
    )


def age(path: Path, seconds: float) -> None:
    """Pretend the file was last written ``seconds`` ago."""
    st = path.stat()
    os.utime(path, (st.st_atime - seconds, st.st_mtime - seconds))


def numbers(station) -> set[str]:  # type: ignore[no-untyped-def]
    with station.session_factory() as s:
        return set(s.scalars(select(RmaRow.rma_number)))


def test_good_bad_half_written_and_repeated_files(station, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    inbox = tmp_path / "inbox"
    use_config(station, {"inbox_dir": str(inbox), "stable_seconds": 5})
    inbox.mkdir()
    good = inbox / "a-good.jsonl"
    good.write_text(record("RMA-800001") + record("RMA-800002"), encoding="utf-8")
    bad = inbox / "b-bad.csv"
    bad.write_text(CSV_HEADER + "RMA-800003,SO-3,Cy,2026-11-01,,,1,SKU-1,,Box,general,0,1.00,defective,\n")
    growing = inbox / "c-growing.jsonl"
    growing.write_text(record("RMA-800004")[:30], encoding="utf-8")  # still being written
    tmp = inbox / "d-renamed-when-done.jsonl.tmp"
    tmp.write_text(record("RMA-800005"), encoding="utf-8")
    stray = inbox / "notes.txt"
    stray.write_text("hello")
    for p in (good, bad, tmp, stray):
        age(p, 60)

    results = {r.name: r for r in station.integration.inbox.run_once()}
    assert set(results) == {"a-good.jsonl", "b-bad.csv", "notes.txt"}  # not the fresh one, not the .tmp
    assert results["a-good.jsonl"].outcome is InboxOutcome.APPLIED
    assert (inbox / "done" / "a-good.jsonl").is_file() and not good.exists()
    assert results["b-bad.csv"].outcome is InboxOutcome.FAILED
    errors = (inbox / "failed" / "b-bad.csv.errors.txt").read_text(encoding="utf-8")
    assert "line 2: quantity '0' must be a whole number >= 1" in errors
    assert (inbox / "failed" / "b-bad.csv").is_file()
    assert results["notes.txt"].outcome is InboxOutcome.FAILED
    assert {"RMA-800001", "RMA-800002"} <= numbers(station)
    assert "RMA-800003" not in numbers(station)
    assert growing.exists() and tmp.exists()

    growing.write_text(record("RMA-800004"), encoding="utf-8")  # the writer finished...
    assert station.integration.inbox.run_once() == []  # ...but only just: not yet stable
    age(growing, 10)
    tmp.rename(inbox / "d-renamed-when-done.jsonl")  # rename keeps the old mtime: stable at once
    done = {r.name: r.outcome for r in station.integration.inbox.run_once()}
    applied = InboxOutcome.APPLIED
    assert done == {"c-growing.jsonl": applied, "d-renamed-when-done.jsonl": applied}
    assert {"RMA-800004", "RMA-800005"} <= numbers(station)

    again = inbox / "a-good.jsonl"  # the order system sends the same file once more
    again.write_text(record("RMA-800001") + record("RMA-800002"), encoding="utf-8")
    age(again, 60)
    [repeat] = station.integration.inbox.run_once()
    assert repeat.outcome is InboxOutcome.DUPLICATE and "already applied" in repeat.message
    assert repeat.moved_to is not None and repeat.moved_to.parent == inbox / "done"
    assert repeat.moved_to.name != "a-good.jsonl" and (inbox / "done" / "a-good.jsonl").is_file()


def test_refusals_are_reported_next_to_the_applied_file(station, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    inbox = tmp_path / "inbox"
    use_config(station, {"inbox_dir": str(inbox), "stable_seconds": 0})
    inbox.mkdir()
    from returnstation.domain.scan import Scan

    station.receiving.scan_parcel(Scan("RMA-100003"))  # receiving has started
    f = inbox / "cancel.jsonl"
    f.write_text(json.dumps({"action": "cancel", "rma_number": "RMA-100003"}) + "\n" + record("RMA-800009"))
    [r] = station.integration.inbox.run_once()
    assert r.outcome is InboxOutcome.APPLIED
    report = (inbox / "done" / "cancel.jsonl.report.txt").read_text(encoding="utf-8")
    assert "line 1: cancellation of RMA-100003 refused: receiving has started" in report
    assert "RMA-800009" in numbers(station)


def test_a_file_claimed_when_the_station_stopped_is_taken_again(station, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    inbox = tmp_path / "inbox"
    use_config(station, {"inbox_dir": str(inbox), "stable_seconds": 0})
    station.integration.inbox.ensure_folders()
    stuck = inbox / "processing" / "bench-7__late.jsonl"
    stuck.write_text(record("RMA-800010"), encoding="utf-8")
    [r] = station.integration.inbox.run_once()
    assert (r.name, r.outcome) == ("late.jsonl", InboxOutcome.APPLIED)
    assert "RMA-800010" in numbers(station) and not stuck.exists()
