"""Finding rules that can never match because an earlier rule always wins first.

The classic mistake in a first-match list: a specific rule written below a general one, e.g.
``grade: A`` (restock) above ``grade: A, category: pharma`` (pharmacy stock). The second rule looks right
on its own and never fires. An earlier rule *shadows* a later one when each of its conditions is implied
by the later rule's condition on the same field, so every item the later rule would take, the earlier
one takes first. The check only claims what it can prove (equal tests, value lists, number ranges and
"not" lists); anything subtler is left alone rather than reported wrongly.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Protocol, TypeVar

from returnstation.disposition.conditions import COMPARISONS, Comparison, Condition, Value


class _Conditional(Protocol):
    """What the check needs of a rule: its conditions (rules.Rule is one; no import of rules here)."""

    @property
    def conditions(self) -> Sequence[Condition]: ...

    @property
    def is_catch_all(self) -> bool: ...


R = TypeVar("R", bound=_Conditional)


def shadowed_by(rule: R, earlier: Sequence[R]) -> R | None:
    """The first earlier rule that matches every item ``rule`` would match, if there is one."""
    for before in earlier:
        if before.is_catch_all:
            continue  # reported on its own: "this rule comes after the catch-all"
        if all(_implied(cond, rule.conditions) for cond in before.conditions):
            return before
    return None


def _implied(needed: Condition, conditions: Sequence[Condition]) -> bool:
    return any(c.field == needed.field and implies(c, needed) for c in conditions)


def implies(a: Condition, b: Condition) -> bool:
    """True only when every fact value that passes ``a`` provably passes ``b`` (same field)."""
    if a.tests == b.tests:
        return True
    allowed = _finite_values(a)
    if allowed is not None:
        return all(b.holds_for(v) for v in allowed)
    range_a, range_b = _interval(a), _interval(b)
    if range_a is not None and range_b is not None:
        return range_b.contains(range_a)
    excluded_a, excluded_b = _excluded(a), _excluded(b)
    if excluded_a is not None and excluded_b is not None:
        return excluded_b <= excluded_a
    return False


def _finite_values(c: Condition) -> tuple[Value, ...] | None:
    """The values ``c`` allows when it is a plain "equals" or "one of"."""
    if len(c.tests) == 1 and c.tests[0].op in ("eq", "in"):
        return c.tests[0].values
    return None


def _excluded(c: Condition) -> set[Value] | None:
    """The values ``c`` refuses when it consists of "not" tests only."""
    if not all(t.op == "not" for t in c.tests):
        return None
    return {v for t in c.tests for v in t.values}


@dataclass(frozen=True, slots=True)
class _Interval:
    low: Decimal | None = None  # None: unbounded
    low_inclusive: bool = True
    high: Decimal | None = None
    high_inclusive: bool = True

    def contains(self, other: _Interval) -> bool:
        if self.low is not None:
            if other.low is None or other.low < self.low:
                return False
            if other.low == self.low and other.low_inclusive and not self.low_inclusive:
                return False
        if self.high is not None:
            if other.high is None or other.high > self.high:
                return False
            if other.high == self.high and other.high_inclusive and not self.high_inclusive:
                return False
        return True


def _interval(c: Condition) -> _Interval | None:
    """The number range of a condition made of lt/le/gt/ge tests only (unknown facts never pass it)."""
    if not c.tests or not all(t.op in COMPARISONS for t in c.tests):
        return None
    result = _Interval()
    for test in c.tests:
        result = _narrow(result, test)
    return result


def _narrow(current: _Interval, test: Comparison) -> _Interval:
    bound = test.values[0]
    assert isinstance(bound, Decimal)
    if test.op in ("gt", "ge"):
        inclusive = test.op == "ge"
        if current.low is None or bound > current.low or (bound == current.low and not inclusive):
            return _Interval(bound, inclusive, current.high, current.high_inclusive)
        return current
    inclusive = test.op == "le"
    if current.high is None or bound < current.high or (bound == current.high and not inclusive):
        return _Interval(current.low, current.low_inclusive, bound, inclusive)
    return current
