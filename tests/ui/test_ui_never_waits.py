"""The window never waits on the database (issue 14): scans keep coming while it is held up.

Two real faults, each while the real window receives scans through its scan field: another program
holds SQLite's write lock for 3 s, and a PostgreSQL server stops answering (a listener that accepts and
never replies, in front of the test server, with the station's own connect timeout). A QTimer ticking
every 10 ms measures the event loop: it never stalls more than 50 ms. The banner says what the bench
waits for, and every scan is applied, in the order scanned, once the database answers again.

A stall is the gap between two ticks less the time the GUI thread sat runnable in the kernel's run
queue meanwhile (Linux /proc/thread-self/schedstat): on a test PC shared by several busy processes the
OS may give the CPU to another for longer than 50 ms, which is no wait of the window's. Time the GUI
thread spends blocked (on a lock, a socket, the GIL) counts in full, and so does its own computing. The
raw gap is bounded too, far below the seconds a wait on the database would take.
"""

from __future__ import annotations

import contextlib
import socket
import sqlite3
import threading
import time
import traceback
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, Qt, QTimer
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot
from sqlalchemy import event, select
from sqlalchemy.engine import make_url

from returnstation.bootstrap import Station, open_station
from returnstation.services.demo import DEMO_SUPERVISOR_BADGE, DEMO_SUPERVISOR_PIN
from returnstation.services.results import Level
from returnstation.store.models import EventRow, ItemRow
from returnstation.ui.app import station_services
from returnstation.ui.main_window import MainWindow
from returnstation.ui.sounds import SoundBoard
from tests.conftest import PG_URL, _fresh_pg_database, _skip_without_pg
from tests.ui import test_ui_login
from tests.ui.conftest import Bench, StepClock, station_settings
from tests.ui.test_ui_inspect import receive_demo_rma
from tests.ui.test_ui_login import INA, IVO, sign_in

# The signed-in bench of the login tests, for the last test here.
login_station = test_ui_login.login_station
make_window = test_ui_login.make_window

MAX_STALL_S = 0.050
MAX_RAW_GAP_S = 1.0  # with the OS's scheduling delays left in: still far below a 3 s or 5 s wait
SCHEDSTAT = Path("/proc/thread-self/schedstat")
SCANS = ("HP-BT200", "CBL-USBC-1M", "CBL-USBC-1M")  # RMA-100001's items, in the order scanned


def _cpu_and_run_queue_s() -> tuple[float, float]:
    """This thread's time on a CPU and its time waiting, runnable, for one (0, 0 where the kernel does
    not say): /proc/thread-self/schedstat."""
    try:
        on_cpu, waiting = SCHEDSTAT.read_text().split()[:2]
        return int(on_cpu) / 1e9, int(waiting) / 1e9
    except (OSError, IndexError, ValueError):
        return 0.0, 0.0


class StallProbe:
    """A 10 ms QTimer on the GUI thread. Of each gap between two ticks, the part the thread spent
    neither running nor waiting for a CPU is time it was blocked: on a lock, a socket, a busy database.
    The longest such part (``worst``) is what "the window never waits" bounds. The thread's own drawing
    and the OS's scheduling delays under load are left out of it (``worst_raw`` keeps them in and has
    a looser bound), so the test asserts the behaviour, not the machine's speed."""

    def __init__(self, until: Callable[[], bool] | None = None) -> None:
        """``until``: checked at each tick; the probe stops by itself once it is true."""
        self.until = until
        self.timer = QTimer()
        self.timer.setInterval(10)
        self.timer.timeout.connect(self._tick)
        self.last = self.last_cpu = self.last_wait = 0.0
        self.worst = self.worst_raw = 0.0

    def _tick(self) -> None:
        now, (cpu, wait) = time.perf_counter(), _cpu_and_run_queue_s()
        gap = now - self.last
        self.worst_raw = max(self.worst_raw, gap)
        self.worst = max(self.worst, gap - (cpu - self.last_cpu) - (wait - self.last_wait))
        self.last, self.last_cpu, self.last_wait = now, cpu, wait
        if self.until is not None and self.until():
            self.timer.stop()

    def start(self) -> None:
        self.last = time.perf_counter()
        self.last_cpu, self.last_wait = _cpu_and_run_queue_s()
        self.timer.start()

    def stop(self) -> float:
        if self.timer.isActive():
            self.timer.stop()
            self._tick()
        assert self.worst_raw < MAX_RAW_GAP_S, f"the event loop stood still {self.worst_raw:.2f} s"
        return self.worst


