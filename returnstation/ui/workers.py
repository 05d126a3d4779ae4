"""Slow work (printing, reports, imports) off the GUI thread, with the answer delivered back on it.

The signals object is parented to a widget that lives on the GUI thread, so ``finished``/``failed``
are queued to that thread and the callbacks can touch widgets. It deletes itself after one delivery.
"""

from __future__ import annotations

import logging
import traceback
from collections.abc import Callable

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal, Slot

from returnstation.domain.errors import DatabaseUnavailable
from returnstation.domain.roles import PermissionRefused
from returnstation.services.results import ActionRefused
from returnstation.ui.i18n import ui_text

log = logging.getLogger(__name__)


class WorkerSignals(QObject):
    finished = Signal(object)
    failed = Signal(str)

    def __init__(
        self, parent: QObject, on_done: Callable[[object], None], on_failed: Callable[[str], None]
    ) -> None:
        super().__init__(parent)
        self._on_done = on_done
        self._on_failed = on_failed
        self.finished.connect(self._deliver_result)
        self.failed.connect(self._deliver_failure)

    @Slot(object)
    def _deliver_result(self, result: object) -> None:
        try:
            self._on_done(result)
        finally:
            self.deleteLater()

    @Slot(str)
    def _deliver_failure(self, message: str) -> None:
        try:
            self._on_failed(message)
        finally:
            self.deleteLater()


# Exceptions whose message is already written for the person at the bench: shown as they are.
_PLAIN_MESSAGES: tuple[type[BaseException], ...] = (PermissionRefused, DatabaseUnavailable, ActionRefused)


def failure_text(exc: BaseException) -> str:
    """One line for the banner: a bench message as it is, anything else with its type for the log reader."""
    if isinstance(exc, _PLAIN_MESSAGES):
        return ui_text(exc)
    return f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__


class Worker(QRunnable):
    """Runs ``fn()`` on a pool thread; an exception becomes ``failed`` with a one-line message."""

    def __init__(self, fn: Callable[[], object], signals: WorkerSignals) -> None:
        super().__init__()
        self._fn = fn
        self.signals = signals

    def run(self) -> None:
        try:
            result = self._fn()
        except Exception as exc:
            log.error("background task failed:\n%s", traceback.format_exc())
            self.signals.failed.emit(failure_text(exc))
        else:
            self.signals.finished.emit(result)


def run_in_background(
    pool: QThreadPool,
    owner: QObject,
    fn: Callable[[], object],
    on_done: Callable[[object], None],
    on_failed: Callable[[str], None],
) -> Worker:
    """Start ``fn`` on ``pool``; ``on_done(result)`` or ``on_failed(message)`` then runs on owner's thread."""
    worker = Worker(fn, WorkerSignals(owner, on_done, on_failed))
    pool.start(worker)
    return worker
