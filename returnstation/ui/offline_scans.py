"""Scans taken while the database cannot be reached are kept, in order, and entered when it is back.

Why keep them instead of asking the clerk to scan again: on a busy bench the parcel is already on the
shelf by the time the network comes back, and a clerk told "try again later" cannot know which scans
went in. Every step of the services is idempotent by state (an item scan carries its timestamp), so a
kept scan entered twice is still counted once.

While the database is away, new scans are not even tried: each try could hold the GUI for the
driver's connect timeout. The database is probed every few seconds on a pool thread; the first
successful probe replays the kept scans through the page each was aimed at. Keys such as Enter
(decide, finish) are never kept: an action is repeated by the person who means it, when the
database is back, and the answers on screen stay where they are.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QObject, QThreadPool, QTimer, Signal

from returnstation.domain.scan import Scan
from returnstation.ui.workers import run_in_background

PROBE_INTERVAL_MS = 3000


@dataclass(frozen=True, slots=True)
class KeptScan:
    page_index: int  # the tab that was current when the scan arrived
    scan: Scan


class OfflineScans(QObject):
    """Holds the kept scans and probes the database until it answers again.

    ``probe`` raises when the database cannot be reached (store.health.probe_database).
    ``state_changed(offline, waiting)`` drives the status bar; ``back(kept)`` hands the scans to replay.
    """

    state_changed = Signal(bool, int)
    back = Signal(list)  # list[KeptScan]

    def __init__(
        self,
        probe: Callable[[], None],
        pool: QThreadPool,
        parent: QObject | None = None,
        interval_ms: int = PROBE_INTERVAL_MS,
    ) -> None:
        super().__init__(parent)
        self._probe = probe
        self._pool = pool
        self._kept: list[KeptScan] = []
        self._probing = False
        self.offline = False
        self.timer = QTimer(self)
        self.timer.setInterval(interval_ms)
        self.timer.timeout.connect(self.probe_now)

    @property
    def waiting(self) -> int:
        return len(self._kept)

    def keep(self, page_index: int, scan: Scan) -> None:
        """The database is away: hold ``scan`` and start probing."""
        self._kept.append(KeptScan(page_index, scan))
        self.mark_offline()

    def mark_offline(self) -> None:
        self.offline = True
        if not self.timer.isActive():
            self.timer.start()
        self.state_changed.emit(True, len(self._kept))

    def probe_now(self) -> None:
        if self._probing or not self.offline:
            return
        self._probing = True
        run_in_background(self._pool, self, self._probe, self._answered, self._unanswered)

    def _answered(self, _result: object) -> None:
        self._probing = False
        self.offline = False
        self.timer.stop()
        kept, self._kept = self._kept, []
        self.state_changed.emit(False, 0)
        if kept:
            self.back.emit(kept)

    def _unanswered(self, _message: str) -> None:
        self._probing = False
        self.state_changed.emit(True, len(self._kept))

    def stop(self) -> None:
        self.timer.stop()
