"""FakeCamera plays folders, videos and in-memory frames like a camera: looped, paced, unpluggable."""

from __future__ import annotations

import shutil
import time
from pathlib import Path

import cv2
import numpy as np
import pytest

from returnstation.scan.camera import CameraUnavailable
from returnstation.scan.fake_camera import FakeCamera

DATA = Path(__file__).resolve().parents[2] / "data" / "zxing"


def _solid(value: int) -> np.ndarray:
    return np.full((40, 60, 3), value, np.uint8)


def _values(camera: FakeCamera, count: int) -> list[int | None]:
    out: list[int | None] = []
    for _ in range(count):
        frame = camera.read()
        out.append(None if frame is None else int(frame[0, 0, 0]))
    return out


def test_frames_loop_in_order_and_each_is_repeated() -> None:
    camera = FakeCamera(frames=[_solid(10), _solid(20)], fps=500, repeat=2)
    camera.open()
    assert _values(camera, 6) == [10, 10, 20, 20, 10, 10]


def test_without_loop_the_source_ends_like_an_unplugged_camera() -> None:
    camera = FakeCamera(frames=[_solid(10), _solid(20)], fps=500, loop=False)
    camera.open()
    assert _values(camera, 3) == [10, 20, None]


def test_frames_are_paced_at_the_frame_rate() -> None:
    camera = FakeCamera(frames=[_solid(1)], fps=50)
    camera.open()
    started = time.monotonic()
    _values(camera, 11)
    assert time.monotonic() - started >= 10 / 50 * 0.9


def test_a_folder_of_images_plays_as_bgr_frames_in_name_order(tmp_path: Path) -> None:
    shutil.copy(DATA / "ean8-1" / "1.png", tmp_path / "b.png")
    shutil.copy(DATA / "qrcode-1" / "1.webp", tmp_path / "a.webp")
    (tmp_path / "notes.txt").write_text("not a picture")
    camera = FakeCamera(tmp_path, fps=500)
    camera.open()
    first, second = camera.read(), camera.read()
    assert first is not None and second is not None
    assert first.ndim == 3 and first.shape[2] == 3
    a, b = cv2.imread(str(tmp_path / "a.webp")), cv2.imread(str(tmp_path / "b.png"))
    assert a is not None and b is not None
    assert (first.shape, second.shape) == (a.shape, b.shape)


def test_a_video_file_plays_and_loops(tmp_path: Path) -> None:
    path = tmp_path / "clip.avi"
    writer = cv2.VideoWriter(str(path), cv2.VideoWriter.fourcc(*"MJPG"), 10, (64, 48))
    if not writer.isOpened():
        pytest.skip("this OpenCV build cannot write MJPG video")
    for value in (30, 200, 30):
        for _ in range(2):
            writer.write(np.full((48, 64, 3), value, np.uint8))
    writer.release()
    camera = FakeCamera(path, fps=500)
    camera.open()
    values = [v // 50 for v in _values(camera, 8) if v is not None]  # JPEG: compare roughly
    assert values == [0, 0, 3, 3, 0, 0, 0, 0]


def test_nothing_to_play_is_reported_as_unavailable(tmp_path: Path) -> None:
    with pytest.raises(CameraUnavailable, match="no pictures"):
        FakeCamera(tmp_path, fps=10).open()
    with pytest.raises(CameraUnavailable, match="not found"):
        FakeCamera(tmp_path / "missing.mp4", fps=10).open()


def test_unplugging_stops_frames_and_refuses_to_open_until_plugged_in() -> None:
    camera = FakeCamera(frames=[_solid(5)], fps=500)
    camera.open()
    camera.unplug()
    assert camera.read() is None
    with pytest.raises(CameraUnavailable, match="not found"):
        camera.open()
    camera.plug_in()
    camera.open()
    assert camera.read() is not None


def test_bad_arguments_are_refused() -> None:
    with pytest.raises(ValueError):
        FakeCamera()
    with pytest.raises(ValueError):
        FakeCamera(frames=[_solid(1)], fps=0)
