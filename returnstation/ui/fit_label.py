"""A one-line label that shrinks its type to fit its width instead of wrapping or clipping.

Why: a bin code such as ``REFURB-OPENBOX`` is the word the picker reads and matches against the shelf;
word-wrapping breaks it at its dash ("SCRAP-" / "PHARMA") and a fixed size clips it. Smaller type that
still reads in one piece is the lesser harm. Only when even the smallest size does not fit does the
label elide the end (with "…", and the whole text in the tooltip), never in the middle of a token.
"""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QFont, QFontMetrics, QResizeEvent
from PySide6.QtWidgets import QLabel, QSizePolicy, QWidget


class FitLabel(QLabel):
    """One line of text at ``point_size``, shrunk step by step down to ``min_point_size`` to fit."""

    def __init__(self, point_size: int, min_point_size: int = 10, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._max = point_size
        self._min = min(min_point_size, point_size)
        self._full = ""
        self.setWordWrap(False)
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        font = self.font()
        font.setPointSize(point_size)
        font.setBold(True)
        self.setFont(font)

    def full_text(self) -> str:
        return self._full

    def setText(self, text: str) -> None:
        self._full = text
        self._fit()

    def fits(self) -> bool:
        """The whole text is shown at the size chosen (tests ask what a person would see)."""
        return super().text() == self._full and self._advance(self.font()) <= self._room()

    def sizeHint(self) -> QSize:
        big = QFont(self.font())
        big.setPointSize(self._max)
        metrics = QFontMetrics(big)
        margins = self.contentsMargins()
        return QSize(
            metrics.horizontalAdvance(self._full) + margins.left() + margins.right() + 2,
            metrics.height() + margins.top() + margins.bottom(),
        )

    def minimumSizeHint(self) -> QSize:
        return QSize(0, self.sizeHint().height())

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit()

    def _room(self) -> int:
        margins = self.contentsMargins()
        return self.width() - margins.left() - margins.right() - 2 * self.margin() - 2

    def _advance(self, font: QFont) -> int:
        return QFontMetrics(font).horizontalAdvance(self._full)

    def _fit(self) -> None:
        font = QFont(self.font())
        size = self._max
        font.setPointSize(size)
        room = self._room()
        while size > self._min and self._advance(font) > room:
            size -= 1
            font.setPointSize(size)
        self.setFont(font)
        if self._advance(font) <= room or room <= 0:
            super().setText(self._full)
            self.setToolTip("")
        else:
            super().setText(QFontMetrics(font).elidedText(self._full, Qt.TextElideMode.ElideRight, room))
            self.setToolTip(self._full)
