"""Refund deductions as data (issue #16): restocking fee, grade, packaging and missing parts, with caps."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from test_disposition_validation_errors import assert_reported, problems_of, write

from returnstation.disposition.checklist import default_checklists_dir, load_checklists
from returnstation.disposition.deductions import load_deductions
from returnstation.disposition.reasons import load_reasons
from returnstation.domain.inspection import ItemFacts

CHECKLISTS = load_checklists(default_checklists_dir())
SHIPPED = load_deductions(checklists=CHECKLISTS, reasons=load_reasons())


def item(
    value: str,
    *,
    grade: str = "A",
    packaging: str | None = "sealed",
    reason: str = "no_longer_wanted",
    accessories: str = "complete",
) -> ItemFacts:
    return ItemFacts(
        category="general",
        sku="SKU-1",
        grade=grade,
        reason_code=reason,
        unit_value=Decimal(value),
        answers={"accessories": accessories},
        packaging=packaging,
    )


def test_a_perfect_item_pays_the_restocking_fee_capped_at_its_maximum() -> None:
    cheap = SHIPPED.deduction(item("40.00"))
    assert (cheap.total, [ln.code for ln in cheap.lines]) == (Decimal("4.00"), ["restocking_fee"])
    dear = SHIPPED.deduction(item("900.00"))  # 10 % would be 90.00: the fee stops at 25.00
    assert dear.total == Decimal("25.00") and not dear.capped


def test_grade_packaging_and_missing_parts_add_up() -> None:
    d = SHIPPED.deduction(item("100.00", grade="B", packaging="damaged", accessories="minor_missing"))
    assert [(ln.code, ln.amount) for ln in d.lines] == [
        ("restocking_fee", Decimal("10.00")),
        ("grade", Decimal("5.00")),
        ("packaging", Decimal("5.00")),
        ("missing_parts", Decimal("5.00")),
    ]
    assert (d.total, d.capped) == (Decimal("25.00"), False)
    assert d.summary() == (
        "Refund deduction 25.00 (restocking fee 10.00, grade B 5.00, packaging damaged 5.00, "
        "missing parts 5.00)"
    )


def test_the_total_is_capped_at_half_the_value() -> None:
    d = SHIPPED.deduction(item("100.00", grade="D", packaging="missing", accessories="major_missing"))
    assert sum((ln.amount for ln in d.lines), Decimal(0)) == Decimal("90.00")  # 10 + 50 + 10 + 20
    assert (d.total, d.capped) == (Decimal("50.00"), True)
    assert d.to_json()["total"] == "50.00" and d.to_json()["capped"] is True


def test_nothing_is_deducted_for_defective_or_wrong_items() -> None:
    for reason in ("defective", "incorrect_shipment", "not_as_described"):
        d = SHIPPED.deduction(item("100.00", grade="D", packaging="missing", reason=reason))
        assert (d.total, d.lines, d.exempt_reason) == (Decimal("0.00"), (), reason)
        assert d.summary() == f"No refund deduction: the return reason is {reason}"


def test_a_minimum_fee_and_an_amount_cap_apply(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "deductions.yaml",
        """\
restocking_fee: {percent: 5, min: 3}
exempt_reasons: []
grade: {C: 40}
cap: {max: 10}
""",
    )
    policy = load_deductions(path, checklists=CHECKLISTS)
    assert policy.deduction(item("20.00")).total == Decimal("3.00")  # 5 % is 1.00: the minimum
    assert policy.deduction(item("2.00")).total == Decimal("2.00")  # never more than the item is worth
    capped = policy.deduction(item("100.00", grade="C"))
    assert (capped.total, capped.capped) == (Decimal("10.00"), True)


def test_mistakes_in_the_deductions_file_are_listed_with_lines(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "deductions.yaml",
        """\
restocking_fee: {percent: 150, min: 9, max: 5}
exempt_reasons: [defektive]
grade: {E: 5}
packaging: {dented: 5}
missing_parts:
  charger: {missing: 5}
  accessories: {lost: 5}
""",
    )
    problems = problems_of(load_deductions, path, checklists=CHECKLISTS, reasons=load_reasons())
    assert_reported(problems, path, 1, "a percentage from 0 to 100, found 150")
    assert_reported(problems, path, 1, "min 9 is more than max 5")
    assert_reported(problems, path, 2, "exempt_reasons: 'defektive' is not a known value")
    assert_reported(problems, path, 3, "grade: 'E' is not a known value")
    assert_reported(problems, path, 4, "packaging: 'dented' is not a known value")
    assert_reported(problems, path, 6, "no checklist has a check 'charger'")
    assert_reported(problems, path, 7, "'lost' is not a known value")
