"""Median and p90 by linear interpolation between closest ranks, on odd, even and tiny inputs."""

from __future__ import annotations

import statistics

import pytest
from hypothesis import given
from hypothesis import strategies as st

from returnstation.reports.stats import quantile


def test_odd_count_median_is_the_middle_value_and_p90_interpolates() -> None:
    values = [1.0, 2.0, 3.0, 4.0, 10.0]
    assert quantile(values, 0.5) == 3.0
    assert quantile(values, 0.9) == pytest.approx(4.0 + 0.6 * 6.0)  # position 3.6


def test_even_count_median_is_the_mean_of_the_middle_pair_and_p90_interpolates() -> None:
    values = [1.0, 2.0, 3.0, 4.0]
    assert quantile(values, 0.5) == 2.5
    assert quantile(values, 0.9) == pytest.approx(3.7)  # position 2.7: 3 + 0.7 * (4 - 3)


def test_single_value_is_every_quantile() -> None:
    assert quantile([7.5], 0.5) == quantile([7.5], 0.9) == 7.5


def test_no_values_give_zero() -> None:
    assert quantile([], 0.5) == 0.0


def test_extremes_are_min_and_max() -> None:
    values = [2.0, 3.0, 11.0]
    assert (quantile(values, 0.0), quantile(values, 1.0)) == (2.0, 11.0)


@pytest.mark.parametrize("q", [-0.1, 1.5])
def test_q_outside_zero_one_is_refused(q: float) -> None:
    with pytest.raises(ValueError, match="within"):
        quantile([1.0, 2.0], q)


@given(st.lists(st.floats(min_value=-1e6, max_value=1e6), min_size=2, max_size=60))
def test_agrees_with_the_standard_library_inclusive_method(values: list[float]) -> None:
    ordered = sorted(values)
    deciles = statistics.quantiles(ordered, n=10, method="inclusive")
    assert quantile(ordered, 0.5) == pytest.approx(statistics.median(ordered), abs=1e-6)
    assert quantile(ordered, 0.9) == pytest.approx(deciles[-1], abs=1e-6)
