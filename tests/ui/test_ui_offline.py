"""The database goes away under a working bench: scans are kept in order and entered when it is back.

The fault is real: another program takes the SQLite file's write lock (BEGIN EXCLUSIVE, as a backup tool
or a second app holding the file would), so every write of the station fails as it would at a bench.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from typing import Any

import pytest
from pytestqt.qtbot import QtBot
from sqlalchemy import event, func, select

from returnstation.bootstrap import Station
from returnstation.services.results import Level
from returnstation.store.models import ItemRow
from returnstation.ui.main_window import MainWindow
from tests.ui.conftest import Bench


def _lines(window: MainWindow) -> dict[str, tuple[int, int]]:
    return {ln.sku: (ln.expected, ln.received) for ln in window.receive_page.lines_model.rows()}


def _items(station: Station) -> int:
    with station.session_factory() as session:
        return int(session.scalar(select(func.count()).select_from(ItemRow)) or 0)


@pytest.fixture
def locked_by_another_program(ui_station: Station, window: MainWindow) -> Iterator[sqlite3.Connection]:
    """A second connection that can take the file's write lock; the station gives up after 0.2 s
    instead of 10 s, so the test does not sit in SQLite's busy wait."""

    @event.listens_for(ui_station.engine, "connect")
    def _short_busy_timeout(dbapi_conn: Any, _record: Any) -> None:
        dbapi_conn.execute("PRAGMA busy_timeout=200")

    ui_station.engine.dispose()
    window.scan_queue.timer.setInterval(100)
    path = ui_station.engine.url.database
    assert path
    other = sqlite3.connect(path, isolation_level=None)
    yield other
    if other.in_transaction:
        other.execute("ROLLBACK")
    other.close()


def test_scans_during_an_outage_are_kept_and_entered_once_when_it_is_back(
    qtbot: QtBot,
    bench: Bench,
    window: MainWindow,
    ui_station: Station,
    locked_by_another_program: sqlite3.Connection,
) -> None:
    bench.scan("RMA-100001")
    assert bench.level() is Level.SUCCESS, bench.message
    before = _items(ui_station)

    locked_by_another_program.execute("BEGIN EXCLUSIVE")
    bench.scan("HP-BT200")
    assert bench.level() is Level.ERROR
    assert (
        "not reachable" in bench.message and "locked" in bench.message and "1 scan(s) kept" in bench.message
    )
    assert "NOT REACHABLE, 1 scan(s) kept" in window.database_label.text()
    bench.scan("CBL-USBC-1M")  # not even tried while the database is away: kept behind the first
    assert "still not reachable" in bench.message and "2 scan(s) kept" in bench.message
    qtbot.wait(400)  # probes keep failing while the lock is held: nothing entered, nothing lost
    held = locked_by_another_program.execute(f"SELECT count(*) FROM {ItemRow.__tablename__}").fetchone()
    assert window.scan_queue.waiting == 2 and held == (before,)
    assert _lines(window) == {"HP-BT200": (1, 0), "CBL-USBC-1M": (2, 0)}

    locked_by_another_program.execute("ROLLBACK")
    qtbot.waitUntil(lambda: not window.scan_queue.offline, timeout=5000)
    qtbot.waitUntil(lambda: "2 kept scan(s) entered" in bench.message, timeout=2000)
    assert window.database_label.text().startswith("Database: ") and "NOT" not in window.database_label.text()
    assert _lines(window) == {"HP-BT200": (1, 1), "CBL-USBC-1M": (2, 1)}
    assert _items(ui_station) == before + 2  # each kept scan counted exactly once

    bench.scan("CBL-USBC-1M")  # and the bench carries on as normal
    assert bench.level() is Level.SUCCESS, bench.message
    assert _lines(window)["CBL-USBC-1M"] == (2, 2)


def test_a_key_pressed_during_an_outage_keeps_the_screen_and_works_again_later(
    qtbot: QtBot,
    bench: Bench,
    window: MainWindow,
    ui_station: Station,
    locked_by_another_program: sqlite3.Connection,
) -> None:
    for code in ("RMA-100001", "HP-BT200", "CBL-USBC-1M", "CBL-USBC-1M"):
        bench.scan(code)
        assert bench.level() is Level.SUCCESS, bench.message
    locked_by_another_program.execute("BEGIN EXCLUSIVE")
    window.on_hotkey("confirm")  # Enter on a complete parcel: finish it
    bench.settle()
    assert bench.level() is Level.ERROR and "press the key again" in bench.message
    assert window.receive_page.parcel is not None  # the open parcel is still on screen
    locked_by_another_program.execute("ROLLBACK")
    qtbot.waitUntil(lambda: not window.scan_queue.offline, timeout=5000)
    window.on_hotkey("confirm")
    bench.settle()
    assert bench.level() is Level.SUCCESS, bench.message
    assert window.receive_page.parcel is None
