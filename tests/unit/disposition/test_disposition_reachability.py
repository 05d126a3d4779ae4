"""A rule that an earlier rule always beats is refused on load, with both rules' lines named."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from returnstation.disposition.errors import ConfigError
from returnstation.disposition.rules import default_rules_path, load_rules

CATCH_ALL = "  - {id: rest, disposition: quarantine, destination: Q, reason: r}\n"


def rules_file(tmp_path: Path, first: str, second: str) -> Path:
    text = (
        "rules:\n"
        f"  - {{id: first, when: {first}, disposition: restock, destination: A, reason: r}}\n"
        f"  - {{id: second, when: {second}, disposition: scrap, destination: B, reason: r}}\n" + CATCH_ALL
    )
    path = tmp_path / "rules.yaml"
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ("{grade: A}", "{grade: A, category: pharma}"),  # the classic: general above specific
        ("{grade: [A, B]}", "{grade: A, reason: defective}"),
        ("{unit_value: {ge: 50}}", "{unit_value: {gt: 100}}"),
        ("{unit_value: {ge: 0, le: 100}}", "{unit_value: {ge: 10, lt: 50}, grade: C}"),
        ("{reason: {not: recall}}", "{reason: defective}"),
        ("{reason: {not: recall}}", "{reason: {not: [recall, expired]}}"),
        ("{expiry_days_left: null}", "{expiry_days_left: null, category: food}"),
        ("{warranty_valid: [false, null]}", "{warranty_valid: false}"),
        ("{category: Electronics}", "{category: electronics, grade: B}"),
    ],
)
def test_a_shadowed_rule_is_reported_with_the_rule_that_shadows_it(
    tmp_path: Path, first: str, second: str
) -> None:
    path = rules_file(tmp_path, first, second)
    with pytest.raises(ConfigError) as info:
        load_rules(path)
    [problem] = info.value.problems
    assert problem.startswith(f"{path}:3: rule 'second' can never match: rule 'first' on line 2")


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ("{grade: A, category: pharma}", "{grade: A}"),  # specific above general: right
        ("{grade: A}", "{grade: [A, B]}"),  # B still reaches the second rule
        ("{unit_value: {gt: 100}}", "{unit_value: {ge: 50}}"),
        ("{unit_value: {ge: 50}}", "{unit_value: {lt: 60}}"),  # overlapping, not contained
        ("{unit_value: {gt: 50}}", "{unit_value: {ge: 50}, grade: C}"),  # exactly 50 reaches it
        ("{reason: {not: recall}}", "{reason: [recall, defective]}"),
        ("{expiry_days_left: {lt: 0}}", "{expiry_days_left: null}"),  # unknown fails comparisons
        ("{reason: {not: [recall, expired]}}", "{reason: {not: recall}}"),
    ],
)
def test_rules_that_can_still_match_are_accepted(tmp_path: Path, first: str, second: str) -> None:
    path = rules_file(tmp_path, first, second)
    rules = load_rules(path)
    assert [r.id for r in rules.rules] == ["first", "second", "rest"]


def test_the_shipped_rules_have_no_shadowed_rule() -> None:
    assert load_rules(default_rules_path()).rules[-1].is_catch_all
