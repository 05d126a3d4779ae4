"""Sites and markets on a real database: the import takes them, the inspection decides with them (the
RMA's site, else the bench's own), a market that forbids resale routes elsewhere, and the what-if replay
and the report split by them."""

from __future__ import annotations

import contextlib
import io
import json
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import select

from returnstation import cli
from returnstation.domain.enums import Disposition
from returnstation.domain.scan import Scan
from returnstation.integration.feed_records import FeedFormat
from returnstation.services.whatif import WhatIfService
from returnstation.store.models import EventRow, InspectionRow, RmaRow

HEADER = (
    "rma_number,order_number,customer,authorized_at,line_no,sku,description,category,quantity,"
    "unit_value,reason_code,site,market\n"
)
RULES = """\
title: Two sites, three markets
sites: [BER, HAM]
markets:
  DE: {}
  FR: {}
  CH:
    resale_allowed: false
    disposition: return_to_vendor
    destination: RTV-MARKET
    reason: "Returned goods may not be resold in this market"
rules:
  - id: fr-donate
    when: {market: FR}
    disposition: donate
    destination: DONATE-FR
    reason: "France: donated"
  - id: grade-a
    when: {grade: A}
    disposition: restock
    destination: RESTOCK-A1
    reason: "Back to stock"
  - id: other
    disposition: quarantine
    destination: QUARANTINE
    reason: "A supervisor decides"
rule_sets:
  - site: BER
    rules:
      - id: ber-all
        disposition: refurbish
        destination: REFURB-BER
        reason: "Berlin: the refurbishment line"
"""


def rmas(station) -> dict[str, tuple[str | None, str | None]]:  # type: ignore[no-untyped-def]
    with station.session_factory() as s:
        return {
            n: (site, market)
            for n, site, market in s.execute(select(RmaRow.rma_number, RmaRow.site, RmaRow.market))
        }


