"""Starting the GUI: a working station opens; a broken one explains itself in a dialog, not a traceback."""

from __future__ import annotations

import os
import threading
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, Qt, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox
from pytestqt.qtbot import QtBot

from returnstation import cli
from returnstation.bootstrap import Station
from returnstation.config import Settings
from returnstation.ui import app as ui_app
from returnstation.ui.app import StartupProblem, run_gui, start_station, station_services
from returnstation.ui.main_window import MainWindow
from returnstation.ui.opening_window import OpeningWindow

from .conftest import station_settings


def _env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path, **extra: str) -> None:
    monkeypatch.setenv("RETURNSTATION_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("RETURNSTATION_DATABASE_URL", f"sqlite:///{tmp_path / 'data' / 'gui.db'}")
    monkeypatch.setenv("RETURNSTATION_CONFIG", str(tmp_path / "none.toml"))
    monkeypatch.setenv("RETURNSTATION_STATION", "bench-gui")
    monkeypatch.setenv("RETURNSTATION_SOUND", "0")
    for key, value in extra.items():
        monkeypatch.setenv(key, value)


def _answer_dialog_later(seen: list[str]) -> QTimer:
    """Accept the first modal message box as soon as it shows, remembering what it said."""

    def poll() -> None:
        box = QApplication.activeModalWidget()
        if isinstance(box, QMessageBox):
            seen.append(f"{box.windowTitle()}\n{box.text()}")
            box.accept()
            timer.stop()

    timer = QTimer()
    timer.setInterval(50)
    timer.timeout.connect(poll)
    timer.start()
    return timer


def test_broken_rules_file_shows_what_is_wrong_and_exits_1(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    rules = tmp_path / "rules.yaml"
    rules.write_text("title: Broken\nrules:\n  - id: x\n    disposition: teleport\n", encoding="utf-8")
    _env(monkeypatch, tmp_path, RETURNSTATION_RULES_PATH=str(rules))
    seen: list[str] = []
    timer = _answer_dialog_later(seen)

    assert run_gui([]) == 1

    timer.stop()
    assert len(seen) == 1
    assert "Rules or checklist file is broken" in seen[0]
    assert "rules.yaml" in seen[0]  # the file and line to fix


def test_unreachable_database_is_a_startup_problem_without_the_password(tmp_path: Path) -> None:
    settings = station_settings(
        tmp_path, RETURNSTATION_DATABASE_URL="postgresql+psycopg://clerk:s3cret@127.0.0.1:1/returns"
    )
    with pytest.raises(StartupProblem) as problem:
        start_station(settings)
    assert problem.value.title == "Database cannot be opened"
    assert "127.0.0.1:1/returns" in problem.value.text
    assert "s3cret" not in problem.value.text


def test_a_working_station_opens_the_window_and_exits_0(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _env(monkeypatch, tmp_path)
    opened: list[MainWindow] = []

    def close_when_shown() -> None:
        windows = [w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow) and w.isVisible()]
        if windows:
            opened.extend(windows)
            windows[0].close()
            timer.stop()

    timer = QTimer()
    timer.setInterval(50)
    timer.timeout.connect(close_when_shown)
    timer.start()

    assert run_gui([]) == 0

    assert len(opened) == 1
    assert opened[0].windowTitle().endswith("bench-gui")
    assert QApplication.organizationName() == "ReturnStation"
    assert QSettings("ReturnStation", "ReturnStation").value("station/bench-gui/geometry") is not None


def test_window_geometry_is_remembered_per_station(
    qtbot: QtBot, ui_station: Station, ui_settings: QSettings
) -> None:
    from returnstation.ui.sounds import SoundBoard

    services = station_services(ui_station)
    first = MainWindow(services, sounds=SoundBoard(enabled=False), ui_settings=ui_settings)
    qtbot.addWidget(first)
    first.show()
    first.resize(1024, 720)  # a small bench screen
    first.tabs.setCurrentIndex(1)
    qtbot.waitUntil(lambda: first.size().width() == 1024)
    first.close()

    second = MainWindow(services, sounds=SoundBoard(enabled=False), ui_settings=ui_settings)
    qtbot.addWidget(second)
    assert (second.size().width(), second.size().height()) == (1024, 720)
    assert second.tabs.currentIndex() == 1


def test_sound_can_be_switched_off_for_a_quiet_hall(tmp_path: Path) -> None:
    assert station_settings(tmp_path).sound is True
    assert station_settings(tmp_path, RETURNSTATION_SOUND="off").sound is False
    assert station_settings(tmp_path, RETURNSTATION_SOUND="1").sound is True
    with pytest.raises(ValueError, match="sound: 'quiet' is not true or false"):
        station_settings(tmp_path, RETURNSTATION_SOUND="quiet")


def test_command_line_values_reach_the_window_without_touching_the_environment(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _env(monkeypatch, tmp_path)
    before = dict(os.environ)
    opened: list[MainWindow] = []

    def close_when_shown() -> None:
        windows = [w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow) and w.isVisible()]
        if windows:
            opened.extend(windows)
            windows[0].close()
            timer.stop()

    timer = QTimer()
    timer.setInterval(50)
    timer.timeout.connect(close_when_shown)
    timer.start()

    db = tmp_path / "cli" / "gui.db"
    assert cli.main(["--station", "bench-cli", "--db", f"sqlite:///{db}", "gui"]) == 0  # run_gui(overrides=)

    assert opened[0].windowTitle().endswith("bench-cli")  # over RETURNSTATION_STATION=bench-gui
    assert opened[0].services.settings.sources["station"].where == "--station"
    assert db.exists()
    assert dict(os.environ) == before


def test_a_misspelt_setting_is_a_settings_dialog_with_the_suggestion(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    config = tmp_path / "station.toml"
    config.write_text("requre_photos = false\n", encoding="utf-8")
    _env(monkeypatch, tmp_path, RETURNSTATION_CONFIG=str(config))
    seen: list[str] = []
    timer = _answer_dialog_later(seen)

    assert run_gui([]) == 1

    timer.stop()
    assert len(seen) == 1
    assert "Settings file is broken" in seen[0]
    assert f"unknown setting `requre_photos` in {config}: did you mean `require_photos`?" in seen[0]


def _opening_windows() -> list[OpeningWindow]:
    return [w for w in QApplication.topLevelWidgets() if isinstance(w, OpeningWindow) and w.isVisible()]


def test_the_opening_window_keeps_scans_until_the_station_is_open_then_enters_them_in_order(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The window is up before the database (issue #18); what is scanned meanwhile is not lost."""
    _env(monkeypatch, tmp_path, RETURNSTATION_LOGIN="0")
    gate = threading.Event()  # the database opens only once the scans are in: no race with a fast disk
    real_start = ui_app.start_station

    def slow_start(settings: Settings | None = None) -> Station:
        gate.wait(30)
        return real_start(settings)

    monkeypatch.setattr(ui_app, "start_station", slow_start)
    seen: dict[str, str] = {}
    done: list[MainWindow] = []

    def step() -> None:
        opening = _opening_windows()
        if opening and not gate.is_set():
            w = opening[0]
            seen["title"], seen["before"] = w.windowTitle(), w.banner.message
            qtbot.keyClicks(w.scan_field, "RMA-100001")
            qtbot.keyClick(w.scan_field, Qt.Key.Key_Return)
            qtbot.keyClicks(w.scan_field, "HP-BT200")
            qtbot.keyClick(w.scan_field, Qt.Key.Key_Return)
            seen["kept"] = w.banner.message
            gate.set()
        mains = [w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow) and w.isVisible()]
        if mains and not mains[0].busy() and mains[0].receive_page.rma_label.text() == "RMA-100001":
            lines = mains[0].receive_page.lines_model.rows()
            if ("HP-BT200", 1, 1) in [(ln.sku, ln.expected, ln.received) for ln in lines]:
                done.append(mains[0])
                mains[0].close()
                timer.stop()

    timer = QTimer()
    timer.setInterval(30)
    timer.timeout.connect(step)
    timer.start()
    QTimer.singleShot(60_000, lambda: QApplication.closeAllWindows())  # a hang fails below, not forever

    assert run_gui([]) == 0

    assert seen["title"].endswith("bench-gui")
    assert "Opening the database" in seen["before"]
    assert "2 scan(s) kept" in seen["kept"]
    assert len(done) == 1  # both scans reached the station window, the item after its parcel


def test_a_database_that_cannot_be_opened_names_the_scans_taken_meanwhile(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _env(
        monkeypatch, tmp_path, RETURNSTATION_DATABASE_URL="postgresql+psycopg://clerk:pw@127.0.0.1:1/returns"
    )
    gate = threading.Event()
    real_start = ui_app.start_station

    def slow_start(settings: Settings | None = None) -> Station:
        gate.wait(30)
        return real_start(settings)

    monkeypatch.setattr(ui_app, "start_station", slow_start)

    def scan_then_open() -> None:
        opening = _opening_windows()
        if opening and not gate.is_set():
            qtbot.keyClicks(opening[0].scan_field, "RMA-100004")
            qtbot.keyClick(opening[0].scan_field, Qt.Key.Key_Return)
            gate.set()
            poll.stop()

    poll = QTimer()
    poll.setInterval(30)
    poll.timeout.connect(scan_then_open)
    poll.start()
    seen: list[str] = []
    timer = _answer_dialog_later(seen)

    assert run_gui([]) == 1

    timer.stop()
    assert len(seen) == 1
    assert "Database cannot be opened" in seen[0]
    assert "127.0.0.1:1/returns" in seen[0] and "pw@" not in seen[0]
    assert "not entered (scan them again later): RMA-100004" in seen[0]
