# mypy: disable-error-code="no-untyped-call"
"""The camera panel in the real window: F6/button shows it, a label in front of the (fake) camera
reaches the receive flow through handle_scan, and a missing camera never blocks the scan field."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, Qt
from pytestqt.qtbot import QtBot

from returnstation.bootstrap import open_station
from returnstation.scan.camera import CameraState, CameraStatus, OpenCvSource
from returnstation.scan.fake_camera import FakeCamera
from returnstation.services.results import Level
from returnstation.ui.app import station_services
from returnstation.ui.camera_dock import FAKE_CAMERA_REPEAT, camera_source, camera_status_text
from returnstation.ui.main_window import MainWindow
from returnstation.ui.sounds import SoundBoard

from .conftest import Bench, StepClock, station_settings


def render_label_png(folder: Path, code: str) -> Path:
    """The item label printed with `code` as its barcode, as a camera would see it (grey margin)."""
    import cv2
    import numpy as np
    import pypdfium2 as pdfium

    from returnstation.printing.label_pdf import render_label_pdf
    from returnstation.printing.templates import load_label_template

    pdf = render_label_pdf(load_label_template("item_2x1"), {"sku": code, "description": "Demo parcel"})
    image = pdfium.PdfDocument(pdf)[0].render(scale=3).to_pil().convert("RGB")
    frame = np.array(image)[:, :, ::-1].copy()
    frame = cv2.copyMakeBorder(frame, 80, 80, 80, 80, cv2.BORDER_CONSTANT, value=(190, 190, 190))
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{code}.png"
    assert cv2.imwrite(str(path), frame)
    return path


def _open_window(qtbot: QtBot, tmp_path: Path, camera: str) -> Iterator[MainWindow]:
    station = open_station(station_settings(tmp_path, RETURNSTATION_CAMERA=camera), clock=StepClock())
    ui_settings = QSettings(str(tmp_path / "ui-prefs.ini"), QSettings.Format.IniFormat)
    window = MainWindow(station_services(station), sounds=SoundBoard(enabled=False), ui_settings=ui_settings)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    try:
        yield window
    finally:
        window.close()
        station.close()


@pytest.fixture
def demo_window(qtbot: QtBot, tmp_path: Path) -> Iterator[MainWindow]:
    render_label_png(tmp_path / "camera", "RMA-100001")
    yield from _open_window(qtbot, tmp_path, str(tmp_path / "camera"))


@pytest.fixture
def missing_camera_window(qtbot: QtBot, tmp_path: Path) -> Iterator[MainWindow]:
    yield from _open_window(qtbot, tmp_path, str(tmp_path / "no-such-video-device"))


def test_the_camera_setting_picks_a_camera_index_a_device_or_the_fake_camera(tmp_path: Path) -> None:
    first = camera_source("")
    assert isinstance(first, OpenCvSource) and first.device == 0
    second = camera_source("2")
    assert isinstance(second, OpenCvSource) and second.device == 2
    device = camera_source("/dev/video7")
    assert isinstance(device, OpenCvSource) and device.device == "/dev/video7"
    image = render_label_png(tmp_path / "pics", "SKU-1")
    assert isinstance(camera_source(str(tmp_path / "pics")), FakeCamera)
    assert isinstance(camera_source(str(image)), FakeCamera)


@pytest.mark.slow
def test_the_demo_camera_plays_the_shipped_item_pictures_and_never_reads_a_code() -> None:
    """scripts/run.sh picks it on a PC without any camera, so the demo's photo checks can be tried."""
    from returnstation.scan.decode import decode_frame
    from returnstation.ui.camera_dock import demo_camera_dir

    source = camera_source("demo")
    assert isinstance(source, FakeCamera) and "demo_camera" in source.name
    assert len(list(demo_camera_dir().glob("*.png"))) >= 2
    source.open()
    try:
        frames = [source.read() for _ in range(3 * FAKE_CAMERA_REPEAT)]
    finally:
        source.close()
    assert all(f is not None and f.shape[0] >= 480 for f in frames)
    assert len({hash(f.tobytes()) for f in frames if f is not None}) >= 2  # it moves on between pictures
    assert all(decode_frame(f) == [] for f in frames[::FAKE_CAMERA_REPEAT] if f is not None)


def test_the_status_item_says_off_on_or_retrying() -> None:
    assert camera_status_text(None, "0") == "Camera: off"
    assert camera_status_text(CameraStatus(CameraState.RUNNING, "Camera 0: ready"), "0") == "Camera: on (0)"
    lost = CameraStatus(CameraState.RETRYING, "Camera 0 disconnected: retrying in 3 s")
    assert camera_status_text(lost, "0") == "Camera: disconnected, retrying"
    missing = CameraStatus(CameraState.RETRYING, "Camera 1 not found (or in use): retrying in 3 s")
    assert camera_status_text(missing, "1") == "Camera: not found, retrying"


def test_f6_shows_the_camera_and_a_label_under_it_opens_the_rma(
    qtbot: QtBot, demo_window: MainWindow
) -> None:
    window = demo_window
    assert window.camera_dock.isHidden() and not window.camera_dock.running
    assert window.camera_label.text() == "Camera: off"

    qtbot.keyClick(window.scan_field, Qt.Key.Key_F6)
    assert window.camera_dock.isVisible() and window.camera_button.isChecked()
    qtbot.waitUntil(lambda: window.camera_dock.view.canvas.image is not None, timeout=10000)
    # the "on" status and the first picture cross threads separately: either may come first
    qtbot.waitUntil(lambda: window.camera_label.text() == "Camera: on (camera)", timeout=5000)

    qtbot.waitUntil(lambda: window.receive_page.rma_label.text() == "RMA-100001", timeout=15000)
    assert window.banner.level is Level.SUCCESS
    assert window.scan_field.hasFocus()  # the camera never takes the keyboard from the wedge

    window.camera_button.click()  # the button toggles it off again and stops the threads
    assert window.camera_dock.isHidden() and not window.camera_dock.running
    assert not window.camera_button.isChecked()
    assert window.camera_label.text() == "Camera: off"


def test_a_missing_camera_says_so_and_the_scan_field_keeps_working(
    qtbot: QtBot, missing_camera_window: MainWindow
) -> None:
    window = missing_camera_window
    window.camera_button.click()
    qtbot.waitUntil(lambda: window.camera_label.text() == "Camera: not found, retrying", timeout=10000)
    assert "retrying in 3 s" in window.camera_dock.view.status_label.text()

    Bench(qtbot, window).scan("RMA-100001")  # the wedge path is untouched by the camera's troubles
    assert window.receive_page.rma_label.text() == "RMA-100001"
    assert window.banner.level is Level.SUCCESS
