"""The one big input at the top of the window, where the wedge scanner "types".

Besides whole scans (text + Enter), the field turns single key presses into bench hotkeys while it is
empty: 1..9 answer the current check, Backspace goes back, Enter confirms, Escape cancels.

Why a number key waits before it answers: the same keys type codes. A scanner's digits come 1-20 ms
apart, a person typing a code from a label 100-300 ms apart, so a digit pressed in the empty field is
shown as text and becomes an answer only when nothing follows it for ANSWER_WAIT_MS. Any key within
that time makes it the first character of a typed code, and a digit typed while the field already holds
text is text: a hand-typed code never changes an answer. Enter within the wait is the person's
"answer, then confirm". README "Keys at the bench" says the same to the people at the bench.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QLineEdit, QWidget

from returnstation.ui.theme import SCAN_POINT_SIZE, font

BURST_MS = 60
# Longer than a person's pause between two keys of a typed code, short enough not to feel like lag.
ANSWER_WAIT_MS = 400
MAX_SCAN_LENGTH = 512

HOTKEY_BACK = "back"
HOTKEY_CONFIRM = "confirm"
HOTKEY_CANCEL = "cancel"
DIGITS = "123456789"


class ScanField(QLineEdit):
    scanned = Signal(str)  # Enter with text in the field
    hotkey = Signal(str)  # "1".."9", "back", "confirm" or "cancel", only while the field is empty

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setFont(font(SCAN_POINT_SIZE, bold=True))
        self.setMinimumHeight(58)
        self.setMaxLength(MAX_SCAN_LENGTH)
        self.setClearButtonEnabled(False)
        self.setPlaceholderText(self.tr("Scan here"))
        self.setStyleSheet(
            "QLineEdit { border: 4px solid #1d5ba6; border-radius: 8px; padding: 4px 12px;"
            " background: #ffffff; color: #000000; }"
        )
        # Asked at each digit key: does the screen behind the field take answer keys right now?
        self.digit_hotkeys: Callable[[], bool] = lambda: False
        self._lone_digit: str | None = None  # a number key shown in the field, not yet an answer
        self._digit_timer = QTimer(self)
        self._digit_timer.setSingleShot(True)
        self._digit_timer.setInterval(ANSWER_WAIT_MS)
        self._digit_timer.timeout.connect(self._digit_was_alone)
        self.returnPressed.connect(self._submit)
        self.installEventFilter(self)

    def set_burst_ms(self, ms: int) -> None:
        """A slow scanner (wide wedge gap) must not outlast the answer wait: never shorter than 4 gaps."""
        self._digit_timer.setInterval(max(ANSWER_WAIT_MS, 4 * ms))

    def keep_as_text(self) -> None:
        """A number key still waiting to become an answer stays what it looks like: text (a tab change)."""
        self._digit_timer.stop()
        self._lone_digit = None

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self and event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent):
            return self._key_press(event)
        return super().eventFilter(watched, event)

    def _key_press(self, event: QKeyEvent) -> bool:
        """True when the key was used up here and must not reach the line edit."""
        key = event.key()
        digit = self._lone_digit
        if digit is not None:
            self.keep_as_text()  # a next key this soon: the digit starts a code, unless Enter ends it
            if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.text() == digit:
                self.clear()
                self.hotkey.emit(digit)
                self.hotkey.emit(HOTKEY_CONFIRM)
                return True
        if self.text():
            if key == Qt.Key.Key_Escape:  # throw away half-typed text
                self.clear()
                return True
            return False
        plain = not (
            event.modifiers()
            & (
                Qt.KeyboardModifier.ControlModifier
                | Qt.KeyboardModifier.AltModifier
                | Qt.KeyboardModifier.MetaModifier
            )
        )
        if plain and event.text() in tuple(DIGITS) and self.digit_hotkeys():
            self.insert(event.text())  # seen at once, like any typed key, while it waits
            self._lone_digit = event.text()
            self._digit_timer.start()
            return True
        if key == Qt.Key.Key_Backspace:
            self.hotkey.emit(HOTKEY_BACK)
            return True
        if key == Qt.Key.Key_Escape:
            self.hotkey.emit(HOTKEY_CANCEL)
            return True
        return False

    def _digit_was_alone(self) -> None:
        digit, self._lone_digit = self._lone_digit, None
        if digit is not None and self.text() == digit:  # not taken back by a scan meanwhile
            self.clear()
            self.hotkey.emit(digit)

    def _submit(self) -> None:
        text = self.text()
        self.clear()
        if text.strip():
            self.scanned.emit(text)
        else:
            self.hotkey.emit(HOTKEY_CONFIRM)
