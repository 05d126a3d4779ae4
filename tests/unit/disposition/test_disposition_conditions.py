"""What each kind of condition means, tested through small rule files and real decisions."""

from __future__ import annotations

import textwrap
from dataclasses import replace
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from returnstation.disposition.rules import RuleSet, load_rules
from returnstation.domain.enums import Disposition
from returnstation.domain.inspection import ItemFacts

BASE = ItemFacts(
    category="general",
    sku="SKU-1",
    grade="B",
    reason_code="defective",
    unit_value=Decimal("49.99"),
    answers={"packaging": "opened"},
)


def one_rule(tmp_path: Path, when: str) -> RuleSet:
    """A rule set where rule 'hit' holds exactly when ``when`` does; everything else is the catch-all."""
    text = (
        "rules:\n  - id: hit\n    when:\n"
        + textwrap.indent(textwrap.dedent(when), "      ")
        + "    disposition: restock\n    destination: HIT\n    reason: Hit\n"
        + "  - id: rest\n    disposition: quarantine\n    destination: REST\n    reason: Rest\n"
    )
    path = tmp_path / "rules.yaml"
    path.write_text(text, encoding="utf-8")
    return load_rules(path)


def hits(rules: RuleSet, facts: ItemFacts) -> bool:
    return rules.decide(facts).rule_id == "hit"


def test_scalar_means_equal_and_text_ignores_case_and_spaces(tmp_path: Path) -> None:
    rules = one_rule(tmp_path, "category: General\n")
    assert hits(rules, BASE)
    assert hits(rules, replace(BASE, category="  GENERAL "))
    assert not hits(rules, replace(BASE, category="generalist"))


def test_list_means_one_of(tmp_path: Path) -> None:
    rules = one_rule(tmp_path, "grade: [C, D]\n")
    assert not hits(rules, BASE)
    assert hits(rules, replace(BASE, grade="D"))


def test_not_excludes_a_value_or_a_list(tmp_path: Path) -> None:
    single = one_rule(tmp_path, "reason: {not: recall}\n")
    assert hits(single, BASE)
    assert not hits(single, replace(BASE, reason_code="recall"))
    several = one_rule(tmp_path, "reason: {not: [recall, defective]}\n")
    assert not hits(several, BASE)
    assert hits(several, replace(BASE, reason_code="overstock"))


def test_operators_in_one_map_must_all_hold(tmp_path: Path) -> None:
    rules = one_rule(tmp_path, "days_since_purchase: {ge: 0, le: 30}\n")
    assert hits(rules, replace(BASE, days_since_purchase=30))
    assert hits(rules, replace(BASE, days_since_purchase=0))
    assert not hits(rules, replace(BASE, days_since_purchase=31))
    assert not hits(rules, replace(BASE, days_since_purchase=-1))


def test_money_compares_exactly(tmp_path: Path) -> None:
    rules = one_rule(tmp_path, "unit_value: {ge: 49.99}\n")
    assert hits(rules, BASE)
    assert not hits(rules, replace(BASE, unit_value=Decimal("49.98")))
    strict = one_rule(tmp_path, "unit_value: {gt: 49.99}\n")
    assert not hits(strict, BASE)


def test_unknown_fact_matches_only_null_and_fails_comparisons(tmp_path: Path) -> None:
    unknown = replace(BASE, days_since_purchase=None)
    assert hits(one_rule(tmp_path, "days_since_purchase: null\n"), unknown)
    assert not hits(one_rule(tmp_path, "days_since_purchase: null\n"), replace(BASE, days_since_purchase=3))
    assert not hits(one_rule(tmp_path, "days_since_purchase: {lt: 1000}\n"), unknown)
    assert not hits(one_rule(tmp_path, "days_since_purchase: {ge: 0}\n"), unknown)


def test_not_passes_an_unknown_fact_unless_null_is_listed(tmp_path: Path) -> None:
    unknown = replace(BASE, warranty_valid=None)
    assert hits(one_rule(tmp_path, "warranty_valid: {not: true}\n"), unknown)
    assert not hits(one_rule(tmp_path, "warranty_valid: {not: [true, null]}\n"), unknown)
    assert hits(one_rule(tmp_path, "warranty_valid: [false, null]\n"), unknown)
    assert hits(one_rule(tmp_path, "warranty_valid: [false, null]\n"), replace(BASE, warranty_valid=False))
    assert not hits(one_rule(tmp_path, "warranty_valid: [false, null]\n"), replace(BASE, warranty_valid=True))


def test_expiry_days_left_counts_from_today_and_is_unknown_without_today(tmp_path: Path) -> None:
    rules = one_rule(tmp_path, "expiry_days_left: {lt: 0}\n")
    expiring = replace(BASE, expiry=date(2025, 6, 1))
    assert not hits(rules, replace(expiring, today=date(2025, 6, 1)))  # expires today: 0 days left
    assert hits(rules, replace(expiring, today=date(2025, 6, 2)))
    assert replace(expiring, today=date(2025, 5, 2)).expiry_days_left == 30
    assert expiring.expiry_days_left is None
    assert not hits(rules, expiring)


def test_lot_present_needs_a_non_blank_lot(tmp_path: Path) -> None:
    rules = one_rule(tmp_path, "lot_present: true\n")
    assert hits(rules, replace(BASE, lot="L-42"))
    assert not hits(rules, replace(BASE, lot=" "))
    assert not hits(rules, BASE)


def test_answer_fields_read_the_checklist_answers_and_yes_no_stay_text(tmp_path: Path) -> None:
    rules = one_rule(tmp_path, "answer.packaging: opened\nanswer.battery_removed: no\n")
    answered = replace(BASE, answers={"packaging": "opened", "battery_removed": "no"})
    assert hits(rules, answered)
    assert not hits(rules, BASE)  # battery_removed not asked: unknown


def test_booleans_and_market(tmp_path: Path) -> None:
    rules = one_rule(tmp_path, "hazardous: true\nmarket: [de, AT]\n")
    assert hits(rules, replace(BASE, hazardous=True, market="DE"))
    assert not hits(rules, replace(BASE, hazardous=True, market=None))
    assert not hits(rules, replace(BASE, hazardous=False, market="AT"))


def test_near_misses_are_earlier_multi_condition_rules_with_exactly_one_failure(tmp_path: Path) -> None:
    text = """\
    rules:
      - {id: two-fail, when: {grade: A, category: toys}, disposition: restock, destination: X, reason: r}
      - {id: one-fail, when: {grade: A, category: general}, disposition: restock, destination: X, reason: r}
      - {id: single, when: {grade: C}, disposition: restock, destination: X, reason: r}
      - {id: win, when: {grade: B}, disposition: refurbish, destination: W, reason: r}
      - {id: later, when: {grade: [B, C], category: toys}, disposition: restock, destination: X, reason: r}
      - {id: rest, disposition: quarantine, destination: R, reason: r}
    """
    path = tmp_path / "rules.yaml"
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    decision = load_rules(path).decide(BASE)
    assert (decision.rule_id, decision.disposition) == ("win", Disposition.REFURBISH)
    assert [m.rule_id for m in decision.near_misses] == ["one-fail"]
    assert decision.near_misses[0].failed == ("grade is B, rule needs A",)


@pytest.mark.parametrize("value", [Decimal("NaN"), Decimal("sNaN"), Decimal("Infinity")])
def test_odd_unit_value_is_treated_as_unknown_instead_of_crashing(tmp_path: Path, value: Decimal) -> None:
    rules = one_rule(tmp_path, "unit_value: {ge: 0}\n")
    assert rules.decide(replace(BASE, unit_value=value)).rule_id == "rest"
