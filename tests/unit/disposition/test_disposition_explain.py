"""Issue #14: the rules that almost applied, in the words of the shipped rules, checklists and reasons.

The screen said "Almost: electronics-wipe-first (answer.data_wiped is wiped, rule needs not_wiped)".
Every word now comes from the data: the rule's reason, the check's title, the answer labels, the grade
meanings, the return reason titles. Nothing here is written per rule.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from returnstation.disposition.checklist import default_checklists_dir, load_checklists
from returnstation.disposition.explain import PlainMiss, plain_near_misses
from returnstation.disposition.reasons import default_reasons_path, load_reasons
from returnstation.disposition.rules import default_rules_path, load_rules
from returnstation.domain.inspection import ItemFacts

CHECKLISTS = load_checklists(default_checklists_dir())
REASONS = load_reasons(default_reasons_path())
RULES = load_rules(default_rules_path(), checklists=CHECKLISTS, reasons=REASONS)
TODAY = date(2026, 11, 23)


PACKAGING = {"opened": "opened_intact", "sealed": "sealed", "damaged": "damaged", "missing": "missing"}


def laptop(**answers: str) -> ItemFacts:
    base = {"packaging": "opened", "data_wiped": "wiped", "powers_on": "works"}
    return ItemFacts(
        category="electronics",
        sku="LAP-14-PRO",
        grade="B",
        reason_code="no_longer_wanted",
        unit_value=Decimal("1199.00"),
        answers={**base, **answers},
        today=TODAY,
        packaging=PACKAGING[answers.get("packaging", "opened")],
    )


def near(facts: ItemFacts) -> dict[str, PlainMiss]:
    checklist = CHECKLISTS.for_category(facts.category)
    return {m.rule_id: m for m in plain_near_misses(RULES.decide(facts), checklist, REASONS)}


def test_an_answer_is_named_by_its_check_title_and_answer_labels_with_the_rules_reason() -> None:
    miss = near(laptop(powers_on="minor_fault"))["electronics-wipe-first"]
    rule = RULES.rule("electronics-wipe-first")
    check = CHECKLISTS.for_category("electronics").check("data_wiped")
    assert check is not None
    assert miss.reason == rule.reason  # the rule's own words
    assert (miss.subject, miss.about_answer) == (check.name, True)  # "Customer data"
    assert miss.now == check.answer("wiped").label  # type: ignore[union-attr]
    assert miss.needs == (("eq", (check.answer("not_wiped").label,)),)  # type: ignore[union-attr]
    every_word = repr(miss)
    assert "data_wiped" not in every_word and "not_wiped" not in every_word


def test_return_reasons_read_as_their_titles_and_grades_with_their_meaning() -> None:
    medicine = ItemFacts(
        category="pharma",
        sku="VIT-C-500",
        grade="A",
        reason_code="no_longer_wanted",
        unit_value=Decimal("12.90"),
        answers={},
        expiry=date(2028, 5, 31),
        lot="L-4711",
        today=TODAY,
    )
    assert RULES.decide(medicine).rule_id == "pharma-scrap"
    miss = near(medicine)["pharma-restock"]
    assert (miss.subject, miss.about_answer) == ("reason", False)
    assert miss.now == REASONS["no_longer_wanted"]
    [(op, titles)] = miss.needs
    assert op == "in" and titles == tuple(
        REASONS[c] for c in ("incorrect_shipment", "ordered_in_error", "overstock", "contractual")
    )

    graded = near(laptop(powers_on="works", packaging="sealed"))  # grade B from the facts given
    miss = graded["electronics-sealed"]
    assert miss.subject == "grade" and miss.now == "B (Light signs of use, works as new)"
    assert miss.needs == (("eq", ("A (As new)",)),)


def test_numbers_and_yes_no_facts_keep_their_operator_and_unknown_is_none() -> None:
    medicine = ItemFacts(
        category="pharma",
        sku="VIT-C-500",
        grade="A",
        reason_code="overstock",
        unit_value=Decimal("12.90"),
        answers={},
        expiry=date(2027, 1, 1),
        lot="L-4711",
        today=TODAY,
    )
    misses = near(medicine)
    assert misses["pharma-restock"].needs == (("ge", ("90",)),) and misses["pharma-restock"].now == "39"
    assert misses["pharma-expiry-unknown"].needs == (("eq", (None,)),)
    assert misses["pharma-no-lot"].needs == (("eq", (False,)),) and misses["pharma-no-lot"].now is True


@pytest.mark.parametrize("category", CHECKLISTS.categories)
def test_no_near_miss_of_any_category_shows_a_rules_file_word(category: str) -> None:
    """Every checklist answered with its first answers: whatever almost applied reads in plain words."""
    checklist = CHECKLISTS.for_category(category)
    facts = ItemFacts(
        category=category,
        sku="X-1",
        grade=checklist.grade_scale[0],
        reason_code="no_longer_wanted",
        unit_value=Decimal("80"),
        answers={c.id: c.answers[0].value for c in checklist.checks if not c.is_capture},
        expiry=date(2027, 6, 1),
        lot="L-1",
        today=TODAY,
    )
    for miss in plain_near_misses(RULES.decide(facts), checklist, REASONS):
        assert miss.reason == RULES.rule(miss.rule_id).reason
        if miss.about_answer:
            labels = {a.label for c in checklist.checks for a in c.answers}
            assert miss.now in labels or miss.now is None
            assert all(v in labels for _op, values in miss.needs for v in values)
        elif miss.subject == "reason":
            assert all(v in REASONS.values() for _op, values in miss.needs for v in values)
