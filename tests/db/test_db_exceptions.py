"""Exception work on SQLite and PostgreSQL: holds resolved once under a row lock, counts in one
statement, quarantine and concerns holding the credit back, the migration, and the public events."""

from __future__ import annotations

import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import event, func, select
from test_db_integration_support import best_answers, receive_all

from returnstation.domain.enums import Disposition, HoldAction, ParcelStatus
from returnstation.domain.roles import Role
from returnstation.domain.scan import Scan
from returnstation.integration.public_events import to_public
from returnstation.services.holds import HoldOutcome, HoldRefused, HoldService
from returnstation.services.results import StationContext
from returnstation.store.db import make_engine, make_session_factory
from returnstation.store.models import DiscrepancyRow, EventRow, ParcelRow, PrintJobRow
from returnstation.store.models_exceptions import ConcernRow, HoldResolutionRow
from returnstation.store.schema import metadata

INSTANCE = "6bd15d7c-aede-55d6-99d6-8e1cb6f95125"


def events_of(station: Any, type_: str) -> list[EventRow]:
    with station.session_factory() as s:
        return list(s.scalars(select(EventRow).where(EventRow.type == type_).order_by(EventRow.id)))


def count(station: Any, model: Any) -> int:
    with station.session_factory() as s:
        return int(s.scalar(select(func.count()).select_from(model)) or 0)


def statements(station: Any, fn: Callable[[], object]) -> int:
    seen: list[str] = []

    def on_execute(*args: object) -> None:
        seen.append(str(args[2]))

    event.listen(station.engine, "before_cursor_execute", on_execute)
    try:
        fn()
    finally:
        event.remove(station.engine, "before_cursor_execute", on_execute)
    return len([s for s in seen if s.lstrip().upper().startswith("SELECT")])


def test_migration_0008_matches_the_models(station: Any) -> None:
    mine = {"hold_resolutions", "concerns", "discrepancies", "rmas", "parcels"}
    with station.engine.connect() as conn:
        diffs = compare_metadata(MigrationContext.configure(conn, opts={"compare_type": True}), metadata)
    assert [d for d in diffs if any(f"'{t}'" in repr(d) for t in mine)] == []


def test_hold_counts_are_one_statement_whatever_the_shelf_holds(station: Any) -> None:
    for n in range(30):
        station.receiving.scan_parcel(Scan(f"RMA-9{n:05d}"))
    assert station.holds.count() == 30
    assert statements(station, station.holds.count) == 1
    assert statements(station, station.quarantine.count) == 1
    assert statements(station, station.holds.shelf) == 2  # parcels, items: not one per parcel


def test_each_hold_action_on_the_database(station: Any) -> None:
    unknown = [station.receiving.scan_parcel(Scan(f"ORD-77777{n}")).parcel.parcel_id for n in range(4)]
    match = station.holds.resolve(f"#{unknown[0]}", HoldAction.MATCH, "slip inside", "RMA-100002")
    accept = station.holds.resolve(f"#{unknown[1]}", HoldAction.ACCEPT, "known customer")
    refuse = station.holds.resolve(f"#{unknown[2]}", HoldAction.REFUSE, "not ours")
    scrap = station.holds.resolve(f"#{unknown[3]}", HoldAction.SCRAP, "leaking")
    assert match.rma_number == "RMA-100002" and accept.rma_number == f"ADHOC-H{unknown[1]:06d}"
    with station.session_factory() as s:
        statuses = [s.get(ParcelRow, pid).status for pid in unknown]  # type: ignore[union-attr]
        open_left = s.scalar(
            select(func.count()).select_from(DiscrepancyRow).where(DiscrepancyRow.status == "open")
        )
        job = s.scalar(select(PrintJobRow).where(PrintJobRow.job_id == refuse.label_job))
    assert statuses == ["open", "open", "returned", "disposed"] and open_left == 0
    assert job is not None and job.fields["disposition"] == "RETURN TO SENDER"
    assert scrap.label_job is None and count(station, HoldResolutionRow) == 4
    assert station.holds.count() == 0

    # the accepted parcel is received at the bench: every item scanned adds to its unauthorised RMA
    again = station.receiving.scan_parcel(Scan("ORD-777771"))
    assert "released to ADHOC" in again.message
    assert station.receiving.scan_item(unknown[1], Scan("KTL-01")).problem is None
    assert station.receiving.finish_parcel(unknown[1]).problem is None
    [pending] = [p for p in station.inspection.pending() if p.rma_number.startswith("ADHOC-")]
    assert pending.sku == "KTL-01"


