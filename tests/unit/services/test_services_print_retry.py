"""The print queue's retry policy: the shared back-off (cap, jitter) plus when a person must step in."""

from __future__ import annotations

from datetime import datetime, timedelta

from returnstation.domain.backoff import Backoff, stable_fraction
from returnstation.services.printing import SENDING_LEASE, JobStatus, RetryPolicy

T0 = datetime(2026, 11, 23, 9, 0, 0)


def test_a_failed_job_waits_the_shared_back_off_with_its_own_stable_jitter() -> None:
    policy = RetryPolicy()
    same = Backoff(first_delay_s=15, factor=2, max_delay_s=600, jitter=0.2)
    for attempts in range(1, 10):
        at = policy.next_attempt_at(JobStatus.FAILED, attempts, T0, "J-1")
        assert at == T0 + same.delay(attempts, stable_fraction("J-1"))
        assert T0 + timedelta(seconds=same.base_delay_s(attempts) * 0.8) <= at <= T0 + timedelta(seconds=600)
    waits = {policy.next_attempt_at(JobStatus.FAILED, 1, T0, f"J-{n}") for n in range(50)}
    assert len(waits) > 40  # jobs that failed together do not all come back at the same second


def test_past_its_automatic_attempts_a_job_waits_for_a_person() -> None:
    policy = RetryPolicy(max_auto_attempts=3)
    assert policy.next_attempt_at(JobStatus.FAILED, 2, T0, "J") is not None
    assert policy.next_attempt_at(JobStatus.FAILED, 3, T0, "J") is None
    assert policy.next_attempt_at(JobStatus.PRINTED, 1, T0, "J") is None
    assert policy.next_attempt_at(JobStatus.QUEUED, 5, T0, "J") == T0
    assert policy.next_attempt_at(JobStatus.SENDING, 1, T0, "J") == T0 + SENDING_LEASE
