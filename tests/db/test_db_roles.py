"""Sign-in and roles, enforced in the services themselves (no window), on a real database."""

from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import select
from test_db_inspection import receive_all

from returnstation.bootstrap import Station
from returnstation.domain.roles import PermissionRefused, Role
from returnstation.domain.scan import Scan
from returnstation.services.demo import DEMO_SUPERVISOR_BADGE, DEMO_SUPERVISOR_NAME, DEMO_SUPERVISOR_PIN
from returnstation.services.inspection import OverrideRequest
from returnstation.services.users import REFUSED, PinRefused, lock_for
from returnstation.store.models import EventRow, RmaRow
from returnstation.store.models_inspection import InspectionDraftRow
from returnstation.store.models_users import UserRow

# name, badge, PIN per role; the supervisor is the demo one (services/demo.py).
PEOPLE = {
    Role.CLERK: ("Cleo Grant", "CLK-0042", "112233"),
    Role.INSPECTOR: ("Ina Berg", "INS-0042", "135790"),
    Role.SUPERVISOR: (DEMO_SUPERVISOR_NAME, DEMO_SUPERVISOR_BADGE, DEMO_SUPERVISOR_PIN),
    Role.ADMIN: ("Ada Root", "ADM-0042", "908070"),
}
ONE_RMA = (
    "rma_number,order_number,customer,authorized_at,line_no,sku,description,quantity,unit_value,reason_code\n"
    "RMA-777001,SO-777001,Ada Lovelace,2026-11-01,1,KTL-01,Kettle,1,25.00,defective\n"
)


def add_people(station: Station) -> None:
    """Made as the machine's admin, which is what a station opened outside the window is."""
    for role, (name, badge, pin) in PEOPLE.items():
        if role is not Role.SUPERVISOR:
            station.users.create_user(name, badge, role, pin)


def sign_in_as(station: Station, role: Role | None) -> None:
    if role is None:
        station.users.sign_out()
        return
    _, badge, pin = PEOPLE[role]
    assert station.users.sign_in(badge, pin).role is role


def events(station: Station, type_: str) -> list[EventRow]:
    with station.session_factory() as s:
        return list(s.scalars(select(EventRow).where(EventRow.type == type_).order_by(EventRow.id)))


@dataclass
class Bench:
    """Items in the states the use cases need, prepared before anyone signs in."""

    waiting: list[int]  # received, waiting for inspection
    decided: int  # inspected, with a routing label
    answers: dict[str, str]


def prepare(station: Station) -> Bench:
    receive_all(station, "RMA-100001", ["HP-BT200", "CBL-USBC-1M", "CBL-USBC-1M"])
    first, *rest = [p.item_id for p in station.inspection.pending()]
    form = station.inspection.form(first)
    answers = {c.id: c.answers[0].value for c in form.checklist.checks}
    station.inspection.decide(first, answers)
    cable_form = station.inspection.form(rest[0])
    return Bench(rest, first, {c.id: c.answers[0].value for c in cable_form.checklist.checks})


def use_cases(station: Station, bench: Bench, tmp_path: Path) -> list[tuple[str, Role, Callable[[], object]]]:
    """Every guarded use case, with the least role that may run it."""
    item = bench.waiting[0]
    today = date(2026, 11, 23)
    opened: list[int] = []

    def receive() -> None:
        view = station.receiving.scan_parcel(Scan("RMA-100002")).parcel
        assert view is not None
        opened.append(view.parcel_id)

    return [
        ("receive a parcel", Role.CLERK, receive),
        ("scan an item", Role.CLERK, lambda: station.receiving.scan_item(opened[0], Scan("TSH-BLU-M"))),
        ("finish a parcel", Role.CLERK, lambda: station.receiving.finish_parcel(opened[0])),
        ("open an inspection", Role.INSPECTOR, lambda: station.inspection.form(item)),
        ("preview", Role.INSPECTOR, lambda: station.inspection.preview(item, bench.answers)),
        (
            "save a draft",
            Role.INSPECTOR,
            lambda: station.inspection.save_draft(item, {}, {}, 0, station.inspection.now()),
        ),
        ("discard a draft", Role.INSPECTOR, lambda: station.inspection.discard_draft(item)),
        ("reprint a label", Role.SUPERVISOR, lambda: station.printing.reprint(bench.decided)),
        ("summary", Role.SUPERVISOR, lambda: station.reports.summary(today, today)),
        ("records", Role.SUPERVISOR, lambda: station.reports.records(today, today)),
        (
            "report PDF",
            Role.SUPERVISOR,
            lambda: station.reports.write_summary_pdf(today, today, tmp_path / "s.pdf"),
        ),
        (
            "records CSV",
            Role.SUPERVISOR,
            lambda: station.reports.write_records_csv(today, today, tmp_path / "r.csv"),
        ),
        ("import RMAs", Role.SUPERVISOR, lambda: station.imports.import_text(ONE_RMA)),
        ("list users", Role.ADMIN, station.users.list_users),
        ("add a user", Role.ADMIN, lambda: station.users.create_user("Kai Ode", "CLK-0099", "clerk")),
        ("reload the rules", Role.ADMIN, station.reload_rules),
        # deciding last: it uses up the item the other inspection cases work on
        ("decide", Role.INSPECTOR, lambda: station.inspection.decide(item, bench.answers)),
    ]