def test_a_refused_hold_action_writes_nothing(station: Any) -> None:
    pid = station.receiving.scan_parcel(Scan("ORD-888888")).parcel.parcel_id
    before = (count(station, EventRow), count(station, HoldResolutionRow))
    with pytest.raises(HoldRefused, match="No RMA matches RMA-424242"):
        station.holds.resolve(f"#{pid}", HoldAction.MATCH, "slip", "RMA-424242")
    station.ctx.sign_in(_Person("carl", Role.CLERK))
    with pytest.raises(Exception, match="Working the hold shelf needs a supervisor"):
        station.holds.resolve(f"#{pid}", HoldAction.SCRAP, "leaking")
    assert (count(station, EventRow), count(station, HoldResolutionRow)) == before
    assert station.holds.count() == 1


class _Person:
    def __init__(self, name: str, role: Role) -> None:
        self.id = None
        self.name = name
        self.role = role


@pytest.mark.parametrize("rounds", [5])
def test_two_supervisors_resolving_the_same_hold_exactly_one_wins(
    station: Any, db_url: str, rounds: int
) -> None:
    engines = [make_engine(db_url) for _ in range(2)]
    services = [
        HoldService(make_session_factory(e), StationContext(f"bench-{n}", name, Role.SUPERVISOR))
        for n, (e, name) in enumerate(zip(engines, ("sam", "lee"), strict=True), start=1)
    ]
    pool = ThreadPoolExecutor(max_workers=2)
    try:
        for r in range(rounds):
            pid = station.receiving.scan_parcel(Scan(f"ORD-55555{r}")).parcel.parcel_id
            barrier = threading.Barrier(2)

            def run(
                svc: HoldService, action: HoldAction, pid: int = pid, b: threading.Barrier = barrier
            ) -> object:
                b.wait()
                try:
                    return svc.resolve(f"#{pid}", action, "race")
                except HoldRefused as exc:
                    return exc

            fa = pool.submit(run, services[0], HoldAction.SCRAP)
            fb = pool.submit(run, services[1], HoldAction.REFUSE)
            results = [fa.result(timeout=60), fb.result(timeout=60)]
            won = [x for x in results if isinstance(x, HoldOutcome)]
            lost = [x for x in results if isinstance(x, HoldRefused)]
            assert len(won) == 1 and len(lost) == 1, results
            winner = "sam" if isinstance(results[0], HoldOutcome) else "lee"
            assert f"by {winner} at bench-" in str(lost[0])
            with station.session_factory() as s:
                n = s.scalar(
                    select(func.count())
                    .select_from(HoldResolutionRow)
                    .where(HoldResolutionRow.parcel_id == pid)
                )
                resolved = s.scalar(
                    select(func.count())
                    .select_from(EventRow)
                    .where(EventRow.type == "hold_resolved", EventRow.subject_id == pid)
                )
            assert n == 1 and resolved == 1
    finally:
        pool.shutdown()
        for e in engines:
            e.dispose()