def scan_later(window: MainWindow, qtbot: QtBot, at_ms: int, text: str) -> None:
    """A scan typed into the scan field from inside the event loop (the test itself waits meanwhile,
    so the probe measures the window's own work, not the test's)."""

    def type_it() -> None:
        qtbot.keyClicks(window.scan_field, text)  # type: ignore[no-untyped-call]
        qtbot.keyClick(window.scan_field, Qt.Key.Key_Return)  # type: ignore[no-untyped-call]

    QTimer.singleShot(at_ms, type_it)


def scanned_in_order(session_factory: Callable[[], object]) -> list[str]:
    with session_factory() as session:  # type: ignore[attr-defined]
        return list(session.scalars(select(ItemRow.scanned_code).order_by(ItemRow.id)))


def lines(window: MainWindow) -> dict[str, tuple[int, int]]:
    return {ln.sku: (ln.expected, ln.received) for ln in window.receive_page.lines_model.rows()}


@pytest.mark.slow
def test_a_write_lock_held_for_3_s_never_stalls_the_window_and_every_scan_follows_in_order(
    qtbot: QtBot, bench: Bench, window: MainWindow, ui_station: Station
) -> None:
    bench.scan("RMA-100001")
    assert bench.level() is Level.SUCCESS, bench.message
    path = ui_station.engine.url.database
    assert path
    other = sqlite3.connect(path, isolation_level=None)
    probe = StallProbe()
    try:
        other.execute("BEGIN IMMEDIATE")  # another station's long receipt, or a backup tool
        other.execute("UPDATE meta SET value = value")
        QTimer.singleShot(3000, lambda: other.execute("ROLLBACK"))
        probe.start()
        for n, code in enumerate(SCANS):
            scan_later(window, qtbot, 50 + 150 * n, code)
        # Enter on the empty field (finish the parcel) right behind them: it waits its turn too
        QTimer.singleShot(600, lambda: qtbot.keyClick(window.scan_field, Qt.Key.Key_Return))  # type: ignore[no-untyped-call]
        qtbot.waitUntil(lambda: "database is busy" in bench.message, timeout=2000)
        assert bench.level() is Level.WARNING
        qtbot.waitUntil(lambda: "2 more scan(s) held" in bench.message, timeout=2000)
        assert "BUSY" in window.database_label.text()
        assert lines(window) == {"HP-BT200": (1, 0), "CBL-USBC-1M": (2, 0)}  # nothing applied yet
        qtbot.waitUntil(lambda: len(window.scan_queue) == 3, timeout=2000)  # 2 scans and the key
        assert window.receive_page.parcel is not None
        qtbot.waitUntil(lambda: not window.busy(), timeout=15000)
        worst = probe.stop()
    finally:
        if other.in_transaction:
            other.execute("ROLLBACK")
        other.close()
    assert worst < MAX_STALL_S, f"the event loop stalled {worst * 1000:.0f} ms"
    assert lines(window) == {"HP-BT200": (1, 1), "CBL-USBC-1M": (2, 2)}
    assert scanned_in_order(ui_station.session_factory) == list(SCANS)
    assert window.receive_page.parcel is None, bench.message  # the Enter finished it, after the scans
    assert bench.level() is Level.SUCCESS and "BUSY" not in window.database_label.text()
    raw = probe.worst_raw * 1000
    print(f"\nworst stall behind a 3 s SQLite writer: {worst * 1000:.1f} ms (raw gap {raw:.1f} ms)")


class Blackhole:
    """A TCP listener in front of the PostgreSQL test server: it forwards while the server is "up";
    cut, it closes every connection and then accepts new ones and never answers (a dead network)."""

    def __init__(self, target: tuple[str, int]) -> None:
        self.target = target
        self.server = socket.create_server(("127.0.0.1", 0))
        self.port = self.server.getsockname()[1]
        self.up = True
        self._open: list[socket.socket] = []
        self._lock = threading.Lock()
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while True:
            try:
                client, _ = self.server.accept()
            except OSError:
                return
            with self._lock:
                self._open.append(client)
                if not self.up:
                    continue  # held open, never answered
                upstream = socket.create_connection(self.target)
                self._open.append(upstream)
            for a, b in ((client, upstream), (upstream, client)):
                threading.Thread(target=_pump, args=(a, b), daemon=True).start()

    def _close_all(self) -> None:
        for s in self._open:
            _shut(s)
        self._open.clear()

    def cut(self) -> None:
        with self._lock:
            self.up = False
            self._close_all()

    def restore(self) -> None:
        with self._lock:
            self.up = True
            self._close_all()  # a connect hanging in the black hole fails now instead of at its timeout

    def close(self) -> None:
        self.server.close()
        with self._lock:
            self._close_all()


