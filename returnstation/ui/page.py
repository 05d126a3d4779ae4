"""What the main window expects of each tab: take scans and hotkeys, report back with Feedback."""

from __future__ import annotations

from PySide6.QtCore import Qt, QThreadPool, Signal
from PySide6.QtWidgets import QPushButton, QWidget

from returnstation.domain.scan import Scan
from returnstation.services.results import Feedback, Level


class StationPage(QWidget):
    """Base of the Receive, Inspect and Supervisor tabs.

    ``feedback`` carries every outcome to the banner and the speaker; ``refocus`` asks the window to put
    the cursor back in the scan field after a click. Pages never block: slow calls go through ``pool``.
    Each page takes the services it uses in its constructor (the window hands them out), never the
    whole station, so what a page can touch is written in its signature.
    """

    feedback = Signal(object)  # Feedback
    refocus = Signal()
    title = ""

    def __init__(self, pool: QThreadPool, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.pool = pool

    def handle_scan(self, scan: Scan) -> None:
        raise NotImplementedError

    def handle_hotkey(self, key: str) -> None:
        """A key pressed in the empty scan field: "1".."9", "back", "confirm" or "cancel"."""

    def on_shown(self) -> None:
        """The tab became current: refresh whatever may have changed elsewhere."""

    def wants_digit_hotkeys(self) -> bool:
        return False

    def idle_hint(self) -> str:
        """What the banner says when this tab is opened and nothing has happened yet."""
        return ""

    def say(self, level: Level, message: str) -> None:
        self.feedback.emit(Feedback(level, message))


def reachable_by_tab(*buttons: QPushButton) -> None:
    """Buttons a person reaches with Tab (and presses with Enter or Space), never by a click.

    Why Tab focus only: the window hands the focus back to the scan field whenever a widget that needs
    no keyboard gets it (a click), so the next scan lands where it must; a widget only Tab can reach
    was chosen on purpose and keeps the focus until it is pressed or a scan arrives. The theme draws a
    frame around it (theme.FOCUS_FRAME), so the person sees where Enter goes.
    """
    for button in buttons:
        button.setFocusPolicy(Qt.FocusPolicy.TabFocus)
        button.setAutoDefault(True)  # outside a dialog this only makes Enter press it when it has focus