def test_quarantine_and_a_concern_hold_the_credit_until_both_are_settled(station: Any) -> None:
    receive_all(station, "RMA-100001", ["HP-BT200", "CBL-USBC-1M", "CBL-USBC-1M"])
    items = {p.sku: p.item_id for p in station.inspection.pending() if p.rma_number == "RMA-100001"}
    serial = best_answers(station, items["HP-BT200"]) | {"serial_match": "mismatch"}
    assert station.inspection.decide(items["HP-BT200"], serial).decision.disposition is Disposition.QUARANTINE
    concern = station.concerns.raise_concern(
        "empty_box", "light box", parcel_id=_parcel_of(station, items["HP-BT200"])
    )
    for item in station.inspection.pending():
        if item.rma_number == "RMA-100001":
            station.inspection.decide(item.item_id, best_answers(station, item.item_id))
    assert events_of(station, "credit_triggered") == []
    held = events_of(station, "credit_held")
    assert held and held[-1].payload["reasons"] == [
        "1 item(s) in quarantine waiting for a final disposition",
        "1 concern(s) open, waiting for a supervisor",
    ]
    [queued] = station.quarantine.queue()
    assert queued.rule_id == "serial-mismatch" and dict(queued.answers)["serial_match"] == "mismatch"

    released = station.quarantine.release(items["HP-BT200"], Disposition.RESTOCK, "serial was misprinted")
    assert released.destination == "RESTOCK-A1" and not released.credit_triggered
    assert [e.payload["item_code"] for e in events_of(station, "inventory_moved")].count(
        released.item_code
    ) == 1
    station.concerns.clear(concern.concern_id, "weighed right, box was just light")
    [credit] = events_of(station, "credit_triggered")
    assert credit.payload["concerns"] == [] and credit.payload["unauthorised"] is False
    assert {i["disposition"] for ln in credit.payload["lines"] for i in ln["items"]} >= {"restock"}
    with station.session_factory() as s:
        row = s.get(ConcernRow, concern.concern_id)
        assert row is not None and (row.status, row.decided_by) == ("cleared", "ana")


def _parcel_of(station: Any, item_id: int) -> int:
    from returnstation.store.models import ItemRow

    with station.session_factory() as s:
        item = s.get(ItemRow, item_id)
        assert item is not None
        return item.parcel_id


def test_new_events_are_public_with_their_documented_data(station: Any) -> None:
    pid = station.receiving.scan_parcel(Scan("RMA-999999")).parcel.parcel_id
    station.holds.resolve(f"#{pid}", HoldAction.RECYCLE, "empty box")
    receive_all(station, "RMA-100001", ["HP-BT200", "CBL-USBC-1M", "CBL-USBC-1M"])
    items = {p.sku: p.item_id for p in station.inspection.pending() if p.rma_number == "RMA-100001"}
    serial = best_answers(station, items["HP-BT200"]) | {"serial_match": "mismatch"}
    station.inspection.decide(items["HP-BT200"], serial)
    concern = station.concerns.raise_concern("swapped_serial", "serial scratched", item_id=items["HP-BT200"])
    station.concerns.confirm(concern.concern_id, "serial belongs to another order")
    for item in station.inspection.pending():
        station.inspection.decide(item.item_id, best_answers(station, item.item_id))
    station.quarantine.release(items["HP-BT200"], Disposition.RETURN_TO_VENDOR, "vendor checks it")
    with station.session_factory() as s:
        rows = list(s.scalars(select(EventRow).order_by(EventRow.id)))
        public = {p["type"]: p["data"] for p in (to_public(s, e, INSTANCE) for e in rows) if p is not None}
    assert public["parcel.held"] == {
        "hold": f"#{pid}",
        "parcel_id": pid,
        "kind": "no_rma",
        "scanned_code": "RMA-999999",
        "rma_number": None,
        "order_number": None,
    }
    assert public["hold.resolved"]["action"] == "recycle" and public["hold.resolved"]["status"] == "disposed"
    assert public["item.quarantined"]["sku"] == "HP-BT200"
    assert public["quarantine.resolved"]["disposition"] == "return_to_vendor"
    assert public["concern.raised"]["reason_code"] == "swapped_serial"
    assert "serial scratched" not in repr(public["concern.raised"])  # the clerk's note stays here
    assert public["concern.confirmed"]["finding"] == "serial belongs to another order"
    assert public["discrepancy.resolved"]["kind"] == "no_rma"
    assert public["rma.credit_held"]["reasons"] == ["1 item(s) in quarantine waiting for a final disposition"]
    finding = public["rma.credit_triggered"]["concerns"]
    assert [(c["reason_code"], c["finding"]) for c in finding] == [
        ("swapped_serial", "serial belongs to another order")
    ]
    assert ParcelStatus.DISPOSED.value == public["hold.resolved"]["status"]


