"""Supervised overrides and PIN approval, enforced in the services, on a real database."""

from __future__ import annotations

import base64

import pytest
from sqlalchemy import select
from test_db_inspection import receive_all

from returnstation.bootstrap import Station
from returnstation.domain.enums import Disposition
from returnstation.services.demo import DEMO_SUPERVISOR_BADGE, DEMO_SUPERVISOR_NAME, DEMO_SUPERVISOR_PIN
from returnstation.services.inspection import OverrideNotAllowed, OverrideRequest, PendingItem
from returnstation.services.users import REFUSED, PinRefused, UserError, check_pin, lock_for
from returnstation.store.models import EventRow, InspectionRow, PrintJobRow
from returnstation.store.models_users import UserRow


def sealed_laptop(station: Station) -> tuple[PendingItem, dict[str, str]]:
    receive_all(station, "RMA-100003", ["LAP-14-PRO"])
    [item] = station.inspection.pending()
    form = station.inspection.form(item.item_id)
    return item, {c.id: c.answers[0].value for c in form.checklist.checks}


def events(station, type_: str) -> list[EventRow]:  # type: ignore[no-untyped-def]
    with station.session_factory() as s:
        return list(s.scalars(select(EventRow).where(EventRow.type == type_).order_by(EventRow.id)))


def test_override_needs_the_supervisor_pin_and_records_both_people(station, clock) -> None:  # type: ignore[no-untyped-def]
    item, answers = sealed_laptop(station)
    rule = station.inspection.preview(item.item_id, answers).decision
    assert rule.disposition is Disposition.RESTOCK
    wrong = OverrideRequest(Disposition.REFURBISH, "damage_not_in_checklist", DEMO_SUPERVISOR_BADGE, "000000")
    with pytest.raises(PinRefused) as refused:
        station.inspection.decide(item.item_id, answers, override=wrong)
    assert str(refused.value) == REFUSED
    assert station.inspection.pending() == [item]  # nothing decided
    [refusal] = events(station, "approval_refused")
    assert refusal.payload == {"why": "wrong_pin", "failures": 1} and "000000" not in str(refusal.payload)

    clock.advance(minutes=1)
    right = OverrideRequest(Disposition.REFURBISH, "damage_not_in_checklist", "sup-0001", DEMO_SUPERVISOR_PIN)
    decided = station.inspection.decide(item.item_id, answers, override=right)
    assert decided.decision.disposition is Disposition.REFURBISH
    assert (
        decided.decision.destination == station.inspection.override_policy.destinations[Disposition.REFURBISH]
    )
    assert decided.override is not None and decided.override.approver_name == DEMO_SUPERVISOR_NAME
    assert decided.rule_decision == rule
    with station.session_factory() as s:
        row = s.scalars(select(InspectionRow)).one()
        supervisor = s.scalars(select(UserRow).where(UserRow.badge == DEMO_SUPERVISOR_BADGE)).one()
        job = s.scalars(select(PrintJobRow).where(PrintJobRow.template == "routing_4x6")).one()
    assert row.overridden and row.override_reason == "damage_not_in_checklist"
    assert (row.disposition, row.destination) == ("refurbish", decided.decision.destination)
    assert (row.rule_id, row.rule_disposition, row.rule_destination) == (
        rule.rule_id,
        "restock",
        rule.destination,
    )
    assert row.approver_id == supervisor.id and supervisor.failed_attempts == 0
    assert job.fields["disposition"] == "REFURBISH"  # the label sends it where the override says
    [event] = events(station, "disposition_overridden")
    assert event.user == "ana" and event.payload["inspector"] == "ana"
    assert (event.payload["approver_id"], event.payload["approver"]) == (supervisor.id, DEMO_SUPERVISOR_NAME)
    assert (event.payload["rule_disposition"], event.payload["disposition"]) == ("restock", "refurbish")
    [done] = events(station, "item_dispositioned")
    assert done.payload["overridden"] is True and done.payload["rule"] == rule.rule_id


def test_a_wrong_request_is_refused_before_the_pin_costs_an_attempt(station) -> None:  # type: ignore[no-untyped-def]
    item, answers = sealed_laptop(station)
    same = OverrideRequest(Disposition.RESTOCK, "better_recovery", DEMO_SUPERVISOR_BADGE, "000000")
    with pytest.raises(OverrideNotAllowed, match="already say Restock"):
        station.inspection.decide(item.item_id, answers, override=same)
    unknown = OverrideRequest(Disposition.SCRAP, "felt_like_it", DEMO_SUPERVISOR_BADGE, "000000")
    with pytest.raises(OverrideNotAllowed, match="not an override reason"):
        station.inspection.decide(item.item_id, answers, override=unknown)
    assert events(station, "approval_refused") == []


