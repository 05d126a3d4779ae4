"""Events whose sealing was prepared before the write lock (a large import's) chain exactly like any.

``prepare_staged_events`` builds each event's canonical form around its chain position ahead of the
head lock (store/audit.py); the hashes must be the very ones ``event_hash`` gives, whatever the
payload holds, including the markers the preparation cuts at.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

import pytest
from sqlalchemy import select

from returnstation.bootstrap import Station
from returnstation.services.results import StationContext
from returnstation.store.audit import event_hash, fields_of, prepare_staged_events, verify_database
from returnstation.store.models import EventRow
from returnstation.store.uow import UnitOfWork

pytestmark = pytest.mark.db
PAYLOADS: list[dict[str, Any]] = [
    {"rma": "RMA-1", "source": "big.csv", "lines": 2},
    {"prev_hash": "p" * 64, "seq": -7_391_157_003, "x": ['"prev_hash":"', "\u00e9\u2603\U0001f600"]},
    {"nested": {"prev_hash": "p" * 64, "seq": -7_391_157_003}, "n": 1.5e-7, "b": True, "none": None},
    {},
]


def test_prepared_events_carry_the_hashes_of_the_canonical_form(station: Station) -> None:
    ctx = StationContext("bench-7", "ana")
    at = datetime(2026, 11, 23, 9, 0, 0, 123456)
    rows: list[EventRow] = []
    for extra_after_prepare in (False, True):
        with UnitOfWork(station.session_factory) as uow:
            staged = [
                uow.events.record(ctx, at, "rma_imported", ("rma", i), payload=p)
                for i, p in enumerate(PAYLOADS)
            ]
            prepare_staged_events(uow.session)
            if extra_after_prepare:  # staged after the preparation: the whole commit is sealed the plain way
                staged.append(uow.events.record(ctx, at, "late", ("rma", 99), payload={"late": 1}))
            uow.commit()
        rows += staged
    with station.session_factory() as s:
        stored = {e.id: e for e in s.scalars(select(EventRow).where(EventRow.id.in_([r.id for r in rows])))}
    assert len(stored) == len(rows) == 2 * len(PAYLOADS) + 1
    for row in rows:
        e = stored[row.id]
        assert e.payload == row.payload and e.seq == row.seq
        assert e.hash == event_hash(fields_of(e), seq=int(e.seq or 0), prev_hash=str(e.prev_hash))
    assert verify_database(station.session_factory).ok
