"""Explainable, replayable decisions on a real database: stored facts, captured values, warranty from
the RMA import, what-if replay, rules reload that refuses a broken file, and migration 0002 both ways."""

from __future__ import annotations

import io
import sys
from datetime import timedelta
from pathlib import Path

from sqlalchemy import select
from test_db_inspection import receive_all

from returnstation import cli
from returnstation.bootstrap import Station
from returnstation.disposition.capture import CaptureKind
from returnstation.disposition.facts import facts_from_json
from returnstation.disposition.rules import default_rules_path, load_rules
from returnstation.services.whatif import WhatIfService
from returnstation.store.models import InspectionRow, RmaLineRow

HEADER = (
    "rma_number,order_number,customer,authorized_at,line_no,sku,description,category,quantity,"
    "unit_value,reason_code"
)


def first_answers(station: Station, item_id: int) -> dict[str, str]:
    form = station.inspection.form(item_id)
    return {c.id: c.answers[0].value for c in form.checklist.checks if not c.is_capture}


def test_the_decision_is_stored_with_the_exact_facts_and_captured_values(station, clock) -> None:  # type: ignore[no-untyped-def]
    receive_all(station, "RMA-100005", ["VIT-C-500"])
    [item] = station.inspection.pending()
    answers = first_answers(station, item.item_id)
    lot_check = station.inspection.form(item.item_id).checklist.check("lot")
    assert lot_check is not None
    lot = station.inspection.read_capture(lot_check, " L-77 ")
    gs1 = station.inspection.read_gs1({"17": "280500", "10": "L-77"})  # expiry day 00: end of May
    captured: dict[str, str | None] = {"lot": lot, "expiry": gs1.values[CaptureKind.EXPIRY]}
    preview = station.inspection.preview(item.item_id, answers, captured)
    decided = station.inspection.decide(item.item_id, answers, captured=captured)
    assert decided.facts == preview.facts and decided.decision == preview.decision
    with station.session_factory() as s:
        row = s.scalars(select(InspectionRow)).one()
    assert row.captured == {"lot": "L-77", "expiry": "2028-05-31"}
    stored = facts_from_json(row.facts or {})
    assert stored == decided.facts and stored.lot == "L-77" and stored.today == clock.now.date()
    assert station.rules.decide(stored) == decided.decision  # replayable to the same outcome
    # demo VIT-C-500 is a patient return (no_longer_wanted): in date and sealed, still controlled destruction
    assert decided.decision.rule_id == "pharma-scrap"
    assert dict(gs1.values) == {"expiry": "2028-05-31", "lot": "L-77"}


def test_purchase_date_and_warranty_from_the_csv_drive_the_warranty_and_doa_rules(station, clock) -> None:  # type: ignore[no-untyped-def]
    today = clock.now.date()
    bought = (today - timedelta(days=400)).isoformat()
    recent = (today - timedelta(days=10)).isoformat()
    csv = (
        f"{HEADER},purchased_at,warranty_months\n"
        f"RMA-7001,SO-7001,Ada,{today},1,DRL-9,Drill,electronics,1,99.00,warranty_claim,{bought},24\n"
        f"RMA-7002,SO-7002,Bo,{today},1,DRL-8,Drill,electronics,1,99.00,warranty_claim,{bought},12\n"
        f"RMA-7003,SO-7003,Cy,{today},1,PHN-9,Phone,electronics,1,299.00,defective,{recent},\n"
        f"RMA-7004,SO-7004,Di,{today},1,LMP-9,Lamp,general,1,19.00,defective,,\n"
    )
    report = station.imports.import_text(csv, source="t.csv")
    assert report.ok, report.summary()
    with station.session_factory() as s:
        lines = {ln.sku: ln for ln in s.scalars(select(RmaLineRow))}
    assert lines["DRL-9"].purchased_at == today - timedelta(days=400) and lines["DRL-9"].warranty_months == 24
    assert lines["LMP-9"].purchased_at is None and lines["LMP-9"].warranty_months is None
    for rma, sku in [("RMA-7001", "DRL-9"), ("RMA-7002", "DRL-8"), ("RMA-7003", "PHN-9")]:
        receive_all(station, rma, [sku])
    by_sku = {p.sku: p for p in station.inspection.pending()}
    opened_faulty = {"packaging": "opened", "powers_on": "dead", "data_wiped": "wiped"}

    def decide(sku: str) -> tuple[str, int | None, bool | None]:
        item = by_sku[sku]
        answers = first_answers(station, item.item_id) | opened_faulty
        preview = station.inspection.preview(item.item_id, answers)
        assert preview.facts is not None
        return preview.decision.rule_id, preview.facts.days_since_purchase, preview.facts.warranty_valid

    assert decide("DRL-9") == ("warranty-repair", 400, True)
    assert decide("DRL-8") == ("warranty-not-confirmed", 400, False)
    assert decide("PHN-9") == ("electronics-dead-on-arrival", 10, None)


def test_bad_purchase_columns_are_refused_with_their_line(station) -> None:  # type: ignore[no-untyped-def]
    csv = (
        f"{HEADER},purchased_at,warranty_months\n"
        "RMA-7101,SO-1,Ada,2026-11-01,1,A-1,A,general,1,1.00,defective,2026-13-01,12\n"
        "RMA-7102,SO-2,Bo,2026-11-01,1,B-1,B,general,1,1.00,defective,2026-01-01,twelve\n"
        "RMA-7103,SO-3,Cy,2026-11-01,1,C-1,C,general,1,1.00,defective,2026-01-01,700\n"
    )
    report = station.imports.import_text(csv)
    assert not report.ok and report.rmas == 0
    assert [(e.line, e.message.split(" ")[0]) for e in report.errors] == [
        (2, "purchased_at"),
        (3, "warranty_months"),
        (4, "warranty_months"),
    ]


