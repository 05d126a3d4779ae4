"""Sign-in and supervisor approval rules on the in-memory unit of work: PIN checks, lockout, refusals.

tests/db/test_db_roles.py keeps what needs the database: the atomic failure counter with two benches
guessing at once, and the lock surviving a restart.
"""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from fakes import FakeStore

from returnstation.domain.roles import Role
from returnstation.services.results import StationContext
from returnstation.services.users import REFUSED, PinRefused, UserError, UserService, badge_in_scan

PIN = "482916"


class Clock:
    def __init__(self) -> None:
        self.now = datetime(2026, 11, 23, 9, 0)

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def store() -> FakeStore:
    return FakeStore()


def users(store: FakeStore, clock: Clock, ctx: StationContext | None = None) -> UserService:
    return UserService(None, ctx or StationContext("bench-1", "admin"), clock, uow_factory=store.uow)


def test_a_new_user_is_checked_and_the_badge_stored_upper_case(store: FakeStore, clock: Clock) -> None:
    svc = users(store, clock)
    assert not svc.anyone_can_sign_in()
    sam = svc.create_user("  Sam   Stone ", "sup-1", "supervisor", PIN)
    assert (sam.name, sam.badge, sam.role, sam.has_pin, sam.active) == (
        "Sam Stone",
        "SUP-1",
        Role.SUPERVISOR,
        True,
        True,
    )
    assert store.users[0].pin_hash.startswith("scrypt$16384$8$1$") and PIN not in store.users[0].pin_hash
    assert svc.anyone_can_sign_in()
    assert [e.type for e in store.events] == ["user_created"] and PIN not in str(store.events[0].payload)

    for name, badge, role, pin, words in [
        ("sam stone", "SUP-2", "clerk", None, "already exists"),  # a name differs only in case: taken
        ("Tom", "SUP-1", "clerk", None, "already exists"),
        ("Tom", "a b", "clerk", None, "the badge must be"),
        ("Tom", "TOM-1", "janitor", None, "janitor"),
        ("Tom", "TOM-1", "clerk", "1234", "the PIN must be 6 to 12 digits"),
        ("", "TOM-1", "clerk", None, "the name must be"),
    ]:
        with pytest.raises(UserError, match=words):
            svc.create_user(name, badge, role, pin)
    assert len(store.users) == 1 and len(store.events) == 1


def test_five_wrong_pins_lock_the_badge_then_each_failure_doubles_the_lock(
    store: FakeStore, clock: Clock
) -> None:
    svc = users(store, clock)
    svc.create_user("Sam Stone", "SUP-1", "supervisor", PIN)
    sam = store.users[0]
    for n in range(1, 5):
        with pytest.raises(PinRefused):
            svc.verify_supervisor_pin("SUP-1", "000000")
        assert (sam.failed_attempts, sam.locked_until) == (n, None)
    with pytest.raises(PinRefused):
        svc.verify_supervisor_pin("SUP-1", "000000")
    assert sam.locked_until == clock.now + timedelta(seconds=30)

    with pytest.raises(PinRefused) as locked:  # the right PIN, but locked: the same words
        svc.verify_supervisor_pin("SUP-1", PIN)
    assert str(locked.value) == REFUSED and sam.failed_attempts == 5

    clock.now += timedelta(seconds=31)
    with pytest.raises(PinRefused):
        svc.sign_in("SUP-1", "111111")  # sign-in and approval share one counter
    assert sam.locked_until == clock.now + timedelta(seconds=60)

    clock.now += timedelta(seconds=61)
    approver = svc.verify_supervisor_pin("sam stone", PIN)
    assert (approver.name, approver.badge, approver.role) == ("Sam Stone", "SUP-1", Role.SUPERVISOR)
    assert (sam.failed_attempts, sam.locked_until) == (0, None)
    whys = [e.payload["why"] for e in store.of_type("approval_refused")]
    assert whys == ["wrong_pin"] * 5 + ["locked"]


def test_only_an_active_approver_with_a_pin_may_approve(store: FakeStore, clock: Clock) -> None:
    svc = users(store, clock)
    svc.create_user("Ivy Lane", "INS-1", "inspector", PIN)
    svc.create_user("Old Boss", "SUP-9", "supervisor", PIN)
    svc.create_user("No Pin", "SUP-8", "supervisor")
    store.users[1].active = False
    for who in ("INS-1", "SUP-9", "SUP-8", "NOBODY"):
        with pytest.raises(PinRefused):
            svc.verify_supervisor_pin(who, PIN)
    whys = [e.payload["why"] for e in store.of_type("approval_refused")]
    assert whys == ["not_an_approver"] * 4
    assert all(u.failed_attempts == 0 for u in store.users)  # not a guess at a PIN: nothing counted
    assert store.of_type("approval_refused")[-1].subject_id is None  # an unknown name names no one


def test_signing_in_acts_for_the_person_and_a_switch_signs_the_other_out(
    store: FakeStore, clock: Clock
) -> None:
    ctx = StationContext("bench-1", "station-account", role=None)
    admin = users(store, clock)
    admin.create_user("Cleo Grant", "CLK-1", "clerk", PIN)
    admin.create_user("Ivy Lane", "INS-1", "inspector", PIN)
    svc = users(store, clock, ctx)
    cleo = svc.sign_in("clk-1", PIN)
    assert (ctx.user, ctx.role) == ("Cleo Grant", Role.CLERK)
    svc.sign_in("Ivy Lane", PIN)
    assert [(e.type, e.subject_id) for e in store.events[2:]] == [
        ("signed_in", cleo.id),
        ("signed_out", cleo.id),
        ("signed_in", store.users[1].id),
    ]
    assert store.events[3].payload == {"reason": "replaced"}
    out = svc.sign_out("idle")
    assert out is not None and out.name == "Ivy Lane" and ctx.signed_in is None
    assert store.events[-1].payload == {"reason": "idle"}

    with pytest.raises(PinRefused):
        svc.sign_in("CLK-1", "999999")
    assert ctx.signed_in is None and store.of_type("sign_in_refused")[0].payload == {
        "why": "wrong_pin",
        "failures": 1,
    }


@pytest.mark.parametrize(
    ("scanned", "badge"),
    [
        ("SUP-0001", "SUP-0001"),
        ("\x02ins-0042\r\n", "ins-0042"),  # framing and terminators off; the PIN check ignores case
        ("12345670", "12345670"),  # an 8-digit staff number, though it passes a GTIN-8 check
        ("Ina Berg", "Ina Berg"),  # a name typed at the panel
        ("RMA-100001", None),
        ("SO-500101", None),
        ("1Z999AA10123456784", None),  # UPS tracking
        ("4061234000125", None),  # a product's EAN-13
        ("(01)04061234000811(17)280500(10)L-4711", None),
        ("CMD:DONE", None),
        ("CMD:NO-SUCH-CARD", None),
        ("RSI-000012", None),  # the station's own item label
        ("   ", None),
    ],
)
def test_a_scan_at_the_sign_in_is_a_badge_unless_it_is_a_label_of_the_work(
    scanned: str, badge: str | None
) -> None:
    assert badge_in_scan(scanned) == badge
