# mypy: disable-error-code="no-untyped-call"
"""Issue #14: the real window on the bench monitors people have (1280x800, 1366x768, 1920x1080), with and
without the camera panel, after a photo: every question and every answer of the open check is inside the
visible part of the checklist and none of their text is cut; the window never outgrows the screen.

Sizes other than the offscreen test screen's 1280x800 are simulated by the screen area the window is
told it may use (``available_area``, the hardware edge), and the window is sized to it as a maximised
window would be.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, QRect, QSettings, Qt
from PySide6.QtGui import QFontMetrics
from PySide6.QtWidgets import QLabel, QWidget
from pytestqt.qtbot import QtBot

from returnstation.bootstrap import Station, open_station
from returnstation.ui import main_window as main_window_module
from returnstation.ui.app import station_services
from returnstation.ui.main_window import MainWindow
from returnstation.ui.sounds import SoundBoard

from .conftest import Bench, StepClock, station_settings
from .test_ui_photos import bench_picture, open_laptop, wait_for_photo

SCREENS = [(1280, 800), (1366, 768), (1920, 1080)]


def rect_in(widget: QWidget, ancestor: QWidget) -> QRect:
    return QRect(widget.mapTo(ancestor, QPoint(0, 0)), widget.size())


def assert_shown_whole(label: QLabel, area: QWidget, what: str) -> None:
    """The label lies inside ``area``'s visible rectangle and its text is not cut: a wrapped label is at
    least as tall as its text needs at its width, a one-line label at least as wide as its text."""
    assert label.isVisible(), what
    assert area.rect().contains(rect_in(label, area)), f"{what} is outside the visible area"
    if label.wordWrap():
        needed = label.heightForWidth(label.width())
        assert needed <= label.height(), f"{what}: needs {needed} px, has {label.height()}"
    else:
        advance = QFontMetrics(label.font()).horizontalAdvance(label.text())
        assert advance <= label.contentsRect().width(), f"{what}: needs {advance} px, has {label.width()}"


@pytest.fixture
def camera_station(tmp_path: Path) -> Iterator[Station]:
    bench_picture(tmp_path / "camera")
    settings = station_settings(
        tmp_path, RETURNSTATION_CAMERA=str(tmp_path / "camera"), RETURNSTATION_REQUIRE_PHOTOS="1"
    )
    station = open_station(settings, clock=StepClock())
    yield station
    station.close()


def open_window(qtbot: QtBot, tmp_path: Path, station: Station) -> MainWindow:
    prefs = QSettings(str(tmp_path / "ui-prefs.ini"), QSettings.Format.IniFormat)
    window = MainWindow(station_services(station), sounds=SoundBoard(enabled=False), ui_settings=prefs)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    return window


@pytest.mark.slow
@pytest.mark.parametrize("camera", [False, True], ids=["no-camera", "camera"])
@pytest.mark.parametrize("screen", SCREENS, ids=[f"{w}x{h}" for w, h in SCREENS])
def test_every_question_and_answer_is_fully_visible(
    qtbot: QtBot,
    tmp_path: Path,
    camera_station: Station,
    monkeypatch: pytest.MonkeyPatch,
    screen: tuple[int, int],
    camera: bool,
) -> None:
    width, height = screen
    monkeypatch.setattr(main_window_module, "available_area", lambda _w: QRect(0, 0, width, height))
    window = open_window(qtbot, tmp_path, camera_station)
    try:
        frame = window.frameGeometry().size() - window.geometry().size()
        window.resize(width - frame.width(), height - frame.height())  # as a maximised window
        bench = Bench(qtbot, window)
        qtbot.wait(50)  # the resize and the fit to the screen are done before the first key
        page = open_laptop(bench)
        bench.press(Qt.Key.Key_F7)  # a photo: the camera panel opens and the strip shows
        wait_for_photo(qtbot, page, 1)
        if not camera:
            window.camera_button.click()
        qtbot.waitUntil(lambda: window.camera_dock.isHidden() is not camera, timeout=2000)
        form = page.form
        assert form is not None
        view = page.checklist_view
        for index, check in enumerate(form.checklist.checks):
            assert page.current == index
            qtbot.wait(60)  # the open check is scrolled into view once the layout has grown it
            window_area = QRect(QPoint(0, 0), window.size())
            assert window_area.contains(rect_in(view, window)), "the checklist is outside the window"
            row = view._rows[index]
            assert_shown_whole(row.question, view.viewport(), f"question {check.id} at {screen}")
            for key, button in view.answer_buttons(index).items():
                assert view.viewport().rect().contains(rect_in(button, view.viewport())), (
                    f"answer {key} of {check.id} is outside the visible area at {screen}, camera {camera}"
                )
                assert_shown_whole(button.text_label, view.viewport(), f"answer {key} of {check.id}")
            for other in view._rows:
                if other.index != index:  # folded checks: their one line may wrap but is never cut
                    summary = other.summary
                    assert summary.heightForWidth(summary.width()) <= summary.height(), other.check.id
            bench.answer(check.answers[0].key)
        assert page.preview is not None
        assert page.decision_label.fits(), page.decision_label.full_text()
        area = QRect(0, 0, width, height)
        assert area.contains(window.frameGeometry()), (window.frameGeometry(), area)
    finally:
        window.close()


def test_the_camera_panel_never_makes_the_window_wider_than_the_screen(
    qtbot: QtBot, tmp_path: Path, camera_station: Station
) -> None:
    window = open_window(qtbot, tmp_path, camera_station)
    try:
        screen = window.screen().availableGeometry()
        assert (screen.width(), screen.height()) == (1280, 800)  # the bench monitor of tests/ui/conftest.py
        qtbot.waitUntil(lambda: screen.contains(window.frameGeometry()), timeout=2000)
        for _ in range(2):  # on, off, on, off: the panel used as a clerk does
            window.camera_button.click()
            assert not window.camera_dock.isHidden()
            qtbot.wait(100)
            assert screen.contains(window.frameGeometry()), (window.frameGeometry(), screen)
            window.camera_button.click()
            qtbot.wait(100)
            assert screen.contains(window.frameGeometry()), (window.frameGeometry(), screen)
        window.resize(1400, 900)  # a geometry saved on a bigger monitor, or Qt growing it for a dock
        qtbot.waitUntil(lambda: screen.contains(window.frameGeometry()), timeout=2000)
    finally:
        window.close()
