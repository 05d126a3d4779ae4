"""Sign the bench out after a while without a key press or a scan.

Why: people walk away from a bench that is signed in, and the next one would work under their name.
Why an application-wide event filter: keys and clicks go to whichever widget has the focus (the scan
field, a dialog, a date edit), and the filter sees them all without each widget taking part. Scans
from the serial scanner or the camera are not key presses: the window calls ``poke`` for those.
The filter only restarts a timer, so it costs nothing per key and never blocks the GUI thread.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QEvent, QObject, QTimer, Signal

# What counts as someone being at the bench.
ACTIVITY = frozenset(
    {
        QEvent.Type.KeyPress,
        QEvent.Type.MouseButtonPress,
        QEvent.Type.Wheel,
        QEvent.Type.TouchBegin,
    }
)


class IdleLock(QObject):
    """Emits ``idle`` once ``timeout_ms`` pass with no activity while armed; 0 never fires."""

    idle = Signal()

    def __init__(self, timeout_ms: int, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.timeout_ms = max(0, timeout_ms)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self.idle)
        self._installed = False

    @property
    def armed(self) -> bool:
        return self._timer.isActive()

    def arm(self) -> None:
        """Start counting (someone just signed in); also installs the filter the first time."""
        if self.timeout_ms <= 0:
            return
        if not self._installed:
            app = QCoreApplication.instance()
            if app is not None:
                app.installEventFilter(self)
                self._installed = True
        self._timer.start(self.timeout_ms)

    def disarm(self) -> None:
        """Stop counting (the bench is locked already, or the window closes)."""
        self._timer.stop()

    def remove(self) -> None:
        self.disarm()
        app = QCoreApplication.instance()
        if app is not None and self._installed:
            app.removeEventFilter(self)
            self._installed = False

    def poke(self) -> None:
        """Someone did something: count again from zero (only while armed)."""
        if self._timer.isActive():
            self._timer.start(self.timeout_ms)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in ACTIVITY:
            self.poke()
        return False