@pytest.mark.slow
def test_each_use_case_refuses_the_role_below_and_serves_the_least_role(
    station: Station, tmp_path: Path
) -> None:
    add_people(station)
    bench = prepare(station)
    ranked = list(Role)
    for name, least, run in use_cases(station, bench, tmp_path):
        below = ranked[ranked.index(least) - 1] if least is not Role.CLERK else None
        for refused_role in {None, below}:
            sign_in_as(station, refused_role)
            with pytest.raises(PermissionRefused) as refused:
                run()
            if refused_role is None:
                assert str(refused.value).startswith("Sign in with your badge"), name
            else:
                assert f"needs {'an' if least.value[0] in 'aeiou' else 'a'} {least.value} sign-in" in str(
                    refused.value
                ), name
                assert f"{PEOPLE[refused_role][0]} is signed in as" in str(refused.value), name
        sign_in_as(station, least)
        run()  # served: no refusal (and no other error)


def test_a_refused_decision_import_or_user_writes_nothing(station: Station) -> None:
    add_people(station)
    bench = prepare(station)
    item = bench.waiting[0]
    station.inspection.save_draft(item, {"packaging": "sealed"}, {}, 1, station.inspection.now())
    sign_in_as(station, Role.CLERK)
    for attempt in (
        lambda: station.inspection.decide(item, bench.answers),
        lambda: station.inspection.discard_draft(item),
        lambda: station.imports.import_text(ONE_RMA),
        lambda: station.users.create_user("Kai Ode", "CLK-0099", "admin", "123456"),
    ):
        with pytest.raises(PermissionRefused):
            attempt()
    assert item in [p.item_id for p in station.inspection.pending()]  # still waiting
    with station.session_factory() as s:
        assert s.scalar(select(InspectionDraftRow.item_id).where(InspectionDraftRow.item_id == item)) == item
        assert s.scalar(select(RmaRow.id).where(RmaRow.rma_number == "RMA-777001")) is None
        assert s.scalar(select(UserRow.id).where(UserRow.badge == "CLK-0099")) is None


def test_an_inspector_asks_for_an_override_that_a_supervisor_approves_with_the_pin(station: Station) -> None:
    add_people(station)
    bench = prepare(station)
    item = bench.waiting[0]
    rule = station.inspection.preview(item, bench.answers).decision
    other = next(d for d in station.inspection.override_policy.destinations if d is not rule.disposition)
    reason = next(iter(station.inspection.override_policy.reasons))
    sign_in_as(station, Role.CLERK)
    request = OverrideRequest(other, reason, DEMO_SUPERVISOR_BADGE, DEMO_SUPERVISOR_PIN)
    with pytest.raises(PermissionRefused):  # a clerk may not even ask
        station.inspection.decide(item, bench.answers, override=request)
    sign_in_as(station, Role.INSPECTOR)
    inspector_pin = OverrideRequest(other, reason, PEOPLE[Role.INSPECTOR][1], PEOPLE[Role.INSPECTOR][2])
    with pytest.raises(PinRefused):  # an inspector's own PIN approves nothing
        station.inspection.decide(item, bench.answers, override=inspector_pin)
    decided = station.inspection.decide(item, bench.answers, override=request)
    assert decided.override is not None and decided.override.approver_name == DEMO_SUPERVISOR_NAME
    [event] = events(station, "disposition_overridden")
    assert event.user == "Ina Berg"  # the events name who was signed in


