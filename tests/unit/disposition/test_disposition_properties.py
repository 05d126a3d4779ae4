"""Whatever the inspector answers and whatever the RMA says, the shipped rules give exactly one decision.

Checked three ways: hypothesis over all facts (any reason, value, dates, flags, even odd categories);
hypothesis over whole inspections built the way the station builds them (answers, captured lot/expiry
present, absent or expired, purchase dates and warranty from the RMA) through ``build_facts``; and every
answer combination of every shipped checklist, times every capture state, for every shipped reason code.
Beyond "it did not raise", each decision is checked against the first-match contract: the winning rule's
conditions all hold, every earlier rule fails, and near misses are exactly the earlier rules that failed once.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from datetime import date, timedelta
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from returnstation.disposition.capture import CaptureKind
from returnstation.disposition.checklist import (
    Check,
    Checklist,
    default_checklists_dir,
    derive_grade,
    load_checklists,
)
from returnstation.disposition.facts import ReturnLine, build_facts, facts_from_json, facts_to_json
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


def choice_checks(checklist: Checklist) -> list[Check]:
    return [c for c in checklist.checks if not c.is_capture]


@st.composite
def item_facts(draw: st.DrawFn) -> ItemFacts:
    category = draw(st.sampled_from([*CHECKLISTS.categories, "toys", "Electronics", ""]))
    checklist = CHECKLISTS.for_category(category)
    answers = {c.id: draw(st.sampled_from(c.answers)).value for c in choice_checks(checklist)}
    captured: dict[str, str | None] = {
        c.id: None if c.optional else "X1" for c in checklist.checks if c.is_capture
    }
    today = draw(st.dates(min_value=date(2000, 1, 1), max_value=date(2099, 12, 31)))
    expiry_offset = draw(st.none() | st.integers(min_value=-2000, max_value=2000))
    return ItemFacts(
        category=category,
        sku=draw(st.text(max_size=12)),
        grade=draw(st.sampled_from([derive_grade(checklist, answers, captured).grade, "A", "B", "C", "D"])),
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


@pytest.mark.slow
@settings(max_examples=400, deadline=None)
@given(item_facts())
def test_any_facts_get_exactly_one_decision_by_first_match(facts: ItemFacts) -> None:
    assert_first_match(facts, RULES.decide(facts))


def capture_strategy(check: Check, today: date) -> st.SearchStrategy[str | None]:
    """Present, absent (when the check allows it) or, for dates, expired, in the stored form."""
    if check.capture is CaptureKind.EXPIRY:
        present: st.SearchStrategy[str | None] = st.integers(min_value=-800, max_value=2000).map(
            lambda days: (today + timedelta(days=days)).isoformat()
        )
    else:
        present = st.text(min_size=1, max_size=20).filter(lambda t: t.strip() != "")
    return st.none() | present if check.optional else present


@st.composite
def inspections(draw: st.DrawFn) -> tuple[Checklist, ReturnLine, ItemFacts]:
    """A whole inspection as the station builds it: answers, captured values and what the RMA knows."""
    category = draw(st.sampled_from([*CHECKLISTS.categories, "garden"]))
    checklist = CHECKLISTS.for_category(category)
    today = draw(st.dates(min_value=date(2001, 1, 1), max_value=date(2098, 12, 31)))
    answers = {c.id: draw(st.sampled_from(c.answers)).value for c in choice_checks(checklist)}
    captured = {c.id: draw(capture_strategy(c, today)) for c in checklist.checks if c.is_capture}
    line = ReturnLine(
        category=category,
        sku="SKU-1",
        reason_code=draw(st.sampled_from(sorted(REASONS))),
        unit_value=draw(st.decimals(min_value=0, max_value=20_000, places=2, allow_nan=False)),
        purchased_on=draw(st.none() | st.integers(0, 3000).map(lambda d: today - timedelta(days=d))),
        warranty_months=draw(st.none() | st.integers(0, 60)),
        claimed_on=draw(st.none() | st.integers(0, 60).map(lambda d: today - timedelta(days=d))),
        received_on=today,
    )
    _, facts = build_facts(checklist, line, answers, captured, today)
    return checklist, line, facts


@settings(max_examples=400, deadline=None)
@given(inspections())
def test_any_inspection_gets_one_decision_and_its_stored_facts_replay_it(
    inspection: tuple[Checklist, ReturnLine, ItemFacts],
) -> None:
    checklist, line, facts = inspection
    decision = RULES.decide(facts)
    assert_first_match(facts, decision)
    assert facts.hazardous is checklist.hazardous
    assert facts.lot_present is (facts.lot is not None and facts.lot.strip() != "")
    if line.purchased_on is None:
        assert facts.days_since_purchase is None and facts.warranty_valid is None
    stored = facts_from_json(facts_to_json(facts))
    assert stored == facts and dict(stored.answers) == dict(facts.answers)
    assert RULES.decide(stored) == decision  # what is stored is enough to explain and replay it


def capture_states(check: Check, today: date) -> list[str | None]:
    if check.capture is CaptureKind.EXPIRY:
        states: list[str | None] = [(today + timedelta(days=d)).isoformat() for d in (-3, 5, 20, 120)]
    else:
        states = ["L-4711"]
    return [*states, None] if check.optional else states


def all_inspections(
    checklist: Checklist, today: date
) -> Iterator[tuple[dict[str, str], dict[str, str | None]]]:
    choices = choice_checks(checklist)
    captures = [c for c in checklist.checks if c.is_capture]
    for combo in itertools.product(*(c.answers for c in choices)):
        answers = {check.id: answer.value for check, answer in zip(choices, combo, strict=True)}
        for values in itertools.product(*(capture_states(c, today) for c in captures)):
            yield answers, dict(zip((c.id for c in captures), values, strict=True))


@pytest.mark.parametrize("category", CHECKLISTS.categories)
def test_every_answer_and_capture_combination_gets_a_decision(category: str) -> None:
    """Every combination once, with the reason, value, age and warranty cycling through typical cases."""
    checklist = CHECKLISTS.for_category(category)
    today = date(2025, 3, 14)
    variants = itertools.cycle(
        itertools.product(["9.99", "75.00", "1500"], [None, 3, 45, 800], [None, 0, 24], sorted(REASONS))
    )
    seen: set[str] = set()
    combinations = 0
    for answers, captured in all_inspections(checklist, today):
        value, age, months, reason = next(variants)
        line = ReturnLine(
            category=category,
            sku="SKU-1",
            reason_code=reason,
            unit_value=Decimal(value),
            purchased_on=None if age is None else today - timedelta(days=age),
            warranty_months=months,
            claimed_on=today - timedelta(days=2),
            received_on=today,
        )
        grade, facts = build_facts(checklist, line, answers, captured, today)
        assert grade.grade == facts.grade
        decision = RULES.decide(facts)
        assert_first_match(facts, decision)
        seen.add(decision.rule_id)
        combinations += 1
    choices = 1
    for check in choice_checks(checklist):
        choices *= len(check.answers)
    assert combinations >= choices
    # Every shipped category other than "general" has rules of its own, and they must actually apply.
    own = {r.id for r in RULES.rules if any(c.field == "category" for c in r.conditions)}
    if category != "general":
        assert seen & own, f"no {category}-specific rule ever applied"


def test_captured_lot_and_expiry_decide_medicines_as_the_rules_say() -> None:
    pharma = CHECKLISTS.for_category("pharma")
    today = date(2025, 3, 14)
    answers = {c.id: c.answers[0].value for c in choice_checks(pharma)}
    line = ReturnLine("pharma", "VIT-C", "incorrect_shipment", Decimal("8.90"), received_on=today)

    def rule_for(lot: str | None, expiry_days: int | None) -> str:
        expiry = None if expiry_days is None else (today + timedelta(days=expiry_days)).isoformat()
        _, facts = build_facts(pharma, line, answers, {"lot": lot, "expiry": expiry}, today)
        return RULES.decide(facts).rule_id

    assert rule_for("L1", 400) == "pharma-restock"
    assert rule_for(None, 400) == "pharma-no-lot"
    assert rule_for("L1", -1) == "pharma-expired"
    assert rule_for("L1", None) == "pharma-expiry-unknown"
    assert rule_for("L1", 30) == "pharma-scrap"  # in date but too close to resell
