"""Reads in deferred (read-only) transactions, writes in BEGIN IMMEDIATE (issue 14).

A read never takes SQLite's write lock, so the bench's lists and counts come back at once while another
station or program holds it; and a unit of work opened read-only refuses to write, on both backends, so
a write that slipped into a read path is a failure here rather than a write that races the writers.
"""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import event, text
from sqlalchemy.exc import DBAPIError

from returnstation.bootstrap import Station, open_station
from returnstation.domain.errors import DatabaseUnavailable
from returnstation.domain.scan import Scan
from returnstation.store.models import MetaRow
from returnstation.store.ports import ReadOnlyUnitOfWork
from returnstation.store.uow import UnitOfWork
from tests.conftest import FixedClock, make_settings
from tests.db.test_db_inspection import receive_all

BUSY_TIMEOUT_S = 2.0  # a read that queued behind the writer would take this long, then fail


def test_a_read_only_unit_of_work_refuses_every_kind_of_write(station: Station) -> None:
    sf = station.session_factory
    with UnitOfWork(sf, read_only=True) as uow:
        before = set(uow.session.scalars(text("SELECT key FROM meta")))  # reading is what it is for
        uow.session.add(MetaRow(key="written-by-a-read", value="x"))
        with pytest.raises(ReadOnlyUnitOfWork):
            uow.session.flush()
    with UnitOfWork(sf, read_only=True) as uow, pytest.raises(ReadOnlyUnitOfWork):
        uow.commit()
    with UnitOfWork(sf, read_only=True) as uow, pytest.raises(DBAPIError, match=r"(?i)read.?only"):
        uow.session.execute(text("INSERT INTO meta (key, value) VALUES ('raw-write', 'x')"))
    # the connection goes back to the pool and serves a writing unit of work as before
    with UnitOfWork(sf) as uow:
        uow.session.add(MetaRow(key="written-by-a-write", value="y"))
        uow.commit()
    with UnitOfWork(sf, read_only=True) as uow:
        keys = set(uow.session.scalars(text("SELECT key FROM meta")))
    assert keys - before == {"written-by-a-write"}


@pytest.fixture
def sqlite_station(tmp_path: Path, seed_sqlite: Callable[[str], str], clock: FixedClock) -> Iterator[Station]:
    """A SQLite station whose writers give up after 2 s (not 10 s) when another holds the lock."""
    url = seed_sqlite(f"sqlite:///{tmp_path / 'station.db'}")
    st = open_station(make_settings(tmp_path, url), clock=clock)

    @event.listens_for(st.engine, "connect")
    def _short_busy_timeout(dbapi_conn: Any, _record: Any) -> None:
        dbapi_conn.execute(f"PRAGMA busy_timeout={int(BUSY_TIMEOUT_S * 1000)}")

    st.engine.dispose()
    yield st
    st.close()


def _elapsed(fn: Callable[[], object]) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def test_every_read_of_the_bench_answers_while_another_program_holds_the_write_lock(
    sqlite_station: Station,
) -> None:
    st = sqlite_station
    receive_all(st, "RMA-100003", ["LAP-14-PRO"])
    [item] = st.inspection.pending()
    reads: dict[str, Callable[[], object]] = {
        "pending list": st.inspection.pending,
        "find a pending item": lambda: st.inspection.find_pending(Scan(item.item_code)),
        "open an item": lambda: st.inspection.form(item.item_id),
        "photos of an item": lambda: st.photos.list_for(item.item_code),
        "hold count": st.holds.count,
        "hold shelf": st.holds.shelf,
        "left open here": st.receiving.left_open,
        "quarantine count": st.quarantine.count,
        "open concerns": st.concerns.count_open,
        "customer history": lambda: st.concerns.history_of_rma("RMA-100003"),
        "discrepancies": st.discrepancies.open_by_age,
        "label history": lambda: st.printing.history(20),
        "anyone can sign in": st.users.anyone_can_sign_in,
        "report figures": lambda: st.reports.summary(date(2026, 11, 1), date(2026, 11, 30)),
    }
    path = st.engine.url.database
    assert path
    other = sqlite3.connect(path, isolation_level=None)
    try:
        other.execute("BEGIN IMMEDIATE")  # another station saving a receipt, for as long as it likes
        other.execute("UPDATE meta SET value = value")
        # each answers (a read that took the write lock would fail after the busy timeout), and none
        # waited anywhere near it, even on a loaded test PC
        slow = {name: round(t, 3) for name, fn in reads.items() if (t := _elapsed(fn)) > BUSY_TIMEOUT_S / 2}
        assert slow == {}, "these reads waited for the writer"
        with pytest.raises(DatabaseUnavailable, match="locked"):  # a write still queues, then says so
            st.receiving.scan_parcel(Scan("RMA-100001"))
    finally:
        other.execute("ROLLBACK")
        other.close()
    assert st.receiving.scan_parcel(Scan("RMA-100001")).parcel is not None
