"""The camera as a scanner: grab frames, decode a few per second, confirm, emit `Scan` events.

Why plain threads and callbacks rather than Qt: the worker must be testable without a GUI, and the
reference notes (scanners-labels-data-pitfalls.md, section E) are clear that decoding belongs off the
GUI thread. Two threads: one grabs frames as fast as the camera gives them (so the preview stays
live and OpenCV's buffer never serves stale frames), one decodes the newest frame at most
`decode_fps` times a second. Callbacks run on the worker threads; a GUI must hand them over to its
own thread (ui/camera_view.py does it with a queued signal).

A camera that is missing, busy or unplugged is a status, never an exception: the worker says so in
words ("Camera 0 not found", "Camera disconnected: retrying in 3 s") and keeps trying.

OpenCV gives no camera names and no enumeration (opencv #23844), so cameras are chosen by index;
opencv-python-headless is used because the full wheel bundles its own Qt and breaks PySide6.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING, Any, Protocol

from returnstation.domain.enums import ScanSource
from returnstation.domain.scan import Scan
from returnstation.scan.confirm import ReadConfirmer
from returnstation.scan.decode import (
    DEFAULT_FORMATS,
    DEFAULT_OPTIONS,
    Decoded,
    DecodeOptions,
    DecoderFormats,
    decode_frame,
    light_options,
)

if TYPE_CHECKING:
    import numpy.typing as npt

    Image = npt.NDArray[Any]

_log = logging.getLogger(__name__)


class CameraUnavailable(Exception):
    """The source cannot give frames now; the message is shown to the clerk as is."""


class FrameSource(Protocol):
    """Anything that gives frames: a real camera (`OpenCvSource`) or a fake one (fake_camera.py).

    `open` raises CameraUnavailable with a sentence for the clerk; `read` blocks until the next frame
    (about one frame period) and returns None when the source stopped giving frames (unplugged).
    """

    @property
    def name(self) -> str: ...

    def open(self) -> None: ...

    def read(self) -> Image | None: ...

    def close(self) -> None: ...


class OpenCvSource:
    """A camera by index ("0" is the first one) or a video file/stream URL, through cv2.VideoCapture."""

    def __init__(
        self,
        device: int | str,
        *,
        width: int | None = None,
        height: int | None = None,
        api_preference: int | None = None,
    ) -> None:
        self.device = device
        self.width = width
        self.height = height
        # e.g. cv2.CAP_DSHOW on Windows, where the default MSMF backend can take seconds to open
        self.api_preference = api_preference
        self._capture: Any = None

    @property
    def name(self) -> str:
        return f"Camera {self.device}" if isinstance(self.device, int) else f"Video {self.device}"

    def open(self) -> None:
        import cv2

        self.close()
        if self.api_preference is None:
            capture = cv2.VideoCapture(self.device)
        else:
            capture = cv2.VideoCapture(self.device, self.api_preference)
        if not capture.isOpened():
            capture.release()
            raise CameraUnavailable(f"{self.name} not found (or in use by another program)")
        if self.width and self.height:
            capture.set(cv2.CAP_PROP_FRAME_WIDTH, self.width)
            capture.set(cv2.CAP_PROP_FRAME_HEIGHT, self.height)
        capture.set(cv2.CAP_PROP_BUFFERSIZE, 1)  # newest frame, not one from a second ago
        self._capture = capture

    def read(self) -> Image | None:
        if self._capture is None:
            return None
        ok, frame = self._capture.read()
        return frame if ok and frame is not None else None

    def close(self) -> None:
        if self._capture is not None:
            self._capture.release()
            self._capture = None


class CameraState(StrEnum):
    STARTING = "starting"
    RUNNING = "running"
    RETRYING = "retrying"
    STOPPED = "stopped"


@dataclass(frozen=True, slots=True)
class CameraStatus:
    state: CameraState
    message: str


@dataclass(frozen=True, slots=True)
class Preview:
    """The newest frame and what the last decode found in it, for drawing. `frame_id` grows by one
    per grabbed frame so a viewer can skip frames it has already drawn."""

    frame: Image
    frame_id: int
    reads: tuple[Decoded, ...]
    accepted: tuple[Decoded, ...]


ScanCallback = Callable[[Scan], None]
StatusCallback = Callable[[CameraStatus], None]


class CameraWorker:
    """Runs a FrameSource on background threads and turns confirmed reads into camera `Scan`s."""

    def __init__(
        self,
        source: FrameSource,
        on_scan: ScanCallback | None = None,
        on_status: StatusCallback | None = None,
        *,
        decode_fps: float = 8.0,
        formats: DecoderFormats = DEFAULT_FORMATS,
        options: DecodeOptions = DEFAULT_OPTIONS,
        confirmer: ReadConfirmer | None = None,
        retry_s: float = 3.0,
        thorough_every: int = 2,
    ) -> None:
        if decode_fps <= 0:
            raise ValueError("decode_fps must be positive")
        self.source = source
        self.on_scan = on_scan
        self.on_status = on_status
        self.decode_fps = decode_fps
        self.formats = formats
        self.options = options
        self.confirmer = confirmer or ReadConfirmer()
        self.retry_s = retry_s
        # The costly extras (light-on-dark codes, pyzbar over the whole frame) run on every
        # `thorough_every`-th decoded frame only: a label held up is seen by several frames anyway.
        self.thorough_every = thorough_every
        self._light_options = light_options(options)
        self._lock = threading.Lock()
        self._new_frame = threading.Condition(self._lock)
        self._stop = threading.Event()
        self._frame: Image | None = None
        self._frame_id = 0
        self._decoded_id = 0
        self._reads: tuple[Decoded, ...] = ()
        self._accepted: tuple[Decoded, ...] = ()
        self._status = CameraStatus(CameraState.STOPPED, f"{source.name}: off")
        self._threads: list[threading.Thread] = []
        self.decode_ms: float = 0.0

    # --- control ----------------------------------------------------------------------------------

    def start(self) -> None:
        if self.running:
            return
        self._stop.clear()
        self._set_status(CameraState.STARTING, f"{self.source.name}: starting")
        self._threads = [
            threading.Thread(target=self._capture_loop, name="camera-capture", daemon=True),
            threading.Thread(target=self._decode_loop, name="camera-decode", daemon=True),
        ]
        for thread in self._threads:
            thread.start()

    def stop(self, timeout: float = 5.0) -> None:
        """Stop both threads and release the camera; returns when they have ended (or after timeout)."""
        self._stop.set()
        with self._new_frame:
            self._new_frame.notify_all()
        for thread in self._threads:
            if thread is not threading.current_thread():
                thread.join(timeout)
        self._threads = []
        self._set_status(CameraState.STOPPED, f"{self.source.name}: off")

    @property
    def running(self) -> bool:
        return any(thread.is_alive() for thread in self._threads)

    @property
    def status(self) -> CameraStatus:
        with self._lock:
            return self._status

    def latest(self) -> Preview | None:
        """The newest frame with the boxes of the last decode, or None before the first frame."""
        with self._lock:
            if self._frame is None:
                return None
            return Preview(self._frame, self._frame_id, self._reads, self._accepted)

    def capture_still(self) -> bytes:
        """The newest frame as PNG bytes, for inspection evidence. Raises CameraUnavailable when the
        camera has not given a frame yet."""
        import cv2

        with self._lock:
            frame = self._frame
        if frame is None:
            raise CameraUnavailable(f"{self.source.name} has no picture yet")
        ok, encoded = cv2.imencode(".png", frame)
        if not ok:
            raise CameraUnavailable("the picture could not be saved as PNG")
        return bytes(encoded.tobytes())

    # --- threads ----------------------------------------------------------------------------------

    def _capture_loop(self) -> None:
        while not self._stop.is_set():
            try:
                self.source.open()
            except CameraUnavailable as exc:
                self._wait_retry(str(exc))
                continue
            except Exception as exc:  # a driver error must not kill the worker
                _log.exception("opening %s failed", self.source.name)
                self._wait_retry(f"{self.source.name} could not be opened ({exc})")
                continue
            self.confirmer.reset()
            self._set_status(CameraState.RUNNING, f"{self.source.name}: ready")
            lost = self._grab_until_lost()
            self._close_source()
            if lost and not self._stop.is_set():
                self._wait_retry(f"{self.source.name} disconnected")
        self._close_source()

    def _grab_until_lost(self) -> bool:
        """Grab frames until stopped (False) or until the source gives none (True)."""
        while not self._stop.is_set():
            try:
                frame = self.source.read()
            except Exception:
                _log.exception("reading from %s failed", self.source.name)
                frame = None
            if frame is None:
                return True
            with self._new_frame:
                self._frame = frame
                self._frame_id += 1
                self._new_frame.notify_all()
        return False

    def _decode_loop(self) -> None:
        period = 1.0 / self.decode_fps
        cycle = 0
        while not self._stop.is_set():
            with self._new_frame:
                while not self._stop.is_set() and (self._frame is None or self._frame_id == self._decoded_id):
                    self._new_frame.wait(0.5)
                if self._stop.is_set():
                    return
                frame, frame_id = self._frame, self._frame_id
                self._decoded_id = frame_id
            assert frame is not None
            started = time.monotonic()
            cycle += 1
            thorough = self.thorough_every > 0 and (cycle - 1) % self.thorough_every == 0
            options = self.options if thorough else self._light_options
            try:
                reads = decode_frame(frame, self.formats, options)
                accepted = self.confirmer.offer(reads)
            except Exception:  # decoding must never stop the camera
                _log.exception("decoding a frame failed")
                reads, accepted = [], []
            self.decode_ms = (time.monotonic() - started) * 1000.0
            with self._lock:
                self._reads = tuple(reads)
                if accepted:
                    self._accepted = tuple(accepted)
            for read in accepted:
                self._emit(read)
            rest = period - (time.monotonic() - started)
            if rest > 0:
                self._stop.wait(rest)

    # --- helpers ----------------------------------------------------------------------------------

    def _emit(self, read: Decoded) -> None:
        if self.on_scan is None:
            return
        try:
            self.on_scan(Scan(read.text, ScanSource.CAMERA, read.symbology))
        except Exception:
            _log.exception("the scan handler failed for %r", read.text[:40])

    def _wait_retry(self, reason: str) -> None:
        seconds = f"{self.retry_s:g}"
        self._set_status(CameraState.RETRYING, f"{reason}: retrying in {seconds} s")
        self._stop.wait(self.retry_s)

    def _close_source(self) -> None:
        try:
            self.source.close()
        except Exception:
            _log.exception("closing %s failed", self.source.name)
        with self._lock:
            self._frame = None

    def _set_status(self, state: CameraState, message: str) -> None:
        status = CameraStatus(state, message)
        with self._lock:
            changed = status != self._status
            self._status = status
        if changed and self.on_status is not None:
            try:
                self.on_status(status)
            except Exception:
                _log.exception("the status handler failed")
