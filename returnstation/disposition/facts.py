"""From an inspection (answers, captured values) and what the RMA knows, to the facts the rules judge.

One pure function builds the facts for the live preview, for the decision that is stored and for the
tests, so the three can never disagree. The facts are then stored as JSON with the decision: that is what
lets a supervisor ask "why did this go to scrap?" months later, and what the what-if replay feeds to a
new rules file (returnstation/disposition/replay.py) without re-deriving anything from changed data.
"""

from __future__ import annotations

import calendar
from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from returnstation.disposition.capture import CaptureKind, stored_expiry
from returnstation.disposition.checklist import Checklist, derive_grade
from returnstation.disposition.outcomes import no_fault_found
from returnstation.domain.inspection import GradeResult, ItemFacts

FACTS_FORMAT = 1


@dataclass(frozen=True, slots=True)
class ReturnLine:
    """What the RMA line and the receipt say about the item, apart from the inspection itself.

    ``claimed_on`` is the day the return was authorized: a warranty is judged on the day the customer
    asked, not on the day a slow parcel arrived.
    """

    category: str
    sku: str
    reason_code: str
    unit_value: Decimal
    purchased_on: date | None = None
    warranty_months: int | None = None
    claimed_on: date | None = None
    received_on: date | None = None
    market: str | None = None
    site: str | None = None


