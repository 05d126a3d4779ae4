"""A heartbeat that keeps a short database lease alive exactly as long as its holder lives.

Why: a lease long enough to cover the slowest receiver (the outbox used two minutes) also blocks the
target for that long after its holder is killed (kill -9 runs no ``finally``, so nothing releases it).
With a short lease renewed from a background thread, a live holder keeps the lease however long a
receiver hangs, and a dead one loses it a few seconds after its last beat: the thread died with it.
The lease itself stays a row in the database, so it works the same on SQLite and PostgreSQL and across
benches; only its length changes.

If a renewal finds the lease taken (the holder was stalled past it, e.g. the machine slept), ``lost``
turns true and the holder stops before its next send instead of racing the new holder.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from types import TracebackType

_log = logging.getLogger(__name__)


class Heartbeat:
    """``with Heartbeat(renew, every_s) as beat:`` calls ``renew()`` every ``every_s`` seconds until the
    block ends. ``renew`` returns False when the lease is no longer ours; errors (a database outage) are
    logged and the next beat tries again, since the lease still has time left."""

    def __init__(self, renew: Callable[[], bool], every_s: float, name: str = "lease heartbeat") -> None:
        self._renew = renew
        self._every_s = max(every_s, 0.05)
        self._stop = threading.Event()
        self._lost = threading.Event()
        self._thread = threading.Thread(target=self._beat, name=name, daemon=True)

    @property
    def lost(self) -> bool:
        """True once a renewal found the lease held by someone else."""
        return self._lost.is_set()

    def __enter__(self) -> Heartbeat:
        self._thread.start()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self._stop.set()
        self._thread.join(timeout=self._every_s + 5)

    def _beat(self) -> None:
        while not self._stop.wait(self._every_s):
            try:
                if not self._renew():
                    self._lost.set()
                    return
            except Exception:  # the database may be away for a moment: the lease has time left
                _log.warning("renewing a lease failed; trying again in %.1f s", self._every_s, exc_info=True)
