"""Outcomes beyond the routing label on a real database (SQLite and PostgreSQL), issue 16: "no fault found"
recorded with its test and reported, the return-to-customer label only for a warranty repair or
replacement (with the RMA's address, which the bench shows nowhere else), the item label at restock or
refurbishment, the address imported from CSV and JSON lines and erased by the retention run."""

from __future__ import annotations

import json
import re
from datetime import timedelta
from pathlib import Path
from typing import Any

import pypdfium2
import zxingcpp
from sqlalchemy import select
from test_db_integration_support import receive_all

from returnstation.bootstrap import Station
from returnstation.disposition.outcomes import FAULT_CHECK_ID
from returnstation.domain.enums import Disposition
from returnstation.services.inspection import Decided
from returnstation.services.printing import JobStatus
from returnstation.store.models import EventRow, InspectionRow, PrintJobRow, RmaLineRow, RmaRow

HEADER = (
    "rma_number,order_number,customer,authorized_at,line_no,sku,description,category,quantity,"
    "unit_value,reason_code,purchased_at,warranty_months,address_line1,address_line2,address_postal_code,"
    "address_city,address_region,address_country,vendor"
)
ADDRESS = "12 Analytical Row,Flat 3,LS1 1AA,Leeds,West Yorkshire,United Kingdom"


def _import(station: Station, rows: list[str]) -> None:
    report = station.imports.import_text("\n".join([HEADER, *rows]) + "\n", source="t.csv")
    assert report.ok, report.summary()


def _warranty_rmas(station: Station) -> None:
    bought = (station.inspection.now() - timedelta(days=100)).date().isoformat()
    today = station.inspection.now().date().isoformat()
    claim = f"warranty_claim,{bought},24"
    _import(
        station,
        [
            f"RMA-8001,SO-8001,Ada Lovelace,{today},1,DRL-9,Drill,electronics,1,99.00,{claim},{ADDRESS},",
            f"RMA-8002,SO-8002,Bo Li,{today},1,CBL-9,Cable,electronics,1,9.00,{claim},{ADDRESS},",
            f"RMA-8003,SO-8003,Cy Ro,{today},1,DRL-7,Drill,electronics,1,99.00,{claim},,,,,,,",
        ],
    )


def _answers(station: Station, item_id: int, **changed: str) -> dict[str, str]:
    form = station.inspection.form(item_id)
    return {c.id: c.answers[0].value for c in form.checklist.checks if not c.is_capture} | changed


def _decide(station: Station, rma: str, sku: str, **changed: str) -> Decided:
    receive_all(station, rma, [sku])
    [item] = [p for p in station.inspection.pending() if p.rma_number == rma]
    return station.inspection.decide(item.item_id, _answers(station, item.item_id, **changed))


def _jobs(station: Station, item_id: int) -> list[PrintJobRow]:
    with station.session_factory() as s:
        return list(
            s.scalars(select(PrintJobRow).where(PrintJobRow.item_id == item_id).order_by(PrintJobRow.id))
        )


def _pdf_text(path: Path) -> str:
    pdf = pypdfium2.PdfDocument(str(path))
    try:
        text = "\n".join(pdf[i].get_textpage().get_text_range() for i in range(len(pdf)))
    finally:
        pdf.close()
    return re.sub(r"[ \xa0]+", " ", text.replace("\r\n", "\n"))


def _barcodes(path: Path) -> list[str]:
    """The label PDF read back as a scanner would: rasterised at 203 dpi, decoded with zxing-cpp."""
    pdf = pypdfium2.PdfDocument(str(path))
    try:
        image = pdf[0].render(scale=203 / 72, grayscale=True).to_pil().convert("L")
    finally:
        pdf.close()
    return sorted(r.text for r in zxingcpp.read_barcodes(image))


# -- no fault found ---------------------------------------------------------------------------------


