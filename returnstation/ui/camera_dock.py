"""The camera as a side panel of the station window: shown with F6, live only while it is shown.

Why a dock that starts and stops with its visibility: a camera that nobody looks at still costs CPU
(decoding several frames a second) and keeps the webcam light on, and the clerk must see what the
camera sees to aim a label. Everything slow or fragile (opening the device, decoding) happens on the
camera worker's threads, so a missing or unplugged camera only changes the status text; the scan
field and the keyboard wedge keep working.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtWidgets import QDockWidget, QWidget

from returnstation.domain.text import is_ascii_digits
from returnstation.scan.camera import CameraState, CameraStatus, FrameSource, OpenCvSource
from returnstation.scan.confirm import ConfirmPolicy
from returnstation.ui.camera_view import CameraView

# The toggle next to the scan field: as tall as the field, and blue while the camera is on.
TOGGLE_STYLE = (
    "QPushButton { min-height: 44px; padding: 4px 18px; font-weight: bold; }"
    " QPushButton:checked { background: #1d5ba6; color: white; border: 1px solid #123d70; }"
)
# Wide enough to aim a label, narrow enough to leave the tab about 950 px at 1280 (issue #14).
CAMERA_MIN_WIDTH = 300
FAKE_CAMERA_FPS = 10.0
FAKE_CAMERA_REPEAT = 15  # each demo picture is held about 1.5 s, like a label held under the lens


DEMO_CAMERA = "demo"  # the camera setting that plays the shipped demo pictures


def demo_camera_dir() -> Path:
    """Pictures of items without barcodes (installer/tools/make_demo_camera.py): a bench with no webcam
    can still try photo-required checks in the demo, and the demo camera never scans a code by itself."""
    return Path(__file__).resolve().parents[1] / "data" / "demo_camera"


def camera_source(setting: str) -> FrameSource:
    """The frame source a camera setting names.

    "" or "0", "1", ...: a camera by index ("" is the first one); "demo": the shipped demo pictures;
    a folder of images, one image or a
    video file: the fake camera (demos, tests, training); anything else (/dev/video2, rtsp://...):
    handed to OpenCV as a device path or stream URL.
    """
    from returnstation.scan.fake_camera import IMAGE_SUFFIXES, VIDEO_SUFFIXES, FakeCamera

    value = setting.strip()
    if value == "" or is_ascii_digits(value):
        return OpenCvSource(int(value or "0"))
    path = demo_camera_dir() if value.lower() == DEMO_CAMERA else Path(value).expanduser()
    if path.is_dir() or (path.is_file() and path.suffix.lower() in IMAGE_SUFFIXES):
        name = QCoreApplication.translate("CameraDock", "Demo camera ({name})").format(name=path.name)
        return FakeCamera(path, fps=FAKE_CAMERA_FPS, repeat=FAKE_CAMERA_REPEAT, name=name)
    if path.is_file() and path.suffix.lower() in VIDEO_SUFFIXES:
        name = QCoreApplication.translate("CameraDock", "Demo video ({name})").format(name=path.name)
        return FakeCamera(path, fps=FAKE_CAMERA_FPS, name=name)
    return OpenCvSource(value)


def camera_status_text(status: CameraStatus | None, device: str) -> str:
    """The status bar's short camera item; the worker's full sentence goes in the tooltip."""
    if status is None or status.state is CameraState.STOPPED:
        return QCoreApplication.translate("CameraDock", "Camera: off")
    if status.state is CameraState.STARTING:
        return QCoreApplication.translate("CameraDock", "Camera: starting ({device})").format(device=device)
    if status.state is CameraState.RUNNING:
        return QCoreApplication.translate("CameraDock", "Camera: on ({device})").format(device=device)
    if "disconnected" in status.message:  # the worker's English sentence (scan/camera.py)
        return QCoreApplication.translate("CameraDock", "Camera: disconnected, retrying")
    return QCoreApplication.translate("CameraDock", "Camera: not found, retrying")


def device_label(setting: str) -> str:
    """How the status bar names the configured camera: an index, or the last part of a path."""
    value = setting.strip() or "0"
    return value if is_ascii_digits(value) else (Path(value).name or value)


class CameraDock(QDockWidget):
    """A dock holding one CameraView; the camera runs exactly while the dock is visible.

    `scanned(Scan)` repeats the view's confirmed reads (already on the GUI thread); `status_text(str)`
    gives the status bar item for every state change.
    """

    scanned = Signal(object)
    status_text = Signal(str)

    def __init__(
        self, setting: str, parent: QWidget | None = None, *, itf_lengths: tuple[int, ...] = (14,)
    ) -> None:
        super().__init__(parent)
        self.policy = ConfirmPolicy(itf_lengths=frozenset(itf_lengths))  # setting itf_lengths
        self.setWindowTitle(self.tr("Camera"))
        self.setObjectName("cameraDock")
        self.setting = setting
        self.device = device_label(setting)
        self.setAllowedAreas(Qt.DockWidgetArea.LeftDockWidgetArea | Qt.DockWidgetArea.RightDockWidgetArea)
        self.setFeatures(QDockWidget.DockWidgetFeature.DockWidgetClosable)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.setStyleSheet("QDockWidget { font-weight: bold; }")
        self.view = CameraView(self)
        self.view.setMinimumWidth(CAMERA_MIN_WIDTH)
        self.setWidget(self.view)
        self.view.scanned.connect(self.scanned.emit)
        self.view.status_changed.connect(self._status_changed)
        self.visibilityChanged.connect(self._visibility_changed)
        self.last_status: CameraStatus | None = None

    @property
    def running(self) -> bool:
        return self.view.worker is not None

    def _visibility_changed(self, visible: bool) -> None:
        # A floating dock that is only covered stays visible; hidden means closed or toggled off.
        if visible and not self.running:
            try:
                self.view.start(camera_source(self.setting), policy=self.policy)
            except Exception as exc:  # a bad setting must never take the window down
                problem = self.tr("Camera setting {setting} cannot be used: {error}")
                self.view.status_label.setText(problem.format(setting=repr(self.setting), error=exc))
                self.status_text.emit(self.tr("Camera: not found"))
        elif not visible and self.isHidden() and self.running:
            self.view.stop()

    def shutdown(self) -> None:
        """Stop the camera threads (the window is closing)."""
        self.view.stop()

    def _status_changed(self, status: object) -> None:
        if isinstance(status, CameraStatus):
            self.last_status = status
            self.status_text.emit(camera_status_text(status, self.device))
