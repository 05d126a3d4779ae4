# ruff: noqa: E402  (Qt must see QT_QPA_PLATFORM before it loads, so the imports follow it)
"""Fixtures for driving the real station window offscreen, on a fresh SQLite database per test."""

from __future__ import annotations

import atexit
import json
import os
import tempfile


def _offscreen_bench_screen() -> str:
    """Offscreen Qt with one 1280x800 screen, the size of a bench monitor (the default is 800x800)."""
    screen = {
        "name": "bench",
        "x": 0,
        "y": 0,
        "width": 1280,
        "height": 800,
        "logicalDpiX": 96,
        "logicalDpiY": 96,
    }
    fd, path = tempfile.mkstemp(prefix="rs-offscreen-", suffix=".json")
    with os.fdopen(fd, "w") as fh:
        json.dump({"screens": [screen]}, fh)
    atexit.register(os.remove, path)
    return f"offscreen:configfile={path}"


os.environ["QT_QPA_PLATFORM"] = _offscreen_bench_screen()  # before anything imports Qt

from collections.abc import Callable, Iterator
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot
from stdnum import ean

from returnstation.bootstrap import Station, open_station
from returnstation.config import Settings, load_settings
from returnstation.services.results import Level
from returnstation.ui.app import station_services
from returnstation.ui.main_window import MainWindow
from returnstation.ui.scan_field import BURST_MS
from returnstation.ui.sounds import SoundBoard
from returnstation.ui.theme import apply_theme

START = datetime(2026, 11, 23, 9, 0, 0)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    here = Path(__file__).parent
    for item in items:
        if here in Path(str(item.fspath)).parents:
            item.add_marker(pytest.mark.ui)


def gtin(body12: str) -> str:
    """A demo GTIN-13 from the 12-digit body listed in services/demo.py."""
    return body12 + ean.calc_check_digit(body12)


class StepClock:
    """Fixed time the test moves on by hand, so demo RMA dates and report periods are deterministic."""

    def __init__(self, start: datetime = START) -> None:
        self.now = start

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **kw: float) -> None:
        self.now += timedelta(**kw)


def station_settings(tmp_path: Path, **env: str) -> Settings:
    base = {
        "RETURNSTATION_DATA_DIR": str(tmp_path / "data"),
        "RETURNSTATION_DATABASE_URL": f"sqlite:///{tmp_path / 'data' / 'station.db'}",
        "RETURNSTATION_STATION": "bench-7",
        "RETURNSTATION_USER": "ana",
        "RETURNSTATION_CONFIG": str(tmp_path / "no-config.toml"),
        # Most tests are not about signing in: the bench acts as ana, admin. test_ui_login.py turns it on.
        "RETURNSTATION_LOGIN": "0",
        "RETURNSTATION_ROLE": "admin",
        # Most tests are not about photos; test_ui_photos.py passes RETURNSTATION_REQUIRE_PHOTOS="1".
        "RETURNSTATION_REQUIRE_PHOTOS": "0",
    }
    base.update(env)
    return load_settings(base)


@pytest.fixture
def step_clock() -> StepClock:
    return StepClock()


@pytest.fixture
def printer_spec() -> str:
    """Where labels go; a test module overrides this fixture to make printing fail."""
    return "pdf-folder"


@pytest.fixture
def ui_station(
    tmp_path: Path, step_clock: StepClock, printer_spec: str, seed_sqlite: Callable[[str], str]
) -> Iterator[Station]:
    settings = station_settings(tmp_path, RETURNSTATION_PRINTER=printer_spec)
    seed_sqlite(settings.database_url)  # a migrated copy: the window tests are not about migrating
    st = open_station(settings, clock=step_clock)
    yield st
    st.close()


@pytest.fixture
def ui_settings(tmp_path: Path) -> QSettings:
    return QSettings(str(tmp_path / "ui-prefs.ini"), QSettings.Format.IniFormat)


@pytest.fixture(scope="session")
def bench_theme(qapp: QApplication) -> None:
    """The station's theme on the test application, once per session: applying it again re-polishes
    every widget still alive (closed windows wait for their deferred delete), a third of a second."""
    apply_theme(qapp)


