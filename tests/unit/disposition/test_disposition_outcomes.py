"""data/outcomes.yaml (issue 16): the fault test of claims ("no fault found"), the extra labels and the
vendors, read with every mistake reported by its line; and the shipped rules routing a claim on which
the test found nothing."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from returnstation.disposition.checklist import default_checklists_dir, derive_grade, load_checklists
from returnstation.disposition.errors import ConfigError
from returnstation.disposition.facts import ReturnLine, build_facts, facts_from_json, facts_to_json
from returnstation.disposition.outcomes import FAULT_CHECK_ID, FAULT_FOUND, load_outcomes, no_fault_found
from returnstation.disposition.reasons import load_reasons
from returnstation.disposition.rules import default_rules_path, load_rules
from returnstation.domain.enums import Disposition

CHECKLISTS = load_checklists(default_checklists_dir())
RULES = load_rules(default_rules_path(), checklists=CHECKLISTS, reasons=load_reasons())
OUTCOMES = load_outcomes()


def _checklist(category: str, reason: str):  # type: ignore[no-untyped-def]
    return OUTCOMES.nff.checklist_for(CHECKLISTS.for_category(category), category, reason)


def test_a_claim_ends_with_the_fault_test_of_its_category_and_other_returns_do_not() -> None:
    claim = _checklist("electronics", "defective")
    check = claim.checks[-1]
    assert check.id == FAULT_CHECK_ID
    assert [(a.key, a.value) for a in check.answers] == [
        ("1", FAULT_FOUND),
        ("2", "power_function"),
        ("3", "burn_in"),
        ("4", "vendor_diagnostics"),
    ]
    assert {a.grade for a in check.answers} == {"A"}  # a test finding nothing says nothing about wear
    assert _checklist("kitchen", "warranty_claim").checks[-1].answers[1].value == "visual_function"  # general
    assert FAULT_CHECK_ID not in {c.id for c in _checklist("electronics", "no_longer_wanted").checks}


def test_no_fault_found_is_unknown_found_or_the_test_performed() -> None:
    assert no_fault_found({}) == (None, None)
    assert no_fault_found({FAULT_CHECK_ID: FAULT_FOUND}) == (False, None)
    assert no_fault_found({FAULT_CHECK_ID: "burn_in"}) == (True, "burn_in")


def _decide(reason: str, test: str, *, warranty: bool | None = None, worn: bool = False):  # type: ignore[no-untyped-def]
    checklist = _checklist("electronics", reason)
    answers = {c.id: c.answers[0].value for c in checklist.checks if c.answers}
    answers |= {"packaging": "opened", "powers_on": "works", FAULT_CHECK_ID: test}
    if worn:
        answers["cosmetic"] = "visible_damage"
    bought = date(2025, 1, 10) if warranty else None
    line = ReturnLine("electronics", "HP-BT200", reason, Decimal("79.90"), bought, 24 if warranty else None,
                      date(2025, 3, 1), date(2025, 3, 3))  # fmt: skip
    grade, facts = build_facts(checklist, line, answers, {}, date(2025, 3, 3))
    return grade, facts, RULES.decide(facts)


def test_the_shipped_rules_route_no_fault_found_by_claim_and_grade() -> None:
    grade, facts, decision = _decide("warranty_claim", "burn_in", warranty=True)
    assert (facts.no_fault_found, facts.nff_test) == (True, "burn_in")
    assert (decision.rule_id, decision.disposition, decision.destination) == (
        "no-fault-found-warranty",
        Disposition.RETURN_TO_CUSTOMER,
        "NFF-RETURN",
    )
    _grade, _facts, decision = _decide("warranty_claim", FAULT_FOUND, warranty=True)
    assert (decision.rule_id, decision.destination) == ("warranty-repair", "REPAIR-OUT")

    grade, _facts, decision = _decide("defective", "power_function")
    # as new in an opened box (two grades, issue 16): no fault found re-boxes it, not straight to stock
    assert (grade.grade, grade.packaging) == ("A", "opened_intact")
    assert decision.rule_id == "electronics-as-new-rebox"
    _grade, facts, decision = _decide("defective", FAULT_FOUND)
    assert facts.no_fault_found is False and decision.rule_id == "electronics-as-new-rebox"


def test_no_fault_found_as_new_goes_back_to_stock() -> None:
    checklist = _checklist("general", "defective")
    answers = {c.id: c.answers[0].value for c in checklist.checks if c.answers} | {
        FAULT_CHECK_ID: "visual_function"
    }
    assert derive_grade(checklist, answers).grade == "A"
    line = ReturnLine("general", "MUG-1", "defective", Decimal("12.00"))
    _grade, facts = build_facts(checklist, line, answers, {}, date(2025, 3, 3))
    decision = RULES.decide(facts)
    assert (decision.rule_id, decision.disposition, decision.destination) == (
        "no-fault-found-restock",
        Disposition.RESTOCK,
        "RESTOCK-NFF",
    )


def test_facts_keep_the_fault_test_and_older_stored_facts_still_read() -> None:
    _grade, facts, _decision = _decide("defective", "burn_in")
    stored = facts_to_json(facts)
    assert facts_from_json(stored) == facts
    older = {k: v for k, v in stored.items() if k not in ("no_fault_found", "nff_test")}
    assert facts_from_json(older).no_fault_found is None


def test_vendors_by_line_then_sku_prefix_then_category_then_default() -> None:
    vendors = OUTCOMES.vendors
    assert vendors.vendor_for("acme", "HP-BT200", "electronics") == "ACME"
    assert vendors.vendor_for(None, "HP-BT200", "electronics") == "NORTHWIND"
    assert vendors.vendor_for("", "TV-55", "electronics") == "CONTOSO"  # by category
    assert vendors.vendor_for(None, "MUG-1", "general") == vendors.default == "UNASSIGNED"
    assert vendors.get("ACME").name == "ACME"  # a code only an RMA line knows is named by its code
    assert vendors.get("NORTHWIND").address[-1] == "Germany"


def test_labels_name_the_templates_and_who_gets_them() -> None:
    labels = OUTCOMES.labels
    assert labels.return_destinations == {"REPAIR-OUT", "REPLACE-OUT"}
    assert labels.item_dispositions == {Disposition.RESTOCK, Disposition.REFURBISH}
    assert (labels.return_template, labels.item_template) == ("return_customer_4x6", "item_resale_2x1")


def test_a_broken_outcomes_file_is_refused_with_every_problem_and_its_line(tmp_path: Path) -> None:
    path = tmp_path / "outcomes.yaml"
    path.write_text(
        "no_fault_found:\n"
        "  claim_reasons: [defective]\n"
        "  title: T\n"
        "  question: Q\n"
        "  fault_found: F\n"
        "  tests:\n"
        "    electronics:\n"
        "      - {id: fault_found, label: X}\n"  # line 8: the key 1 answer's value
        "labels:\n"
        "  return_to_customer: {template: rtc, destinations: [REPAIR OUT]}\n"  # line 10
        "  item: {template: item, dispositions: [resell]}\n"  # line 11
        "vendors:\n"
        "  default: NOBODY\n"  # line 13: not listed
        "  list:\n"
        "    - {code: ACME, name: Acme, colour: red}\n",  # line 15
        encoding="utf-8",
    )
    with pytest.raises(ConfigError) as refused:
        load_outcomes(path)
    text = "\n".join(refused.value.problems)
    assert f"{path}:8:" in text and "key 1" in text
    assert "'general' is missing" in text
    assert f"{path}:10:" in text and "REPAIR OUT" in text
    assert f"{path}:11:" in text and "'resell' is not one of" in text
    assert f"{path}:13:" in text and "NOBODY" in text
    assert f"{path}:15:" in text and "unknown key 'colour'" in text
