"""Inspection drafts on a real database: saved on every answer, carried across stations, gone once decided."""

from __future__ import annotations

from dataclasses import replace

from sqlalchemy import func, select
from test_db_inspection import receive_all

from returnstation.services.inspection import InspectionService
from returnstation.services.results import StationContext
from returnstation.store.models import InspectionRow
from returnstation.store.models_inspection import InspectionDraftRow


def other_bench(station, name: str = "bench-9", user: str = "bo") -> InspectionService:  # type: ignore[no-untyped-def]
    """A second station on the same database (what another PC on the floor would build)."""
    return InspectionService(
        station.session_factory,
        StationContext(name, user),
        station.checklists,
        station.rules,
        clock=station.inspection.now,
    )


def draft_rows(station) -> int:  # type: ignore[no-untyped-def]
    with station.session_factory() as s:
        return int(s.scalar(select(func.count()).select_from(InspectionDraftRow)) or 0)


def test_answers_are_saved_as_one_draft_and_resumed_at_another_station(station, clock) -> None:  # type: ignore[no-untyped-def]
    receive_all(station, "RMA-100003", ["LAP-14-PRO"])
    [item] = station.inspection.pending()
    form = station.inspection.form(item.item_id)
    assert form.draft is None
    checks = form.checklist.checks
    started = clock.now
    answers: dict[str, str] = {}
    for step, check in enumerate(checks[:3]):
        answers[check.id] = check.answers[1].value
        clock.advance(seconds=20)
        assert station.inspection.save_draft(item.item_id, answers, {}, step + 1, started)
    assert draft_rows(station) == 1  # an upsert, not a row per answer

    clock.advance(minutes=5)
    elsewhere = other_bench(station)
    resumed = elsewhere.form(item.item_id).draft
    assert resumed is not None
    assert dict(resumed.answers) == answers and resumed.current_step == 3
    assert (resumed.station, resumed.user) == ("bench-7", "ana")
    assert resumed.started_at == started and resumed.updated_at == started.replace(minute=1)

    # carrying on at bench-9 keeps the first start time (handling time covers the whole inspection)
    answers[checks[3].id] = checks[3].answers[0].value
    assert elsewhere.save_draft(item.item_id, answers, {}, 4, clock.now)
    again = station.inspection.form(item.item_id).draft
    assert again is not None and (again.station, again.user) == ("bench-9", "bo")
    assert again.started_at == started and len(again.answers) == 4


def test_deciding_removes_the_draft_and_a_late_save_writes_nothing(station, clock) -> None:  # type: ignore[no-untyped-def]
    receive_all(station, "RMA-100003", ["LAP-14-PRO"])
    [item] = station.inspection.pending()
    form = station.inspection.form(item.item_id)
    answers = {c.id: c.answers[0].value for c in form.checklist.checks}
    started = clock.now
    assert station.inspection.save_draft(item.item_id, answers, {}, len(answers), started)
    clock.advance(minutes=3)
    station.inspection.decide(item.item_id, answers)
    assert draft_rows(station) == 0
    with station.session_factory() as s:
        row = s.scalars(select(InspectionRow)).one()
    assert row.started_at == started  # taken from the draft when the caller did not time it
    # a background save that arrives after the decision (slow network) must not leave a draft behind
    assert station.inspection.save_draft(item.item_id, answers, {}, 0, started) is False
    assert draft_rows(station) == 0


def test_a_draft_is_cleaned_against_the_checklist_it_is_resumed_with(station, clock) -> None:  # type: ignore[no-untyped-def]
    receive_all(station, "RMA-100005", ["VIT-C-500"])
    [item] = station.inspection.pending()
    saved = {"packaging": "sealed", "tamper_seal": "gone-since", "colour": "red", "lot": "L1"}
    captured = {"lot": "L1", "expiry": None, "packaging": "x"}
    assert station.inspection.save_draft(item.item_id, saved, captured, 99, clock.now)
    draft = station.inspection.form(item.item_id).draft
    assert draft is not None
    assert dict(draft.answers) == {"packaging": "sealed"}  # unknown answers and checks are asked again
    assert dict(draft.captured) == {"lot": "L1", "expiry": None}  # "not on the pack" is an answer
    assert draft.current_step == len(station.inspection.form(item.item_id).checklist.checks)


def test_discarding_a_draft(station, clock) -> None:  # type: ignore[no-untyped-def]
    receive_all(station, "RMA-100001", ["HP-BT200", "CBL-USBC-1M", "CBL-USBC-1M"])
    first, second, _ = station.inspection.pending()
    for item in (first, second):
        assert station.inspection.save_draft(item.item_id, {"packaging": "sealed"}, {}, 1, clock.now)
    station.inspection.discard_draft(first.item_id)
    assert station.inspection.form(first.item_id).draft is None
    kept = station.inspection.form(second.item_id).draft
    assert kept is not None and replace(kept, updated_at=clock.now).answers == {"packaging": "sealed"}
