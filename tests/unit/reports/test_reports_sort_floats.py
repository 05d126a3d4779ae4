"""stats.sort_floats: the same order as ``sorted`` on both of its paths (a list sort below 100k values,
NumPy in the array's own buffer above), so a report's medians do not depend on its size."""

from __future__ import annotations

import random
from array import array

import pytest

from returnstation.reports.stats import quantile, sort_floats


@pytest.mark.parametrize("count", [0, 1, 7, 99_999, 250_001])
def test_sort_floats_orders_as_sorted_does(count: int) -> None:
    rng = random.Random(count)
    values = [rng.lognormvariate(3, 1.5) - 20 for _ in range(count)]  # negatives too: a wrong clock
    ordered = sort_floats(array("d", values))
    expected = sorted(values)
    assert list(ordered) == expected
    assert quantile(ordered, 0.5) == quantile(expected, 0.5)
    assert quantile(ordered, 0.9) == quantile(expected, 0.9)
