"""Refund deductions: what comes off the customer's refund for the state an item came back in.

Why data: the restocking fee and what a worn product, a missing box or a missing charger costs the
customer are commercial policy, different per site and changed by the business, not by a release;
``returnstation/data/deductions.yaml`` holds them. Why worked out at the bench: the inspector sees the
deduction before deciding (a wrong answer that costs the customer money is caught there), and the
credit event carries the exact figure, so the order system never recomputes it from other data.

No deduction at all for the reasons listed in ``exempt_reasons`` (defective, wrong item, ...): the
customer is not at fault. Each part is a percentage of the unit value; the restocking fee may have a
minimum and a maximum amount, and the total is capped by ``cap`` (a percentage and/or an amount).

File format::

    restocking_fee: {percent: 10, min: 0, max: 25}   # min/max: amounts; both optional
    exempt_reasons: [defective, incorrect_shipment]  # reason codes without any deduction
    grade: {B: 5, C: 20, D: 50}                       # percent by product grade (missing: 0)
    packaging: {damaged: 5, missing: 10}              # percent by packaging condition (missing: 0)
    missing_parts:                                    # checklist check -> answer value -> percent
      accessories: {minor_missing: 5, major_missing: 20}
    cap: {percent: 50, max: 200}                      # the most the total may be; both optional
    labels:                                           # optional: the lines' names as people read them
      restocking_fee: {en: restocking fee, de: Wiedereinlagerungsgebühr, pl: opłata za przyjęcie na stan}
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

from yaml.nodes import Node

from returnstation.disposition.checklist import ChecklistSet, packaging_words
from returnstation.disposition.yaml_source import Entry, SourceFile
from returnstation.domain.inspection import ItemFacts
from returnstation.domain.messages import LocalText, join, msg

CENT = Decimal("0.01")
HUNDRED = Decimal(100)


@dataclass(frozen=True, slots=True)
class DeductionLine:
    code: str  # "restocking_fee", "grade", "packaging", "missing_parts"
    label: str  # plain words for the inspector and the order system
    amount: Decimal


@dataclass(frozen=True, slots=True)
class Deduction:
    """What comes off the refund for one item: the lines, and the total after the cap."""

    lines: tuple[DeductionLine, ...]
    total: Decimal
    capped: bool = False  # the lines add up to more than the cap allows
    exempt_reason: str | None = None  # the return reason that waives every deduction

    def summary(self) -> str:
        """One line for the screen: "Refund deduction 12.50 (restocking fee 5.00, ...)"."""
        if self.exempt_reason is not None:
            return msg("No refund deduction: the return reason is {reason}", reason=self.exempt_reason)
        if not self.lines:
            return msg("No refund deduction")
        parts = join((join((line.label, f"{line.amount:.2f}"), " ") for line in self.lines), ", ")
        if self.capped:
            return msg("Refund deduction {total} ({parts}, capped)", total=f"{self.total:.2f}", parts=parts)
        return msg("Refund deduction {total} ({parts})", total=f"{self.total:.2f}", parts=parts)

    def to_json(self) -> dict[str, object]:
        return {
            "total": format(self.total, "f"),
            "capped": self.capped,
            "exempt_reason": self.exempt_reason,
            "lines": [
                {"code": ln.code, "label": ln.label, "amount": format(ln.amount, "f")} for ln in self.lines
            ],
        }


NO_DEDUCTION = Deduction(lines=(), total=Decimal("0.00"))


@dataclass(frozen=True, slots=True)
class Cap:
    percent: Decimal | None = None
    minimum: Decimal | None = None
    maximum: Decimal | None = None


# What the deduction lines are called when the file gives no ``labels`` (the English it had always).
LABEL_KEYS = ("restocking_fee", "grade", "packaging", "missing_parts")
DEFAULT_LABELS: Mapping[str, str] = {
    "restocking_fee": "restocking fee",
    "grade": "grade",
    "packaging": "packaging",
    "missing_parts": "missing parts",
}


@dataclass(frozen=True)
class DeductionPolicy:
    restocking_fee: Cap
    exempt_reasons: frozenset[str]
    by_grade: Mapping[str, Decimal]
    by_packaging: Mapping[str, Decimal]
    missing_parts: Mapping[str, Mapping[str, Decimal]]  # check id -> answer value -> percent
    cap: Cap
    labels: Mapping[str, str] = field(default_factory=lambda: dict(DEFAULT_LABELS))  # key -> line label

    def deduction(self, facts: ItemFacts) -> Deduction:
        """The deduction for an item with these facts (grade, packaging, answers, reason, unit value)."""
        if facts.reason_code in self.exempt_reasons:
            return Deduction(lines=(), total=Decimal("0.00"), exempt_reason=facts.reason_code)
        value = facts.unit_value
        lines: list[DeductionLine] = []
        fee = _share(value, self.restocking_fee.percent or Decimal(0))
        if self.restocking_fee.minimum is not None:
            fee = max(fee, self.restocking_fee.minimum)
        if self.restocking_fee.maximum is not None:
            fee = min(fee, self.restocking_fee.maximum)
        labels = self.labels
        lines.append(DeductionLine("restocking_fee", labels["restocking_fee"], min(fee, value)))
        grade = self.by_grade.get(facts.grade)
        if grade:
            grade_line = join((labels["grade"], facts.grade), " ")
            lines.append(DeductionLine("grade", grade_line, _share(value, grade)))
        packaging = self.by_packaging.get(facts.packaging or "")
        if packaging and facts.packaging:
            lines.append(
                DeductionLine(
                    "packaging",
                    join((labels["packaging"], packaging_words(facts.packaging)), " "),
                    _share(value, packaging),
                )
            )
        for check_id, answers in self.missing_parts.items():
            percent = answers.get(facts.answers.get(check_id, ""))
            if percent:
                lines.append(DeductionLine("missing_parts", labels["missing_parts"], _share(value, percent)))
        lines = [line for line in lines if line.amount > 0]
        total = sum((line.amount for line in lines), Decimal("0.00"))
        limit = value
        if self.cap.percent is not None:
            limit = min(limit, _share(value, self.cap.percent))
        if self.cap.maximum is not None:
            limit = min(limit, self.cap.maximum)
        capped = total > limit
        return Deduction(lines=tuple(lines), total=min(total, limit), capped=capped)


def _share(value: Decimal, percent: Decimal) -> Decimal:
    return (value * percent / HUNDRED).quantize(CENT, rounding=ROUND_HALF_UP)


def default_deductions_path() -> Path:
    return Path(__file__).resolve().parent.parent / "data" / "deductions.yaml"


def load_deductions(
    path: Path | None = None,
    *,
    checklists: ChecklistSet | None = None,
    reasons: Collection[str] | None = None,
) -> DeductionPolicy:
    """Read and check a deductions file; raises ``ConfigError`` listing every problem as "file:line: ...".

    Given the checklists and reason codes, grades, packaging conditions, checks, answers and reasons
    are checked against them, so a typo fails here instead of silently never deducting.
    """
    source = SourceFile(path if path is not None else default_deductions_path())
    grades = {g for c in checklists for g in c.grade_scale} if checklists is not None else None
    packagings = {p for c in checklists for p in c.packaging_scale} if checklists is not None else None
    policy: DeductionPolicy | None = None
    root = source.compose()
    if root is not None:
        entries = source.mapping(root, "deductions file")
        if entries is not None and source.check_keys(
            root,
            entries,
            "deductions file",
            required=("restocking_fee", "exempt_reasons"),
            optional=("grade", "packaging", "missing_parts", "cap", "labels"),
        ):
            fee = _cap(source, entries["restocking_fee"].value, "restocking_fee")
            cap = _cap(source, entries["cap"].value, "cap") if "cap" in entries else Cap()
            exempt = _words(source, entries["exempt_reasons"].value, "exempt_reasons", reasons)
            by_grade = _percents(source, entries.get("grade"), "grade", grades)
            by_packaging = _percents(source, entries.get("packaging"), "packaging", packagings)
            parts = _missing_parts(source, entries.get("missing_parts"), checklists)
            labels = _labels(source, entries.get("labels"))
            if fee is not None and cap is not None and exempt is not None:
                policy = DeductionPolicy(fee, exempt, by_grade, by_packaging, parts, cap, labels)
    source.raise_if_problems()
    assert policy is not None
    return policy


def _percent(source: SourceFile, node: Node, what: str) -> Decimal | None:
    number = source.number(node, what)
    if number is not None and not Decimal(0) <= number <= HUNDRED:
        source.problem(node, f"{what}: a percentage from 0 to 100, found {number}")
        return None
    return number


def _amount(source: SourceFile, node: Node, what: str) -> Decimal | None:
    number = source.number(node, what)
    if number is not None and number < 0:
        source.problem(node, f"{what}: an amount of 0 or more, found {number}")
        return None
    return number


def _cap(source: SourceFile, node: Node, what: str) -> Cap | None:
    entries = source.mapping(node, what)
    if entries is None or not source.check_keys(
        node, entries, what, required=(), optional=("percent", "min", "max")
    ):
        return None
    percent = _percent(source, entries["percent"].value, f"{what}: percent") if "percent" in entries else None
    low = _amount(source, entries["min"].value, f"{what}: min") if "min" in entries else None
    high = _amount(source, entries["max"].value, f"{what}: max") if "max" in entries else None
    if low is not None and high is not None and low > high:
        source.problem(node, f"{what}: min {low} is more than max {high}")
    return Cap(percent, low, high)


def _words(source: SourceFile, node: Node, what: str, known: Collection[str] | None) -> frozenset[str] | None:
    items = source.sequence(node, what, non_empty=False)
    if items is None:
        return None
    words: set[str] = set()
    for item in items:
        word = source.identifier(item, what)
        if word is not None and known is not None and word not in known:
            source.problem(
                item, f"{what}: '{word}' is not a known value (expected one of {', '.join(sorted(known))})"
            )
        elif word is not None:
            words.add(word)
    return frozenset(words)


def _percents(
    source: SourceFile, entry: Entry | None, what: str, known: Collection[str] | None
) -> dict[str, Decimal]:
    if entry is None:
        return {}
    entries = source.mapping(entry.value, what)
    found: dict[str, Decimal] = {}
    for key, item in (entries or {}).items():
        if known is not None and key not in known:
            source.problem(
                item.key_node,
                f"{what}: '{key}' is not a known value (expected one of {', '.join(sorted(known))})",
            )
            continue
        percent = _percent(source, item.value, f"{what}: {key}")
        if percent is not None:
            found[key] = percent
    return found


def _missing_parts(
    source: SourceFile, entry: Entry | None, checklists: ChecklistSet | None
) -> dict[str, dict[str, Decimal]]:
    if entry is None:
        return {}
    entries = source.mapping(entry.value, "missing_parts")
    found: dict[str, dict[str, Decimal]] = {}
    for check_id, item in (entries or {}).items():
        answers: set[str] | None = None
        if checklists is not None:
            checks = [c for cl in checklists for c in cl.checks if c.id == check_id and not c.is_capture]
            if not checks:
                source.problem(item.key_node, f"missing_parts: no checklist has a check '{check_id}'")
                continue
            answers = {a.value for c in checks for a in c.answers}
        found[check_id] = _percents(source, item, f"missing_parts: {check_id}", answers)
    return found


def _labels(source: SourceFile, entry: Entry | None) -> dict[str, str]:
    """The deduction lines' names (``{en: ..., de: ..., pl: ...}`` each); a name not given: the English."""
    labels: dict[str, str] = dict(DEFAULT_LABELS)
    if entry is None:
        return labels
    entries = source.mapping(entry.value, "labels")
    if entries is None or not source.check_keys(
        entry.value, entries, "labels", required=(), optional=LABEL_KEYS
    ):
        return labels
    for key, item in entries.items():
        text: LocalText | None = source.local_text(item.value, f"labels: {key}", max_len=40)
        if text is not None:
            labels[key] = text
    return labels
