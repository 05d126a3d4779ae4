"""Two grades, resale channels and refund deductions on a real database (issue #16), SQLite and PostgreSQL:
stored with the decision, sent in the events, counted in the report (with actual sale prices), and
decisions recorded before them still read, reported and replayed."""

from __future__ import annotations

import io
import sys
from decimal import Decimal
from pathlib import Path

from sqlalchemy import select, update
from test_db_inspection import receive_all

from returnstation import cli
from returnstation.bootstrap import Station
from returnstation.domain.item_code import item_code
from returnstation.services.whatif import WhatIfService
from returnstation.store.models import EventRow, InspectionRow


def first_answers(station: Station, item_id: int) -> dict[str, str]:
    form = station.inspection.form(item_id)
    return {c.id: c.answers[0].value for c in form.checklist.checks if not c.is_capture}


def decide_headphones_and_cables(station: Station) -> list[int]:
    """Headphones (79.90) as new in a damaged box; two cables (9.90) sealed. Returns the item ids."""
    receive_all(station, "RMA-100001", ["HP-BT200", "CBL-USBC-1M", "CBL-USBC-1M"])
    ids = []
    for n, item in enumerate(station.inspection.pending()):
        answers = first_answers(station, item.item_id) | ({"packaging": "damaged"} if n == 0 else {})
        preview = station.inspection.preview(item.item_id, answers)
        decided = station.inspection.decide(item.item_id, answers)
        assert decided.deduction == preview.deduction  # what the inspector saw is what is recorded
        ids.append(item.item_id)
    return ids


def test_both_grades_the_channel_and_the_deduction_are_stored_and_sent(station: Station) -> None:
    headphones, cable, _ = decide_headphones_and_cables(station)
    with station.session_factory() as s:
        rows = {r.item_id: r for r in s.scalars(select(InspectionRow))}
        events = {
            e.subject_id: e.payload
            for e in s.scalars(select(EventRow).where(EventRow.type == "item_dispositioned"))
        }
    boxed = rows[headphones]
    assert (boxed.grade, boxed.packaging, boxed.disposition, boxed.channel) == (
        "A",
        "damaged",
        "refurbish",
        "open_box",
    )
    assert boxed.rule_id == "electronics-as-new-rebox"
    # no_longer_wanted: restocking fee 7.99 + damaged packaging 5 % = 4.00
    assert boxed.refund_deduction == Decimal("11.99")
    payload = events[headphones]
    assert (payload["grade"], payload["packaging"], payload["channel"]) == ("A", "damaged", "open_box")
    assert payload["refund_deduction"]["total"] == "11.99"
    assert [ln["code"] for ln in payload["refund_deduction"]["lines"]] == ["restocking_fee", "packaging"]
    sealed = rows[cable]
    assert (sealed.packaging, sealed.channel, sealed.refund_deduction) == (
        "sealed",
        "a_stock",
        Decimal("0.99"),
    )


def test_the_report_recovers_by_channel_and_takes_actual_sale_prices(station: Station) -> None:
    headphones, cable, _ = decide_headphones_and_cables(station)
    day = station.inspection.now().date()
    summary = station.reports.summary(day, day)
    # open box, electronics, grade A: 79.90 x 0.80; the two cables sealed to A-stock at 100 %
    assert summary.recovered_value == Decimal("63.92") + Decimal("19.80")
    assert {r.key: r.count for r in summary.by_channel} == {"A-stock": 2, "Open box": 1}
    assert {r.key: r.count for r in summary.by_grade_packaging} == {"A / sealed": 2, "A / damaged": 1}

    sold = station.reports.write_report(
        day, day, sales={headphones: Decimal("70.00"), cable: Decimal("5.00")}
    )
    assert sold.sold_items == 2
    assert sold.recovered_value == Decimal("70.00") + Decimal("5.00") + Decimal("9.90")


def test_decisions_from_before_issue_16_are_reported_and_replayed(station: Station) -> None:
    headphones, _, _ = decide_headphones_and_cables(station)
    with station.session_factory() as s:
        row = s.scalars(select(InspectionRow).where(InspectionRow.item_id == headphones)).one()
        old_facts = {k: v for k, v in row.facts.items() if k != "packaging"} | {"grade": "C"}
        # as the old code recorded it: one worst-of grade C (the damaged box), repaired, no channel
        s.execute(
            update(InspectionRow)
            .where(InspectionRow.item_id == headphones)
            .values(
                grade="C",
                packaging=None,
                channel=None,
                refund_deduction=None,
                disposition="refurbish",
                destination="REFURB-REPAIR",
                rule_id="grade-c-repair",
                rule_disposition="refurbish",
                rule_destination="REFURB-REPAIR",
                facts=old_facts,
            )
        )
        s.commit()
    day = station.inspection.now().date()
    summary = station.reports.summary(day, day)
    # counted through refurbish's default channel (refurbished, electronics, grade C: 55 %)
    assert {r.key: r.count for r in summary.by_channel} == {"A-stock": 2, "Refurbished": 1}
    assert "C / not graded" in {r.key for r in summary.by_grade_packaging}

    report = WhatIfService(station.session_factory, station.checklists).replay(station.rules)
    assert (report.total, report.regraded, report.changed) == (3, 1, 1)
    [change] = report.examples
    assert (change.item_code, change.old_rule, change.new_rule) == (
        item_code(headphones),
        "grade-c-repair",
        "electronics-as-new-rebox",
    )
    assert "1 decision(s) from before packaging was graded apart were graded again" in report.text()
    unaware = WhatIfService(station.session_factory).replay(station.rules)  # without the checklists
    assert (unaware.regraded, unaware.changed) == (0, 0)


def run_report(station: Station, argv: list[str]) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    old = sys.stdout, sys.stderr
    sys.stdout, sys.stderr = out, err
    try:
        status = cli._report(station, cli.build_parser().parse_args(["report", *argv]))
    finally:
        sys.stdout, sys.stderr = old
    return status, out.getvalue(), err.getvalue()


def test_report_cli_refuses_a_bad_sales_file_and_uses_a_good_one(station: Station, tmp_path: Path) -> None:
    headphones, _, _ = decide_headphones_and_cables(station)
    day = station.inspection.now().date().isoformat()
    bad = tmp_path / "bad.csv"
    bad.write_text(f"item_code,sale_price\n{item_code(headphones)},seventy\n", encoding="utf-8")
    pdf = tmp_path / "report.pdf"
    status, _, err = run_report(station, ["--from", day, "--to", day, "--out", str(pdf), "--sales", str(bad)])
    assert status == cli.EXIT_USAGE and not pdf.exists()
    assert f"{bad}:2: sale_price 'seventy' is not a number" in err

    good = tmp_path / "good.csv"
    good.write_text(f"item_code,sale_price\n{item_code(headphones)},70.00\nRSI-999999,1\n", encoding="utf-8")
    status, out, _ = run_report(
        station, ["--from", day, "--to", day, "--out", str(pdf), "--sales", str(good)]
    )
    assert status == cli.EXIT_OK and pdf.exists()
    assert "Sales: 1 of 2 sale price(s) matched an item of the period" in out
