"""What the main window expects of each tab: take scans and hotkeys, report back with Feedback.

Every service call a page makes goes through ``run`` (a pool thread) or ``read_latest``: the GUI thread
never waits on the database. While a ``run`` step is out the page is busy (``stepping()``); the window
holds the next scans and keys in its one ordered queue (ui/offline_scans.py) and hands over the next
one when the page says ``settled``. So a scan is applied after the one before it, on the state that one left.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Qt, QThreadPool, Signal
from PySide6.QtWidgets import QPushButton, QWidget

from returnstation.domain.errors import DatabaseUnavailable
from returnstation.domain.messages import message_of
from returnstation.domain.roles import PermissionRefused
from returnstation.domain.scan import Scan
from returnstation.services.results import Feedback, Level
from returnstation.ui.i18n import ui_text
from returnstation.ui.workers import run_in_background

log = logging.getLogger(__name__)

WENT_WRONG = str(QT_TRANSLATE_NOOP("StationPage", "Something went wrong: {error}. Tell a supervisor."))
STILL_WORKING = str(
    QT_TRANSLATE_NOOP("StationPage", "Still saving the last step: click again when the banner has answered.")
)


@dataclass(frozen=True, slots=True)
class _Outage:
    reason: str


@dataclass(frozen=True, slots=True)
class _Refused:
    message: str


def _guarded(fn: Callable[[], object]) -> Callable[[], object]:
    """The step as a pool thread runs it: an outage or a refusal comes back as a value, so the GUI
    thread tells them from a bug without parsing a message."""

    def call() -> object:
        try:
            return fn()
        except DatabaseUnavailable as exc:
            return _Outage(exc.reason)
        except PermissionRefused as exc:
            return _Refused(message_of(exc))

    return call


class StationPage(QWidget):
    """Base of the Receive, Inspect and Supervisor tabs.

    ``feedback`` carries every outcome to the banner and the speaker; ``refocus`` asks the window to put
    the cursor back in the scan field after a click. Pages never block: service calls go through
    ``run``/``read_latest`` on ``pool``. ``settled`` says a page is idle again (the window sends it the
    next queued scan); ``outage(reason)`` says the step in hand could not reach the database (the window
    keeps the scan and probes until the database is back). Each page takes the services it uses in its
    constructor (the window hands them out), never the whole station, so what a page can touch is
    written in its signature.
    """

    feedback = Signal(object)  # Feedback
    refocus = Signal()
    settled = Signal()
    outage = Signal(str)
    hint_changed = Signal()  # idle_hint() says something new (a read came back after the tab was shown)
    title = ""

    def __init__(self, pool: QThreadPool, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.pool = pool
        self._steps = 0  # workflow steps out on the pool (0 or 1; a step's answer may start the next)
        self._reads: dict[str, int] = {}  # read_latest: the newest request per kind
        self._reads_out = 0

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

    # -- the workflow off the GUI thread ------------------------------------------------------------
    def stepping(self) -> bool:
        """A workflow step is out (the page is busy): what is on screen may change when it answers."""
        return self._steps > 0

    def quiet(self) -> bool:
        """No step and no read out (tests and screenshots wait for this)."""
        return self._steps == 0 and self._reads_out == 0

    def refuse_if_busy(self) -> bool:
        """For a click (not queued like keys): True, and the banner says so, while a step is out."""
        if self.stepping():
            self.say(Level.INFO, QCoreApplication.translate("StationPage", STILL_WORKING))
            return True
        return False

    def run(
        self,
        fn: Callable[[], Any],
        on_done: Callable[[Any], None],
        on_failed: Callable[[str], None] | None = None,
    ) -> None:
        """One workflow step: ``fn`` on the pool, then ``on_done(result)`` here. The page is busy until
        ``on_done`` has run (it may start the next step, which keeps it busy). An outage goes to
        ``outage``, a permission refusal and any other failure to the banner; the page settles anyway,
        so a failure never blocks the scans behind it."""
        self._steps += 1
        run_in_background(
            self.pool,
            self,
            _guarded(fn),
            lambda result: self._step_done(result, on_done),
            lambda message: self._step_failed(message, on_failed),
        )

    def _step_done(self, result: object, on_done: Callable[[Any], None]) -> None:
        self._steps -= 1
        try:
            if isinstance(result, _Outage):
                self.outage.emit(ui_text(result.reason))
            elif isinstance(result, _Refused):
                self.say(Level.ERROR, result.message)
            else:
                on_done(result)
        except Exception as exc:  # a bug in rendering must not stall the queue behind it
            log.exception("the %s tab failed to show a result", self.title)
            self.say(Level.ERROR, QCoreApplication.translate("StationPage", WENT_WRONG).format(error=exc))
        finally:
            if self._steps == 0:
                self.settled.emit()

    def _step_failed(self, message: str, on_failed: Callable[[str], None] | None) -> None:
        self._steps -= 1
        try:
            if on_failed is not None:
                on_failed(message)
            else:
                went_wrong = QCoreApplication.translate("StationPage", WENT_WRONG)
                self.say(Level.ERROR, went_wrong.format(error=message))
        finally:
            if self._steps == 0:
                self.settled.emit()

    def read_latest(self, kind: str, fn: Callable[[], Any], on_done: Callable[[Any], None]) -> None:
        """A read that only refreshes what is shown (a count, a list): not a workflow step, so the page
        does not turn busy; of several reads of one ``kind`` only the newest answer is shown. A failed
        read leaves the old figures up (an outage is noticed by the next scan or the probe)."""
        ticket = self._reads.get(kind, 0) + 1
        self._reads[kind] = ticket
        self._reads_out += 1

        def done(result: object) -> None:
            self._reads_out -= 1
            if self._reads.get(kind) == ticket and not isinstance(result, _Outage | _Refused):
                on_done(result)

        def failed(message: str) -> None:
            self._reads_out -= 1
            log.warning("reading %s on the %s tab failed: %s", kind, self.title, message)

        run_in_background(self.pool, self, _guarded(fn), done, failed)

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
