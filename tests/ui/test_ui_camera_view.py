# mypy: disable-error-code="no-untyped-call"
"""CameraView: live preview, status line and `scanned(Scan)` on the GUI thread, driven by FakeCamera."""

from __future__ import annotations

import threading
from pathlib import Path

import cv2
from PySide6.QtCore import QThread
from pytestqt.qtbot import QtBot

from returnstation.domain.enums import ScanSource
from returnstation.domain.scan import Scan
from returnstation.scan.camera import CameraState, CameraStatus
from returnstation.scan.fake_camera import FakeCamera
from returnstation.ui.camera_view import CameraView

DATA = Path(__file__).resolve().parents[1] / "data" / "zxing"


def _view(qtbot: QtBot) -> CameraView:
    view = CameraView()
    qtbot.addWidget(view)
    view.resize(640, 420)
    view.show()
    return view


def test_a_label_in_front_of_the_camera_is_scanned_on_the_gui_thread(qtbot: QtBot) -> None:
    view = _view(qtbot)
    threads: list[bool] = []
    view.scanned.connect(lambda _scan: threads.append(QThread.currentThread() is view.thread()))
    with qtbot.waitSignal(view.scanned, timeout=15000) as got:
        view.start(FakeCamera(DATA / "ean13-1" / "10.webp", fps=20), decode_fps=10)
    scan = got.args[0]
    assert isinstance(scan, Scan)
    assert scan.source is ScanSource.CAMERA
    assert scan.text == (DATA / "ean13-1" / "10.txt").read_text(encoding="utf-8")
    assert scan.symbology == "]E0"
    assert threads == [True]
    view.stop()


def test_the_preview_shows_the_frame_and_the_status_line_the_camera_state(qtbot: QtBot) -> None:
    view = _view(qtbot)
    frame = cv2.imread(str(DATA / "qrcode-1" / "1.webp"))
    assert frame is not None
    view.start(FakeCamera(frames=[frame], fps=20), decode_fps=10)
    qtbot.waitUntil(lambda: view.canvas.image is not None, timeout=10000)
    assert view.canvas.image is not None
    assert (view.canvas.image.width(), view.canvas.image.height()) == (frame.shape[1], frame.shape[0])
    qtbot.waitUntil(lambda: bool(view.canvas.preview and view.canvas.preview.reads), timeout=10000)
    qtbot.waitUntil(lambda: view.status_label.text().endswith("ready"), timeout=5000)
    view.grab()  # paints the frame and the box without error
    view.stop()
    assert view.status_label.text().endswith("off")
    assert view.canvas.image is None


def test_an_unplugged_camera_shows_the_retry_message_and_keeps_the_window_responsive(qtbot: QtBot) -> None:
    view = _view(qtbot)
    camera = FakeCamera(DATA / "ean8-1" / "1.png", fps=20)
    statuses: list[CameraStatus] = []
    view.status_changed.connect(statuses.append)
    view.start(camera)
    qtbot.waitUntil(lambda: view.status_label.text().endswith("ready"), timeout=10000)
    camera.unplug()
    qtbot.waitUntil(lambda: "retrying in 3 s" in view.status_label.text(), timeout=10000)
    assert view.status_label.property("state") == CameraState.RETRYING.value
    assert any(s.state is CameraState.RETRYING for s in statuses)
    view.stop()


def test_closing_the_view_stops_the_camera_threads(qtbot: QtBot) -> None:
    view = _view(qtbot)
    view.start(FakeCamera(DATA / "ean8-1" / "1.png", fps=20))
    qtbot.waitUntil(lambda: view.canvas.image is not None, timeout=10000)
    worker = view.worker
    assert worker is not None and worker.running
    view.close()
    assert not worker.running
    assert not [t for t in threading.enumerate() if t.name.startswith("camera-")]
