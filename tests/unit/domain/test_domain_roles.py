"""The roles table: what each role may do, and the words a refusal uses."""

from __future__ import annotations

import itertools

import pytest

from returnstation.domain.roles import (
    DOING,
    GRANTS,
    Permission,
    PermissionRefused,
    Role,
    least_role,
    may,
    parse_role,
    permissions_of,
)

P = Permission

# The table, written out independently of GRANTS: each role with everything it may do.
EXPECTED = {
    Role.CLERK: {P.RECEIVE, P.RAISE_CONCERN},
    Role.INSPECTOR: {P.RECEIVE, P.RAISE_CONCERN, P.INSPECT, P.PRINT_LABELS},
    Role.SUPERVISOR: {
        P.RECEIVE,
        P.RAISE_CONCERN,
        P.INSPECT,
        P.PRINT_LABELS,
        P.APPROVE_OVERRIDE,
        P.REPORTS,
        P.IMPORT_RMAS,
        P.HOLD_QUEUE,
        P.DECIDE_CONCERN,
        P.RELEASE_QUARANTINE,
        P.RESOLVE_DISCREPANCY,
        P.REPRINT,
        P.RUN_FEEDS,  # issue 19: the order-system feeds and the outbox
        P.INSPECT_LOT,  # issue 16: a lot of identical sealed items decided from a sample
    },
    Role.ADMIN: set(Permission),
}


@pytest.mark.parametrize("role", list(Role))
def test_each_role_may_do_exactly_what_the_table_says(role: Role) -> None:
    assert permissions_of(role) == EXPECTED[role]
    for permission in Permission:
        assert may(role, permission) is (permission in EXPECTED[role])


def test_roles_are_ranked_each_includes_the_ones_before() -> None:
    ranked = list(Role)
    assert ranked == [Role.CLERK, Role.INSPECTOR, Role.SUPERVISOR, Role.ADMIN]
    for lower, higher in itertools.pairwise(ranked):
        assert permissions_of(lower) < permissions_of(higher)


def test_every_permission_is_granted_once_and_named() -> None:
    granted = [p for grants in GRANTS.values() for p in grants]
    assert sorted(granted) == sorted(Permission)  # each exactly once
    assert set(DOING) == set(Permission)
    assert least_role(P.RECEIVE) is Role.CLERK
    assert least_role(P.INSPECT) is Role.INSPECTOR
    assert least_role(P.REPRINT) is Role.SUPERVISOR
    assert least_role(P.RELOAD_RULES) is Role.ADMIN


def test_nobody_may_do_anything() -> None:
    assert not any(may(None, p) for p in Permission)


@pytest.mark.parametrize(("typed", "role"), [("Clerk", Role.CLERK), ("  ADMIN ", Role.ADMIN)])
def test_parse_role_ignores_case_and_spaces(typed: str, role: Role) -> None:
    assert parse_role(typed) is role


def test_parse_role_names_the_choices() -> None:
    with pytest.raises(ValueError, match="unknown role 'boss' \\(use clerk, inspector, supervisor, admin\\)"):
        parse_role("boss")


def test_refusal_says_who_is_signed_in_and_who_may() -> None:
    refused = PermissionRefused(P.INSPECT, "Cleo Grant", Role.CLERK)
    assert str(refused) == "Inspecting items needs an inspector sign-in; Cleo Grant is signed in as a clerk."
    assert str(PermissionRefused(P.RECEIVE, "ana", Role.CLERK)).startswith("Receiving parcels needs a clerk")
    assert refused.permission is P.INSPECT and refused.role is Role.CLERK


def test_refusal_with_nobody_signed_in_asks_for_the_badge() -> None:
    text = str(PermissionRefused(P.REPORTS, None, None))
    assert text == "Sign in with your badge and PIN: writing reports needs a supervisor sign-in."