def test_no_fault_found_is_recorded_with_its_test_in_the_decision_event_and_the_report(
    station: Station,
) -> None:
    receive_all(station, "RMA-100009", ["SPK-MINI"])  # a defective speaker: a claim
    [item] = station.inspection.pending()
    form = station.inspection.form(item.item_id)
    fault = form.checklist.checks[-1]
    assert fault.id == FAULT_CHECK_ID and fault.answer_for_key("3") is not None
    assert fault.answer_for_key("3").value == "burn_in"  # type: ignore[union-attr]

    decided = station.inspection.decide(item.item_id, _answers(station, item.item_id, fault_test="burn_in"))
    assert decided.facts is not None and (decided.facts.no_fault_found, decided.facts.nff_test) == (
        True,
        "burn_in",
    )
    assert (decided.decision.rule_id, decided.decision.disposition) == (
        "no-fault-found-restock",
        Disposition.RESTOCK,
    )
    with station.session_factory() as s:
        row = s.scalars(select(InspectionRow)).one()
        event = s.scalars(select(EventRow).where(EventRow.type == "item_dispositioned")).one()
    assert row.answers[FAULT_CHECK_ID] == "burn_in" and row.facts is not None and row.facts["no_fault_found"]
    assert event.payload["no_fault_found"] is True
    assert event.payload[FAULT_CHECK_ID] == {
        "fault_found": False,
        "test": "burn_in",
        "label": "No fault found: 30-minute burn-in",
    }

    day = station.inspection.now().date()
    summary = station.reports.summary(day, day)
    assert [(r.key, r.count, r.share) for r in summary.fault_tests] == [
        ("No fault found: 30-minute burn-in", 1, 1.0)
    ]
    path = station.reports.write_summary_pdf(day, day, station.settings.report_dir / "s.pdf")
    text = _pdf_text(path)
    assert "Claims: what the fault test found" in text and "No fault found: 30-minute burn-in" in text


def test_a_return_that_is_no_claim_gets_no_fault_test_and_the_report_counts_only_claims(
    station: Station,
) -> None:
    receive_all(station, "RMA-100001", ["HP-BT200"])  # no longer wanted
    [item] = station.inspection.pending()
    assert FAULT_CHECK_ID not in {c.id for c in station.inspection.form(item.item_id).checklist.checks}
    decided = station.inspection.decide(item.item_id, _answers(station, item.item_id))
    assert decided.facts is not None and decided.facts.no_fault_found is None
    receive_all(station, "RMA-100003", ["LAP-14-PRO"])  # defective, and the test confirms it
    [laptop] = station.inspection.pending()
    found = station.inspection.decide(laptop.item_id, _answers(station, laptop.item_id))
    assert found.facts is not None and found.facts.no_fault_found is False
    day = station.inspection.now().date()
    assert [(r.key, r.count) for r in station.reports.summary(day, day).fault_tests] == [
        ("Fault found: the claim is confirmed", 1)
    ]


# -- return-to-customer and item labels ---------------------------------------------------------------


def test_warranty_repair_and_replacement_print_the_return_label_with_the_address(station: Station) -> None:
    _warranty_rmas(station)
    repair = _decide(station, "RMA-8001", "DRL-9", packaging="opened", powers_on="dead")
    assert repair.decision.destination == "REPAIR-OUT"
    [back] = repair.outcome_label_jobs
    replace = _decide(station, "RMA-8002", "CBL-9", packaging="opened", powers_on="dead")
    assert (replace.decision.destination, replace.decision.disposition) == (
        "REPLACE-OUT",
        Disposition.RETURN_TO_VENDOR,
    )
    [back_too] = replace.outcome_label_jobs

    jobs = {j.job_id: j for j in _jobs(station, repair.item.item_id)}
    assert jobs[back].template == "return_customer_4x6"
    assert {
        k: jobs[back].fields[k] for k in ("ship_to", "address_line1", "address_line2", "city_line", "country")
    } == {
        "ship_to": "Ada Lovelace",
        "address_line1": "12 Analytical Row",
        "address_line2": "Flat 3",
        "city_line": "LS1 1AA Leeds",
        "country": "United Kingdom",
    }
    # The routing label is still the item's latest label: a reprint by item code repeats it.
    assert station.printing.latest_for_item(repair.item.item_id).job_id == repair.label_job_id  # type: ignore[union-attr]
    # The bench's screen gets the item without the address: it is on the label only.
    assert "Analytical" not in repr(repair) and "LS1" not in repr(repair.item)

    printed = station.printing.send_in_turn([repair.label_job_id or "", back, back_too])
    assert [j.status for j in printed] == [JobStatus.PRINTED] * 3
    text = _pdf_text(Path(printed[1].output))
    assert "RETURN TO CUSTOMER" in text and "12 Analytical Row" in text and "LS1 1AA Leeds" in text
    assert _barcodes(Path(printed[1].output)) == [repair.item.item_code]


