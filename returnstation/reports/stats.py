"""Order statistics used by the reports, with one documented method.

Quantiles use **linear interpolation between closest ranks** (NumPy's default, Excel's
``PERCENTILE.INC``, ``statistics.quantiles(method="inclusive")``): for ``n`` sorted values the
q-quantile sits at 0-based position ``(n - 1) * q``. With it the median of an even count is the mean of
the two middle values, as supervisors expect, and p90 moves smoothly as data arrive instead of jumping
from one item to the next as nearest-rank does.
"""

from __future__ import annotations

import math
from array import array
from collections.abc import Sequence


def quantile(sorted_values: Sequence[float], q: float) -> float:
    """The q-quantile (0 <= q <= 1) of already sorted values; 0.0 for no values."""
    if not 0.0 <= q <= 1.0:
        raise ValueError(f"quantile q must be within [0, 1], got {q}")
    n = len(sorted_values)
    if n == 0:
        return 0.0
    position = (n - 1) * q
    lower = math.floor(position)
    upper = min(lower + 1, n - 1)
    fraction = position - lower
    low_value = sorted_values[lower]
    return low_value + (sorted_values[upper] - low_value) * fraction


_SORT_IN_PLACE_FROM = 100_000  # values; below this the import of NumPy costs more than it saves


def sort_floats(values: array[float]) -> array[float]:
    """``values`` (an ``array('d')``) sorted ascending; the argument is used up.

    Why not ``sorted``: it makes a list of float objects, 32 bytes a value against the array's 8, and a
    report of five million items has three such lists to sort (hundreds of MB at the peak). A large
    array is sorted in its own buffer by NumPy (installed with OpenCV); the order is the same, as the
    values are plain floats (no NaN).
    """
    if len(values) < _SORT_IN_PLACE_FROM:
        ordered = array("d", sorted(values))
        del values[:]
        return ordered
    import numpy

    numpy.frombuffer(values, dtype=numpy.float64).sort(kind="stable")  # a view: the array itself
    return values