@pytest.fixture
def window(
    qtbot: QtBot, ui_station: Station, ui_settings: QSettings, tmp_path: Path, bench_theme: None
) -> Iterator[MainWindow]:
    sounds = SoundBoard(enabled=True, directory=tmp_path / "sounds")
    w = MainWindow(station_services(ui_station), sounds=sounds, ui_settings=ui_settings)
    qtbot.addWidget(w)
    w.show()
    qtbot.waitExposed(w)
    w.activateWindow()
    qtbot.waitUntil(lambda: not w.busy(), timeout=10000)  # the first tab's reads are on the pool
    yield w
    w.close()  # waits for label/report workers before the database goes away


class Bench:
    """The person at the bench: scans, presses keys, reads the banner."""

    def __init__(self, qtbot: QtBot, window: MainWindow) -> None:
        self.qtbot = qtbot
        self.window = window

    def scan(self, text: str) -> None:
        """Type like a keyboard-wedge scanner: all characters in one burst, then Enter; then wait until
        the window has applied it (its service calls run on the pool)."""
        self.qtbot.keyClicks(self.window.scan_field, text)  # type: ignore[no-untyped-call]
        self.qtbot.keyClick(self.window.scan_field, Qt.Key.Key_Return)  # type: ignore[no-untyped-call]
        self.settle()

    def press(self, key: Qt.Key) -> None:
        self.qtbot.keyClick(self.window.scan_field, key)  # type: ignore[no-untyped-call]
        self.settle()

    def settle(self, timeout: int = 10000) -> None:
        """Wait until no page is busy or reading and no scan or key waits in the window's queue."""
        self.qtbot.waitUntil(lambda: not self.window.busy(), timeout=timeout)

    def answer(self, digit: str) -> None:
        """A person pressing one number key: it becomes a hotkey once no other key follows quickly."""
        with self.qtbot.waitSignal(self.window.scan_field.hotkey, timeout=2000):
            self.qtbot.keyClick(self.window.scan_field, digit)  # type: ignore[no-untyped-call]
        self.qtbot.wait(BURST_MS // 2)
        self.settle()

    def click(self, widget: QWidget) -> None:
        self.qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)  # type: ignore[no-untyped-call]
        self.settle()

    def level(self) -> Level | None:
        """The banner's level now (a method, so each read is fresh for the type checker too)."""
        return self.window.banner.level

    @property
    def message(self) -> str:
        return self.window.banner.message

    def switch_to(self, index: int) -> None:
        # F-key shortcuts act in the active window only (as at the bench): a window left over by an
        # earlier test of this worker may still hold the activation, so take it first.
        self.window.activateWindow()
        self.qtbot.waitUntil(lambda: QApplication.activeWindow() is self.window, timeout=5000)
        self.qtbot.keyClick(self.window.scan_field, Qt.Key(Qt.Key.Key_F1.value + index))  # type: ignore[no-untyped-call]
        assert self.window.tabs.currentIndex() == index
        self.settle()


@pytest.fixture
def bench(qtbot: QtBot, window: MainWindow) -> Bench:
    return Bench(qtbot, window)


@pytest.fixture(autouse=True, scope="session")
def _private_qsettings(tmp_path_factory: pytest.TempPathFactory) -> None:
    """Windows made with the default QSettings write to a temp folder, never to the tester's home."""
    folder = str(tmp_path_factory.mktemp("qsettings"))
    for fmt in (QSettings.Format.NativeFormat, QSettings.Format.IniFormat):
        QSettings.setPath(fmt, QSettings.Scope.UserScope, folder)


def routing_label_only(station: Station) -> None:
    """Decisions queue the routing label only: for tests of the label queue and history, which a
    decision's other labels (return to customer, item label; tests/db/test_db_outcomes.py) would crowd."""
    from dataclasses import replace

    from returnstation.disposition.outcomes import OutcomeLabels

    station.inspection.outcomes = replace(station.inspection.outcomes, labels=OutcomeLabels())
