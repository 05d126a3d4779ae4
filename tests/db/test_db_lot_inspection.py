"""Lot inspection on a real database: a sample decides every identical unit, with one tote label; a
failed sample decides nothing and sends the lot to single inspection; the service checks who may."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import func, select

from returnstation.disposition.lot_sampling import SampleVerdict
from returnstation.domain.context import SignedIn
from returnstation.domain.roles import PermissionRefused, Role
from returnstation.domain.scan import Scan
from returnstation.services.lot_inspection import LotDecided, LotFailed, LotRefused, SampleResult
from returnstation.store.models import EventRow, InspectionRow, PrintJobRow

HEADER = (
    "rma_number,order_number,customer,authorized_at,line_no,sku,description,category,quantity,"
    "unit_value,reason_code\n"
)
SEALED = {"packaging": "sealed", "accessories": "complete", "cosmetic": "as_new", "function": "not_tested"}


def lot_on_rma(station, tmp_path: Path, number: str, units: int) -> list[int]:  # type: ignore[no-untyped-def]
    """``units`` sealed kettles received on one RMA; their item ids, oldest first."""
    csv = HEADER + f"{number},SO-1,Ada,2026-11-01,1,KTL-01,Kettle,general,{units},25.00,no_longer_wanted\n"
    (tmp_path / f"{number}.csv").write_text(csv, encoding="utf-8")
    assert station.imports.import_file(tmp_path / f"{number}.csv").ok
    pid = station.receiving.scan_parcel(Scan(number)).parcel.parcel_id
    for _ in range(units):
        assert station.receiving.scan_item(pid, Scan("KTL-01")).problem is None
    station.receiving.finish_parcel(pid)
    return [p.item_id for p in station.inspection.pending() if p.rma_number == number]


def sample(station, item_id: int, **answers: str) -> SampleResult:  # type: ignore[no-untyped-def]
    return SampleResult(item_id, {**SEALED, **answers}, {}, station.inspection.now())


def count(station, model, *where) -> int:  # type: ignore[no-untyped-def]
    with station.session_factory() as s:
        return int(s.scalar(select(func.count()).select_from(model).where(*where)) or 0)


def test_a_passing_sample_decides_every_unit_with_one_tote_label(station, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    units = lot_on_rma(station, tmp_path, "RMA-750001", 10)
    plan = station.lots.plan(units[0])
    assert plan.size == 10 and plan.lot_code == f"LOT-{units[0]:06d}"
    assert len(plan.sample) == 3  # ISO 2859-1 level II: a lot of 9 to 15 -> 3 samples
    assert plan.sample[0] == units[0]
    labels_before = count(station, PrintJobRow)

    result = station.lots.decide(plan, [sample(station, i) for i in plan.sample])

    assert isinstance(result, LotDecided)
    assert len(result.units) == 10 and result.left == ()
    assert result.decided.decision.disposition.value == "restock"
    assert result.decided.item.item_code == plan.lot_code
    assert result.decided.item.description.startswith("10 x ")
    assert [p for p in station.inspection.pending() if p.rma_number == "RMA-750001"] == []
    assert count(station, InspectionRow, InspectionRow.item_id.in_(units)) == 10
    assert count(station, PrintJobRow) == labels_before + 1  # one tote label, not ten routing labels
    assert result.decided.label_job_id is not None
    job = station.printing.run(result.decided.label_job_id)
    assert job.status == "printed", job.message
    with station.session_factory() as s:
        fields = s.scalars(select(PrintJobRow.fields).where(PrintJobRow.job_id == job.job_id)).one()
        assert (fields["item_code"], fields["description"]) == (plan.lot_code, "10 x Kettle")
        assert fields["destination"] == result.decided.decision.destination
    with station.session_factory() as s:
        unit_events = s.scalars(
            select(EventRow).where(EventRow.type == "item_dispositioned", EventRow.subject_id.in_(units))
        ).all()
        assert len(unit_events) == 10
        assert {e.payload["lot_inspection"]["lot"] for e in unit_events} == {plan.lot_code}
        assert sum(e.payload["lot_inspection"]["sampled"] for e in unit_events) == 3
        [lot_event] = s.scalars(select(EventRow).where(EventRow.type == "lot_decided")).all()
        assert lot_event.payload["decided"] == [f"RSI-{i:06d}" for i in units]
        assert lot_event.payload["sample_size"] == 3 and lot_event.user == "ana"
    # the report counts ten items, not one lot
    summary = station.reports.summary(date(2020, 1, 1), date(2030, 12, 31))
    assert summary.total_items >= 10
    assert {g.key: g.count for g in summary.by_disposition}["restock"] >= 10


def test_a_failed_sample_decides_nothing_and_sends_the_lot_to_single_inspection(
    station, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    units = lot_on_rma(station, tmp_path, "RMA-750002", 6)
    plan = station.lots.plan(units[0])
    assert len(plan.sample) == 2  # a lot of 2 to 8 -> 2 samples
    good, opened = sample(station, plan.sample[0]), sample(station, plan.sample[1], packaging="opened")

    result = station.lots.decide(plan, [good, opened])

    assert isinstance(result, LotFailed)
    # an opened box no longer lowers the product grade (two grades): the lot's required answer fails it
    assert result.item_id == plan.sample[1] and result.judgement.verdict is SampleVerdict.ANSWER
    waiting = [p.item_id for p in station.inspection.pending() if p.rma_number == "RMA-750002"]
    assert waiting == units  # every unit waits for single inspection
    assert count(station, InspectionRow, InspectionRow.item_id.in_(units)) == 0
    with station.session_factory() as s:
        [event] = s.scalars(select(EventRow).where(EventRow.type == "lot_failed")).all()
        assert event.payload["failed_item"] == plan.sample[1] and event.payload["verdict"] == "answer"
    # the units are inspected one by one as before
    decided = station.inspection.decide(units[1], {**SEALED, "packaging": "opened"})
    assert (decided.grade.grade, decided.grade.packaging) == ("A", "opened_intact")


def test_a_unit_decided_elsewhere_meanwhile_is_left_out_of_the_lot(station, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    units = lot_on_rma(station, tmp_path, "RMA-750003", 5)
    plan = station.lots.plan(units[0])
    station.inspection.decide(units[-1], SEALED)  # another bench took the last unit
    result = station.lots.decide(plan, [sample(station, i) for i in plan.sample])
    assert isinstance(result, LotDecided)
    assert result.left == (f"RSI-{units[-1]:06d}",) and len(result.units) == 4


def test_every_sample_is_needed_and_small_lots_are_refused(station, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    units = lot_on_rma(station, tmp_path, "RMA-750004", 5)
    plan = station.lots.plan(units[0])
    with pytest.raises(LotRefused, match="inspect every sample first"):
        station.lots.decide(plan, [sample(station, plan.sample[0])])
    assert count(station, InspectionRow, InspectionRow.item_id.in_(units)) == 0
    small = lot_on_rma(station, tmp_path, "RMA-750005", 2)
    with pytest.raises(LotRefused, match="a lot needs at least 4: inspect them one by one"):
        station.lots.plan(small[0])


def test_only_a_supervisor_may_inspect_a_lot(station, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    units = lot_on_rma(station, tmp_path, "RMA-750006", 4)
    station.ctx.sign_in(SignedIn(None, "ivo", Role.INSPECTOR))
    with pytest.raises(PermissionRefused):
        station.lots.plan(units[0])
    station.ctx.sign_in(SignedIn(None, "sue", Role.SUPERVISOR))
    assert station.lots.plan(units[0]).size == 4