def _shut(s: socket.socket) -> None:
    with contextlib.suppress(OSError):
        s.shutdown(socket.SHUT_RDWR)
    s.close()


def _pump(src: socket.socket, dst: socket.socket) -> None:
    try:
        while data := src.recv(65536):
            dst.sendall(data)
    except OSError:
        pass
    finally:
        _shut(dst)


@pytest.fixture
def pg_behind_a_blackhole(pg_template: str) -> Iterator[tuple[str, Blackhole]]:
    """A PostgreSQL database of the test's own, reached through a Blackhole."""
    _skip_without_pg()
    database = _fresh_pg_database(template=pg_template)
    url = make_url(next(database))
    real = make_url(PG_URL)
    hole = Blackhole((real.host or "127.0.0.1", real.port or 5432))
    try:
        yield url.set(host="127.0.0.1", port=hole.port).render_as_string(hide_password=False), hole
    finally:
        hole.close()
        database.close()  # drops the database


@pytest.fixture
def pg_window(
    qtbot: QtBot,
    tmp_path: Path,
    pg_behind_a_blackhole: tuple[str, Blackhole],
    ui_settings: QSettings,
    bench_theme: None,
) -> Iterator[tuple[MainWindow, Station, Blackhole]]:
    url, hole = pg_behind_a_blackhole
    settings = station_settings(tmp_path, RETURNSTATION_DATABASE_URL=url, RETURNSTATION_PRINTER="pdf-folder")
    station = open_station(settings, clock=StepClock())
    window = MainWindow(station_services(station), sounds=SoundBoard(enabled=False), ui_settings=ui_settings)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    qtbot.waitUntil(lambda: not window.busy(), timeout=10000)
    try:
        yield window, station, hole
    finally:
        hole.restore()
        window.close()
        station.close()


@pytest.mark.slow
def test_postgresql_not_answering_never_stalls_the_window_and_the_kept_scans_follow_in_order(
    qtbot: QtBot, pg_window: tuple[MainWindow, Station, Blackhole]
) -> None:
    window, station, hole = pg_window
    bench = Bench(qtbot, window)
    bench.scan("RMA-100001")
    assert bench.level() is Level.SUCCESS, bench.message
    window.scan_queue.timer.setInterval(200)  # probe often: the test need not sit out 3 s per probe
    probe = StallProbe()
    hole.cut()
    probe.start()
    for n, code in enumerate(SCANS):
        scan_later(window, qtbot, 50 + 150 * n, code)
    # the first scan waits for the connect timeout (5 s): meanwhile the bench is told it waits
    qtbot.waitUntil(lambda: "database is busy" in bench.message, timeout=3000)
    qtbot.waitUntil(lambda: "not reachable" in bench.message, timeout=15000)
    assert bench.level() is Level.ERROR
    assert "NOT REACHABLE" in window.database_label.text()
    qtbot.waitUntil(lambda: window.scan_queue.waiting == len(SCANS), timeout=3000)
    assert lines(window) == {"HP-BT200": (1, 0), "CBL-USBC-1M": (2, 0)}  # kept, none lost, none applied

    hole.restore()
    qtbot.waitUntil(lambda: "3 kept scan(s) entered" in bench.message, timeout=20000)
    qtbot.waitUntil(lambda: not window.busy(), timeout=5000)
    worst = probe.stop()
    assert worst < MAX_STALL_S, f"the event loop stalled {worst * 1000:.0f} ms"
    assert lines(window) == {"HP-BT200": (1, 1), "CBL-USBC-1M": (2, 2)}
    assert scanned_in_order(station.session_factory) == list(SCANS)
    raw = probe.worst_raw * 1000
    print(f"\nworst stall while PostgreSQL did not answer: {worst * 1000:.1f} ms (raw gap {raw:.1f} ms)")


