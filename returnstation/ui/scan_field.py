"""The one big input at the top of the window, where the wedge scanner "types".

Besides whole scans (text + Enter), the field turns single key presses into bench hotkeys while it is
empty: 1..9 answer the current check, Backspace goes back, Enter confirms, Escape cancels. A scanner
also sends digits, so a digit is held back for BURST_MS: if another key follows that fast, it was the
start of a scan and goes into the field as text; if not, a person pressed it and it becomes a hotkey.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QLineEdit, QWidget

from returnstation.ui.theme import SCAN_POINT_SIZE, font

BURST_MS = 60
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
        self._pending_digit: str | None = None
        self._digit_timer = QTimer(self)
        self._digit_timer.setSingleShot(True)
        self._digit_timer.setInterval(BURST_MS)
        self._digit_timer.timeout.connect(self._digit_was_a_keypress)
        self.returnPressed.connect(self._submit)
        self.installEventFilter(self)

    def set_burst_ms(self, ms: int) -> None:
        """How long a lone digit waits for a next key; a slow scanner (wide wedge gap) needs longer."""
        self._digit_timer.setInterval(max(BURST_MS, ms))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self and event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent):
            return self._key_press(event)
        return super().eventFilter(watched, event)

    def _key_press(self, event: QKeyEvent) -> bool:
        """True when the key was used up here and must not reach the line edit."""
        if self._pending_digit is not None:
            self._flush_pending_digit()  # a second key this fast: the digit was part of a scan
            return False
        key = event.key()
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
        if plain and self.digit_hotkeys() and event.text() in tuple(DIGITS):
            self._pending_digit = event.text()
            self._digit_timer.start()
            return True
        if key == Qt.Key.Key_Backspace:
            self.hotkey.emit(HOTKEY_BACK)
            return True
        if key == Qt.Key.Key_Escape:
            self.hotkey.emit(HOTKEY_CANCEL)
            return True
        return False

    def _flush_pending_digit(self) -> None:
        self._digit_timer.stop()
        digit, self._pending_digit = self._pending_digit, None
        if digit is not None:
            self.insert(digit)

    def _digit_was_a_keypress(self) -> None:
        digit, self._pending_digit = self._pending_digit, None
        if digit is not None:
            self.hotkey.emit(digit)

    def _submit(self) -> None:
        text = self.text()
        self.clear()
        if text.strip():
            self.scanned.emit(text)
        else:
            self.hotkey.emit(HOTKEY_CONFIRM)