def test_csv_import_takes_site_and_market_and_names_bad_values_per_row(station, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    good = HEADER + (
        "RMA-710001,SO-1,Ada,2026-11-01,1,KTL-01,Kettle,general,1,25.00,defective,ber,de\n"
        "RMA-710002,SO-2,Bo,2026-11-01,1,KTL-01,Kettle,general,1,25.00,defective,,CH\n"
        "RMA-710003,SO-3,Cy,2026-11-01,1,KTL-01,Kettle,general,1,25.00,defective,,\n"
    )
    (tmp_path / "good.csv").write_text(good, encoding="utf-8")
    report = station.imports.import_file(tmp_path / "good.csv")
    assert report.ok, report.summary()
    stored = rmas(station)
    assert stored["RMA-710001"] == ("BER", "DE")  # one spelling per code
    assert stored["RMA-710002"] == (None, "CH")
    assert stored["RMA-710003"] == (None, None)

    before = rmas(station)
    bad = HEADER + (
        "RMA-710004,SO-4,Di,2026-11-01,1,KTL-01,Kettle,general,1,25.00,defective,BER,D E\n"
        "RMA-710005,SO-5,Ed,2026-11-01,1,KTL-01,Kettle,general,1,25.00,defective,BERLIN-MITTE-NORD-1,DE\n"
        "RMA-710006,SO-6,Fa,2026-11-01,1,KTL-01,Kettle,general,1,25.00,defective,HAM,FR\n"
    )
    (tmp_path / "bad.csv").write_text(bad, encoding="utf-8")
    refused = station.imports.import_file(tmp_path / "bad.csv")
    assert not refused.ok
    messages = {e.line: e.message for e in refused.errors}
    assert messages[2].startswith("market 'D E' is not a market code: letters, digits, '-' and '_'")
    assert messages[3].startswith("site 'BERLIN-MITTE-NORD-1' is not a site code")
    assert 4 not in messages
    assert rmas(station) == before  # nothing of the file got in, the good row neither


def test_a_feed_takes_site_and_market_and_refuses_a_bad_one(station) -> None:  # type: ignore[no-untyped-def]
    record = {
        "rma_number": "RMA-720001",
        "order_number": "SO-7",
        "customer": "Ada",
        "authorized_at": "2026-11-20",
        "site": "ham",
        "market": "FR",
        "lines": [
            {
                "line_no": 1,
                "sku": "KTL-01",
                "description": "Kettle",
                "quantity": 1,
                "unit_value": "25.00",
                "reason_code": "defective",
            }
        ],
    }
    bad = dict(record, rma_number="RMA-720002", market="F/R")
    body = (json.dumps(record) + "\n" + json.dumps(bad) + "\n").encode()
    report = station.integration.feeds.apply_bytes(body, FeedFormat.JSONL, "feed.jsonl", "test")
    assert [e.line for e in report.errors] == [2]
    assert "market 'F/R' is not a market code" in report.errors[0].message
    assert "RMA-720002" not in rmas(station)


def receive(station, number: str) -> int:  # type: ignore[no-untyped-def]
    pid = station.receiving.scan_parcel(Scan(number)).parcel.parcel_id
    assert station.receiving.scan_item(pid, Scan("KTL-01")).problem is None
    station.receiving.finish_parcel(pid)
    [item] = [p for p in station.inspection.pending() if p.rma_number == number]
    return int(item.item_id)


def bench(tmp_path: Path, db_url: str, clock, **settings):  # type: ignore[no-untyped-def]
    from returnstation.bootstrap import open_station
    from tests.conftest import make_settings

    rules = tmp_path / "rules.yaml"
    rules.write_text(RULES, encoding="utf-8")
    return open_station(make_settings(tmp_path, db_url, rules_path=rules, **settings), clock=clock)


def test_the_inspection_decides_with_the_rma_s_site_and_market_else_the_bench_s_site(
    tmp_path: Path, db_url: str, clock
) -> None:  # type: ignore[no-untyped-def]
    station = bench(tmp_path, db_url, clock, site="BER")
    try:
        csv = HEADER + (
            "RMA-730001,SO-1,Ada,2026-11-01,1,KTL-01,Kettle,general,1,25.00,no_longer_wanted,HAM,FR\n"
            "RMA-730002,SO-2,Bo,2026-11-01,1,KTL-01,Kettle,general,1,25.00,no_longer_wanted,HAM,CH\n"
            "RMA-730003,SO-3,Cy,2026-11-01,1,KTL-01,Kettle,general,1,25.00,no_longer_wanted,,DE\n"
        )
        (tmp_path / "rmas.csv").write_text(csv, encoding="utf-8")
        assert station.imports.import_file(tmp_path / "rmas.csv").ok
        outcomes = {}
        for number in ("RMA-730001", "RMA-730002", "RMA-730003"):
            item_id = receive(station, number)
            form = station.inspection.form(item_id)
            answers = {c.id: c.answers[0].value for c in form.checklist.checks}  # grade A
            outcomes[number] = station.inspection.decide(item_id, answers)
        # the market condition fires: the RMA's market reaches the rules
        assert outcomes["RMA-730001"].decision.rule_id == "fr-donate"
        # a market that forbids resale: not restocked, sent to the vendor, and the reason says why
        swiss = outcomes["RMA-730002"].decision
        assert (swiss.disposition, swiss.destination) == (Disposition.RETURN_TO_VENDOR, "RTV-MARKET")
        assert "may not be resold" in swiss.reason and "'grade-a' said restock" in swiss.reason
        # no site on the RMA: the bench's own site (BER) chooses the Berlin rule set
        assert outcomes["RMA-730003"].decision.rule_id == "ber-all"
        with station.session_factory() as s:
            rows = {r.rule_id: (r.site, r.market) for r in s.scalars(select(InspectionRow))}
            assert rows == {
                "fr-donate": ("HAM", "FR"),
                "market-ch-no-resale": ("HAM", "CH"),
                "ber-all": ("BER", "DE"),
            }
            payloads = [
                e.payload for e in s.scalars(select(EventRow).where(EventRow.type == "item_dispositioned"))
            ]
            assert {(p["site"], p["market"]) for p in payloads} == {
                ("HAM", "FR"),
                ("HAM", "CH"),
                ("BER", "DE"),
            }

        # What if Switzerland allowed resale? Replayed for the Swiss market alone, then for all.
        relaxed = tmp_path / "relaxed.yaml"
        relaxed.write_text(
            RULES.replace(
                "  CH:\n    resale_allowed: false\n    disposition: return_to_vendor\n"
                "    destination: RTV-MARKET\n"
                '    reason: "Returned goods may not be resold in this market"\n',
                "  CH: {}\n",
            ),
            encoding="utf-8",
        )
        from returnstation.disposition.validate import check_rules

        rules = check_rules(relaxed, station.checklists, station.reasons)
        whatif = WhatIfService(station.session_factory)
        swiss_only = whatif.replay(rules, market="CH")
        assert (swiss_only.total, swiss_only.changed) == (1, 1)
        assert swiss_only.examples[0].new_disposition is Disposition.RESTOCK
        assert whatif.replay(rules, site="BER").changed == 0
        everything = whatif.replay(rules)
        assert ("site HAM, market CH", 1, 1) in everything.by_scope and everything.total >= 3
        # the same from the command line, and a bad code refused by the parser
        printed = io.StringIO()
        args = cli.build_parser().parse_args(["rules-check", str(relaxed), "--replay", "--market", "ch"])
        with contextlib.redirect_stdout(printed):
            assert cli._rules_replay(station, args) == cli.EXIT_OK
        assert "Replayed 1 decision(s) of market CH" in printed.getvalue()
        assert "site HAM, market CH: 1, 1" in printed.getvalue()
        with pytest.raises(SystemExit), contextlib.redirect_stderr(io.StringIO()):
            cli.build_parser().parse_args(["rules-check", str(relaxed), "--replay", "--site", "B E R"])

        # the report splits by site and market
        summary = station.reports.summary(date(2026, 1, 1), date(2027, 12, 31))
        assert {(g.key, g.count) for g in summary.by_site} == {("HAM", 2), ("BER", 1)}
        assert {(g.key, g.count) for g in summary.by_market} == {("FR", 1), ("CH", 1), ("DE", 1)}
        period = (date(2026, 1, 1), date(2027, 12, 31))
        csv_rows = station.reports.write_summary_csv(*period, tmp_path / "summary.csv").read_text("utf-8-sig")
        assert "site,HAM,2," in csv_rows and "market,CH,1," in csv_rows
        items = station.reports.write_records_csv(*period, tmp_path / "items.csv").read_text("utf-8-sig")
        assert ",site,market," in items.splitlines()[0] + ","
        pdf = station.reports.write_summary_pdf(*period, tmp_path / "summary.pdf")
        import pypdfium2

        document = pypdfium2.PdfDocument(str(pdf))
        try:
            text = " ".join(page.get_textpage().get_text_range() for page in document)
        finally:
            document.close()
        assert "By site" in text and "By market" in text and "HAM" in text and "CH" in text
    finally:
        station.close()


def test_the_bench_site_setting_is_checked(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="site: 'Berlin Mitte' is not a site code"):
        _load_with_site(tmp_path, "Berlin Mitte")
    assert _load_with_site(tmp_path, "ber").site == "BER"


def _load_with_site(tmp_path: Path, site: str):  # type: ignore[no-untyped-def]
    from returnstation.config import load_settings

    return load_settings(
        {
            "RETURNSTATION_DATA_DIR": str(tmp_path / "data"),
            "RETURNSTATION_CONFIG": str(tmp_path / "no-config.toml"),
            "RETURNSTATION_SITE": site,
        }
    )