def test_a_click_while_the_tab_is_busy_is_refused_and_the_scan_before_it_still_goes_in(
    qtbot: QtBot, bench: Bench, window: MainWindow, ui_station: Station
) -> None:
    for code in ("RMA-100001", "HP-BT200", "CBL-USBC-1M"):
        bench.scan(code)
    path = ui_station.engine.url.database
    assert path
    other = sqlite3.connect(path, isolation_level=None)
    try:
        other.execute("BEGIN IMMEDIATE")
        qtbot.keyClicks(window.scan_field, "CBL-USBC-1M")  # type: ignore[no-untyped-call]
        qtbot.keyClick(window.scan_field, Qt.Key.Key_Return)  # type: ignore[no-untyped-call]
        assert window.receive_page.stepping()  # the last unit is being saved, behind the lock
        qtbot.mouseClick(window.receive_page.finish_button, Qt.MouseButton.LeftButton)  # type: ignore[no-untyped-call]
        assert "Still saving the last step" in bench.message  # not finished on what the screen showed
        assert window.receive_page.parcel is not None
    finally:
        other.execute("ROLLBACK")
        other.close()
    bench.settle()
    assert lines(window)["CBL-USBC-1M"] == (2, 2) and window.receive_page.parcel is not None
    bench.click(window.receive_page.finish_button)  # now it acts on the complete parcel
    assert bench.level() is Level.SUCCESS and window.receive_page.parcel is None, bench.message


@pytest.mark.slow
def test_inspecting_behind_a_write_lock_answers_at_once_and_enter_then_the_next_scan_follow_in_order(
    qtbot: QtBot, bench: Bench, window: MainWindow, ui_station: Station
) -> None:
    receive_demo_rma(bench)
    bench.switch_to(1)
    page = window.inspect_page
    bench.scan("HP-BT200")
    form = page.form
    assert form is not None
    path = ui_station.engine.url.database
    assert path
    other = sqlite3.connect(path, isolation_level=None)
    # measured from the first answer key until the decision is on screen: the part that waits on the
    # database (drawing the next item's checklist afterwards is the window's own work, not a wait)
    probe = StallProbe(until=lambda: page.decided is not None)
    try:
        other.execute("BEGIN IMMEDIATE")
        probe.start()
        for check in form.checklist.checks:  # the preview needs no database: each key answers at once
            bench.answer(check.answers[0].key)
        assert page.preview is not None and not page.stepping()
        QTimer.singleShot(0, lambda: qtbot.keyClick(window.scan_field, Qt.Key.Key_Return))  # type: ignore[no-untyped-call]
        scan_later(window, qtbot, 100, "CBL-USBC-1M")  # the next item, scanned while the decision waits
        QTimer.singleShot(1500, lambda: other.execute("ROLLBACK"))
        qtbot.waitUntil(lambda: "database is busy" in bench.message, timeout=1400)
        assert page.stepping() and page.decided is None and page.form is form
        qtbot.waitUntil(lambda: not window.busy(), timeout=15000)
        worst = probe.stop()
    finally:
        if other.in_transaction:
            other.execute("ROLLBACK")
        other.close()
    assert worst < MAX_STALL_S, f"the event loop stalled {worst * 1000:.0f} ms"
    decided = page.decided
    assert decided is not None and decided.item.item_id == form.item.item_id  # Enter decided the first
    assert page.form is not None and page.form.item.sku == "CBL-USBC-1M"  # then the scan opened the next
    raw = probe.worst_raw * 1000
    print(f"\nworst stall inspecting behind a writer: {worst * 1000:.1f} ms (raw gap {raw:.1f} ms)")


def test_no_database_transaction_begins_on_the_gui_thread_through_a_whole_return(
    qtbot: QtBot, bench: Bench, window: MainWindow, ui_station: Station
) -> None:
    on_gui_thread: list[str] = []

    def _begin(conn: object) -> None:
        if threading.current_thread() is threading.main_thread():
            on_gui_thread.append("".join(traceback.format_stack(limit=40)))

    event.listen(ui_station.engine, "begin", _begin)
    try:
        bench.switch_to(0)
        receive_demo_rma(bench)  # parcel, items, DONE: the hold count and the receipt
        bench.switch_to(1)  # the waiting list
        bench.scan("HP-BT200")  # find and open the item, its photos
        page = window.inspect_page
        assert page.form is not None
        for check in page.form.checklist.checks:
            bench.answer(check.answers[0].key)  # the preview after each key, the draft
        bench.press(Qt.Key.Key_Return)  # decide, print the label
        qtbot.waitUntil(lambda: page.decided is not None and not page.printing_label, timeout=10000)
        bench.settle()
        bench.switch_to(2)  # the supervisor's tab: shelf, desks, figures
        bench.switch_to(0)
    finally:
        event.remove(ui_station.engine, "begin", _begin)
    assert page.decided is not None and bench.level() is not Level.ERROR, bench.message
    assert on_gui_thread == [], on_gui_thread[0]


