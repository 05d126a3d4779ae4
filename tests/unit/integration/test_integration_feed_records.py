"""JSON lines and CSV feeds parsed into records, with the CSV import's own checks and line numbers."""

from __future__ import annotations

import json
from datetime import date, datetime
from decimal import Decimal

from returnstation.integration.feed_records import (
    FeedAction,
    FeedFormat,
    feed_format,
    records_from_csv,
    records_from_jsonl,
)

REASONS = ["defective", "no_longer_wanted"]


def upsert(**over: object) -> dict[str, object]:
    record: dict[str, object] = {
        "rma_number": "rma-1",
        "order_number": "so-1",
        "customer": 'Ada, "the" first',
        "authorized_at": "2026-11-20T10:00:00+01:00",
        "lines": [
            {
                "line_no": 1,
                "sku": "ktl-01",
                "description": "Kettle,\nsteel",
                "quantity": 2,
                "unit_value": 19.99,
                "reason_code": "Defective",
                "expected_serials": ["A1", "B2"],
                "purchased_at": "2026-10-01",
                "warranty_months": 24,
            },
        ],
    }
    record.update(over)
    return record


def parse(*objs: object) -> tuple[list, list]:  # type: ignore[type-arg]
    text = "".join((o if isinstance(o, str) else json.dumps(o)) + "\n" for o in objs)
    return records_from_jsonl(text, "t.jsonl", REASONS)


def test_an_upsert_is_normalised_exactly_like_the_csv_import() -> None:
    [rec], errors = parse(upsert())
    assert errors == [] and rec.action is FeedAction.UPSERT and rec.line == 1
    c = rec.content
    assert (c.rma_number, c.order_number, c.customer) == ("RMA-1", "SO-1", 'Ada, "the" first')
    assert c.authorized_at == datetime(2026, 11, 20, 9, 0)  # UTC, naive
    [ln] = c.lines
    assert (ln["sku"], ln["quantity"], ln["reason_code"]) == ("KTL-01", 2, "defective")
    assert ln["unit_value"] == Decimal("19.99")
    # a line break in a field is a control character: the one cleaning rule makes it a space
    assert ln["expected_serials"] == "A1 B2" and ln["description"] == "Kettle, steel"
    assert (ln["purchased_at"], ln["warranty_months"]) == (date(2026, 10, 1), 24)


def test_cancel_and_blank_lines() -> None:
    records, errors = parse("", {"action": "cancel", "rma_number": "rma-2", "reason": "kept it"}, "  ")
    assert errors == [] and [(r.line, r.action, r.rma_number, r.reason) for r in records] == [
        (2, FeedAction.CANCEL, "RMA-2", "kept it")
    ]


def test_problems_carry_the_file_line_and_the_lines_index() -> None:
    bad_second_line = upsert()
    bad_second_line["lines"] = [
        *upsert()["lines"],
        {
            "line_no": 2,
            "sku": "X",
            "description": "d",  # type: ignore[list-item]
            "quantity": 0,
            "unit_value": "1",
            "reason_code": "nope",
        },
    ]
    records, errors = parse(
        upsert(),
        bad_second_line,
        "{broken",
        [1, 2],
        upsert(action="delete"),
        {"action": "cancel", "rma_number": "R-1", "lines": []},
        upsert(lines=[]),
        upsert(colour="red"),
        upsert(lines=[{"line_no": 1, "sku": "S", "colour": "red"}]),
        upsert(lines=[{"line_no": 1, "sku": {"nested": 1}}]),
        upsert(rma_number="RMA 1"),
    )
    assert len(records) == 1
    by_line: dict[int, str] = {}
    for e in errors:
        by_line[e.line] = by_line.get(e.line, "") + e.message + " | "
    assert "lines[1]: quantity" in by_line[2] and "lines[1]: reason_code 'nope'" in by_line[2]
    assert "lines[0]" not in by_line[2]
    assert "not valid JSON" in by_line[3]
    assert "one JSON object" in by_line[4]
    assert "'upsert' or 'cancel'" in by_line[5]
    assert "a cancel takes only" in by_line[6]
    assert "non-empty array" in by_line[7]
    assert "unknown field(s): colour" in by_line[8]
    assert "unknown field(s) in lines: colour" in by_line[9] and "missing field(s) in lines" in by_line[9]
    assert "sku must be text or a number" in by_line[10]
    assert "rma_number" in by_line[11]


def test_csv_rows_of_one_rma_become_one_upsert() -> None:
    header = "rma_number,order_number,customer,authorized_at,line_no,sku,description,quantity,unit_value,"
    header += "reason_code\n"
    text = header + "R-1,S-1,Ada,2026-11-01,1,A,x,1,1.00,defective\n"
    text += "R-1,S-1,Ada,2026-11-01,2,B,y,3,2.00,defective\n"
    [rec], errors = records_from_csv(text, "t.csv", REASONS)
    assert errors == [] and rec.line == 2 and [ln["line_no"] for ln in rec.content.lines] == [1, 2]


def test_format_from_the_file_name() -> None:
    assert [feed_format(n) for n in ("a.CSV", "b.jsonl", "c.ndjson", "d.json", "e.jsonl.tmp")] == [
        FeedFormat.CSV,
        FeedFormat.JSONL,
        FeedFormat.JSONL,
        None,
        None,
    ]
