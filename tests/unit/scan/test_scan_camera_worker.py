"""CameraWorker: threads, pacing, confirmation, status, reconnects and stills, driven by FakeCamera."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import cv2
import numpy as np
import pytest

from returnstation.domain.enums import ScanSource
from returnstation.domain.scan import Scan
from returnstation.scan.camera import CameraState, CameraStatus, CameraUnavailable, CameraWorker, OpenCvSource
from returnstation.scan.fake_camera import FakeCamera

DATA = Path(__file__).resolve().parents[2] / "data" / "zxing"


class Recorder:
    """Collects callbacks from the worker threads and lets the test wait for a condition."""

    def __init__(self) -> None:
        self.scans: list[Scan] = []
        self.statuses: list[CameraStatus] = []
        self._changed = threading.Condition()

    def scan(self, scan: Scan) -> None:
        with self._changed:
            self.scans.append(scan)
            self._changed.notify_all()

    def status(self, status: CameraStatus) -> None:
        with self._changed:
            self.statuses.append(status)
            self._changed.notify_all()

    def wait_for(self, condition: Callable[[], bool], timeout: float = 15.0) -> bool:
        with self._changed:
            return self._changed.wait_for(condition, timeout)


@pytest.fixture
def recorder() -> Recorder:
    return Recorder()


@pytest.fixture
def workers() -> Iterator[list[CameraWorker]]:
    made: list[CameraWorker] = []
    yield made
    for worker in made:
        worker.stop()


def _frame(name: str) -> np.ndarray:
    frame = cv2.imread(str(DATA / name), cv2.IMREAD_COLOR)
    assert frame is not None
    return frame


def test_a_label_held_under_the_camera_becomes_one_camera_scan(
    recorder: Recorder, workers: list[CameraWorker]
) -> None:
    camera = FakeCamera(frames=[_frame("ean8-1/1.png")], fps=30)
    worker = CameraWorker(camera, recorder.scan, recorder.status, decode_fps=10)
    workers.append(worker)
    worker.start()
    assert recorder.wait_for(lambda: len(recorder.scans) >= 1)
    time.sleep(1.0)  # ten more decodes of the same label
    worker.stop()
    assert recorder.scans == [
        Scan("48512343", ScanSource.CAMERA, "]E4", recorder.scans[0].timestamp),
    ]
    assert worker.confirmer.stats.frames >= 3


def test_a_folder_of_labels_gives_one_scan_per_label(recorder: Recorder, workers: list[CameraWorker]) -> None:
    names = ["ean8-1/1.png", "code128-1/2.webp", "qrcode-1/1.webp"]
    camera = FakeCamera(frames=[_frame(n) for n in names], fps=20, repeat=8, loop=False)
    worker = CameraWorker(camera, recorder.scan, recorder.status, decode_fps=10)
    workers.append(worker)
    worker.start()
    assert recorder.wait_for(lambda: len(recorder.scans) >= 3)
    expected = [(DATA / n).with_suffix(".txt").read_text(encoding="utf-8") for n in names]
    assert [s.text for s in recorder.scans] == expected
    assert {s.source for s in recorder.scans} == {ScanSource.CAMERA}


def test_decoding_is_limited_to_the_configured_rate(workers: list[CameraWorker]) -> None:
    camera = FakeCamera(frames=[np.full((120, 160, 3), 128, np.uint8)], fps=60)
    worker = CameraWorker(camera, decode_fps=4)
    workers.append(worker)
    worker.start()
    time.sleep(1.5)
    worker.stop()
    assert camera.frames_served > 30  # the preview got every frame
    assert 2 <= worker.confirmer.stats.frames <= 8  # but only ~4 a second were decoded


def test_an_invalid_camera_index_is_a_clear_status_not_an_exception(
    recorder: Recorder, workers: list[CameraWorker]
) -> None:
    worker = CameraWorker(OpenCvSource(97), recorder.scan, recorder.status, retry_s=0.2)
    workers.append(worker)
    worker.start()
    assert recorder.wait_for(lambda: any(s.state is CameraState.RETRYING for s in recorder.statuses))
    status = worker.status
    assert status.state is CameraState.RETRYING
    assert status.message.startswith("Camera 97 not found")
    assert status.message.endswith("retrying in 0.2 s")
    worker.stop()
    assert not worker.running
    assert worker.status.state is CameraState.STOPPED


def test_an_unplugged_camera_is_retried_until_it_comes_back(
    recorder: Recorder, workers: list[CameraWorker]
) -> None:
    camera = FakeCamera(frames=[_frame("qrcode-1/1.webp")], fps=20)
    worker = CameraWorker(camera, recorder.scan, recorder.status, decode_fps=10, retry_s=0.2)
    workers.append(worker)
    worker.start()
    assert recorder.wait_for(lambda: len(recorder.scans) == 1)
    camera.unplug()
    assert recorder.wait_for(
        lambda: any(s.message.endswith("disconnected: retrying in 0.2 s") for s in recorder.statuses)
    )
    assert worker.latest() is None
    camera.plug_in()
    assert recorder.wait_for(lambda: len(recorder.scans) == 2)  # seen anew after the reconnect
    states = [s.state for s in recorder.statuses]
    assert states.count(CameraState.RUNNING) >= 2


def test_latest_frame_and_boxes_are_there_for_the_preview(workers: list[CameraWorker]) -> None:
    frame = _frame("code128-1/2.webp")
    worker = CameraWorker(FakeCamera(frames=[frame], fps=20), decode_fps=10)
    workers.append(worker)
    assert worker.latest() is None
    worker.start()
    deadline = time.monotonic() + 15
    preview = worker.latest()
    while (preview is None or not preview.reads) and time.monotonic() < deadline:
        time.sleep(0.05)
        preview = worker.latest()
    assert preview is not None and preview.frame.shape == frame.shape
    assert [r.text for r in preview.reads] == ["Code 128"]
    assert len(preview.reads[0].position) == 4


def test_capture_still_gives_the_newest_frame_as_png(workers: list[CameraWorker]) -> None:
    frame = _frame("ean8-1/1.png")
    worker = CameraWorker(FakeCamera(frames=[frame], fps=20))
    workers.append(worker)
    with pytest.raises(CameraUnavailable):
        worker.capture_still()
    worker.start()
    deadline = time.monotonic() + 10
    while worker.latest() is None and time.monotonic() < deadline:
        time.sleep(0.02)
    png = worker.capture_still()
    assert png.startswith(b"\x89PNG")
    decoded = cv2.imdecode(np.frombuffer(png, np.uint8), cv2.IMREAD_COLOR)
    assert decoded is not None and np.array_equal(decoded, frame)


def test_stop_joins_the_threads_and_can_be_called_twice(workers: list[CameraWorker]) -> None:
    worker = CameraWorker(FakeCamera(frames=[_frame("ean8-1/1.png")], fps=30))
    workers.append(worker)
    worker.start()
    time.sleep(0.2)
    worker.stop()
    worker.stop()
    assert not worker.running
    assert not [t for t in threading.enumerate() if t.name.startswith("camera-")]


def test_a_failing_scan_handler_does_not_stop_the_camera(workers: list[CameraWorker]) -> None:
    calls: list[str] = []

    def broken(scan: Scan) -> None:
        calls.append(scan.text)
        raise RuntimeError("handler bug")

    frames = [_frame("ean8-1/1.png"), _frame("qrcode-1/1.webp")]
    worker = CameraWorker(FakeCamera(frames=frames, fps=20, repeat=10), broken, decode_fps=10)
    workers.append(worker)
    worker.start()
    deadline = time.monotonic() + 15
    while len(calls) < 2 and time.monotonic() < deadline:
        time.sleep(0.05)
    assert len(calls) >= 2 and worker.running


def test_decode_rate_must_be_positive() -> None:
    with pytest.raises(ValueError):
        CameraWorker(FakeCamera(frames=[np.zeros((4, 4), np.uint8)]), decode_fps=0)
