"""Report figures from a real database, built through the services, checked against hand-computed numbers.

The site: two benches share one database. On Mon 23 Nov 2026 (the FixedClock):

  bench-7, ana  receives RMA-100001 at 09:00 (headphones 79.90, two cables 9.90), holds a parcel with no RMA
                (RMA-999999) and one whose RMA expired (RMA-100006). Inspects:
                  HP-BT200  09:00:00-09:02:00  120 s  best answers  -> restock
                  cable 1   09:02:30-09:04:00   90 s  best answers  -> restock, overridden to refurbish
                  cable 2   10:00:00-10:03:00  180 s  worst answers -> quarantine (after a 56 min pause)
  bench-9, ben  receives RMA-100002 (T-shirt 19.00, jeans 59.00; a phone case scanned there is held as the
                wrong item) and RMA-100004 (battery 24.50, drill) at 09:00. Inspects:
                  T-shirt   decided 11:00:00, start not recorded  best  -> restock
                  jeans     11:01:00-11:02:00   60 s  worst answers -> recycle
                  battery   11:02:00-11:03:30   90 s  best answers  -> recycle
On Tue 24 Nov: ana receives RMA-100003 at 08:00, inspects the laptop (1199.00) 08:00-08:05 (300 s) -> restock,
and its label fails; ben holds a parcel with no RMA (RMA-999998).

Hand-computed for Monday, all stations, labour rate 30.00 per hour, idle gap 30 min:
  items 6, value 202.20; recycle 2, restock 2, quarantine 1, refurbish 1; recycled 2/6 = 33.33 %.
  timed inspection: 60, 90, 90, 120, 180 s -> median 90 s -> cost per item 90/3600 x 30 = 0.75.
  returns: RMA-100001 120+90+180 = 390 s, RMA-100004 90 s (RMA-100002 has an untimed item: left out)
           -> median 240 s -> 2.00 per return; total 540 s -> 4.50.
  ana: sessions 09:00-09:04 (240 s) and 10:00-10:03 (180 s) = 420 s -> 3 / (420/3600) = 25.714 items/h.
  ben: one session 11:00:00-11:03:30 = 210 s -> 3 / (210/3600) = 51.429 items/h.
  bench: 6 / (630/3600) = 34.286 items per inspector-hour.
  exceptions: no RMA 1 (open), RMA expired 1 (resolved), wrong item 1 (open); overrides 1.
  receipt-to-decision hours: 2/60, 4/60, 63/60, 120/60, 122/60, 123.5/60 -> median (1.05 + 2.0)/2 = 1.525 h.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal
from pathlib import Path

import pypdfium2
import pytest
from conftest import FixedClock, make_settings
from sqlalchemy import select

from returnstation.bootstrap import Station, open_station
from returnstation.domain.enums import Discrepancy, Disposition
from returnstation.domain.scan import Scan
from returnstation.printing.printers import Tcp9100Printer
from returnstation.reports.report_settings import ReportSettings, load_report_settings
from returnstation.services.demo import DEMO_SUPERVISOR_BADGE, DEMO_SUPERVISOR_PIN
from returnstation.services.inspection import OverrideRequest
from returnstation.services.reporting import ReportService
from returnstation.store.models import DiscrepancyRow

MONDAY, TUESDAY = date(2026, 11, 23), date(2026, 11, 24)
SETTINGS = ReportSettings(labour_rate_per_hour=Decimal("30.00"), idle_gap_minutes=30)


@dataclass
class Site:
    bench7: Station
    bench9: Station
    clock: FixedClock
    reports: ReportService  # site-wide, with the test's labour rate
    item_ids: dict[str, int]


def receive(station: Station, rma: str, codes: list[str]) -> None:
    parcel = station.receiving.scan_parcel(Scan(rma)).parcel
    assert parcel is not None
    for code in codes:
        station.receiving.scan_item(parcel.parcel_id, Scan(code))
    station.receiving.finish_parcel(parcel.parcel_id)


def inspect(
    station: Station,
    clock: FixedClock,
    item_id: int,
    *,
    worst: bool,
    start: datetime | None,
    end: datetime,
    expect: Disposition,
    override: OverrideRequest | None = None,
) -> None:
    form = station.inspection.form(item_id)
    answers = {c.id: (c.answers[-1] if worst else c.answers[0]).value for c in form.checklist.checks}
    clock.now = end
    decided = station.inspection.decide(item_id, answers, started_at=start, override=override)
    assert decided.decision.disposition is expect, decided.decision


def at(day: date, hh: int, mm: int, ss: int = 0) -> datetime:
    return datetime(day.year, day.month, day.day, hh, mm, ss)


@pytest.fixture
def site(station: Station, tmp_path: Path, db_url: str, clock: FixedClock) -> Iterator[Site]:
    bench9 = open_station(make_settings(tmp_path, db_url, station="bench-9", user="ben"), clock=clock)
    bench7 = station
    clock.now = at(MONDAY, 9, 0)
    receive(bench7, "RMA-100001", ["HP-BT200", "CBL-USBC-1M", "CBL-USBC-1M"])
    assert bench7.receiving.scan_parcel(Scan("RMA-999999")).problem is Discrepancy.NO_RMA
    assert bench7.receiving.scan_parcel(Scan("RMA-100006")).problem is Discrepancy.RMA_EXPIRED
    receive(bench9, "RMA-100002", ["TSH-BLU-M", "JNS-32-34", "PHN-CASE-S"])
    receive(bench9, "RMA-100004", ["BAT-LI-18650", "DRL-18V"])
    ids: dict[str, int] = {}
    for item in bench7.inspection.pending():
        ids.setdefault(item.sku, item.item_id)
        if item.sku == "CBL-USBC-1M" and ids[item.sku] != item.item_id:
            ids["CBL-2"] = item.item_id
    ids["CBL-1"] = ids.pop("CBL-USBC-1M")

    inspect(
        bench7,
        clock,
        ids["HP-BT200"],
        worst=False,
        start=at(MONDAY, 9, 0),
        end=at(MONDAY, 9, 2),
        expect=Disposition.RESTOCK,
    )
    # The rule says restock; the supervisor approves refurbish.
    supervised = OverrideRequest(
        Disposition.REFURBISH, "damage_not_in_checklist", DEMO_SUPERVISOR_BADGE, DEMO_SUPERVISOR_PIN
    )
    inspect(
        bench7,
        clock,
        ids["CBL-1"],
        worst=False,
        start=at(MONDAY, 9, 2, 30),
        end=at(MONDAY, 9, 4),
        expect=Disposition.REFURBISH,
        override=supervised,
    )
    inspect(
        bench7,
        clock,
        ids["CBL-2"],
        worst=True,
        start=at(MONDAY, 10, 0),
        end=at(MONDAY, 10, 3),
        expect=Disposition.QUARANTINE,
    )
    inspect(
        bench9,
        clock,
        ids["TSH-BLU-M"],
        worst=False,
        start=None,
        end=at(MONDAY, 11, 0),
        expect=Disposition.RESTOCK,
    )
    inspect(
        bench9,
        clock,
        ids["JNS-32-34"],
        worst=True,
        start=at(MONDAY, 11, 1),
        end=at(MONDAY, 11, 2),
        expect=Disposition.RECYCLE,
    )
    inspect(
        bench9,
        clock,
        ids["BAT-LI-18650"],
        worst=False,
        start=at(MONDAY, 11, 2),
        end=at(MONDAY, 11, 3, 30),
        expect=Disposition.RECYCLE,
    )
    for bench in (bench7, bench9):
        assert all(job.status == "printed" for job in bench.printing.run_due_jobs())

    clock.now = at(TUESDAY, 8, 0)
    receive(bench7, "RMA-100003", ["LAP-14-PRO"])
    assert bench9.receiving.scan_parcel(Scan("RMA-999998")).problem is Discrepancy.NO_RMA
    [laptop] = [p for p in bench7.inspection.pending() if p.sku == "LAP-14-PRO"]
    ids["LAP-14-PRO"] = laptop.item_id
    inspect(
        bench7,
        clock,
        laptop.item_id,
        worst=False,
        start=at(TUESDAY, 8, 0),
        end=at(TUESDAY, 8, 5),
        expect=Disposition.RESTOCK,
    )
    good = bench7.printing.printer
    bench7.printing.printer = Tcp9100Printer("127.0.0.1", 1, timeout_s=1)  # port 1: refused, a failed label
    [failed] = bench7.printing.run_due_jobs()
    assert failed.status == "failed"
    bench7.printing.printer = good

    # No service settles a discrepancy yet: mark it resolved as a supervisor's tool would.
    with bench7.session_factory() as s:
        expired = select(DiscrepancyRow).where(DiscrepancyRow.kind == Discrepancy.RMA_EXPIRED)
        s.scalars(expired).one().resolved = True
        s.commit()

    reports = ReportService(bench7.session_factory, "site", clock, settings=SETTINGS)
    yield Site(bench7, bench9, clock, reports, ids)
    bench9.close()


def test_one_day_at_every_station_matches_the_hand_computed_figures(site: Site) -> None:
    s = site.reports.summary(MONDAY, MONDAY)
    assert (s.total_items, s.total_value) == (6, Decimal("202.20"))
    assert [(r.key, r.count) for r in s.by_disposition] == [
        ("recycle", 2),
        ("restock", 2),
        ("quarantine", 1),
        ("refurbish", 1),
    ]
    assert s.pct_recycled == pytest.approx(200 / 6)
    assert (s.handling.n, s.handling.median_seconds) == (5, 90.0)
    assert s.cycle_receipt_to_disposition.median_hours == pytest.approx(1.525)

    cost = s.handling_cost
    assert cost.labour_rate_per_hour == Decimal("30.00")
    assert (cost.per_item, cost.per_return, cost.total) == (Decimal("0.75"), Decimal("2.00"), Decimal("4.50"))
    assert (cost.timed_items, cost.timed_returns) == (5, 2)

    work = s.productivity
    assert [(r.inspector, r.items, r.sessions) for r in work.by_inspector] == [("ana", 3, 2), ("ben", 3, 1)]
    ana, ben = work.by_inspector
    assert (ana.active_hours, ana.items_per_hour) == pytest.approx((420 / 3600, 3 * 3600 / 420))
    assert (ben.active_hours, ben.items_per_hour) == pytest.approx((210 / 3600, 3 * 3600 / 210))
    assert work.items_per_hour == pytest.approx(6 * 3600 / 630)

    exc = s.exceptions
    assert (exc.unexpected_parcels, exc.unexpected_open, exc.overrides) == (1, 1, 1)
    assert [(r.kind, r.count, r.open) for r in exc.other] == [("rma_expired", 1, 0), ("wrong_item", 1, 1)]
    assert (exc.discrepancies, exc.open) == (3, 2)


def test_station_filter_keeps_only_that_benchs_work_and_exceptions(site: Site) -> None:
    s = site.reports.summary(MONDAY, MONDAY, ("bench-7",))
    assert (s.total_items, s.total_value) == (3, Decimal("99.70"))
    assert [r.inspector for r in s.productivity.by_inspector] == ["ana"]
    assert (s.exceptions.unexpected_parcels, [r.kind for r in s.exceptions.other]) == (1, ["rma_expired"])
    assert s.exceptions.overrides == 1
    # Timed: 120, 90, 180 -> median 120 s = 1.00; the one return: 390 s = 3.25.
    assert (s.handling_cost.per_item, s.handling_cost.per_return) == (Decimal("1.00"), Decimal("3.25"))
    both = site.reports.summary(MONDAY, MONDAY, ("bench-7", "bench-9"))
    assert both.total_items == 6 and both.exceptions.discrepancies == 3
    assert site.reports.summary(MONDAY, MONDAY, ("bench-1",)).is_empty


def test_date_range_includes_both_days_and_nothing_else(site: Site) -> None:
    two_days = site.reports.summary(MONDAY, TUESDAY)
    assert (two_days.total_items, two_days.total_value) == (7, Decimal("1401.20"))
    assert (two_days.exceptions.unexpected_parcels, two_days.exceptions.unexpected_open) == (2, 2)
    tuesday = site.reports.summary(TUESDAY, TUESDAY)
    assert [r.sku for r in site.reports.records(TUESDAY, TUESDAY)] == ["LAP-14-PRO"]
    assert tuesday.exceptions.unexpected_parcels == 1 and tuesday.exceptions.other == ()
    assert tuesday.handling_cost.per_item == Decimal("2.50")  # 300 s x 30.00 / 3600
    assert site.reports.summary(MONDAY - timedelta(days=1), MONDAY - timedelta(days=1)).exceptions.is_empty


def test_an_untimed_decision_is_not_measured_as_zero_seconds(site: Site) -> None:
    assert [(r.sku, r.handling_seconds) for r in site.reports.records(MONDAY, MONDAY)] == [
        ("HP-BT200", 120),
        ("CBL-USBC-1M", 90),
        ("CBL-USBC-1M", 180),
        ("TSH-BLU-M", None),  # decided without a start time: not measured, so not a 0 s inspection
        ("JNS-32-34", 60),
        ("BAT-LI-18650", 90),
    ]


def test_kpis_for_a_live_panel(site: Site) -> None:
    monday = site.reports.kpis_today(at(MONDAY, 18, 0))
    assert (monday.day, monday.items) == (MONDAY, 6)
    assert monday.by_disposition == (("recycle", 2), ("restock", 2), ("quarantine", 1), ("refurbish", 1))
    assert monday.median_cycle_hours == pytest.approx(1.525)
    assert monday.pct_recycled == pytest.approx(200 / 6)
    # Waiting now, whatever the day: held parcels RMA-999999, RMA-100006, RMA-999998 and the held phone case.
    # The laptop's item label (restock) waits behind its refused routing label: queued, not failed.
    assert (monday.open_holds, monday.failed_labels, monday.queued_labels) == (4, 1, 1)

    tuesday = site.reports.kpis_today(at(TUESDAY, 10, 0))
    assert (tuesday.items, tuesday.count("restock"), tuesday.pct_recycled) == (1, 1, 0.0)
    assert tuesday.median_cycle_hours == pytest.approx(5 / 60)
    bench9 = site.reports.kpis_today(at(TUESDAY, 10, 0), stations=("bench-9",))
    assert (bench9.items, bench9.open_holds, bench9.failed_labels) == (0, 2, 0)
    assert site.bench7.reports.kpis_today().day == TUESDAY  # the service's own clock


def test_kpis_today_follow_the_stations_time_zone(site: Site) -> None:
    from zoneinfo import ZoneInfo

    # Mon 23:30 UTC is Tue 08:30 in Tokyo. Tokyo's Tuesday runs Mon 15:00 to Tue 15:00 UTC: it holds the
    # laptop (Tue 08:05 UTC) but none of Monday's items (decided 09:00-11:04 UTC, Monday evening there).
    tokyo = site.reports.kpis_today(at(MONDAY, 23, 30), tz=ZoneInfo("Asia/Tokyo"))
    assert (tokyo.day, tokyo.items) == (TUESDAY, 1)
    new_york = site.reports.kpis_today(at(MONDAY, 12, 0), tz=ZoneInfo("America/New_York"))
    assert (new_york.day, new_york.items) == (MONDAY, 6)


def _pdf_text(path: Path) -> str:
    pdf = pypdfium2.PdfDocument(str(path))
    try:
        text = "\n".join(pdf[i].get_textpage().get_text_range() for i in range(len(pdf)))
    finally:
        pdf.close()
    return re.sub(r"[ \xa0]+", " ", text.replace("\r\n", "\n"))


def test_pdf_and_summary_csv_show_exceptions_productivity_and_cost(site: Site, tmp_path: Path) -> None:
    text = _pdf_text(site.reports.write_summary_pdf(MONDAY, MONDAY, tmp_path / "monday.pdf"))
    assert "Handling cost per item (est.)\n0.75 (per return 2.00)" in text
    assert "Items per hour (0.2 h active)\n34.3 per inspector-hour" in text
    assert "Exceptions (1 unexpected parcel)\n3, 2 still open" in text
    assert "Filter All stations" in text
    assert "Unexpected parcel (no RMA) 1 1" in text
    assert "RMA expired 1 0" in text and "Item not on the RMA 1 1" in text and "Rule overrides 1" in text
    assert "ana 3 0.1 h 25.7" in text and "ben 3 0.1 h 51.4" in text
    assert "labour rate 30.00 per hour" in " ".join(text.split())  # in the note, wherever it wraps

    path = site.reports.write_summary_csv(MONDAY, MONDAY, tmp_path / "monday.csv")
    with path.open(encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.reader(fh))[1:]
    kpi = {key: (count, value) for section, key, count, value, _share in rows if section == "kpi"}
    assert kpi["handling_cost_per_item"] == ("5", "0.75") and kpi["handling_cost_per_return"] == ("2", "2.00")
    assert (kpi["exceptions"][0], kpi["unexpected_parcels"][0], kpi["exceptions_open"][0]) == ("3", "1", "2")
    assert float(kpi["items_per_hour"][1]) == pytest.approx(6 * 3600 / 630)
    exceptions = {key: count for section, key, count, _v, _s in rows if section == "exception"}
    assert exceptions == {"no_rma": "1", "rma_expired": "1", "wrong_item": "1", "rule_override": "1"}
    still_open = {key: count for section, key, count, _v, _s in rows if section == "exception_open"}
    assert still_open == {"no_rma": "1", "rma_expired": "0", "wrong_item": "1"}
    rates = {key: float(value) for section, key, _c, value, _s in rows if section == "inspector_rate"}
    assert rates == pytest.approx({"ana": 3 * 3600 / 420, "ben": 3 * 3600 / 210})


def test_a_day_with_only_unexpected_parcels_still_prints_its_exceptions(site: Site, tmp_path: Path) -> None:
    text = _pdf_text(site.reports.write_summary_pdf(MONDAY, MONDAY, tmp_path / "b9.pdf", ("bench-1",)))
    assert "No dispositions in this period" in text and "Exceptions" not in text
    site.clock.now = at(TUESDAY + timedelta(days=1), 9, 0)
    site.bench9.receiving.scan_parcel(Scan("RMA-999997"))
    wednesday = TUESDAY + timedelta(days=1)
    text = _pdf_text(site.reports.write_summary_pdf(wednesday, wednesday, tmp_path / "wed.pdf"))
    assert "No dispositions in this period" in text and "Unexpected parcel (no RMA) 1 1" in text


def test_the_station_uses_the_shipped_labour_rate(site: Site) -> None:
    shipped = load_report_settings()
    s = site.bench7.reports.summary(MONDAY, MONDAY)
    assert s.handling_cost.labour_rate_per_hour == shipped.labour_rate_per_hour
    expected = (Decimal(90) / 3600 * shipped.labour_rate_per_hour).quantize(Decimal("0.01"))
    assert s.handling_cost.per_item == expected


def test_report_cli_filters_by_station_and_writes_the_summary_csv(
    site: Site, tmp_path: Path, db_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    from returnstation.cli import main

    settings = site.bench7.settings
    # main() writes its global options to os.environ; set them here first so the test undoes them.
    monkeypatch.setenv("RETURNSTATION_DATABASE_URL", db_url)
    monkeypatch.setenv("RETURNSTATION_STATION", "office")
    monkeypatch.setenv("RETURNSTATION_DATA_DIR", str(settings.data_dir))
    monkeypatch.setenv("RETURNSTATION_CONFIG", str(tmp_path / "no-config.toml"))
    monkeypatch.setenv("RETURNSTATION_DEMO_DATA", "0")
    out, summary_csv = tmp_path / "cli.pdf", tmp_path / "cli-summary.csv"
    code = main(
        [
            "--db",
            db_url,
            "--station",
            "office",
            "report",
            "--from",
            "2026-11-23",
            "--to",
            "2026-11-23",
            "--station",
            "bench-9",
            "--out",
            str(out),
            "--summary-csv",
            str(summary_csv),
        ]
    )
    assert code == 0 and out.read_bytes().startswith(b"%PDF-")
    with summary_csv.open(encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.reader(fh))
    kpi = {r[1]: r[2] for r in rows if r[0] == "kpi"}
    assert (kpi["items"], kpi["unexpected_parcels"], kpi["exceptions"]) == ("3", "0", "1")  # ben's wrong item
    assert [r[1] for r in rows if r[0] == "inspector"] == ["ben"]


def test_one_report_command_reads_the_period_once_and_writes_what_the_list_path_writes(
    site: Site, tmp_path: Path
) -> None:
    from sqlalchemy import event

    from returnstation.reports.summary import summarize
    from returnstation.reports.summary_csv import write_records_csv, write_summary_csv

    engine = site.bench7.session_factory.kw["bind"]
    statements: list[str] = []

    def count(_conn: object, _cursor: object, sql: str, *_args: object) -> None:
        statements.append(sql)

    event.listen(engine, "before_cursor_execute", count)
    try:
        summary = site.reports.write_report(
            MONDAY,
            TUESDAY,
            pdf=tmp_path / "r.pdf",
            records_csv=tmp_path / "r.csv",
            summary_csv=tmp_path / "s.csv",
        )
    finally:
        event.remove(engine, "before_cursor_execute", count)
    # One streamed query over the dispositions of the whole period (two days), whatever the number of files.
    assert sum("FROM inspections" in sql for sql in statements) == 1
    assert _pdf_text(tmp_path / "r.pdf").count("Items dispositioned") == 1

    records = site.reports.records(MONDAY, TUESDAY)
    exceptions = site.reports.exception_records(MONDAY, TUESDAY)
    listed = summarize(records, MONDAY, TUESDAY, exceptions=exceptions, settings=SETTINGS)
    assert summary == listed and summary.total_items == 7
    assert (tmp_path / "r.csv").read_bytes() == write_records_csv(records, tmp_path / "list.csv").read_bytes()
    assert (tmp_path / "s.csv").read_bytes() == write_summary_csv(listed, tmp_path / "ls.csv").read_bytes()
