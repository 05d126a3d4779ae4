"""Live camera preview with boxes around the codes it reads, a status line, and `scanned(Scan)`.

Why it polls instead of receiving frames: the camera worker (scan/camera.py) runs on plain Python
threads and must never touch a widget. Confirmed scans and status changes are few, so they cross to
the GUI thread as queued signals; frames are many, so a GUI-thread timer fetches only the newest one
(about 15 times a second) and frames the worker grabbed in between are simply never drawn. Nothing
here waits on the camera, so a slow or unplugged camera cannot freeze the window.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, QPointF, QRectF, Qt, QTimer, Signal, Slot
from PySide6.QtGui import QColor, QImage, QPainter, QPaintEvent, QPen, QPolygonF
from PySide6.QtWidgets import QLabel, QSizePolicy, QVBoxLayout, QWidget

from returnstation.domain.scan import Scan
from returnstation.scan.camera import CameraState, CameraStatus, CameraWorker, FrameSource, Preview
from returnstation.scan.confirm import ConfirmPolicy, ReadConfirmer
from returnstation.scan.decode import DEFAULT_FORMATS, DecoderFormats

if TYPE_CHECKING:
    import numpy.typing as npt

    Image = npt.NDArray[Any]

PREVIEW_INTERVAL_MS = 66  # ~15 fps is plenty to aim a label; the decode rate is separate
READ_COLOR = QColor("#f5a623")  # seen in this frame, not (yet) a scan
ACCEPTED_COLOR = QColor("#2e9d44")  # became a scan


class _Bridge(QObject):
    """Lives on the GUI thread; the worker threads emit its signals, Qt queues them over."""

    scan = Signal(object)
    status = Signal(object)


class _PreviewCanvas(QWidget):
    """Paints the newest frame scaled to fit, and the decoded positions on top of it."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setMinimumSize(280, 180)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.image: QImage | None = None
        self.preview: Preview | None = None

    def show_preview(self, preview: Preview | None) -> None:
        self.preview = preview
        self.image = _to_qimage(preview.frame) if preview is not None else None
        self.update()

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        try:
            painter.fillRect(self.rect(), QColor("#202020"))
            if self.image is None or self.preview is None:
                return
            target = _fit(self.image.width(), self.image.height(), self.width(), self.height())
            painter.drawImage(target, self.image)
            scale = target.width() / max(self.image.width(), 1)
            accepted = {read.text for read in self.preview.accepted}
            for read in self.preview.reads:
                color = ACCEPTED_COLOR if read.text in accepted else READ_COLOR
                painter.setPen(QPen(color, 3))
                points = [QPointF(target.x() + x * scale, target.y() + y * scale) for x, y in read.position]
                painter.drawPolygon(QPolygonF(points))
        finally:
            painter.end()


class CameraView(QWidget):
    """Shows one camera and emits `scanned(Scan)` on the GUI thread for each confirmed read."""

    scanned = Signal(object)  # Scan with source=CAMERA
    status_changed = Signal(object)  # CameraStatus

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.canvas = _PreviewCanvas(self)
        self.status_label = QLabel(self.tr("Camera off"), self)
        self.status_label.setObjectName("cameraStatus")
        self.status_label.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.canvas, 1)
        layout.addWidget(self.status_label)
        self._worker: CameraWorker | None = None
        self._bridge = _Bridge(self)
        self._bridge.scan.connect(self._deliver_scan, Qt.ConnectionType.QueuedConnection)
        self._bridge.status.connect(self._deliver_status, Qt.ConnectionType.QueuedConnection)
        self._timer = QTimer(self)
        self._timer.setInterval(PREVIEW_INTERVAL_MS)
        self._timer.timeout.connect(self._refresh_preview)

    @property
    def worker(self) -> CameraWorker | None:
        return self._worker

    def start(
        self,
        source: FrameSource,
        *,
        decode_fps: float = 8.0,
        formats: DecoderFormats = DEFAULT_FORMATS,
        policy: ConfirmPolicy | None = None,
    ) -> None:
        """Start showing and decoding `source`; a camera already running is stopped first. `policy`
        says which reads may become scans (the site's ITF lengths among them)."""
        self.stop()
        self._worker = CameraWorker(
            source,
            on_scan=self._bridge.scan.emit,
            on_status=self._bridge.status.emit,
            decode_fps=decode_fps,
            formats=formats,
            confirmer=ReadConfirmer(policy),
        )
        self._worker.start()
        self._timer.start()

    def stop(self) -> None:
        """Stop the camera and wait for its threads (at most about one frame and one decode)."""
        self._timer.stop()
        worker, self._worker = self._worker, None
        if worker is not None:
            worker.on_scan = None
            worker.on_status = None
            worker.stop()
            self._show_status(worker.status)
        self.canvas.show_preview(None)

    def capture_still(self) -> bytes:
        """The newest camera picture as PNG, for inspection evidence (CameraUnavailable if none)."""
        from returnstation.scan.camera import CameraUnavailable

        if self._worker is None:
            raise CameraUnavailable("the camera is off")
        return self._worker.capture_still()

    def closeEvent(self, event: Any) -> None:
        self.stop()
        super().closeEvent(event)

    @Slot()
    def _refresh_preview(self) -> None:
        worker = self._worker
        if worker is None:
            return
        preview = worker.latest()
        if preview is None:
            if self.canvas.preview is not None:
                self.canvas.show_preview(None)
            return
        shown = self.canvas.preview
        if shown is None or preview.frame_id != shown.frame_id or preview.reads is not shown.reads:
            self.canvas.show_preview(preview)

    @Slot(object)
    def _deliver_scan(self, scan: object) -> None:
        if self._worker is not None and isinstance(scan, Scan):
            self.scanned.emit(scan)

    @Slot(object)
    def _deliver_status(self, status: object) -> None:
        if isinstance(status, CameraStatus):
            self._show_status(status)

    def _show_status(self, status: CameraStatus) -> None:
        self.status_label.setText(status.message)
        self.status_label.setProperty("state", status.state.value)
        warn = status.state is CameraState.RETRYING
        self.status_label.setStyleSheet("color: #b00020; font-weight: bold;" if warn else "")
        self.status_changed.emit(status)


def _fit(width: int, height: int, box_width: int, box_height: int) -> QRectF:
    """The largest rectangle with the image's aspect ratio centred in the box."""
    scale = min(box_width / max(width, 1), box_height / max(height, 1))
    w, h = width * scale, height * scale
    return QRectF((box_width - w) / 2.0, (box_height - h) / 2.0, w, h)


def _to_qimage(frame: Image) -> QImage:
    """A deep-copied QImage of an 8-bit grayscale, BGR or BGRA frame (the copy owns its pixels, so
    the numpy array may be replaced by the worker at any time)."""
    import numpy as np

    data = np.ascontiguousarray(frame)
    height, width = data.shape[:2]
    if data.ndim == 2:
        image = QImage(data.data, width, height, data.strides[0], QImage.Format.Format_Grayscale8)
    elif data.shape[2] == 4:
        image = QImage(data.data, width, height, data.strides[0], QImage.Format.Format_ARGB32)
    else:
        image = QImage(data.data, width, height, data.strides[0], QImage.Format.Format_BGR888)
    return image.copy()