def test_discrepancies_are_resolved_or_written_off_once_and_the_report_counts_them(station: Any) -> None:
    pid = receive_all(station, "RMA-100001", ["HP-BT200"])  # one cable short: a short_quantity
    receive_all(station, "RMA-100002", ["TSH-BLU-M", "JNS-32-34"])  # complete...
    station.receiving.scan_parcel(Scan("RMA-100002"))  # ...then scanned twice: already_received
    held = station.receiving.scan_parcel(Scan("RMA-999999")).parcel.parcel_id
    assert pid
    kinds = [d.kind for d in station.discrepancies.open_by_age()]
    assert kinds == ["short_quantity", "already_received", "no_rma"]
    short, twice, _ = station.discrepancies.open_by_age()
    station.discrepancies.resolve(short.discrepancy_id, "customer sends the cable separately")
    station.discrepancies.write_off(twice.discrepancy_id, "label scanned twice by mistake")
    with pytest.raises(Exception, match="already written off by ana"):
        station.discrepancies.resolve(twice.discrepancy_id, "again")
    station.holds.resolve(f"#{held}", HoldAction.REFUSE, "not ours")
    day = date(2026, 11, 23)  # the fixed clock of the station fixture
    counts = station.reports.discrepancy_counts(day, day)
    assert (counts.opened, counts.resolved, counts.written_off, counts.open_now) == (3, 2, 1, 0)
    with station.session_factory() as s:
        row = s.get(DiscrepancyRow, twice.discrepancy_id)
    assert row is not None and (row.status, row.resolved, row.resolved_by) == ("written_off", True, "ana")
    assert row.resolution == "label scanned twice by mistake"


def test_the_report_command_counts_discrepancies_and_lists_the_open_ones_by_age(
    station: Any,
    db_url: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    from returnstation.cli import main

    station.receiving.scan_parcel(Scan("RMA-999999"))
    receive_all(station, "RMA-100001", ["HP-BT200"])  # one cable short
    unknown, short = station.discrepancies.open_by_age()
    station.discrepancies.write_off(short.discrepancy_id, "customer kept the cable")
    for key, value in {
        "RETURNSTATION_DATABASE_URL": db_url,
        "RETURNSTATION_DATA_DIR": str(tmp_path / "cli"),
        "RETURNSTATION_CONFIG": str(tmp_path / "no-config.toml"),
        "RETURNSTATION_DEMO_DATA": "0",
    }.items():
        monkeypatch.setenv(key, value)
    code = main(
        [
            "--db",
            db_url,
            "report",
            "--from",
            "2026-11-23",
            "--to",
            "2026-11-23",
            "--out",
            str(tmp_path / "r.pdf"),
        ]
    )
    out = capsys.readouterr().out
    assert code == 0
    assert "Discrepancies 2026-11-23 to 2026-11-23: 2 opened, 0 resolved, 1 written off; 1 open now" in out
    assert f"open #{unknown.discrepancy_id}" in out and f"open #{short.discrepancy_id} " not in out


def test_a_customer_search_takes_percent_and_underscore_literally(station: Any) -> None:
    """A slip reading "a_b@shop" must not match "axb@shop" (LIKE wildcards are escaped)."""
    from returnstation.store.models import RmaRow
    from returnstation.store.uow import UnitOfWork

    now = datetime(2026, 11, 1)
    with UnitOfWork(station.session_factory) as uow:
        for number, customer in (("RMA-880001", "axb@shop.example"), ("RMA-880002", "a_b@shop.example"),
                                 ("RMA-880003", "Ten % Off Ltd")):  # fmt: skip
            row = RmaRow(rma_number=number, order_number=f"SO-{number}", customer=customer, status="open",
                         authorized_at=now, created_at=now)  # fmt: skip
            uow.session.add(row)
        uow.commit()
    with UnitOfWork(station.session_factory) as uow:
        assert [r.rma_number for r in uow.holds.search_rmas("a_b@shop")] == ["RMA-880002"]
        assert [r.rma_number for r in uow.holds.search_rmas("n % o")] == ["RMA-880003"]
        assert uow.holds.search_rmas("x%b") == []
