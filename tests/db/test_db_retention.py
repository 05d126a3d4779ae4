"""Retention against a real database (SQLite and PostgreSQL): the customer data of returns finished
long ago is erased, everything else stays, the audit chain still verifies, and a tampered event is
still caught afterwards."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select, text, update
from test_db_audit import as_attacker
from test_db_integration_support import decide_all, receive_all
from test_db_photos import camera_png

from returnstation.domain.item_code import item_code
from returnstation.store.audit import verify_database
from returnstation.store.models import EventRow, RmaRow
from returnstation.store.models_photos import InspectionPhotoRow


def _rma(station: Any, number: str) -> RmaRow:
    with station.session_factory() as s:
        row = s.scalar(select(RmaRow).where(RmaRow.rma_number == number))
        assert row is not None
        return row


def _finished_with_a_photo(station: Any) -> Path:
    """RMA-100001 received, photographed, decided (credit triggered); RMA-100003 only received."""
    with station.session_factory() as s:
        s.execute(
            update(RmaRow).where(RmaRow.rma_number == "RMA-100001").values(customer_email="alex@example.org")
        )
        s.commit()
    receive_all(station, "RMA-100001", ["HP-BT200", "CBL-USBC-1M", "CBL-USBC-1M"])
    receive_all(station, "RMA-100003", ["LAP-14-PRO"])
    first = next(p for p in station.inspection.pending() if p.rma_number == "RMA-100001")
    station.photos.take(item_code(first.item_id), None, camera_png())
    decide_all(station, "RMA-100001")
    with station.session_factory() as s:
        [photo] = s.scalars(select(InspectionPhotoRow)).all()
    path = station.settings.photo_root / photo.path
    assert path.is_file()
    return path


def test_retention_erases_names_emails_and_photos_and_the_chain_still_verifies(station, clock) -> None:  # type: ignore[no-untyped-def]
    photo = _finished_with_a_photo(station)
    clock.advance(days=29)
    assert station.retention.run(days=30).erased == []  # finished 29 days ago: not yet

    clock.advance(days=2)
    preview = station.retention.run(dry_run=True, days=30)
    assert [e.rma_number for e in preview.erased] == ["RMA-100001"] and preview.erased[0].photos == 1
    assert (
        _rma(station, "RMA-100001").customer == "Alex Martin" and photo.is_file()
    )  # a dry run changes nothing

    report = station.retention.run(days=30)
    assert [e.rma_number for e in report.erased] == ["RMA-100001"] and report.problems == []
    erased = _rma(station, "RMA-100001")
    assert (erased.customer, erased.customer_email, erased.order_number) == ("(erased)", None, "SO-500101")
    assert not photo.exists()
    with station.session_factory() as s:
        assert s.scalars(select(InspectionPhotoRow)).all() == []
        [event] = s.scalars(select(EventRow).where(EventRow.type == "customer_data_erased")).all()
        assert event.payload["fields"] == ["customer", "customer_email"] and event.payload["photos"] == 1
        assert event.user == station.ctx.user
    assert _rma(station, "RMA-100003").customer == "Robin Diaz"  # received, not finished: kept
    assert _rma(station, "RMA-100002").customer == "Sam Lee"  # open: kept
    assert station.retention.run(days=30).erased == []  # nothing twice

    verified = verify_database(station.session_factory)
    assert verified.ok, verified.problem
    with station.session_factory() as s:  # no event of the chain still names the customer
        payloads = " ".join(str(p) for p in s.scalars(select(EventRow.payload)))
    assert "Alex Martin" not in payloads and "alex@example.org" not in payloads


def test_after_an_erase_a_tampered_event_is_still_caught(station, clock) -> None:  # type: ignore[no-untyped-def]
    _finished_with_a_photo(station)
    clock.advance(days=31)
    station.retention.run(days=30)
    assert verify_database(station.session_factory).ok
    with station.session_factory() as s:
        target = s.scalar(select(EventRow).where(EventRow.type == "customer_data_erased"))
        assert target is not None
    as_attacker(
        station.engine,
        lambda conn: conn.execute(
            text("UPDATE events SET payload = :p WHERE id = :i"),
            {"p": '{"rma": "RMA-100001", "fields": [], "photos": 0}', "i": target.id},
        ),
    )
    report = verify_database(station.session_factory)
    assert not report.ok and report.first_bad_id == target.id and "hash does not match" in report.problem


def test_retention_is_off_by_default(station) -> None:  # type: ignore[no-untyped-def]
    assert station.settings.retention_days == 0
    with pytest.raises(ValueError, match="retention is off"):
        station.retention.run()