def test_five_wrong_pins_lock_the_badge_with_back_off_and_the_refusal_never_says_why(station, clock) -> None:  # type: ignore[no-untyped-def]
    station.users.create_user("Ines Inspector", "INS-0001", "inspector", "135790")
    users = station.users
    messages = set()
    for name in ("nobody", "INS-0001"):  # unknown name, and a person who may not approve
        with pytest.raises(PinRefused) as exc:
            users.verify_supervisor_pin(name, "135790")
        messages.add(str(exc.value))
    for _ in range(5):
        with pytest.raises(PinRefused) as exc:
            users.verify_supervisor_pin(DEMO_SUPERVISOR_BADGE, "999999")
        messages.add(str(exc.value))
    with pytest.raises(PinRefused) as exc:  # locked: even the right PIN is refused, in the same words
        users.verify_supervisor_pin(DEMO_SUPERVISOR_NAME.lower(), DEMO_SUPERVISOR_PIN)
    messages.add(str(exc.value))
    assert messages == {REFUSED}
    [supervisor] = [u for u in users.list_users() if u.badge == DEMO_SUPERVISOR_BADGE]
    assert supervisor.failed_attempts == 5 and supervisor.locked_until == clock.now + lock_for(5)

    clock.advance(seconds=31)
    with pytest.raises(PinRefused):  # a sixth wrong PIN after the lock: locked twice as long
        users.verify_supervisor_pin(DEMO_SUPERVISOR_BADGE, "999999")
    [supervisor] = [u for u in users.list_users() if u.badge == DEMO_SUPERVISOR_BADGE]
    assert supervisor.locked_until == clock.now + lock_for(6) and lock_for(6) == 2 * lock_for(5)

    clock.advance(seconds=61)
    approver = users.verify_supervisor_pin(DEMO_SUPERVISOR_BADGE, DEMO_SUPERVISOR_PIN)
    assert approver.name == DEMO_SUPERVISOR_NAME
    [supervisor] = [u for u in users.list_users() if u.badge == DEMO_SUPERVISOR_BADGE]
    assert (supervisor.failed_attempts, supervisor.locked_until) == (0, None)
    whys = [e.payload["why"] for e in events(station, "approval_refused")]
    assert whys == ["not_an_approver", "not_an_approver", *["wrong_pin"] * 5, "locked", "wrong_pin"]


def test_users_are_created_with_a_salted_scrypt_pin_and_unique_badges(station) -> None:  # type: ignore[no-untyped-def]
    a = station.users.create_user("  Lee   Park ", "sup-0002", "Supervisor", "24681357")
    assert (a.name, a.badge, a.role.value, a.has_pin) == ("Lee Park", "SUP-0002", "supervisor", True)
    b = station.users.create_user("Kai Ode", "SUP-0003", "supervisor", "24681357")
    with station.session_factory() as s:
        hashes = {uid: h for uid, h in s.execute(select(UserRow.id, UserRow.pin_hash))}
    algo, n, r, p, salt, digest = hashes[a.id].split("$")
    assert (algo, n, r, p) == ("scrypt", str(2**14), "8", "1")
    assert (len(base64.b64decode(salt)), len(base64.b64decode(digest))) == (16, 32)
    assert hashes[a.id] != hashes[b.id]  # same PIN, different salt
    assert check_pin("24681357", hashes[a.id]) and not check_pin("24681358", hashes[a.id])
    assert "24681357" not in hashes[a.id]
    for name, badge, role, pin in [
        ("lee park", "SUP-0009", "supervisor", None),  # name taken (case ignored)
        ("New Person", "SUP-0002", "clerk", None),  # badge taken
        ("New Person", "SUP 9", "clerk", None),  # a scanner cannot send the space
        ("New Person", "SUP-0010", "boss", None),
        ("New Person", "SUP-0010", "supervisor", "1234"),  # too short
        ("New Person", "SUP-0010", "supervisor", "12ab56"),
    ]:
        with pytest.raises(UserError):
            station.users.create_user(name, badge, role, pin)
    created = events(station, "user_created")
    assert all("pin" not in str(e.payload).replace("pin_set", "") for e in created)
    assert [u.badge for u in station.users.list_users()] == ["SUP-0003", "SUP-0002", "SUP-0001"]