def test_sign_in_by_badge_or_name_and_out_are_events(station: Station, clock) -> None:  # type: ignore[no-untyped-def]
    add_people(station)
    ina = station.users.sign_in("ins-0042", "135790")
    assert station.ctx.signed_in is not None and station.ctx.signed_in.id == ina.id
    assert (station.ctx.user, station.ctx.role) == ("Ina Berg", Role.INSPECTOR)
    clock.advance(minutes=1)
    cleo = station.users.sign_in("  cleo   grant ", "112233")  # by name, spaces and case ignored
    assert (station.ctx.user, station.ctx.role) == ("Cleo Grant", Role.CLERK)
    assert station.users.sign_out("idle") is not None
    assert station.ctx.signed_in is None
    assert station.users.sign_out() is None  # nobody left: nothing recorded
    signed_in = [(e.user, e.subject_id, e.payload) for e in events(station, "signed_in")]
    assert signed_in == [
        ("Ina Berg", ina.id, {"role": "inspector"}),
        ("Cleo Grant", cleo.id, {"role": "clerk"}),
    ]
    signed_out = [(e.user, e.subject_id, e.payload) for e in events(station, "signed_out")]
    assert signed_out == [
        ("Ina Berg", ina.id, {"reason": "replaced"}),
        ("Cleo Grant", cleo.id, {"reason": "idle"}),
    ]


def test_a_refused_sign_in_says_the_same_words_and_changes_nobody(station: Station) -> None:
    add_people(station)
    station.users.create_user("Pat No-Pin", "CLK-0077", "clerk")
    sign_in_as(station, Role.CLERK)
    messages = set()
    tries = (("CLK-0042", "999999"), ("NOBODY-1", "112233"), ("CLK-0077", "112233"), ("CLK-0042", ""))
    for who, pin in tries:
        with pytest.raises(PinRefused) as refused:
            station.users.sign_in(who, pin)
        messages.add(str(refused.value))
    assert messages == {REFUSED}
    assert station.ctx.user == "Cleo Grant"  # still the person signed in before
    whys = [e.payload["why"] for e in events(station, "sign_in_refused")]
    assert whys == ["wrong_pin", "cannot_sign_in", "cannot_sign_in", "wrong_pin"]
    assert all("999999" not in str(e.payload) for e in events(station, "sign_in_refused"))


def test_sign_in_and_approval_share_one_lockout_per_badge(station: Station, clock) -> None:  # type: ignore[no-untyped-def]
    for _ in range(3):
        with pytest.raises(PinRefused):
            station.users.sign_in(DEMO_SUPERVISOR_BADGE, "000000")
    for _ in range(2):
        with pytest.raises(PinRefused):
            station.users.verify_supervisor_pin(DEMO_SUPERVISOR_BADGE, "000000")
    with pytest.raises(PinRefused):  # five wrong in all: even the right PIN is refused now
        station.users.sign_in(DEMO_SUPERVISOR_BADGE, DEMO_SUPERVISOR_PIN)
    assert events(station, "sign_in_refused")[-1].payload == {"why": "locked", "failures": 0}
    clock.advance(seconds=lock_for(5).total_seconds() + 1)
    assert station.users.sign_in(DEMO_SUPERVISOR_BADGE, DEMO_SUPERVISOR_PIN).failed_attempts == 0
    with station.session_factory() as s:
        row = s.scalars(select(UserRow).where(UserRow.badge == DEMO_SUPERVISOR_BADGE)).one()
    assert (row.failed_attempts, row.locked_until) == (0, None)


def test_the_bench_starts_signed_out_with_login_on_and_as_the_configured_role_without(
    station: Station,
) -> None:
    bench = prepare(station)
    station.start_bench()  # login is on by default
    assert station.ctx.signed_in is None
    with pytest.raises(PermissionRefused, match=r"^Sign in with your badge"):
        station.receiving.scan_parcel(Scan("RMA-100002"))

    station.settings = replace(station.settings, login=False, role=Role.CLERK)
    station.start_bench()
    assert (station.ctx.user, station.ctx.role) == ("ana", Role.CLERK)
    assert station.receiving.scan_parcel(Scan("RMA-100002")).parcel is not None  # a clerk receives
    with pytest.raises(PermissionRefused, match="ana is signed in as a clerk"):
        station.inspection.decide(bench.waiting[0], bench.answers)


def test_the_cli_acts_as_the_machines_admin_even_with_login_on(
    station: Station, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from returnstation import cli

    for key, value in {
        "RETURNSTATION_DATABASE_URL": station.settings.database_url,
        "RETURNSTATION_DATA_DIR": str(tmp_path / "cli-data"),
        "RETURNSTATION_CONFIG": str(tmp_path / "none.toml"),
        "RETURNSTATION_LOGIN": "1",
    }.items():
        monkeypatch.setenv(key, value)
    monkeypatch.setattr("sys.stdin", io.StringIO("864200\n"))
    assert cli.main(["users", "add", "Kai Ode", "--badge", "clk-0099", "--role", "clerk", "--pin-stdin"]) == 0
    assert station.users.sign_in("CLK-0099", "864200").name == "Kai Ode"
    usage = ["users", "add", "Kai Ode", "--name", "Kim Ode", "--badge", "CLK-0100", "--role", "clerk"]
    assert cli.main(usage) == cli.EXIT_USAGE  # two different names: which one?
