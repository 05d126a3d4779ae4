# mypy: disable-error-code="no-untyped-call"
"""Photos as inspection evidence in the real window: F7 or CMD:PHOTO takes a still from the (fake)
camera, its thumbnail shows, and the decision waits for the photo the checklist asks for."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QIcon
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from returnstation.bootstrap import Station, open_station
from returnstation.services.results import Level
from returnstation.store.models import InspectionRow
from returnstation.ui.app import station_services
from returnstation.ui.inspect_page import PAGE_FORM, PAGE_RESULT, InspectPage
from returnstation.ui.main_window import MainWindow
from returnstation.ui.sounds import SoundBoard

from .conftest import Bench, StepClock, station_settings


def bench_picture(folder: Path) -> Path:
    """What the camera over the bench sees: a product on the mat (no barcode, so nothing is scanned)."""
    import cv2
    import numpy as np

    folder.mkdir(parents=True, exist_ok=True)
    ramp = np.linspace(60, 200, 320, dtype=np.uint8)
    frame = np.dstack([np.tile(ramp, (240, 1))] * 3).copy()
    cv2.circle(frame, (160, 120), 60, (30, 80, 200), -1)
    path = folder / "laptop.png"
    assert cv2.imwrite(str(path), frame)
    return path


def _station(tmp_path: Path, camera: Path) -> Iterator[Station]:
    settings = station_settings(tmp_path, RETURNSTATION_CAMERA=str(camera), RETURNSTATION_REQUIRE_PHOTOS="1")
    station = open_station(settings, clock=StepClock())
    try:
        yield station
    finally:
        station.close()


def _window(qtbot: QtBot, tmp_path: Path, station: Station) -> Iterator[MainWindow]:
    prefs = QSettings(str(tmp_path / "ui-prefs.ini"), QSettings.Format.IniFormat)
    window = MainWindow(station_services(station), sounds=SoundBoard(enabled=False), ui_settings=prefs)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    try:
        yield window
    finally:
        window.close()


@pytest.fixture
def camera_station(tmp_path: Path) -> Iterator[Station]:
    bench_picture(tmp_path / "camera")
    yield from _station(tmp_path, tmp_path / "camera")


@pytest.fixture
def camera_window(qtbot: QtBot, tmp_path: Path, camera_station: Station) -> Iterator[MainWindow]:
    yield from _window(qtbot, tmp_path, camera_station)


@pytest.fixture
def no_camera_station(tmp_path: Path) -> Iterator[Station]:
    (tmp_path / "camera-unplugged").mkdir()  # a camera setting that gives no picture at all
    yield from _station(tmp_path, tmp_path / "camera-unplugged")


@pytest.fixture
def no_camera_window(qtbot: QtBot, tmp_path: Path, no_camera_station: Station) -> Iterator[MainWindow]:
    yield from _window(qtbot, tmp_path, no_camera_station)


def open_laptop(bench: Bench) -> InspectPage:
    """Receive RMA-100003's laptop and open it on the Inspect tab (electronics: Condition needs a photo)."""
    for code in ("RMA-100003", "LAP-14-PRO", "CMD:DONE"):
        bench.scan(code)
    assert bench.level() is Level.SUCCESS, bench.message
    bench.switch_to(1)
    bench.scan("LAP-14-PRO")
    page = bench.window.inspect_page
    assert page.form is not None and page.stack.currentIndex() == PAGE_FORM
    return page


def wait_for_photo(qtbot: QtBot, page: InspectPage, count: int) -> None:
    qtbot.waitUntil(lambda: page.photos_idle() and len(page.photo_model.photos()) == count, timeout=15000)


