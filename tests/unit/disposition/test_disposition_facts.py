"""From RMA line and inspection to facts: purchase age, warranty, captured lot/expiry, stored form."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from decimal import Decimal

import pytest

from returnstation.disposition.checklist import default_checklists_dir, load_checklists
from returnstation.disposition.facts import (
    ReturnLine,
    add_months,
    build_facts,
    days_since_purchase,
    facts_from_json,
    facts_to_json,
    warranty_valid,
)

CHECKLISTS = load_checklists(default_checklists_dir())
LINE = ReturnLine("electronics", "DRL-18V", "warranty_claim", Decimal("129.00"))


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (date(2025, 1, 31), 1, date(2025, 2, 28)),
        (date(2024, 1, 31), 1, date(2024, 2, 29)),
        (date(2024, 2, 29), 12, date(2025, 2, 28)),
        (date(2025, 11, 15), 2, date(2026, 1, 15)),
        (date(2025, 5, 10), 0, date(2025, 5, 10)),
        (date(2025, 5, 10), 24, date(2027, 5, 10)),
    ],
)
def test_add_months_clamps_to_the_end_of_shorter_months(day: date, months: int, expected: date) -> None:
    assert add_months(day, months) == expected


def test_warranty_is_judged_on_the_claim_day_up_to_and_including_the_last_day() -> None:
    bought = replace(LINE, purchased_on=date(2024, 3, 10), warranty_months=24)
    assert warranty_valid(replace(bought, claimed_on=date(2026, 3, 10))) is True
    assert warranty_valid(replace(bought, claimed_on=date(2026, 3, 11))) is False
    # the parcel arrived after the end, but the customer claimed in time
    late_parcel = replace(bought, claimed_on=date(2026, 3, 1), received_on=date(2026, 3, 20))
    assert warranty_valid(late_parcel) is True
    # no claim date: the receipt counts
    assert warranty_valid(replace(bought, received_on=date(2026, 3, 20))) is False
    assert (
        warranty_valid(replace(bought, claimed_on=date(2024, 3, 9))) is False
    )  # before the purchase: data error
    assert warranty_valid(replace(bought, warranty_months=None, claimed_on=date(2025, 1, 1))) is None
    assert warranty_valid(replace(LINE, claimed_on=date(2025, 1, 1))) is None


def test_days_since_purchase_needs_both_dates() -> None:
    assert (
        days_since_purchase(replace(LINE, purchased_on=date(2026, 11, 1), received_on=date(2026, 11, 23)))
        == 22
    )
    assert days_since_purchase(replace(LINE, purchased_on=date(2026, 11, 1))) is None
    assert days_since_purchase(replace(LINE, received_on=date(2026, 11, 1))) is None


def test_build_facts_takes_lot_and_expiry_from_the_capture_checks_and_hazard_from_the_checklist() -> None:
    today = date(2026, 11, 23)
    pharma = CHECKLISTS.for_category("pharma")
    answers = {c.id: c.answers[0].value for c in pharma.checks if not c.is_capture}
    line = ReturnLine("pharma", "VIT-C", "overstock", Decimal("8.90"), received_on=today)
    grade, facts = build_facts(pharma, line, answers, {"lot": "L9", "expiry": "2027-05-31"}, today)
    assert grade.grade == "A"
    assert (facts.lot, facts.expiry, facts.expiry_days_left, facts.lot_present) == (
        "L9",
        date(2027, 5, 31),
        189,
        True,
    )
    assert "lot" not in facts.answers and "expiry" not in facts.answers
    _, none = build_facts(pharma, line, answers, {"lot": None, "expiry": None}, today)
    assert (none.lot, none.expiry, none.grade) == (None, None, "D")
    batteries = CHECKLISTS.for_category("batteries")
    battery_answers = {c.id: c.answers[0].value for c in batteries.checks}
    _, battery = build_facts(batteries, replace(line, category="batteries"), battery_answers, {}, today)
    assert battery.hazardous is True


def test_facts_survive_the_stored_form_exactly() -> None:
    today = date(2026, 11, 23)
    electronics = CHECKLISTS.for_category("electronics")
    answers = {c.id: c.answers[1].value for c in electronics.checks}
    line = replace(LINE, purchased_on=date(2025, 1, 2), warranty_months=24, claimed_on=today, market="DE")
    _, facts = build_facts(electronics, line, answers, {}, today)
    stored = facts_to_json(facts)
    assert stored["unit_value"] == "129.00" and stored["today"] == "2026-11-23"
    again = facts_from_json(stored)
    assert again == facts and dict(again.answers) == answers and again.unit_value == Decimal("129.00")


@pytest.mark.parametrize(
    "damage",
    [
        {"format": 2},
        {"unit_value": "lots"},
        {"answers": {"packaging": 3}},
        {"days_since_purchase": "12"},
        {"warranty_valid": "yes"},
        {"expiry": "31/05/2027"},
        {"category": None},
    ],
)
def test_damaged_stored_facts_are_refused_not_guessed(damage: dict[str, object]) -> None:
    _, facts = build_facts(
        CHECKLISTS.for_category("general"),
        replace(LINE, category="general"),
        {c.id: c.answers[0].value for c in CHECKLISTS.for_category("general").checks},
        {},
        date(2026, 11, 23),
    )
    with pytest.raises(ValueError):
        facts_from_json(facts_to_json(facts) | damage)