def test_a_return_label_without_an_address_says_so_and_other_outcomes_get_none(station: Station) -> None:
    _warranty_rmas(station)
    repair = _decide(station, "RMA-8003", "DRL-7", packaging="opened", powers_on="dead")
    [back] = repair.outcome_label_jobs
    [job] = [j for j in _jobs(station, repair.item.item_id) if j.job_id == back]
    assert job.fields["address_line1"] == "NO ADDRESS ON THE RMA" and "city_line" not in job.fields

    nff = _decide(station, "RMA-100009", "SPK-MINI", fault_test="power_function")  # NFF back to stock
    assert nff.decision.disposition is Disposition.RESTOCK
    assert [j.template for j in _jobs(station, nff.item.item_id)] == ["item_resale_2x1", "routing_4x6"]


def test_restock_and_refurbish_print_the_item_label_with_sku_grade_and_channel(station: Station) -> None:
    receive_all(station, "RMA-100001", ["HP-BT200", "CBL-USBC-1M", "CBL-USBC-1M"])
    items = {p.item_id: p for p in station.inspection.pending() if p.rma_number == "RMA-100001"}
    first, second, third = sorted(items)
    restock = station.inspection.decide(first, _answers(station, first))
    refurb = station.inspection.decide(
        second, _answers(station, second, packaging="opened", cosmetic="light_wear")
    )
    weee = station.inspection.decide(third, _answers(station, third, cosmetic="broken"))
    assert (restock.decision.disposition, refurb.decision.disposition, weee.decision.disposition) == (
        Disposition.RESTOCK,
        Disposition.REFURBISH,
        Disposition.RECYCLE,
    )
    assert weee.outcome_label_jobs == ()
    for decided, grade in ((restock, "A"), (refurb, "B")):
        [job_id] = decided.outcome_label_jobs
        [job] = [j for j in _jobs(station, decided.item.item_id) if j.job_id == job_id]
        assert job.template == "item_resale_2x1"
        assert (job.fields["sku"], job.fields["grade"]) == (decided.item.sku, grade)
        # the decision's resale channel, as channels.yaml words it
        assert decided.decision.channel and job.fields["channel"] == decided.channel_label
    [view] = station.printing.send_in_turn(list(refurb.outcome_label_jobs))
    assert view.status == JobStatus.PRINTED
    assert _barcodes(Path(view.output)) == [refurb.item.sku]
    with station.session_factory() as s:
        queued = s.scalars(select(EventRow).where(EventRow.type == "label_queued")).all()
    assert sum(e.payload["template"] == "item_resale_2x1" for e in queued) == 2


# -- the address: import, feeds, retention ---------------------------------------------------------------


def test_the_address_and_vendor_come_in_by_csv_and_json_lines_and_a_bad_one_is_refused(
    station: Station, tmp_path: Path
) -> None:
    _warranty_rmas(station)
    record: dict[str, Any] = {
        "rma_number": "RMA-8100",
        "order_number": "SO-8100",
        "customer": "Di Ng",
        "authorized_at": "2026-11-01",
        "address_line1": "1 Quay",
        "address_postal_code": "D02 X285",
        "address_city": "Dublin",
        "address_country": "Ireland",
        "lines": [
            {"line_no": 1, "sku": "KTL-1", "description": "Kettle", "quantity": 1, "unit_value": "25.00",
             "reason_code": "defective", "vendor": "acme"}
        ],
    }  # fmt: skip
    feed = tmp_path / "rmas.jsonl"
    feed.write_text(json.dumps(record) + "\n", encoding="utf-8")
    assert station.integration.import_file(feed).ok
    with station.session_factory() as s:
        rmas = {r.rma_number: r for r in s.scalars(select(RmaRow))}
        lines = {ln.sku: ln for ln in s.scalars(select(RmaLineRow))}
    assert (rmas["RMA-8001"].address_city, rmas["RMA-8001"].address_region) == ("Leeds", "West Yorkshire")
    assert (
        rmas["RMA-8100"].address_line1,
        rmas["RMA-8100"].address_line2,
        rmas["RMA-8100"].address_city,
    ) == (
        "1 Quay",
        None,
        "Dublin",
    )
    assert lines["KTL-1"].vendor == "ACME" and lines["DRL-9"].vendor is None

    bad = station.imports.import_text(
        f"{HEADER}\nRMA-8200,SO-8200,Ed,2026-11-01,1,X-1,X,general,1,1.00,defective,,,"
        f"1 Road,,{'9' * 40},City,,,\n",
        source="bad.csv",
    )
    assert not bad.ok and "line 2: address_postal_code is longer than 32 characters" in bad.summary()


