"""Exception work on the in-memory unit of work: the hold shelf, concerns, quarantine and the credit wait.

tests/db/test_db_exceptions.py runs the same services on SQLite and PostgreSQL (row locks, two
supervisors at once, the migration, the public events); here each rule is one fast case.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime

import pytest
from fakes import FakeStore

from returnstation.domain.enums import (
    ConcernStatus,
    Discrepancy,
    Disposition,
    HoldAction,
    ItemStatus,
    ParcelStatus,
    RmaStatus,
)
from returnstation.domain.holds import HoldRef, age_text, parse_hold_ref
from returnstation.domain.roles import PermissionRefused, Role
from returnstation.domain.scan import Scan
from returnstation.services.concerns import ConcernRefused, ConcernService
from returnstation.services.holds import HoldRefused, HoldService
from returnstation.services.quarantine import QuarantineRefused, QuarantineService
from returnstation.services.receiving import ReceivingService
from returnstation.services.results import Level, StationContext
from returnstation.store.models import InspectionRow

NOW = datetime(2026, 11, 23, 9, 0)
LATER = datetime(2026, 11, 23, 11, 30)


@pytest.fixture
def store() -> FakeStore:
    s = FakeStore()
    s.add_rma("RMA-100001", ("HP-BT200", 1, "electronics"), order="SO-500101", customer="Dana Smith")
    s.add_rma("RMA-100002", ("MUG-CER-01", 1, "general"), order="SO-500102", customer="Dana Smith")
    return s


def ctx(role: Role = Role.SUPERVISOR, user: str = "sam") -> StationContext:
    return StationContext("bench-7", user, role)


def receiving(store: FakeStore) -> ReceivingService:
    return ReceivingService(None, ctx(Role.CLERK, "ana"), clock=lambda: NOW, uow_factory=store.uow)


def holds(store: FakeStore, role: Role = Role.SUPERVISOR, user: str = "sam") -> HoldService:
    return HoldService(None, ctx(role, user), clock=lambda: LATER, uow_factory=store.uow)


def scan(text: str, second: int = 0) -> Scan:
    return Scan(text, timestamp=datetime(2026, 11, 23, 9, 0, second, tzinfo=UTC))


def hold_unknown(store: FakeStore, code: str = "RMA-999999") -> int:
    fb = receiving(store).scan_parcel(scan(code))
    assert fb.problem is Discrepancy.NO_RMA and fb.parcel is not None
    return fb.parcel.parcel_id


def test_hold_refs_and_ages_read_as_people_write_them() -> None:
    assert parse_hold_ref("#5") == parse_hold_ref("HOLD-5") == parse_hold_ref(" h5 ") == HoldRef(parcel_id=5)
    assert parse_hold_ref("rsi-000004") == HoldRef(item_id=4)
    assert parse_hold_ref("#0") is None and parse_hold_ref("parcel") is None
    assert age_text(NOW, LATER) == "2 h 30 min"
    assert age_text(NOW, datetime(2026, 11, 25, 13, 0)) == "2 d 4 h"


def test_a_hold_ref_with_digits_from_another_script_is_not_one() -> None:
    """ "²" and "٥" pass str.isdigit; int("²") raised ValueError where the shelf expects None."""
    assert parse_hold_ref("#²") is None and parse_hold_ref("HOLD-٥") is None


def test_the_shelf_lists_held_parcels_and_items_and_its_count_agrees(store: FakeStore) -> None:
    hold_unknown(store)
    svc = receiving(store)
    parcel = svc.scan_parcel(scan("RMA-100001", 1)).parcel
    assert parcel is not None
    wrong = svc.scan_item(parcel.parcel_id, scan("MUG-CER-01", 2), offer_other_rmas=False)  # not in this box
    assert wrong.item_id is not None and wrong.problem is Discrepancy.WRONG_ITEM

    shelf = holds(store).shelf()
    assert [(v.ref, v.kind) for v in shelf] == [("#1", "no_rma"), ("RSI-000001", "wrong_item")]
    assert shelf[0].age == "2 h 30 min" and shelf[0].why == "No RMA found for rma RMA-999999"
    assert holds(store).count() == len(shelf) == 2


def test_the_same_held_label_scanned_again_says_where_it_is(store: FakeStore) -> None:
    hold_id = hold_unknown(store)
    svc = ReceivingService(None, ctx(Role.CLERK, "ana"), clock=lambda: LATER, uow_factory=store.uow)
    fb = svc.scan_parcel(scan("RMA-999999", 30))
    assert fb.level is Level.WARNING
    assert f"hold #{hold_id}, on the shelf for 2 h 30 min" in fb.message
    assert len(store.parcels) == 1


def test_matching_a_held_parcel_lets_the_bench_receive_it(store: FakeStore) -> None:
    hold_id = hold_unknown(store)
    out = holds(store).resolve(f"#{hold_id}", HoldAction.MATCH, "label torn, slip inside", "SO-500101")
    assert out.rma_number == "RMA-100001" and "matched to RMA-100001" in out.message
    parcel = store.parcels[0]
    assert parcel.status == ParcelStatus.OPEN.value and parcel.rma_id == store.rmas[0].id
    [d] = store.discrepancies
    assert (d.status, d.resolved, d.resolved_by) == ("resolved", True, "sam")
    assert [e.type for e in store.events][-2:] == ["discrepancy_resolved", "hold_resolved"]
    assert holds(store).count() == 0

    svc = receiving(store)  # the box's own label now opens the matched receipt
    again = svc.scan_parcel(scan("RMA-999999", 40))
    assert again.level is Level.SUCCESS and "released to RMA-100001" in again.message
    ok = svc.scan_item(hold_id, scan("HP-BT200", 41))
    assert ok.level is Level.SUCCESS


def test_a_hold_resolved_once_is_refused_the_second_time_with_who_did_it(store: FakeStore) -> None:
    hold_id = hold_unknown(store)
    holds(store, user="sam").resolve(hold_id and f"#{hold_id}", HoldAction.SCRAP, "soaked, smells")
    events = len(store.events)
    with pytest.raises(HoldRefused, match=r"already scrapped by sam at bench-7"):
        holds(store, user="lee").resolve(f"#{hold_id}", HoldAction.REFUSE, "send it back")
    assert len(store.events) == events and len(store.hold_resolutions) == 1


@pytest.mark.parametrize(
    ("role", "reason", "rma", "error"),
    [
        (Role.SUPERVISOR, "  ", None, HoldRefused),
        (Role.INSPECTOR, "wrong box", None, PermissionRefused),
        (Role.SUPERVISOR, "slip", "RMA-424242", HoldRefused),
    ],
)
def test_a_refused_hold_action_writes_nothing(
    store: FakeStore, role: Role, reason: str, rma: str | None, error: type[Exception]
) -> None:
    hold_id = hold_unknown(store)
    before = (len(store.events), len(store.rmas), store.commits)
    action = HoldAction.MATCH if rma else HoldAction.ACCEPT
    with pytest.raises(error):
        holds(store, role).resolve(f"#{hold_id}", action, reason, rma)
    assert (len(store.events), len(store.rmas), store.commits) == before
    assert store.parcels[0].status == ParcelStatus.HELD.value


def test_accepting_without_rma_makes_an_unauthorised_rma_that_takes_what_is_scanned(store: FakeStore) -> None:
    hold_id = hold_unknown(store)
    out = holds(store).resolve(f"#{hold_id}", HoldAction.ACCEPT, "regular customer, no paperwork")
    adhoc = store.rmas[-1]
    assert out.rma_number == adhoc.rma_number == "ADHOC-H000001" and adhoc.unauthorised
    svc = receiving(store)
    first = svc.scan_item(hold_id, scan("KTL-01", 1))
    second = svc.scan_item(hold_id, scan("KTL-01", 2))
    assert first.level is second.level is Level.SUCCESS
    assert [(ln.sku, ln.quantity) for ln in adhoc.lines] == [("KTL-01", 2)]
    done = svc.finish_parcel(hold_id)
    assert done.level is Level.SUCCESS and adhoc.status == RmaStatus.RECEIVED.value


def test_refusing_queues_a_return_to_sender_label_with_the_customer(store: FakeStore) -> None:
    store.add_rma(
        "RMA-100006", ("LAMP-01", 1, "general"), customer="Lee Park", expires_at=datetime(2026, 11, 1)
    )
    fb = receiving(store).scan_parcel(scan("RMA-100006"))
    assert fb.problem is Discrepancy.RMA_EXPIRED and fb.parcel is not None
    out = holds(store).resolve(f"#{fb.parcel.parcel_id}", HoldAction.REFUSE, "expired a month ago")
    [job] = store.print_jobs
    assert out.label_job == job.job_id
    assert (
        job.fields["disposition"] == "RETURN TO SENDER" and job.fields["description"] == "Customer: Lee Park"
    )
    assert store.parcels[0].status == ParcelStatus.RETURNED.value


def test_a_held_item_is_matched_to_the_rma_it_belongs_to_or_disposed(store: FakeStore) -> None:
    svc = receiving(store)
    parcel = svc.scan_parcel(scan("RMA-100001")).parcel
    assert parcel is not None
    mug = svc.scan_item(parcel.parcel_id, scan("MUG-CER-01", 1), offer_other_rmas=False).item_id
    extra = svc.scan_item(parcel.parcel_id, scan("HP-BT200", 2)).item_id
    svc.scan_item(parcel.parcel_id, scan("HP-BT200", 3))  # one too many
    assert mug is not None and extra is not None

    out = holds(store).resolve(f"RSI-{mug:06d}", HoldAction.MATCH, "two RMAs in one box", "RMA-100002")
    item = next(i for i in store.items if i.id == mug)
    assert out.rma_number == "RMA-100002" and item.status == ItemStatus.RECEIVED.value
    assert item.rma_line_id == store.rmas[1].lines[0].id

    over = next(i for i in store.items if i.status == ItemStatus.HELD.value)
    holds(store).resolve(f"RSI-{over.id:06d}", HoldAction.RECYCLE, "second unit was broken")
    assert over.status == ItemStatus.DISPOSED.value and over.rma_line_id is None
    assert holds(store).count() == 0
    assert store.parcels and store.parcels[0].status == ParcelStatus.OPEN.value


def concerns(store: FakeStore, role: Role = Role.CLERK) -> ConcernService:
    return ConcernService(
        None, ctx(role), {"empty_box": "Box arrived empty"}, clock=lambda: NOW, uow_factory=store.uow
    )


def test_a_clerk_raises_a_concern_and_only_a_supervisor_decides_it_once(store: FakeStore) -> None:
    parcel = receiving(store).scan_parcel(scan("RMA-100001")).parcel
    assert parcel is not None
    with pytest.raises(ConcernRefused, match="'swapped' is not a concern reason"):
        concerns(store).raise_concern("swapped", parcel_id=parcel.parcel_id)
    raised = concerns(store).raise_concern("empty_box", "taped twice", parcel_id=parcel.parcel_id)
    assert (raised.rma_number, raised.customer, raised.status) == ("RMA-100001", "Dana Smith", "open")
    with pytest.raises(PermissionRefused):
        concerns(store, Role.INSPECTOR).clear(raised.concern_id, "fine")
    decided = concerns(store, Role.SUPERVISOR).confirm(raised.concern_id, "weighed 80 g: empty")
    assert decided.status == ConcernStatus.CONFIRMED.value and decided.finding == "weighed 80 g: empty"
    with pytest.raises(ConcernRefused, match="already confirmed by sam"):
        concerns(store, Role.SUPERVISOR).clear(raised.concern_id, "changed my mind")
    history = concerns(store).history("Dana Smith")
    assert (history.returns, history.concerns_raised, history.concerns_confirmed) == (2, 1, 1)


def decided(store: FakeStore, item_id: int, disposition: Disposition) -> None:
    """What ``decide`` leaves behind (its own recording needs the database: tests/db)."""
    store.inspections.append(
        InspectionRow(
            id=store.next_id("inspections"),
            item_id=item_id,
            checklist="general",
            answers={"seal": "broken"},
            grade="C",
            grade_because="",
            disposition=disposition.value,
            destination=disposition.value.upper(),
            rule_id="unclear-serial",
            rule_reason="Serial unreadable: a supervisor decides",
            rules_version="v1",
            inspector="ana",
            station="bench-7",
            started_at=NOW,
            decided_at=NOW,
            overridden=False,
        )
    )
    next(i for i in store.items if i.id == item_id).status = ItemStatus.DISPOSITIONED.value


def test_credit_waits_for_quarantine_and_concerns_and_carries_the_finding(store: FakeStore) -> None:
    svc = receiving(store)
    parcel = svc.scan_parcel(scan("RMA-100001")).parcel
    assert parcel is not None
    item_id = svc.scan_item(parcel.parcel_id, scan("HP-BT200", 1)).item_id
    svc.finish_parcel(parcel.parcel_id)
    assert item_id is not None
    decided(store, item_id, Disposition.QUARANTINE)
    raised = concerns(store).raise_concern("empty_box", item_id=item_id)
    [held] = store.of_type("credit_held")
    assert held.payload["reasons"] == [
        "1 item(s) in quarantine waiting for a final disposition",
        "1 concern(s) open, waiting for a supervisor",
    ]
    assert held.payload["quarantined"] == [f"RSI-{item_id:06d}"]

    quarantine = QuarantineService(None, ctx(), clock=lambda: LATER, uow_factory=store.uow)
    assert [q.rule_id for q in quarantine.queue()] == ["unclear-serial"] and quarantine.count() == 1
    with pytest.raises(QuarantineRefused):
        quarantine.release(item_id, Disposition.QUARANTINE, "still unsure")
    released = quarantine.release(item_id, Disposition.REFURBISH, "serial readable under UV")
    assert released.destination == "REFURB-REPAIR" and not released.credit_triggered
    assert [e.payload["reasons"] for e in store.of_type("credit_held")][-1] == [
        "1 concern(s) open, waiting for a supervisor"
    ]
    assert store.of_type("inventory_moved") and store.print_jobs[-1].fields["disposition"] == "REFURBISH"
    assert quarantine.count() == 0

    concerns(store, Role.SUPERVISOR).confirm(raised.concern_id, "battery missing")
    [credit] = store.of_type("credit_triggered")
    assert credit.payload["concerns"] == [
        {
            "concern_id": raised.concern_id,
            "reason_code": "empty_box",
            "item_code": f"RSI-{item_id:06d}",
            "finding": "battery missing",
        }
    ]
    assert credit.payload["unauthorised"] is False
    with pytest.raises(QuarantineRefused, match="is not in quarantine"):
        quarantine.release(item_id, Disposition.SCRAP, "again")


def test_a_parcel_is_matched_by_the_customers_name_when_no_label_is_readable(store: FakeStore) -> None:
    store.add_rma("RMA-100009", ("LAMP-01", 1, "general"), customer="Lee Park <lee@example.com>")
    hold_id = hold_unknown(store)
    several = re.escape("several open RMAs: RMA-100002 (Dana Smith), RMA-100001 (Dana Smith)")
    with pytest.raises(HoldRefused, match=several):
        holds(store).resolve(f"#{hold_id}", HoldAction.MATCH, "name on the slip", "dana")
    out = holds(store).resolve(f"#{hold_id}", HoldAction.MATCH, "e-mail on the slip", "LEE@example")
    assert out.rma_number == "RMA-100009"