def decide_demo_items(station: Station) -> None:
    """Three decisions: sealed headphones (restock), two cables in a damaged box (grade C, low value)."""
    receive_all(station, "RMA-100001", ["HP-BT200", "CBL-USBC-1M", "CBL-USBC-1M"])
    for n, item in enumerate(station.inspection.pending()):
        answers = first_answers(station, item.item_id) | ({"packaging": "damaged"} if n else {})
        station.inspection.decide(item.item_id, answers)


def test_what_if_replay_reads_stored_decisions_by_day(station, clock, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    decide_demo_items(station)
    whatif = WhatIfService(station.session_factory)
    same = whatif.replay(station.rules)
    assert (same.total, same.changed, same.skipped) == (3, 0, 0)

    stricter = tmp_path / "rules.yaml"
    text = default_rules_path().read_text(encoding="utf-8")
    stricter.write_text(
        text.replace(_ELECTRONICS_SEALED, _SCRAP_DAMAGED_ELECTRONICS + _ELECTRONICS_SEALED),
        encoding="utf-8",
    )
    rules = load_rules(stricter, checklists=station.checklists, reasons=station.reasons)
    report = whatif.replay(rules)
    assert report.total == 3 and report.changed == 2
    assert {c.new_rule for c in report.examples} == {"electronics-damaged-box-scrap"}
    assert {c.item_code for c in report.examples} == set(_codes(station)[1:])
    today = clock.now.date()
    assert whatif.replay(rules, start=today + timedelta(days=1)).total == 0
    assert whatif.replay(rules, start=today, end=today).total == 3
    assert whatif.replay(rules, end=today - timedelta(days=1)).total == 0

    # the CLI: read-only, prints the counts and the items that would change
    out = io.StringIO()
    args = cli.build_parser().parse_args(["rules-check", str(stricter), "--replay", "--show", "1"])
    old_stdout, sys.stdout = sys.stdout, out
    try:
        assert cli._rules_replay(station, args) == cli.EXIT_OK
    finally:
        sys.stdout = old_stdout
    printed = out.getvalue()
    assert "2 would change" in printed and "first 1 of 2" in printed
    assert station.rules.version != rules.version  # the station's rules were not replaced


_ELECTRONICS_SEALED = "  - id: electronics-sealed\n"
_SCRAP_DAMAGED_ELECTRONICS = """\
  - id: electronics-damaged-box-scrap
    when:
      category: electronics
      answer.packaging: damaged
    disposition: scrap
    destination: SCRAP-GENERAL
    reason: "Damaged box: scrap (what-if test)"

"""


def _codes(station: Station) -> list[str]:
    with station.session_factory() as s:
        return [
            f"RSI-{i:06d}" for i in s.scalars(select(InspectionRow.item_id).order_by(InspectionRow.item_id))
        ]


def test_reloading_rules_refuses_a_broken_file_and_keeps_the_rules_in_use(station, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "rules.yaml"
    good = default_rules_path().read_text(encoding="utf-8")
    path.write_text(good, encoding="utf-8")
    result = station.inspection.reload_rules(path)
    assert result.ok and result.changed and station.inspection.rules.source == path
    version = station.inspection.rules.version

    path.write_text(good.replace("packaging: sealed", "packaging: seald", 1), encoding="utf-8")
    refused = station.reload_rules()
    assert not refused.ok and refused.rules.version == version
    assert station.rules.version == version and station.inspection.rules.version == version
    assert any(p.startswith(f"{path}:") and "seald" in p for p in refused.problems)

    path.write_text(good.replace('en: "Unopened: back to stock"', 'en: "Unopened: shelf"'), "utf-8")
    taken = station.reload_rules()
    assert taken.ok and taken.changed and station.rules.version == taken.rules.version != version


def test_migration_0002_downgrades_and_upgrades_cleanly(empty_db_url: str) -> None:
    from alembic import command
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    from returnstation.store.db import make_engine
    from returnstation.store.migrate import alembic_config, upgrade_to_head
    from returnstation.store.schema import metadata

    engine = make_engine(empty_db_url)
    upgrade_to_head(engine)
    cfg = alembic_config()
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.downgrade(cfg, "0001")
    upgrade_to_head(engine)
    with engine.connect() as conn:
        diffs = compare_metadata(MigrationContext.configure(conn, opts={"compare_type": True}), metadata)
    # Only this migration's tables: other features' branches are checked by their own tests.
    mine = ("users", "inspection_drafts", "inspections", "rma_lines")
    assert [d for d in diffs if any(name in str(d) for name in mine)] == []
    engine.dispose()


def test_users_cli_adds_with_a_pin_from_stdin_and_lists_without_it(station) -> None:  # type: ignore[no-untyped-def]
    args = cli.build_parser().parse_args(
        ["users", "add", "--name", "Lee Park", "--badge", "sup-0002", "--role", "supervisor", "--pin-stdin"]
    )
    out = io.StringIO()
    old = sys.stdin, sys.stdout
    sys.stdin, sys.stdout = io.StringIO("135791\n"), out
    try:
        assert cli._users(station, args) == cli.EXIT_OK
        assert cli._users(station, cli.build_parser().parse_args(["users", "list"])) == cli.EXIT_OK
        assert cli._users(station, args) == cli.EXIT_FAILED  # the badge is taken now
    finally:
        sys.stdin, sys.stdout = old
    printed = out.getvalue()
    assert "Added Lee Park (supervisor), badge SUP-0002" in printed
    assert "135791" not in printed and "scrypt" not in printed
    assert station.users.verify_supervisor_pin("SUP-0002", "135791").name == "Lee Park"
