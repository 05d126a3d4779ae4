"""Issue #14: the routing label of every disposition in the default rules, longest bin codes included.

The bin code is the word the picker reads and matches against the shelf: it shrinks to fit, and no word
of any text on the label is ever broken across lines ("REFURB-OPENBO" / "X"). The rule's reason is
printed whole. A medicine's label carries its lot and expiry, in words and in a Data Matrix that the
station's own scan reader gives back as the same lot and expiry.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

import pytest
from label_scan_helpers import decode, rasterise

from returnstation.disposition.capture import CaptureKind, capture_from_gs1
from returnstation.disposition.rules import Rule, default_rules_path, load_rules
from returnstation.domain.scan import Scan
from returnstation.printing.label_pdf import render_label_pdf
from returnstation.printing.layout import PlacedText, lay_out
from returnstation.printing.templates import load_label_template
from returnstation.scan.classify import CodeKind, classify_scan
from returnstation.services.printing import traceability_fields
from returnstation.services.results import PendingItem

RULES = load_rules(default_rules_path()).rules
PHARMA_ITEM = PendingItem(
    item_id=5,
    item_code="RSI-000005",
    sku="VIT-C-500",
    description="Vitamin C 500 mg, 100 tablets, blister packs in a folding box",
    category="pharma",
    rma_number="RMA-100005",
    order_number="SO-500105",
    reason_code="no_longer_wanted",
    unit_value=Decimal("12.90"),
    received_at=datetime(2026, 11, 23, 9, 0),
    gtin="4061234000811",
)


def routing_fields(rule: Rule, extra: dict[str, str] | None = None) -> dict[str, str]:
    return {
        "item_code": "RSI-000005",
        "rma_number": "RMA-100005",
        "sku": "VIT-C-500",
        "description": PHARMA_ITEM.description,
        "grade": "B",
        "disposition": rule.disposition.label.upper(),
        "destination": rule.destination,
        "reason": rule.reason,
        "station": "bench-3",
        "printed_at": "2026-11-23 09:30 UTC",
        **(extra or {}),
    }


def test_the_longest_bin_codes_are_among_those_checked() -> None:
    longest = max(len(r.destination) for r in RULES)
    assert longest >= len("HAZMAT-LI-DAMAGED") and any(r.destination == "REFURB-OPENBOX" for r in RULES)


@pytest.mark.parametrize("dpi", [203, 300])
@pytest.mark.parametrize("rule", RULES, ids=[r.id for r in RULES])
def test_no_word_on_the_label_is_split_and_nothing_is_cut(rule: Rule, dpi: int) -> None:
    fields = routing_fields(rule, traceability_fields(PHARMA_ITEM, "L-4711", date(2028, 5, 31)))
    template = load_label_template("routing_4x6")
    words = {w for value in fields.values() for w in value.upper().split()}
    words |= {w for e in template.elements for w in getattr(e, "text", "").upper().split() if "{" not in w}
    layout = lay_out(template, fields, dpi)
    texts = [item for item in layout.items if isinstance(item, PlacedText)]
    for item in texts:
        assert not item.truncated, item.lines
        for line in item.lines:
            for word in line.upper().split():
                assert word in words, f"{word!r} is a piece of a word: {item.lines}"
    placed = {" ".join(item.lines) for item in texts}
    assert rule.destination in placed  # on one line, whole
    assert f"Reason: {rule.reason}" in placed  # the whole reason, not cut off


def test_the_medicine_label_carries_its_lot_and_expiry_in_words_and_in_a_code_the_station_reads() -> None:
    rule = next(r for r in RULES if r.id == "pharma-scrap")
    fields = routing_fields(rule, traceability_fields(PHARMA_ITEM, "L-4711", date(2028, 5, 31)))
    layout = lay_out(load_label_template("routing_4x6"), fields, 203)
    placed = {" ".join(item.lines) for item in layout.items if isinstance(item, PlacedText)}
    assert {"LOT L-4711", "EXP 2028-05-31"} <= placed

    pdf = render_label_pdf(load_label_template("routing_4x6"), fields)
    reads = {r.format.name: r.text for r in decode(rasterise(pdf, 203))}
    assert reads.get("Code128") == "RSI-000005"  # the item code still scans
    matrix = reads.get("DataMatrix")
    assert matrix == "(01)04061234000811(17)280531(10)L-4711"
    code = classify_scan(Scan(matrix))
    assert code.kind is CodeKind.GS1
    read = capture_from_gs1(code.gs1, date(2026, 11, 23))
    assert read.values[CaptureKind.LOT] == "L-4711" and read.values[CaptureKind.EXPIRY] == "2028-05-31"


def test_a_label_without_lot_or_expiry_has_neither_line_nor_code() -> None:
    assert traceability_fields(PHARMA_ITEM, None, None) == {}
    rule = next(r for r in RULES if r.id == "grade-a-restock")
    pdf = render_label_pdf(load_label_template("routing_4x6"), routing_fields(rule))
    assert [r.format.name for r in decode(rasterise(pdf, 203))] == ["Code128"]
