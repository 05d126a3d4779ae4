"""Inspection rules on the in-memory unit of work: the queue, drafts and every refusal of ``decide``.

Recording a decision (the inspection row, the routing label, the integration hooks) and the row lock
between two inspectors stay with tests/db/test_db_inspection*.py and test_db_concurrency.py.
"""

from __future__ import annotations

from datetime import datetime

import pytest
from fakes import FakeStore
from service_helpers import NOW, receive

from returnstation.disposition.checklist import ChecklistSet, default_checklists_dir, load_checklists
from returnstation.disposition.reasons import load_reasons
from returnstation.disposition.rules import RuleSet, default_rules_path, load_rules
from returnstation.domain.enums import Disposition, ItemStatus
from returnstation.domain.scan import Scan
from returnstation.services.inspection import (
    InspectionService,
    ItemNotPending,
    OverrideNotAllowed,
    OverrideRequest,
    PendingItem,
    PinRefused,
    item_code,
)
from returnstation.services.photos import PhotosMissing
from returnstation.services.results import StationContext
from returnstation.services.users import hash_pin
from returnstation.store.models import InspectionRow
from returnstation.store.models_photos import InspectionPhotoRow

SUPERVISOR_PIN = "246810"


@pytest.fixture(scope="module")
def checklists() -> ChecklistSet:
    return load_checklists(default_checklists_dir())


@pytest.fixture(scope="module")
def rules(checklists: ChecklistSet) -> RuleSet:
    return load_rules(default_rules_path(), checklists=checklists, reasons=load_reasons())


@pytest.fixture(scope="module")
def pin_hash() -> str:
    return hash_pin(SUPERVISOR_PIN)  # scrypt: once per module


@pytest.fixture
def store(pin_hash: str) -> FakeStore:
    s = FakeStore()
    s.add_rma("RMA-100003", ("LAP-14-PRO", 2, "electronics"), ("KB-MX-US", 1, "electronics"))
    s.add_rma("RMA-100004", ("KB-MX-US", 1, "electronics"))
    s.add_user("Sam Stone", "SUP-1", "supervisor", pin_hash)
    s.add_user("Ivy Lane", "INS-1", "inspector", pin_hash)
    return s


def inspection(
    store: FakeStore, checklists: ChecklistSet, rules: RuleSet, *, photos: bool = False
) -> InspectionService:
    return InspectionService(
        None,
        StationContext("bench-3", "ivo"),
        checklists,
        rules,
        clock=lambda: NOW,
        require_photos=photos,
        uow_factory=store.uow,
    )


def best_answers(svc: InspectionService, item_id: int) -> dict[str, str]:
    return {c.id: c.answers[0].value for c in svc.form(item_id).checklist.checks if not c.is_capture}


def record_decision(store: FakeStore, item_id: int, station: str, inspector: str) -> None:
    """What a decision at another bench leaves behind (the recording itself is a database test)."""
    store.inspections.append(
        InspectionRow(
            id=1,
            item_id=item_id,
            disposition="refurbish",
            destination="REFURB-REPAIR",
            station=station,
            inspector=inspector,
            decided_at=datetime(2026, 11, 23, 9, 5),
        )
    )
    item = next(it for it in store.items if it.id == item_id)
    item.status = ItemStatus.DISPOSITIONED.value


def test_the_queue_holds_received_items_of_finished_parcels_oldest_first(
    store: FakeStore, checklists: ChecklistSet, rules: RuleSet
) -> None:
    laptop, wrong = receive(store, "LAP-14-PRO", "MOUSE-1")  # the mouse is not on the RMA: held
    [unfinished] = receive(store, "KB-MX-US", rma="RMA-100004", finish=False)
    svc = inspection(store, checklists, rules)
    assert [p.item_id for p in svc.pending()] == [laptop]
    [pending] = svc.pending()
    assert (pending.item_code, pending.sku, pending.rma_number, pending.category) == (
        item_code(laptop),
        "LAP-14-PRO",
        "RMA-100003",
        "electronics",
    )
    assert svc.find_pending(Scan(item_code(laptop).lower())) == pending
    assert svc.find_pending(Scan("LAP-14-PRO")) == pending
    assert svc.find_pending(Scan(item_code(wrong))) is None
    assert svc.find_pending(Scan("KB-MX-US")) is None and unfinished not in [p.item_id for p in svc.pending()]


def test_decide_is_refused_while_a_required_photo_is_missing(
    store: FakeStore, checklists: ChecklistSet, rules: RuleSet
) -> None:
    [laptop] = receive(store, "LAP-14-PRO")
    svc = inspection(store, checklists, rules, photos=True)
    answers = best_answers(svc, laptop)
    commits = store.commits
    with pytest.raises(PhotosMissing) as refused:
        svc.decide(laptop, answers)
    assert refused.value.check_ids == ("cosmetic",)
    assert str(refused.value).startswith(
        f"{item_code(laptop)} cannot be decided yet: no photo for Condition (cosmetic); "
        "this check needs a photo"
    )
    assert ("item", laptop) in store.locks  # judged under the item lock, where a photo cannot race it
    assert store.inspections == [] and store.commits == commits
    assert store.items[0].status == ItemStatus.RECEIVED.value

    store.photos.append(
        InspectionPhotoRow(id=1, item_id=laptop, check_id=None, path="x.png", taken_at=NOW)
    )  # a photo of the whole item does not stand in for the check's
    with pytest.raises(PhotosMissing):
        svc.decide(laptop, answers)
    store.photos.append(
        InspectionPhotoRow(id=2, item_id=laptop, check_id="cosmetic", path="y.png", taken_at=NOW)
    )
    with pytest.raises(TypeError, match="needs the database unit of work"):  # past every rule: recording
        svc.decide(laptop, answers)
    assert store.inspections == [] and store.print_jobs == []  # not committed: nothing kept


