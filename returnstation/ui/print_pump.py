"""Keeps the label queue moving without anyone watching it.

At start it puts back jobs a crash left half-sent, then every few seconds it sends whatever is due
(new labels, and failed ones whose retry time has come) on a pool thread. The printer being offline
therefore costs the inspector nothing: the label prints when the printer is back.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, QThreadPool, QTimer, Signal

from returnstation.services.printing import JobView, PrintService
from returnstation.ui.workers import run_in_background

PUMP_MS = 5_000
FIRST_TRY_GRACE_S = 15.0  # the bench that decided prints a new label itself first


class PrintQueuePump(QObject):
    jobs_sent = Signal(list)  # list[JobView] sent in one round
    failed_count_changed = Signal(int)

    def __init__(self, printing: PrintService, pool: QThreadPool, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.printing = printing
        self.pool = pool
        self._busy = False
        self._failed = -1
        self.timer = QTimer(self)
        self.timer.setInterval(PUMP_MS)
        self.timer.timeout.connect(self.pump)

    def start(self) -> None:
        self._busy = True
        run_in_background(
            self.pool, self, self.printing.recover_interrupted, self._recovered, self._round_failed
        )
        self.timer.start()

    def stop(self) -> None:
        self.timer.stop()

    def pump(self) -> None:
        if self._busy:
            return
        self._busy = True
        run_in_background(self.pool, self, self._round, self._round_done, self._round_failed)

    def _round(self) -> tuple[list[JobView], int]:
        sent = self.printing.run_due_jobs(min_age_s=FIRST_TRY_GRACE_S)
        return sent, self.printing.failed_count()

    def _recovered(self, _result: object) -> None:
        self._busy = False
        self.pump()

    def _round_done(self, result: object) -> None:
        self._busy = False
        if not isinstance(result, tuple):
            return
        sent: list[JobView] = result[0]
        failed: int = result[1]
        if sent:
            self.jobs_sent.emit(list(sent))
        if failed != self._failed:
            self._failed = failed
            self.failed_count_changed.emit(failed)

    def _round_failed(self, _message: str) -> None:
        self._busy = False  # e.g. database unreachable: the next round tries again
