"""What-if replay: past decisions decided again under another rules file, and what would move."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

import pytest

from returnstation.disposition.checklist import default_checklists_dir, load_checklists
from returnstation.disposition.errors import ConfigError
from returnstation.disposition.facts import ReturnLine, build_facts
from returnstation.disposition.override_reasons import (
    default_override_reasons_path,
    load_override_policy,
)
from returnstation.disposition.reasons import load_reasons
from returnstation.disposition.replay import PastDecision, replay
from returnstation.disposition.rules import RuleSet, default_rules_path, load_rules
from returnstation.domain.enums import Disposition

CHECKLISTS = load_checklists(default_checklists_dir())
RULES = load_rules(default_rules_path(), checklists=CHECKLISTS, reasons=load_reasons())
TODAY = date(2026, 11, 23)


def decided(rules: RuleSet, n: int, category: str, answer_index: int, value: str) -> PastDecision:
    checklist = CHECKLISTS.for_category(category)
    answers = {c.id: c.answers[min(answer_index, len(c.answers) - 1)].value for c in checklist.checks}
    line = ReturnLine(category, f"SKU-{n}", "no_longer_wanted", Decimal(value), received_on=TODAY)
    _, facts = build_facts(checklist, line, answers, {}, TODAY)
    d = rules.decide(facts)
    return PastDecision(
        f"RSI-{n:06d}", datetime(2026, 11, n, 10), facts, d.disposition, d.destination, d.rule_id
    )


def past(rules: RuleSet) -> list[PastDecision]:
    return [
        decided(rules, 1, "general", 0, "20.00"),  # grade A: restock
        decided(rules, 2, "general", 2, "80.00"),  # grade C, worth repairing
        decided(rules, 3, "general", 2, "20.00"),  # grade C, low value: liquidate
        decided(rules, 4, "general", 2, "45.00"),  # grade C, low value: liquidate
        decided(rules, 5, "apparel", 0, "30.00"),
    ]


def test_replaying_under_the_same_rules_changes_nothing() -> None:
    report = replay(past(RULES), RULES)
    assert (report.total, report.changed, report.examples) == (5, 0, ())
    assert all(old is new for old, new, _ in report.transitions)
    assert "0 would change" in report.text()


def test_a_lower_repair_threshold_moves_exactly_the_items_in_between(tmp_path: Path) -> None:
    text = default_rules_path().read_text(encoding="utf-8")
    assert "unit_value: {ge: 50}" in text
    cheaper = tmp_path / "rules.yaml"
    cheaper.write_text(text.replace("unit_value: {ge: 50}", "unit_value: {ge: 40}"), encoding="utf-8")
    new_rules = load_rules(cheaper, checklists=CHECKLISTS, reasons=load_reasons())
    report = replay(past(RULES), new_rules, examples=10)
    assert (report.total, report.changed) == (5, 1)
    [change] = report.examples
    assert change.item_code == "RSI-000004"
    assert (change.old_disposition, change.new_disposition) == (Disposition.LIQUIDATE, Disposition.REFURBISH)
    assert (change.old_rule, change.new_rule) == ("grade-c-liquidate", "grade-c-repair")
    assert (Disposition.LIQUIDATE, Disposition.REFURBISH, 1) in report.transitions
    text = report.text()
    assert "liquidate -> refurbish: 1" in text and "RSI-000004" in text and "[grade-c-repair]" in text
    assert report.rules_version == new_rules.version != RULES.version


def test_examples_are_limited_and_overrides_and_skipped_rows_are_said(tmp_path: Path) -> None:
    everything_scrapped = tmp_path / "rules.yaml"
    everything_scrapped.write_text(
        "rules:\n  - {id: scrap-all, disposition: scrap, destination: SCRAP-ALL, reason: all}\n",
        encoding="utf-8",
    )
    rules = load_rules(everything_scrapped)
    decisions = past(RULES)
    decisions[0] = replace(decisions[0], overridden=True)
    report = replay(decisions, rules, examples=2, skipped=3)
    assert report.changed == 5 and len(report.examples) == 2
    assert report.examples[0].overridden
    text = report.text()
    assert "first 2 of 5" in text and "3 older decision(s) have no stored facts" in text
    assert "was overridden by a supervisor" in text


def test_the_shipped_override_policy_has_reasons_and_a_bin_for_every_disposition() -> None:
    policy = load_override_policy(default_override_reasons_path())
    assert set(policy.destinations) == set(Disposition)
    assert len(policy.reasons) >= 5 and all(label.strip() for label in policy.reasons.values())
    assert policy.label("not_a_code") == "not_a_code"


def test_a_broken_override_file_is_refused_with_lines(tmp_path: Path) -> None:
    text = default_override_reasons_path().read_text(encoding="utf-8")
    broken = tmp_path / "override_reasons.yaml"
    broken.write_text(
        text.replace("  scrap: SCRAP-GENERAL\n", "").replace("RESTOCK-A1", "restock a1"), encoding="utf-8"
    )
    with pytest.raises(ConfigError) as info:
        load_override_policy(broken)
    problems = "\n".join(info.value.problems)
    assert "'scrap' is missing" in problems and "'restock a1' must be upper-case" in problems
    assert all(p.startswith(f"{broken}:") for p in info.value.problems)
