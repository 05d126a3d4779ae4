"""A camera that plays pictures: a folder of images, a video file or frames in memory, looped at a
set frame rate behind the same `FrameSource` interface as the real camera.

Why: tests, demos and benchmarks need the whole camera path (threads, pacing, confirmation, preview,
reconnects) without hardware. `unplug()` and `plug_in()` make the source behave like a camera whose
cable is pulled, which no real CI machine can do.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from returnstation.scan.camera import CameraUnavailable

if TYPE_CHECKING:
    import numpy.typing as npt

    Image = npt.NDArray[Any]

IMAGE_SUFFIXES = frozenset({".png", ".jpg", ".jpeg", ".webp", ".bmp", ".tif", ".tiff"})
VIDEO_SUFFIXES = frozenset({".mp4", ".avi", ".mkv", ".mov", ".webm", ".m4v"})


class FakeCamera:
    """Plays `path` (a folder of images, one image, or a video) or `frames`, looping, at `fps`.

    Each image is shown for `repeat` frames in a row, as a label held still under a camera would be;
    `loop=False` makes the source end (read() -> None, like an unplugged camera) after the last one.
    """

    def __init__(
        self,
        path: str | Path | None = None,
        *,
        frames: Sequence[Image] | None = None,
        fps: float = 15.0,
        repeat: int = 1,
        loop: bool = True,
        name: str | None = None,
    ) -> None:
        if (path is None) == (frames is None):
            raise ValueError("give either a path or frames")
        if fps <= 0 or repeat < 1:
            raise ValueError("fps must be positive and repeat at least 1")
        self.path = Path(path) if path is not None else None
        self.fps = fps
        self.repeat = repeat
        self.loop = loop
        self._name = name or (f"Fake camera ({self.path.name})" if self.path else "Fake camera")
        self._given = list(frames) if frames is not None else None
        self._frames: list[Image] = []
        self._video: Any = None
        self._index = 0
        self._next_at = 0.0
        self._plugged = threading.Event()
        self._plugged.set()
        self._open = False
        self.frames_served = 0

    @property
    def name(self) -> str:
        return self._name

    # --- simulated hardware events ----------------------------------------------------------------

    def unplug(self) -> None:
        """From now on read() gives nothing and open() fails, as with a pulled USB cable."""
        self._plugged.clear()

    def plug_in(self) -> None:
        self._plugged.set()

    # --- FrameSource ------------------------------------------------------------------------------

    def open(self) -> None:
        if not self._plugged.is_set():
            raise CameraUnavailable(f"{self.name} not found")
        self._index = 0
        self._next_at = time.monotonic()
        if self._given is not None:
            self._frames = list(self._given)
        elif self.path is not None and self.path.suffix.lower() in VIDEO_SUFFIXES:
            self._open_video(self.path)
        elif self.path is not None:
            self._frames = _load_images(_image_paths(self.path))
        if not self._frames and self._video is None:
            raise CameraUnavailable(f"{self.name}: no pictures to play")
        self._open = True

    def read(self) -> Image | None:
        if not self._open or not self._plugged.is_set():
            return None
        now = time.monotonic()
        if self._next_at > now:
            time.sleep(self._next_at - now)
        self._next_at = max(self._next_at + 1.0 / self.fps, time.monotonic() - 1.0 / self.fps)
        frame = self._next_frame()
        if frame is not None:
            self.frames_served += 1
        return frame

    def close(self) -> None:
        self._open = False
        if self._video is not None:
            self._video.release()
            self._video = None

    # --- internals --------------------------------------------------------------------------------

    def _next_frame(self) -> Image | None:
        if self._video is not None:
            return self._next_video_frame()
        position = self._index // self.repeat
        if position >= len(self._frames):
            if not self.loop:
                return None
            self._index, position = 0, 0
        self._index += 1
        return self._frames[position].copy()

    def _open_video(self, path: Path) -> None:
        import cv2

        if not path.is_file():
            raise CameraUnavailable(f"{self.name}: {path} not found")
        video = cv2.VideoCapture(str(path))
        if not video.isOpened():
            video.release()
            raise CameraUnavailable(f"{self.name}: {path.name} cannot be played")
        self._video = video
        self._frames = []

    def _next_video_frame(self) -> Image | None:
        import cv2

        ok, frame = self._video.read()
        if not ok and self.loop:
            self._video.set(cv2.CAP_PROP_POS_FRAMES, 0)
            ok, frame = self._video.read()
        return frame if ok else None


def _image_paths(path: Path) -> list[Path]:
    if path.is_file():
        return [path]
    if path.is_dir():
        return sorted(p for p in path.iterdir() if p.suffix.lower() in IMAGE_SUFFIXES)
    return []


def _load_images(paths: Iterable[Path]) -> list[Image]:
    """Images as 8-bit BGR, like a camera gives them; unreadable files are skipped."""
    import cv2

    frames = []
    for path in paths:
        image = cv2.imread(str(path), cv2.IMREAD_COLOR)
        if image is not None:
            frames.append(image)
    return frames