def test_f7_takes_the_missing_photo_and_then_the_item_can_be_decided(
    qtbot: QtBot, camera_window: MainWindow, camera_station: Station
) -> None:
    bench = Bench(qtbot, camera_window)
    page = open_laptop(bench)
    form = page.form
    assert form is not None
    checks = form.checklist.checks
    photo_index = next(i for i, c in enumerate(checks) if c.photo_required)
    assert checks[photo_index].id == "cosmetic"
    for check in checks:
        bench.answer(check.answers[0].key)
    assert page.preview is not None
    assert "PHOTO NEEDED" in page.checklist_view.summary_text(photo_index)
    assert "Photo needed: Condition" in page.photo_status.text()

    bench.press(Qt.Key.Key_Return)  # refused: the checklist wants a photo of the condition
    assert bench.level() is Level.WARNING
    assert "Condition (cosmetic)" in bench.message and "F7" in bench.message
    assert page.stack.currentIndex() == PAGE_FORM and page.form is not None

    assert camera_window.camera_dock.isHidden()
    bench.press(Qt.Key.Key_F7)  # switches the camera on and takes the photo once it has a picture
    wait_for_photo(qtbot, page, 1)
    assert not camera_window.camera_dock.isHidden()
    assert bench.level() is Level.SUCCESS, bench.message
    [photo] = page.photo_model.photos()
    assert photo.check_id == "cosmetic"  # every check answered: the photo goes to the one still needing it
    assert hashlib.sha256(photo.path.read_bytes()).hexdigest() == photo.sha256
    assert photo.path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert page.photo_strip.isVisible()
    icon = page.photo_model.data(page.photo_model.index(0), Qt.ItemDataRole.DecorationRole)
    assert isinstance(icon, QIcon) and not icon.isNull()
    assert "photo taken (1)" in page.checklist_view.summary_text(photo_index)

    bench.press(Qt.Key.Key_Return)
    assert page.stack.currentIndex() == PAGE_RESULT, bench.message
    assert bench.level() is Level.SUCCESS
    with camera_station.session_factory() as s:
        assert s.scalars(select(InspectionRow.item_id)).all() == [photo.item_id]
    assert page.photo_model.photos() == []  # the next item starts with none


def test_cmd_photo_documents_the_open_check_and_thumbnails_come_back_when_reopened(
    qtbot: QtBot, camera_window: MainWindow
) -> None:
    bench = Bench(qtbot, camera_window)
    page = open_laptop(bench)
    form = page.form
    assert form is not None
    photo_index = next(i for i, c in enumerate(form.checklist.checks) if c.photo_required)
    for check in form.checklist.checks[:photo_index]:
        bench.answer(check.answers[0].key)
    assert page.current == photo_index
    assert page.checklist_view.photo_note(photo_index).startswith("Take a photo: press F7 or scan CMD:PHOTO")

    bench.scan("CMD:PHOTO")
    wait_for_photo(qtbot, page, 1)
    assert page.photo_model.photos()[0].check_id == "cosmetic"
    assert page.checklist_view.photo_note(photo_index).startswith("✔  Photo taken (1)")
    bench.press(Qt.Key.Key_F7)  # the open check again: a second photo of it
    wait_for_photo(qtbot, page, 2)
    assert [p.check_id for p in page.photo_model.photos()] == ["cosmetic", "cosmetic"]

    bench.press(Qt.Key.Key_Escape)  # pause, then open it again: the photos are listed with thumbnails
    assert page.form is None and page.photo_model.photos() == []
    bench.scan("LAP-14-PRO")
    model = page.photo_model
    assert len(model.photos()) == 2
    qtbot.waitUntil(lambda: all(model.has_thumbnail(p.photo_id) for p in model.photos()), timeout=5000)


@pytest.mark.slow
def test_without_a_camera_f7_says_so_and_the_decision_stays_refused(
    qtbot: QtBot, no_camera_window: MainWindow, no_camera_station: Station
) -> None:
    bench = Bench(qtbot, no_camera_window)
    page = open_laptop(bench)
    form = page.form
    assert form is not None
    for check in form.checklist.checks:
        bench.answer(check.answers[0].key)

    bench.press(Qt.Key.Key_F7)
    qtbot.waitUntil(lambda: page.photos_idle() and bench.level() is Level.WARNING, timeout=15000)
    assert bench.message.startswith("No photo taken:")
    assert "no pictures" in bench.message  # the camera's own reason
    assert "Connect a camera" in bench.message and "require_photos" in bench.message
    assert page.photo_model.photos() == [] and not page.photo_strip.isVisible()

    bench.press(Qt.Key.Key_Return)
    assert bench.level() is Level.WARNING and "Condition (cosmetic)" in bench.message
    assert page.stack.currentIndex() == PAGE_FORM
    with no_camera_station.session_factory() as s:
        assert s.scalars(select(InspectionRow)).all() == []