@pytest.mark.slow
def test_signing_in_and_out_and_an_override_begin_no_transaction_on_the_gui_thread(
    qtbot: QtBot, request: pytest.FixtureRequest
) -> None:
    window: MainWindow = request.getfixturevalue("make_window")()
    login_station: Station = request.getfixturevalue("login_station")
    on_gui_thread: list[str] = []

    def _begin(conn: object) -> None:
        if threading.current_thread() is threading.main_thread():
            on_gui_thread.append("".join(traceback.format_stack(limit=40)))

    event.listen(login_station.engine, "begin", _begin)
    try:
        sign_in(qtbot, window, *INA)  # the PIN's slow hash and the sign-in event: on the pool
        bench = Bench(qtbot, window)
        bench.switch_to(1)
        bench.scan("HP-BT200")
        page = window.inspect_page
        assert page.form is not None
        for check in page.form.checklist.checks:
            bench.answer(check.answers[0].key)
        page.open_override()
        dialog = page.override_dialog
        assert dialog is not None
        qtbot.waitUntil(dialog.isVisible, timeout=2000)
        dialog.disposition_combo.setCurrentIndex(dialog.disposition_combo.findData("quarantine"))
        dialog.reason_combo.setCurrentIndex(1)
        dialog.badge_edit.setText(DEMO_SUPERVISOR_BADGE)
        dialog.pin_edit.setText(DEMO_SUPERVISOR_PIN)
        dialog.submit()  # the supervisor's PIN check and the decision: on the pool
        assert dialog.checking and not dialog.approve_button.isEnabled()
        qtbot.waitUntil(lambda: page.decided is not None, timeout=10000)
        bench.settle()
        bench.click(window.sign_out_button)  # the bench locks at once, the event is written on the pool
        assert window.locked and login_station.ctx.signed_in is None
        window.activateWindow()  # the override dialog had it
        qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=2000)
        sign_in(qtbot, window, *IVO)
        bench.settle()
    finally:
        event.remove(login_station.engine, "begin", _begin)
    decided = page.decided
    assert decided is not None and decided.override is not None
    assert on_gui_thread == [], on_gui_thread[0]
    with login_station.session_factory() as session:
        signed_out = session.scalars(select(EventRow.user).where(EventRow.type == "signed_out")).all()
    assert signed_out == ["Ina Berg"]


def test_a_step_that_fails_on_the_pool_or_on_screen_never_blocks_the_scans_behind_it(
    qtbot: QtBot, bench: Bench, window: MainWindow
) -> None:
    page = window.receive_page

    def draw(_result: object) -> None:
        raise RuntimeError("drawing failed")

    def fail() -> object:
        raise ValueError("the step failed")

    page.run(lambda: 1, draw)
    qtbot.keyClicks(window.scan_field, "RMA-100001")  # type: ignore[no-untyped-call]
    qtbot.keyClick(window.scan_field, Qt.Key.Key_Return)  # type: ignore[no-untyped-call]
    assert len(window.scan_queue) == 1  # held behind the step in hand
    qtbot.waitUntil(lambda: len(window.scan_queue) == 0, timeout=5000)
    bench.settle()
    assert window.receive_page.parcel is not None and window.receive_page.parcel.rma_number == "RMA-100001"

    page.run(fail, draw)
    qtbot.waitUntil(lambda: not page.stepping(), timeout=5000)
    assert bench.level() is Level.ERROR and "the step failed" in bench.message
    bench.scan("HP-BT200")
    assert bench.level() is Level.SUCCESS, bench.message


def test_the_probe_sees_a_gui_thread_waiting_on_a_locked_database(qtbot: QtBot, tmp_path: Path) -> None:
    """The probe itself: a write that waits 0.3 s for SQLite's lock on the GUI thread is a stall."""
    path = tmp_path / "locked.db"
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    waiter = sqlite3.connect(path, isolation_level=None, timeout=0.3)

    def write_on_the_gui_thread() -> None:
        with pytest.raises(sqlite3.OperationalError):
            waiter.execute("BEGIN IMMEDIATE")

    probe = StallProbe()
    probe.start()
    QTimer.singleShot(30, write_on_the_gui_thread)
    qtbot.wait(500)
    try:
        assert probe.stop() > 0.2
    finally:
        holder.execute("ROLLBACK")
        holder.close()
        waiter.close()
