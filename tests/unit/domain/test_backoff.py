"""Back-off for the outbox and the print queue: exponential, capped, jitter that only shortens waits."""

from __future__ import annotations

from datetime import timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from returnstation.domain.backoff import Backoff, stable_fraction


def test_doubles_from_the_first_delay_up_to_the_cap() -> None:
    r = Backoff(first_delay_s=5, factor=2, max_delay_s=60, jitter=0)
    assert [r.delay(n, 0.7).total_seconds() for n in range(1, 7)] == [5, 10, 20, 40, 60, 60]
    assert r.delay(10_000, 0.0) == timedelta(seconds=60)  # no overflow after days of outage


def test_jitter_takes_off_at_most_its_share() -> None:
    r = Backoff(first_delay_s=10, max_delay_s=100, jitter=0.3)
    assert r.delay(1, 0.0) == timedelta(seconds=10)
    assert r.delay(1, 1.0) == timedelta(seconds=7)
    assert r.delay(1, 0.5) == timedelta(seconds=8.5)


@given(attempts=st.integers(min_value=1, max_value=500), rnd=st.floats(min_value=0, max_value=1))
def test_never_above_the_cap_never_below_the_jittered_floor(attempts: int, rnd: float) -> None:
    r = Backoff(first_delay_s=3, factor=3, max_delay_s=900, jitter=0.25)
    seconds = r.delay(attempts, rnd).total_seconds()
    assert r.base_delay_s(attempts) * 0.75 - 1e-9 <= seconds <= 900


@pytest.mark.parametrize(
    "kwargs", [{"first_delay_s": -1}, {"first_delay_s": 10, "max_delay_s": 5}, {"factor": 0.5}, {"jitter": 2}]
)
def test_impossible_schedules_are_refused(kwargs: dict[str, float]) -> None:
    with pytest.raises(ValueError):
        Backoff(**kwargs)


def test_stable_jitter_depends_only_on_the_key() -> None:
    values = [stable_fraction(f"job-{n}") for n in range(200)]
    assert values == [stable_fraction(f"job-{n}") for n in range(200)]  # the same on every read
    assert all(0 <= v < 1 for v in values)
    assert len(set(values)) == 200 and min(values) < 0.1 and max(values) > 0.9  # spread, not one value