def test_retention_erases_the_address_from_the_rma_and_its_return_labels(
    station: Station, clock: Any
) -> None:
    _warranty_rmas(station)
    repair = _decide(station, "RMA-8001", "DRL-9", packaging="opened", powers_on="dead")
    [back] = repair.outcome_label_jobs
    clock.advance(days=40)
    report = station.retention.run(days=30)
    assert "RMA-8001" in [e.rma_number for e in report.erased]
    with station.session_factory() as s:
        rma = s.scalars(select(RmaRow).where(RmaRow.rma_number == "RMA-8001")).one()
        job = s.scalars(select(PrintJobRow).where(PrintJobRow.job_id == back)).one()
        erased = s.scalars(select(EventRow).where(EventRow.type == "customer_data_erased")).all()
    assert rma.customer == "(erased)"
    assert [rma.address_line1, rma.address_line2, rma.address_postal_code, rma.address_city,
            rma.address_region, rma.address_country] == [None] * 6  # fmt: skip
    assert job.fields["ship_to"] == "(erased)"
    assert not {"address_line1", "address_line2", "city_line", "region", "country"} & set(job.fields)
    assert "Analytical" not in json.dumps(job.fields)
    [event] = [e for e in erased if e.payload["rma"] == "RMA-8001"]
    assert "address" in event.payload["fields"] and event.payload["address_labels"] == 1


def test_a_quarantined_item_released_to_stock_gets_its_item_label_too(station: Station) -> None:
    quarantined = _decide(station, "RMA-100001", "HP-BT200", serial_match="mismatch")
    assert quarantined.decision.disposition is Disposition.QUARANTINE and quarantined.outcome_label_jobs == ()
    released = station.quarantine.release(
        quarantined.item.item_id, Disposition.RESTOCK, "serial checked: ours"
    )
    [item_label] = released.outcome_label_jobs
    jobs = {j.job_id: j for j in _jobs(station, quarantined.item.item_id)}
    assert jobs[item_label].template == "item_resale_2x1" and jobs[item_label].fields["channel"] == "Restock"
    assert station.printing.latest_for_item(quarantined.item.item_id).job_id == released.label_job  # type: ignore[union-attr]


def test_migration_0013_matches_the_models_and_goes_down_and_up_again(empty_db_url: str) -> None:
    from alembic import command
    from alembic.autogenerate import compare_metadata
    from alembic.runtime.migration import MigrationContext
    from sqlalchemy import inspect as sa_inspect

    from returnstation.store.db import make_engine
    from returnstation.store.migrate import alembic_config, upgrade_to_head
    from returnstation.store.schema import metadata

    engine = make_engine(empty_db_url)
    upgrade_to_head(engine)
    cfg = alembic_config()
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.downgrade(cfg, "0010_customer_email")
    tables = sa_inspect(engine)
    assert "rtv_shipments" not in tables.get_table_names()
    assert "address_city" not in {c["name"] for c in tables.get_columns("rmas")}
    assert "vendor" not in {c["name"] for c in tables.get_columns("rma_lines")}
    upgrade_to_head(engine)
    with engine.connect() as conn:
        diffs = compare_metadata(MigrationContext.configure(conn, opts={"compare_type": True}), metadata)
    mine = ("rtv_shipment", "'rmas'", "'rma_lines'", "ix_rma_lines_sku_upper")
    assert [d for d in diffs if any(name in str(d) for name in mine)] == []
    engine.dispose()


def test_the_demo_warranty_drill_goes_for_repair_with_its_return_label(station: Station) -> None:
    repair = _decide(station, "RMA-100004", "DRL-18V", packaging="opened", powers_on="dead")
    assert (repair.decision.rule_id, repair.decision.destination) == ("warranty-repair", "REPAIR-OUT")
    [back] = repair.outcome_label_jobs
    [job] = [j for j in _jobs(station, repair.item.item_id) if j.job_id == back]
    assert (job.fields["ship_to"], job.fields["address_line1"], job.fields["city_line"]) == (
        "Kim Novak",
        "7 Harbour Lane",
        "LS1 4AP Leeds",
    )
