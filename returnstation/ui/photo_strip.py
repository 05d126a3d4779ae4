"""The item's photos as a strip of thumbnails, and taking a still from the camera off the GUI thread.

Why thumbnails are made on pool threads: a camera PNG is hundreds of kB to several MB and decoding it
takes tens of milliseconds; on the GUI thread that would stall the scan field while an item with a few
photos opens. QImage (not QPixmap) may be built on any thread, so workers decode and scale, and the
model turns the small image into an icon when the view asks for it.

Why ``grab_still`` waits a little: F7 may be the key that switched the camera on, and the first
picture arrives only once the device is open. It waits for that picture, but gives up at once when the
camera reports it cannot be found, so a missing camera gives its reason immediately rather than after
a timeout.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from pathlib import Path

from PySide6.QtCore import QAbstractListModel, QModelIndex, QPersistentModelIndex, QSize, Qt
from PySide6.QtGui import QIcon, QImage, QPixmap
from PySide6.QtWidgets import QAbstractItemView, QListView, QWidget

from returnstation.scan.camera import CameraState, CameraStatus, CameraUnavailable
from returnstation.services.photos import PhotoView

THUMB_SIZE = QSize(72, 54)  # small: the strip must leave the checklist its height
STILL_TIMEOUT_S = 6.0  # a USB camera takes 1-3 s to open; longer means it is not coming
_POLL_S = 0.05

Index = QModelIndex | QPersistentModelIndex


def grab_still(
    capture: Callable[[], bytes],
    status: Callable[[], CameraStatus | None],
    timeout_s: float = STILL_TIMEOUT_S,
) -> bytes:
    """``capture()``'s PNG as soon as the camera has a picture; CameraUnavailable with the camera's own
    words when it cannot be found, or when no picture came within ``timeout_s``. Blocks: pool threads only."""
    deadline = time.monotonic() + timeout_s
    while True:
        try:
            return capture()
        except CameraUnavailable as exc:
            now = status()
            if now is not None and now.state in (CameraState.RETRYING, CameraState.STOPPED):
                raise CameraUnavailable(now.message) from exc  # not found, unplugged, or switched off
            if time.monotonic() >= deadline:
                raise
        time.sleep(_POLL_S)


def thumbnail(data: bytes | Path) -> QImage:
    """A small copy of a picture (PNG bytes or a file) for the strip; a null image when unreadable."""
    image = QImage.fromData(data) if isinstance(data, bytes) else QImage(str(data))
    if image.isNull():
        return image
    return image.scaled(
        THUMB_SIZE, Qt.AspectRatioMode.KeepAspectRatio, Qt.TransformationMode.SmoothTransformation
    )


class PhotoListModel(QAbstractListModel):
    """The open item's photos, oldest first; a thumbnail shows once a worker has made it."""

    def __init__(self, check_names: Callable[[str | None], str] | None = None) -> None:
        super().__init__()
        self._photos: list[PhotoView] = []
        self._thumbs: dict[int, QImage] = {}
        self._icons: dict[int, QIcon] = {}
        self._names = check_names or (lambda check_id: check_id or self.tr("item"))

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 (Qt's signature)
        return 0 if parent.isValid() else len(self._photos)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid() or not 0 <= index.row() < len(self._photos):
            return None
        photo = self._photos[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return f"{index.row() + 1}  {self._names(photo.check_id)}"
        if role == Qt.ItemDataRole.DecorationRole:
            return self._icon(photo.photo_id)
        if role == Qt.ItemDataRole.ToolTipRole:
            return self.tr("{path}\n{time} UTC, {station}, {user}\n{size} bytes, SHA-256 {sha256}…").format(
                path=photo.relative_path,
                time=f"{photo.taken_at:%Y-%m-%d %H:%M:%S}",
                station=photo.station,
                user=photo.user,
                size=photo.size,
                sha256=photo.sha256[:16],
            )
        if role == Qt.ItemDataRole.UserRole:
            return photo
        return None

    def photos(self) -> list[PhotoView]:
        return list(self._photos)

    def has_thumbnail(self, photo_id: int) -> bool:
        return photo_id in self._thumbs

    def set_photos(self, photos: Sequence[PhotoView]) -> None:
        self.beginResetModel()
        self._photos = list(photos)
        self._thumbs.clear()
        self._icons.clear()
        self.endResetModel()

    def add(self, photo: PhotoView, thumb: QImage | None = None) -> None:
        row = len(self._photos)
        self.beginInsertRows(QModelIndex(), row, row)
        self._photos.append(photo)
        if thumb is not None and not thumb.isNull():
            self._thumbs[photo.photo_id] = thumb
        self.endInsertRows()

    def set_thumbnails(self, thumbs: dict[int, QImage]) -> None:
        """Thumbnails made by a worker, by photo id; ids no longer listed are ignored."""
        for row, photo in enumerate(self._photos):
            thumb = thumbs.get(photo.photo_id)
            if thumb is not None and not thumb.isNull():
                self._thumbs[photo.photo_id] = thumb
                self._icons.pop(photo.photo_id, None)
                index = self.index(row)
                self.dataChanged.emit(index, index, [Qt.ItemDataRole.DecorationRole])

    def _icon(self, photo_id: int) -> QIcon | None:
        if photo_id not in self._icons:
            thumb = self._thumbs.get(photo_id)
            if thumb is None:
                return None
            self._icons[photo_id] = QIcon(QPixmap.fromImage(thumb))  # GUI thread: the view asks here
        return self._icons[photo_id]


class PhotoStrip(QListView):
    """One row of thumbnails under the checklist; it never takes the focus from the scan field."""

    def __init__(self, model: PhotoListModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("photoStrip")
        self.setModel(model)
        self.setViewMode(QListView.ViewMode.IconMode)
        self.setFlow(QListView.Flow.LeftToRight)
        self.setWrapping(False)
        self.setMovement(QListView.Movement.Static)
        self.setResizeMode(QListView.ResizeMode.Adjust)
        self.setIconSize(THUMB_SIZE)
        self.setGridSize(QSize(THUMB_SIZE.width() + 24, THUMB_SIZE.height() + 24))
        self.setFixedHeight(THUMB_SIZE.height() + 32)
        self.setSpacing(4)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        # No scroll bar row (height again): the newest photo is scrolled into view, the wheel scrolls back.
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
