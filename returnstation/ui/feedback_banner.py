"""The answer to the last scan, big enough to read from a metre away, in colour AND in words."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QSizePolicy, QWidget

from returnstation.services.results import Feedback, Level
from returnstation.ui.i18n import ui_text
from returnstation.ui.theme import (
    BANNER_POINT_SIZE,
    BANNER_WORD_POINT_SIZE,
    IDLE_STYLE,
    LEVEL_STYLES,
    LevelStyle,
    font,
)


class FeedbackBanner(QFrame):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("feedbackBanner")
        self.setMinimumHeight(84)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.word_label = QLabel()
        self.word_label.setFont(font(BANNER_WORD_POINT_SIZE, bold=True))
        self.word_label.setMinimumWidth(200)
        self.word_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.message_label = QLabel()
        self.message_label.setFont(font(BANNER_POINT_SIZE, bold=True))
        self.message_label.setWordWrap(True)
        self.message_label.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)
        self.message_label.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        row = QHBoxLayout(self)
        row.setContentsMargins(14, 8, 18, 8)
        row.setSpacing(18)
        row.addWidget(self.word_label)
        row.addWidget(self.message_label, 1)
        self.level: Level | None = None
        self._paint(IDLE_STYLE, self.tr("Ready. Scan a parcel label to start."))

    @property
    def message(self) -> str:
        return self.message_label.text()

    @property
    def word(self) -> str:
        return self.word_label.text()

    def show_feedback(self, feedback: Feedback) -> None:
        self.level = feedback.level
        self._paint(LEVEL_STYLES[feedback.level], ui_text(feedback.message))

    def show_idle(self, message: str) -> None:
        self.level = None
        self._paint(IDLE_STYLE, message)

    def _paint(self, style: LevelStyle, message: str) -> None:
        self.setStyleSheet(
            f"QFrame#feedbackBanner {{ background: {style.background}; border-radius: 8px; }}"
            f"QFrame#feedbackBanner QLabel {{ color: {style.foreground}; background: transparent; }}"
        )
        self.word_label.setText(f"{style.symbol} {style.shown_word}")
        self.message_label.setText(message)