def add_months(day: date, months: int) -> date:
    """The same day ``months`` later, or the month's last day when it is shorter (Jan 31 + 1 = Feb 28)."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def days_since_purchase(line: ReturnLine) -> int | None:
    """Whole days from purchase to receipt; unknown without both dates."""
    if line.purchased_on is None or line.received_on is None:
        return None
    return (line.received_on - line.purchased_on).days


def warranty_valid(line: ReturnLine) -> bool | None:
    """True while the claim day is within the warranty; None when the RMA did not say enough to judge."""
    claim = line.claimed_on or line.received_on
    if line.purchased_on is None or line.warranty_months is None or claim is None:
        return None
    return line.purchased_on <= claim <= add_months(line.purchased_on, line.warranty_months)


def captured_value(checklist: Checklist, captured: Mapping[str, str | None], kind: CaptureKind) -> str | None:
    """The first recorded value of that kind (a checklist normally has at most one such check)."""
    for check in checklist.captures(kind):
        value = captured.get(check.id)
        if value:
            return value
    return None


def build_facts(
    checklist: Checklist,
    line: ReturnLine,
    answers: Mapping[str, str],
    captured: Mapping[str, str | None],
    today: date,
) -> tuple[GradeResult, ItemFacts]:
    """The grade and the facts for the rules; raises ``ValueError`` when the answers are incomplete."""
    grade = derive_grade(checklist, answers, captured)
    nff, nff_test = no_fault_found(answers)
    facts = ItemFacts(
        category=line.category,
        sku=line.sku,
        grade=grade.grade,
        reason_code=line.reason_code,
        unit_value=line.unit_value,
        answers=dict(answers),
        days_since_purchase=days_since_purchase(line),
        hazardous=checklist.hazardous,
        warranty_valid=warranty_valid(line),
        expiry=stored_expiry(captured_value(checklist, captured, CaptureKind.EXPIRY)),
        lot=captured_value(checklist, captured, CaptureKind.LOT),
        market=line.market,
        today=today,
        site=line.site,
        no_fault_found=nff,
        nff_test=nff_test,
        packaging=grade.packaging,
    )
    return grade, facts


def regrade_packaging_apart(facts: ItemFacts, checklist: Checklist) -> ItemFacts | None:
    """Facts stored before packaging was graded apart, graded again from their own answers.

    Such facts hold one worst-of grade (a damaged box made an as-new product a C) and no packaging
    condition; their answers are stored, so the product grade and the packaging condition follow from
    today's checklist. Captured values that were stored (lot, expiry) count as they did; a serial is
    not in the facts and is left out (it never lowered a grade when it was recorded). None when the
    facts already have a packaging condition, or the answers no longer fit the checklist.
    """
    if facts.packaging is not None or not checklist.packaging_scale:
        return None
    captured: dict[str, str | None] = {}
    for check in checklist.checks:
        if check.capture is CaptureKind.LOT and (facts.lot or check.optional):
            captured[check.id] = facts.lot
        elif check.capture is CaptureKind.EXPIRY and (facts.expiry or check.optional):
            captured[check.id] = facts.expiry.isoformat() if facts.expiry else None
    try:
        grade = derive_grade(checklist, facts.answers, captured, partial=True)
    except ValueError:
        return None
    if grade.packaging is None:
        return None
    return replace(facts, grade=grade.grade, packaging=grade.packaging)


# -- stored form ------------------------------------------------------------------------------------


def facts_to_json(facts: ItemFacts) -> dict[str, Any]:
    """Plain JSON (money as text, dates ISO) so every database and every later reader gets it exactly."""
    return {
        "format": FACTS_FORMAT,
        "category": facts.category,
        "sku": facts.sku,
        "grade": facts.grade,
        "reason_code": facts.reason_code,
        "unit_value": str(facts.unit_value),
        "answers": dict(facts.answers),
        "days_since_purchase": facts.days_since_purchase,
        "hazardous": facts.hazardous,
        "warranty_valid": facts.warranty_valid,
        "expiry": facts.expiry.isoformat() if facts.expiry else None,
        "lot": facts.lot,
        "market": facts.market,
        "site": facts.site,
        "today": facts.today.isoformat() if facts.today else None,
        "no_fault_found": facts.no_fault_found,
        "nff_test": facts.nff_test,
        "packaging": facts.packaging,
    }


def facts_from_json(data: Mapping[str, Any]) -> ItemFacts:
    """The facts as stored by ``facts_to_json``; raises ``ValueError`` for anything else."""
    if data.get("format") != FACTS_FORMAT:
        raise ValueError(f"unknown facts format {data.get('format')!r}")
    try:
        answers = data["answers"]
        if not isinstance(answers, dict) or not all(
            isinstance(k, str) and isinstance(v, str) for k, v in answers.items()
        ):
            raise ValueError("answers must map check ids to answer values")
        return ItemFacts(
            category=_text(data["category"]),
            sku=_text(data["sku"]),
            grade=_text(data["grade"]),
            reason_code=_text(data["reason_code"]),
            unit_value=Decimal(_text(data["unit_value"])),
            answers=dict(answers),
            days_since_purchase=_optional_int(data.get("days_since_purchase")),
            hazardous=bool(data.get("hazardous", False)),
            warranty_valid=_optional_bool(data.get("warranty_valid")),
            expiry=_optional_date(data.get("expiry")),
            lot=_optional_text(data.get("lot")),
            market=_optional_text(data.get("market")),
            site=_optional_text(data.get("site")),
            today=_optional_date(data.get("today")),
            no_fault_found=_optional_bool(data.get("no_fault_found")),
            nff_test=_optional_text(data.get("nff_test")),
            packaging=_optional_text(data.get("packaging")),  # absent before issue #16: unknown
        )
    except (KeyError, TypeError, InvalidOperation) as exc:
        raise ValueError(f"stored facts are incomplete or damaged: {exc!r}") from exc


def _text(value: object) -> str:
    if not isinstance(value, str):
        raise TypeError(f"expected text, found {value!r}")
    return value


def _optional_text(value: object) -> str | None:
    return None if value is None else _text(value)


def _optional_int(value: object) -> int | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError(f"expected a whole number, found {value!r}")
    return value


def _optional_bool(value: object) -> bool | None:
    if value is None or isinstance(value, bool):
        return value
    raise TypeError(f"expected true/false, found {value!r}")


def _optional_date(value: object) -> date | None:
    return None if value is None else date.fromisoformat(_text(value))