def test_an_override_needs_a_known_reason_a_new_disposition_and_a_supervisors_pin(
    store: FakeStore, checklists: ChecklistSet, rules: RuleSet
) -> None:
    [laptop] = receive(store, "LAP-14-PRO")
    svc = inspection(store, checklists, rules)
    answers = best_answers(svc, laptop)
    rule = svc.preview(laptop, answers).decision
    elsewhere = (
        Disposition.REFURBISH if rule.disposition is not Disposition.REFURBISH else Disposition.LIQUIDATE
    )

    def override(disposition: Disposition, reason: str, approver: str, pin: str) -> OverrideRequest:
        return OverrideRequest(disposition, reason, approver, pin)

    with pytest.raises(OverrideNotAllowed, match="'gut_feeling' is not an override reason"):
        svc.decide(laptop, answers, override=override(elsewhere, "gut_feeling", "SUP-1", SUPERVISOR_PIN))
    with pytest.raises(OverrideNotAllowed, match="confirm it without an override"):
        svc.decide(
            laptop, answers, override=override(rule.disposition, "better_recovery", "SUP-1", SUPERVISOR_PIN)
        )
    assert store.of_type("approval_refused") == []  # a wrong request never costs the supervisor an attempt

    with pytest.raises(PinRefused):  # an inspector may not approve, even with the right PIN
        svc.decide(laptop, answers, override=override(elsewhere, "better_recovery", "INS-1", SUPERVISOR_PIN))
    with pytest.raises(PinRefused):
        svc.decide(laptop, answers, override=override(elsewhere, "better_recovery", "sam stone", "000000"))
    assert [e.payload["why"] for e in store.of_type("approval_refused")] == ["not_an_approver", "wrong_pin"]
    sam = next(u for u in store.users if u.badge == "SUP-1")
    assert sam.failed_attempts == 1
    assert store.inspections == [] and store.items[0].status == ItemStatus.RECEIVED.value

    with pytest.raises(TypeError, match="needs the database unit of work"):  # approved: on to recording
        svc.decide(laptop, answers, override=override(elsewhere, "better_recovery", "SUP-1", SUPERVISOR_PIN))
    assert sam.failed_attempts == 0  # an accepted PIN clears the count


def test_an_item_decided_elsewhere_is_refused_with_where_and_by_whom(
    store: FakeStore, checklists: ChecklistSet, rules: RuleSet
) -> None:
    [laptop] = receive(store, "LAP-14-PRO")
    svc = inspection(store, checklists, rules)
    answers = best_answers(svc, laptop)
    record_decision(store, laptop, "bench-2", "Ben Ortiz")
    expected = (
        f"Item {item_code(laptop)} is not waiting for inspection: already dispositioned at bench-2 "
        "by Ben Ortiz on 2026-11-23 09:05 (refurbish, REFURB-REPAIR)."
    )
    with pytest.raises(ItemNotPending) as refused:
        svc.decide(laptop, answers)
    assert str(refused.value) == expected
    assert store.locks[-1] == ("item", laptop)  # the second inspector waited on the lock, then saw it
    with pytest.raises(ItemNotPending, match="already dispositioned at bench-2 by Ben Ortiz"):
        svc.form(laptop)
    assert svc.save_draft(laptop, answers, {}, 2, NOW) is False  # a late background save writes nothing
    assert store.drafts == []


def test_why_an_item_is_not_waiting(store: FakeStore, checklists: ChecklistSet, rules: RuleSet) -> None:
    [held] = receive(store, "MOUSE-1")
    [in_open_parcel] = receive(store, "KB-MX-US", rma="RMA-100004", finish=False)
    svc = inspection(store, checklists, rules)
    with pytest.raises(ItemNotPending, match="it is on HOLD from receiving"):
        svc.form(held)
    with pytest.raises(ItemNotPending, match=r"its parcel is still being received"):
        svc.form(in_open_parcel)
    with pytest.raises(ItemNotPending, match=r"RSI-000099 is not waiting for inspection: no such item"):
        svc.preview(99, {})


def test_a_draft_is_saved_resumed_against_todays_checklist_and_discarded(
    store: FakeStore, checklists: ChecklistSet, rules: RuleSet
) -> None:
    [laptop] = receive(store, "LAP-14-PRO")
    svc = inspection(store, checklists, rules)
    started = datetime(2026, 11, 23, 8, 55)
    assert svc.save_draft(laptop, {"packaging": "opened", "gone_check": "x"}, {}, 1, started)
    assert svc.save_draft(laptop, {"packaging": "sealed", "accessories": "nonsense"}, {}, 2, NOW)
    draft = svc.form(laptop).draft
    assert draft is not None
    assert dict(draft.answers) == {
        "packaging": "sealed"
    }  # an answer the checklist no longer has is asked again
    assert (draft.current_step, draft.started_at, draft.station, draft.user) == (2, started, "bench-3", "ivo")
    svc.discard_draft(laptop)
    assert svc.form(laptop).draft is None


def test_preview_grades_without_writing(store: FakeStore, checklists: ChecklistSet, rules: RuleSet) -> None:
    [laptop] = receive(store, "LAP-14-PRO")
    svc = inspection(store, checklists, rules)
    commits, events = store.commits, len(store.events)
    preview = svc.preview(laptop, best_answers(svc, laptop))
    assert preview.grade.grade == "A" and preview.facts is not None
    assert isinstance(svc.pending()[0], PendingItem)
    assert (store.commits, len(store.events)) == (commits, events)
