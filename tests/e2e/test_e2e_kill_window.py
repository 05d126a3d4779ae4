"""The real station window killed with SIGKILL mid-receiving and mid-inspection, then started again.

The child process is the station window itself (offscreen Qt), driven by key events the way a scanner
and a person drive it: a first parcel is received, an inspection is half answered, a second parcel is
half scanned, and then the process is killed: no close event, no clean-up, no flush. A new window on
the same database and station must show the half-scanned parcel again with what was confirmed, and
give back the half-answered inspection, so nothing the clerk confirmed or typed is lost.
"""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import textwrap
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from returnstation.bootstrap import Station, open_station
from returnstation.config import load_settings
from returnstation.ui.app import station_services
from returnstation.ui.main_window import MainWindow
from returnstation.ui.sounds import SoundBoard
from tests.ui.conftest import Bench

CHILD = textwrap.dedent(
    """
    import json, sys
    from PySide6.QtCore import QSettings, Qt
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication
    from returnstation.config import load_settings
    from returnstation.bootstrap import open_station
    from returnstation.ui.app import station_services
    from returnstation.ui.main_window import MainWindow
    from returnstation.ui.sounds import SoundBoard

    app = QApplication(sys.argv[:1])
    station = open_station(load_settings())
    window = MainWindow(station_services(station), sounds=SoundBoard(enabled=False),
                        ui_settings=QSettings(sys.argv[1], QSettings.Format.IniFormat))
    window.show()
    QTest.qWaitForWindowExposed(window)

    def settle():  # the window's service calls run on its pool
        while window.busy():
            QTest.qWait(10)

    def scan(text):
        QTest.keyClicks(window.scan_field, text)
        QTest.keyClick(window.scan_field, Qt.Key.Key_Return)
        QTest.qWait(50)
        settle()

    def key(text):  # a person pressing one key, then a pause longer than the answer wait (scan_field.py)
        QTest.keyClick(window.scan_field, text)
        QTest.qWait(600)
        settle()

    for code in ("RMA-100001", "HP-BT200", "CBL-USBC-1M", "CBL-USBC-1M", "CMD:DONE"):
        scan(code)
    QTest.keyClick(window.scan_field, Qt.Key.Key_F2)
    settle()
    scan("HP-BT200")
    page = window.inspect_page
    checks = page.form.checklist.checks
    key(checks[0].answers[1].key)
    key(checks[1].answers[0].key)
    while not page.drafts_idle():
        QTest.qWait(20)
    answers = dict(page.answers)
    QTest.keyClick(window.scan_field, Qt.Key.Key_F1)
    scan("RMA-100002")
    scan("TSH-BLU-M")
    print("READY " + json.dumps({"item": page.form.item.item_id, "answers": answers,
                                "banner": window.banner.message}), flush=True)
    while True:
        QTest.qWait(50)  # the station carries on running until the power goes
    """
)


def bench_env(tmp_path: Path) -> dict[str, str]:
    return {
        "RETURNSTATION_DATA_DIR": str(tmp_path / "data"),
        "RETURNSTATION_CONFIG": str(tmp_path / "none.toml"),
        "RETURNSTATION_STATION": "bench-4",
        "RETURNSTATION_USER": "ana",
        "RETURNSTATION_DEMO_DATA": "1",
        "RETURNSTATION_LOGIN": "0",
        "RETURNSTATION_SOUND": "0",
    }


def run_until_killed(tmp_path: Path) -> dict[str, object]:
    env = {k: v for k, v in os.environ.items() if k != "RETURNSTATION_DATABASE_URL"}
    env.update(bench_env(tmp_path), QT_QPA_PLATFORM="offscreen")
    child = subprocess.Popen(
        [sys.executable, "-c", CHILD, str(tmp_path / "child-prefs.ini")],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert child.stdout is not None
        deadline = time.monotonic() + 120
        line = ""
        while not line.startswith("READY "):
            line = child.stdout.readline()
            assert line, f"the station stopped early: {child.stderr.read() if child.stderr else ''}"
            assert time.monotonic() < deadline, "the station took too long"
        time.sleep(0.3)
        child.send_signal(signal.SIGKILL)
        assert child.wait(timeout=30) == -signal.SIGKILL
    finally:
        if child.poll() is None:
            child.kill()
            child.wait(timeout=30)
        for stream in (child.stdout, child.stderr):
            if stream is not None:
                stream.close()
    state: dict[str, object] = json.loads(line.removeprefix("READY "))
    return state


@pytest.fixture
def restarted(tmp_path: Path) -> Iterator[tuple[Station, dict[str, object]]]:
    state = run_until_killed(tmp_path)
    with sqlite3.connect(tmp_path / "data" / "returnstation.db") as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    station = open_station(load_settings(bench_env(tmp_path)))
    yield station, state
    station.close()


@pytest.mark.slow
@pytest.mark.e2e
@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="SIGKILL is POSIX only")
def test_a_killed_window_comes_back_with_the_open_parcel_and_the_half_done_inspection(
    qtbot: QtBot, restarted: tuple[Station, dict[str, object]], tmp_path: Path
) -> None:
    station, state = restarted
    assert "TSH-BLU-M" in str(state["banner"])  # the child really got as far as the item scan

    window = MainWindow(
        station_services(station),
        sounds=SoundBoard(enabled=False),
        ui_settings=QSettings(str(tmp_path / "prefs.ini"), QSettings.Format.IniFormat),
    )
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=2000)
    bench = Bench(qtbot, window)
    bench.settle()  # the left-open parcel is read on the pool

    receive = window.receive_page
    assert receive.parcel is not None and receive.parcel.rma_number == "RMA-100002"
    assert {ln.sku: ln.received for ln in receive.parcel.lines} == {"TSH-BLU-M": 1, "JNS-32-34": 0}
    assert "left open at this bench" in window.banner.message
    assert "1 of 2 received" in window.banner.message
    bench.scan("JNS-32-34")  # the clerk simply carries on
    bench.scan("CMD:DONE")
    assert "Receipt complete: 2 item(s)" in bench.message, bench.message

    bench.switch_to(1)
    bench.scan("HP-BT200")
    page = window.inspect_page
    assert page.form is not None and page.form.item.item_id == state["item"]
    assert page.answers == state["answers"] and len(page.answers) == 2
    window.close()
