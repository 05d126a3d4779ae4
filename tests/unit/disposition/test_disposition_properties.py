"""Whatever the inspector answers and whatever the RMA says, the shipped rules give exactly one decision.

Checked two ways: hypothesis over all facts (any reason, value, dates, flags, even odd categories), and
every answer combination of every shipped checklist for every shipped reason code. Beyond "it did not
raise", each decision is checked against the first-match contract: the winning rule's conditions all
hold, every earlier rule fails, and near misses are exactly the earlier rules that failed once.
"""

from __future__ import annotations

import itertools
from datetime import date, timedelta
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from returnstation.disposition.checklist import default_checklists_dir, derive_grade, load_checklists
from returnstation.disposition.reasons import load_reasons
from returnstation.disposition.rules import default_rules_path, load_rules
from returnstation.domain.enums import Disposition
from returnstation.domain.inspection import Decision, ItemFacts

CHECKLISTS = load_checklists(default_checklists_dir())
REASONS = load_reasons()
RULES = load_rules(default_rules_path(), checklists=CHECKLISTS, reasons=REASONS)


def assert_first_match(facts: ItemFacts, decision: Decision) -> None:
    assert isinstance(decision.disposition, Disposition)
    assert decision.rules_version == RULES.version
    ids = [r.id for r in RULES.rules]
    winner = ids.index(decision.rule_id)
    assert all(c.holds(facts) for c in RULES.rules[winner].conditions)
    expected_near: list[str] = []
    for rule in RULES.rules[:winner]:
        failed = [c for c in rule.conditions if not c.holds(facts)]
        assert failed, f"{rule.id} matches but {decision.rule_id} won"
        if len(failed) == 1 and len(rule.conditions) > 1:
            expected_near.append(rule.id)
    assert [m.rule_id for m in decision.near_misses] == expected_near
    for miss in decision.near_misses:
        [condition] = [c for c in RULES.rule(miss.rule_id).conditions if not c.holds(facts)]
        assert miss.failed == (condition.explain(facts),)


@st.composite
def item_facts(draw: st.DrawFn) -> ItemFacts:
    category = draw(st.sampled_from([*CHECKLISTS.categories, "toys", "Electronics", ""]))
    checklist = CHECKLISTS.for_category(category)
    answers = {c.id: draw(st.sampled_from(c.answers)).value for c in checklist.checks}
    today = draw(st.dates(min_value=date(2000, 1, 1), max_value=date(2099, 12, 31)))
    expiry_offset = draw(st.none() | st.integers(min_value=-2000, max_value=2000))
    return ItemFacts(
        category=category,
        sku=draw(st.text(max_size=12)),
        grade=derive_grade(checklist, answers).grade,
        reason_code=draw(st.sampled_from(sorted(REASONS)) | st.text(max_size=12)),
        unit_value=draw(st.decimals(min_value=-10, max_value=100_000, places=2, allow_nan=False)),
        answers=answers,
        days_since_purchase=draw(st.none() | st.integers(min_value=-5, max_value=5000)),
        hazardous=draw(st.booleans()),
        warranty_valid=draw(st.none() | st.booleans()),
        expiry=None if expiry_offset is None else today + timedelta(days=expiry_offset),
        lot=draw(st.none() | st.text(max_size=10)),
        market=draw(st.none() | st.sampled_from(["DE", "FR", "US", "ch"])),
        today=draw(st.none() | st.just(today)),
    )


@settings(max_examples=400, deadline=None)
@given(item_facts())
def test_any_facts_get_exactly_one_decision_by_first_match(facts: ItemFacts) -> None:
    assert_first_match(facts, RULES.decide(facts))


@pytest.mark.parametrize("category", CHECKLISTS.categories)
def test_every_answer_combination_gets_a_decision(category: str) -> None:
    """Every combination once, with the reason, value, age and expiry cycling through typical cases."""
    checklist = CHECKLISTS.for_category(category)
    today = date(2025, 3, 14)
    variants = itertools.cycle(
        itertools.product(["9.99", "75.00", "1500"], [None, 3, 45], [None, -3, 5, 20, 120], sorted(REASONS))
    )
    seen: set[str] = set()
    for combo in itertools.product(*(c.answers for c in checklist.checks)):
        answers = {check.id: answer.value for check, answer in zip(checklist.checks, combo, strict=True)}
        value, age, expiry_in, reason = next(variants)
        facts = ItemFacts(
            category=category,
            sku="SKU-1",
            grade=derive_grade(checklist, answers).grade,
            reason_code=reason,
            unit_value=Decimal(value),
            answers=answers,
            days_since_purchase=age,
            expiry=None if expiry_in is None else today + timedelta(days=expiry_in),
            lot="L1" if age else None,
            today=today,
        )
        decision = RULES.decide(facts)
        assert_first_match(facts, decision)
        seen.add(decision.rule_id)
    # Every shipped category other than "general" has rules of its own, and they must actually apply.
    own = {r.id for r in RULES.rules if any(c.field == "category" for c in r.conditions)}
    if category != "general":
        assert seen & own, f"no {category}-specific rule ever applied"
