"""The base of every dialog at the bench: a scanner's Enter never presses a dialog button.

Why: a wedge scanner ends each code with Enter, typed into whatever has the focus. In a QDialog, an
Enter the focused field does not use goes on to the dialog, which presses its default button, and every
push button in a dialog is an "auto default" one that Enter presses once it had the focus: the first-run
setup was saved (and the bench named after a barcode) by one scan. So in a BenchDialog Enter presses no
button at all. Fields that act on Enter themselves (a PIN field, a note) still get it; a button is
pressed with Space or the mouse; Esc still cancels. The window's wedge filter (ui/wedge_filter.py)
takes whole scans away from dialogs before any widget sees them; this holds for everything else: a code
too short to tell from typing, a bench with the filter switched off, a dialog shown before the window.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeyEvent, QShowEvent
from PySide6.QtWidgets import QDialog, QPushButton

_ENTER_KEYS = (Qt.Key.Key_Return, Qt.Key.Key_Enter)


class BenchDialog(QDialog):
    """A QDialog in which Enter never presses a button (see the module docstring)."""

    def showEvent(self, event: QShowEvent) -> None:
        for button in self.findChildren(QPushButton):  # made by the subclass after this __init__
            button.setAutoDefault(False)
            button.setDefault(False)
        super().showEvent(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in _ENTER_KEYS:
            event.accept()  # no field used it: it ends here, never at a default button
            return
        super().keyPressEvent(event)
