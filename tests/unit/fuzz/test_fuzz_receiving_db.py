"""Hostile scans through the receiving service on a real database (SQLite, and PostgreSQL when available).

For every scan: an answer with a plain, printable message, and exactly the rows that answer implies —
no crash half-way through a step, no stray row, nothing PostgreSQL would refuse (NUL, lone surrogates).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date

import pytest
from fuzz_strategies import NASTY, fuzz_settings, hostile_text
from hypothesis import given
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from returnstation.disposition.reasons import load_reasons
from returnstation.domain.enums import Discrepancy
from returnstation.domain.scan import Scan
from returnstation.services.demo import demo_rma_csv
from returnstation.services.receiving import ReceivingService
from returnstation.services.results import Feedback, Level, StationContext
from returnstation.services.rma_import import RmaImportService
from returnstation.store.db import make_engine, make_session_factory
from returnstation.store.models import DiscrepancyRow, EventRow, ItemRow, ParcelRow, RmaRow

pytestmark = pytest.mark.db

TABLES = {
    "parcels": ParcelRow,
    "items": ItemRow,
    "discrepancies": DiscrepancyRow,
    "events": EventRow,
    "rmas": RmaRow,
}
FUZZ = fuzz_settings(15, 40, shared_fixture=True)


@dataclass
class Desk:
    sf: sessionmaker[Session]
    receiving: ReceivingService
    parcel_id: int

    def counts(self) -> dict[str, int]:
        with self.sf() as s:
            return {k: int(s.scalar(select(func.count()).select_from(m)) or 0) for k, m in TABLES.items()}


@pytest.fixture(scope="module")
def desk(module_db_url: str) -> Iterator[Desk]:
    """One bench per database for the module: every test asserts only what each of its scans changed."""
    engine = make_engine(module_db_url)
    sf = make_session_factory(engine)
    ctx = StationContext("bench-fuzz", "fuzz")
    report = RmaImportService(sf, ctx, known_reasons=load_reasons()).import_text(demo_rma_csv(date.today()))
    assert report.ok
    receiving = ReceivingService(sf, ctx)
    opened = receiving.scan_parcel(Scan("RMA-100001")).parcel
    assert opened is not None
    try:
        yield Desk(sf, receiving, opened.parcel_id)
    finally:
        engine.dispose()


def delta(before: dict[str, int], after: dict[str, int]) -> dict[str, int]:
    return {k: after[k] - before[k] for k in before if after[k] != before[k]}


def assert_plain(fb: Feedback) -> None:
    assert isinstance(fb, Feedback)
    assert fb.message.strip() and fb.message.isprintable(), repr(fb.message)


# What each answer to a parcel scan writes: the whole step or nothing.
PARCEL_WRITES: dict[Discrepancy | None, list[dict[str, int]]] = {
    None: [{}, {"parcels": 1, "events": 1}],  # command / resumed, or a parcel opened
    Discrepancy.UNKNOWN_CODE: [{"discrepancies": 1, "events": 1}],
    # A hold writes parcel_held (discrepancy.recorded) and parcel_shelved (parcel.held); {} = a retry or
    # the same label scanned again (it is on the shelf already)
    Discrepancy.NO_RMA: [{"parcels": 1, "discrepancies": 1, "events": 2}, {}],
    Discrepancy.SEVERAL_RMAS: [{"discrepancies": 1}],
    Discrepancy.ALREADY_RECEIVED: [{"discrepancies": 1}],
    Discrepancy.RMA_EXPIRED: [{"parcels": 1, "discrepancies": 1, "events": 2}],
    Discrepancy.RMA_CLOSED: [{"parcels": 1, "discrepancies": 1, "events": 2}],
}
ITEM_WRITES: dict[Discrepancy | None, list[dict[str, int]]] = {
    None: [{}, {"items": 1, "events": 1}],  # command / parcel code refused, or a unit accepted
    Discrepancy.UNKNOWN_CODE: [{"discrepancies": 1, "events": 1}],
    Discrepancy.WRONG_ITEM: [{"items": 1, "discrepancies": 1, "events": 1}],
    Discrepancy.OVER_QUANTITY: [{"items": 1, "discrepancies": 1, "events": 1}],
}


@FUZZ
@given(text=hostile_text())
def test_hostile_parcel_scans(desk: Desk, text: str) -> None:
    before = desk.counts()
    fb = desk.receiving.scan_parcel(Scan(text))
    assert_plain(fb)
    assert delta(before, desk.counts()) in PARCEL_WRITES[fb.problem], (text[:80], fb.message)


@FUZZ
@given(text=hostile_text())
def test_hostile_item_scans(desk: Desk, text: str) -> None:
    before = desk.counts()
    fb = desk.receiving.scan_item(desk.parcel_id, Scan(text))
    assert_plain(fb)
    changed = delta(before, desk.counts())
    assert changed in ITEM_WRITES[fb.problem], (text[:80], fb.message)
    if changed.get("items"):
        assert fb.item_id is not None and fb.level in (Level.SUCCESS, Level.WARNING)


def test_long_and_sql_looking_scans_leave_the_rmas_alone(desk: Desk) -> None:
    before = desk.counts()
    for text in [t for t in NASTY if len(t) > 60 or "'" in t or "\x00" in t]:
        assert_plain(desk.receiving.scan_parcel(Scan(text)))
        assert_plain(desk.receiving.scan_item(desk.parcel_id, Scan(text)))
    assert desk.counts()["rmas"] == before["rmas"]
    with desk.sf() as s:
        longest = s.scalar(select(func.max(func.length(ParcelRow.scanned_code))))
        assert (longest or 0) <= 128
        assert s.scalar(select(RmaRow.rma_number).where(RmaRow.rma_number == "RMA-100001")) == "RMA-100001"
