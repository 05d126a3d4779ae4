"""The window's one queue of scans and keys: applied one at a time, in the order they came, never dropped.

Why a queue at all: every service call runs on a pool thread (the GUI never waits on the database), so a
scan can arrive while the one before it is still being saved. It waits here and goes to its page when
that page is idle again, so it is applied to the state the scan before it left (never reordered, never
applied twice at once). The same queue holds the scans taken while the database cannot be reached: on a
busy bench the parcel is already on the shelf by the time the network comes back, and a clerk told "try
again later" cannot know which scans went in. Every step of the services is idempotent by state (an
item scan carries its timestamp), so a kept scan entered twice is still counted once.

While the database is away, new scans are not even tried: each try could hold a pool thread for the
driver's connect timeout. The database is probed every few seconds on a pool thread; the first
successful probe lets the queue run again. Keys such as Enter (decide, finish) queue behind the scans
while a page is busy (so they act on the state those scans leave), but are never kept through an
outage: an action is repeated by the person who means it, when the database is back, and the answers
on screen stay where they are.
"""

from __future__ import annotations

from collections import deque
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


@dataclass(frozen=True, slots=True)
class KeptKey:
    page_index: int
    key: str  # as ScanField.hotkey gives it: "1".."9", "back", "confirm", "cancel"


Queued = KeptScan | KeptKey


class ScanQueue(QObject):
    """The scans and keys waiting for their page, and the database probe while it is away.

    ``probe`` raises when the database cannot be reached (store.health.probe_database).
    ``state_changed(offline, waiting)`` drives the status bar; ``back()`` says the queue may run again.
    """

    state_changed = Signal(bool, int)
    back = Signal()

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
        self._queue: deque[Queued] = deque()
        self._probing = False
        self.offline = False
        self.timer = QTimer(self)
        self.timer.setInterval(interval_ms)
        self.timer.timeout.connect(self.probe_now)

    @property
    def waiting(self) -> int:
        """Scans waiting (keys are not counted: the clerk counts scans)."""
        return sum(isinstance(q, KeptScan) for q in self._queue)

    def __len__(self) -> int:
        return len(self._queue)

    def put(self, item: Queued) -> None:
        self._queue.append(item)
        if self.offline:
            self.state_changed.emit(True, self.waiting)

    def put_back(self, item: Queued) -> None:
        """The step in hand could not be done (an outage): it goes first again."""
        self._queue.appendleft(item)

    def take(self) -> Queued | None:
        return self._queue.popleft() if self._queue else None

    def drop_keys(self) -> int:
        """The database went away: keys waiting are not kept (see the module docstring); how many."""
        keys = [q for q in self._queue if isinstance(q, KeptKey)]
        self._queue = deque(q for q in self._queue if isinstance(q, KeptScan))
        return len(keys)

    def mark_offline(self) -> None:
        self.offline = True
        if not self.timer.isActive():
            self.timer.start()
        self.state_changed.emit(True, self.waiting)

    def probe_now(self) -> None:
        if self._probing or not self.offline:
            return
        self._probing = True
        run_in_background(self._pool, self, self._probe, self._answered, self._unanswered)

    def _answered(self, _result: object) -> None:
        self._probing = False
        self.offline = False
        self.timer.stop()
        self.state_changed.emit(False, 0)
        self.back.emit()

    def _unanswered(self, _message: str) -> None:
        self._probing = False
        self.state_changed.emit(True, self.waiting)

    def stop(self) -> None:
        self.timer.stop()
