"""When to try a failed send again: exponential back-off with a cap and a little jitter.

One schedule for everything that retries (the integration outbox, the print queue): the first wait,
growing by ``factor`` after each failure up to ``max_delay_s``.

The jitter only ever shortens a wait (``delay x (1 - jitter x random)``), so the cap is a real upper
bound and several stations that lost the same receiver at the same moment do not all come back at
the same second. ``random_value`` is passed in so callers choose its source: the outbox draws one per
failure, the print queue derives a stable one from the job id (its next attempt is recomputed from the
row on every read, so it must not move), and tests fix it.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import timedelta


@dataclass(frozen=True, slots=True)
class Backoff:
    first_delay_s: float = 5.0
    factor: float = 2.0
    max_delay_s: float = 600.0
    jitter: float = 0.2  # share of the delay that may be taken off at random, 0..1

    def __post_init__(self) -> None:
        if self.first_delay_s < 0 or self.max_delay_s < self.first_delay_s:
            raise ValueError("retry delays: need 0 <= first_delay_s <= max_delay_s")
        if self.factor < 1:
            raise ValueError("retry factor must be >= 1")
        if not 0 <= self.jitter <= 1:
            raise ValueError("retry jitter must be from 0 to 1")

    def base_delay_s(self, attempts: int) -> float:
        """The wait after the ``attempts``-th failed attempt (1-based), before jitter."""
        exponent = max(attempts - 1, 0)
        if exponent > 60:  # factor**exponent would overflow long before it matters
            return self.max_delay_s
        return float(min(self.first_delay_s * self.factor**exponent, self.max_delay_s))

    def delay(self, attempts: int, random_value: float) -> timedelta:
        """``random_value`` in [0, 1): 0 waits the full base delay, values near 1 the shortest."""
        base = self.base_delay_s(attempts)
        return timedelta(seconds=base * (1.0 - self.jitter * min(max(random_value, 0.0), 1.0)))


def stable_fraction(key: str) -> float:
    """A number in [0, 1) that depends only on ``key``: jitter that stays put for one job (seeding
    ``random`` with a string hashes it with SHA-512, the same in every process and run)."""
    return random.Random(key).random()
