"""A one-line label that shrinks its type to fit its width instead of wrapping or clipping.

Why: a bin code such as ``REFURB-OPENBOX`` is the word the picker reads and matches against the shelf;
word-wrapping breaks it at its dash ("SCRAP-" / "PHARMA") and a fixed size clips it. Smaller type that
still reads in one piece is the lesser harm. Only when even the smallest size does not fit does the
label elide the end (with "…", and the whole text in the tooltip), never in the middle of a token.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QSize, Qt, QTimer
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


class ElidedLabel(QLabel):
    """One line that gives way on a narrow window by ending in "…", never by being clipped: "Databas" in
    the status bar said nothing; "Database: SQLite ret…" says it is cut (the status items carry the
    whole story in their tooltips). It asks for its full width and takes it whenever there is room."""

    def __init__(self, text: str = "", parent: QWidget | None = None, *, never_shorten: bool = False) -> None:
        """``never_shorten``: the others give way first (the database item, which carries an outage)."""
        super().__init__(parent)
        self._full = ""
        self._never_shorten = never_shorten
        self.setWordWrap(False)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Preferred)
        self.setText(text)

    def full_text(self) -> str:
        return self._full

    def setText(self, text: str) -> None:
        self._full = text
        super().setText(text)
        self.updateGeometry()  # the layout gives it its new width; then it is shortened if it must be
        QTimer.singleShot(0, self, self._elide)

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() in (QEvent.Type.FontChange, QEvent.Type.StyleChange):  # e.g. bold for an outage
            self.updateGeometry()
            QTimer.singleShot(0, self, self._elide)

    def shows_all(self) -> bool:
        return super().text() == self._full

    def _overhead(self) -> int:
        """What QLabel adds around its text (margins, style sheet padding): measured, not guessed."""
        return super().sizeHint().width() - self.fontMetrics().horizontalAdvance(super().text())

    def sizeHint(self) -> QSize:
        hint = super().sizeHint()
        return QSize(self._overhead() + self.fontMetrics().horizontalAdvance(self._full), hint.height())

    def minimumSizeHint(self) -> QSize:
        shortest = self._overhead() + self.fontMetrics().horizontalAdvance("Xxxxx…")
        least = self.sizeHint().width() if self._never_shorten else min(self.sizeHint().width(), shortest)
        return QSize(least, super().minimumSizeHint().height())

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._elide()

    def _elide(self) -> None:
        room = self.width() - self._overhead()
        if self.width() <= 0 or self.fontMetrics().horizontalAdvance(self._full) <= room:
            super().setText(self._full)
            return
        super().setText(self.fontMetrics().elidedText(self._full, Qt.TextElideMode.ElideRight, max(room, 0)))
