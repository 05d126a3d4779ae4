"""Who may do what at the bench: the four roles and the one table of what each may do.

Why a table rather than checks spread over the code: a site manager asks "what can a clerk do?", and
the answer must be one place to read (and one place to change). The services ask ``may(role, what)``
on every public service method (the marks of services/access.py, each method checked by a test), so
the answer holds for the window, the CLI and any future client alike.

Roles are ranked: each role may do everything the roles before it may, plus what ``GRANTS`` adds.
"""

from __future__ import annotations

from collections.abc import Mapping
from enum import StrEnum
from types import MappingProxyType


class Role(StrEnum):
    """What a person may do; stored by value. Each role includes the ones before it in this list."""

    CLERK = "clerk"
    INSPECTOR = "inspector"
    SUPERVISOR = "supervisor"
    ADMIN = "admin"


class Permission(StrEnum):
    """One thing a person does at the bench that not everyone may do."""

    RECEIVE = "receive"
    INSPECT = "inspect"
    PRINT_LABELS = "print_labels"
    APPROVE_OVERRIDE = "approve_override"
    REPORTS = "reports"
    IMPORT_RMAS = "import_rmas"
    HOLD_QUEUE = "hold_queue"
    RAISE_CONCERN = "raise_concern"
    DECIDE_CONCERN = "decide_concern"
    RELEASE_QUARANTINE = "release_quarantine"
    RESOLVE_DISCREPANCY = "resolve_discrepancy"
    REPRINT = "reprint"
    MANAGE_USERS = "manage_users"
    RELOAD_RULES = "reload_rules"
    RUN_FEEDS = "run_feeds"  # deliver events to the order system, run the inbox and the API pull
    ERASE_CUSTOMER_DATA = "erase_customer_data"  # the retention run (services/retention.py)
    INSPECT_LOT = "inspect_lot"  # decide a lot of identical sealed items from a sample (issue 16)


# What each role adds to the roles before it. The README's roles table says the same in words.
GRANTS: Mapping[Role, frozenset[Permission]] = MappingProxyType(
    {
        Role.CLERK: frozenset({Permission.RECEIVE, Permission.RAISE_CONCERN}),
        Role.INSPECTOR: frozenset({Permission.INSPECT, Permission.PRINT_LABELS}),
        Role.SUPERVISOR: frozenset(
            {
                Permission.APPROVE_OVERRIDE,
                Permission.REPORTS,
                Permission.IMPORT_RMAS,
                Permission.HOLD_QUEUE,
                Permission.DECIDE_CONCERN,
                Permission.RELEASE_QUARANTINE,
                Permission.RESOLVE_DISCREPANCY,
                Permission.REPRINT,
                Permission.RUN_FEEDS,
                Permission.INSPECT_LOT,
            }
        ),
        Role.ADMIN: frozenset(
            {Permission.MANAGE_USERS, Permission.RELOAD_RULES, Permission.ERASE_CUSTOMER_DATA}
        ),
    }
)

# How a refusal names the work, so the person reads what they tried, not an identifier.
DOING: Mapping[Permission, str] = MappingProxyType(
    {
        Permission.RECEIVE: "Receiving parcels",
        Permission.INSPECT: "Inspecting items",
        Permission.PRINT_LABELS: "Printing labels",
        Permission.APPROVE_OVERRIDE: "Approving an override",
        Permission.REPORTS: "Writing reports",
        Permission.IMPORT_RMAS: "Importing RMAs",
        Permission.HOLD_QUEUE: "Working the hold shelf",
        Permission.RAISE_CONCERN: "Raising a concern",
        Permission.DECIDE_CONCERN: "Clearing or confirming a concern",
        Permission.RELEASE_QUARANTINE: "Deciding a quarantined item",
        Permission.RESOLVE_DISCREPANCY: "Resolving a discrepancy",
        Permission.REPRINT: "Reprinting a label",
        Permission.MANAGE_USERS: "Managing users",
        Permission.ERASE_CUSTOMER_DATA: "Erasing customer data",
        Permission.RELOAD_RULES: "Reloading the rules",
        Permission.RUN_FEEDS: "Running the order-system feeds",
        Permission.INSPECT_LOT: "Deciding a lot from a sample",
    }
)


def _ranked() -> tuple[Role, ...]:
    return tuple(Role)


def permissions_of(role: Role) -> frozenset[Permission]:
    """Everything ``role`` may do: its own grants and those of every role ranked below it."""
    ranked = _ranked()
    granted: set[Permission] = set()
    for r in ranked[: ranked.index(role) + 1]:
        granted |= GRANTS[r]
    return frozenset(granted)


def may(role: Role | None, permission: Permission) -> bool:
    """True when ``role`` may do it; nobody (``None``) may do anything."""
    return role is not None and permission in permissions_of(role)


def least_role(permission: Permission) -> Role:
    """The lowest-ranked role that may do it (every permission is granted to some role)."""
    for role in _ranked():
        if permission in GRANTS[role]:
            return role
    raise ValueError(f"no role grants {permission!r}")  # only a broken GRANTS table gets here


def parse_role(text: str) -> Role:
    """A role from what a person typed (any case, spaces around); ``ValueError`` names the choices."""
    try:
        return Role(text.strip().lower())
    except ValueError:
        raise ValueError(f"unknown role '{text}' (use {', '.join(r.value for r in Role)})") from None


def _a(word: str) -> str:
    return f"an {word}" if word[:1] in "aeiou" else f"a {word}"


class PermissionRefused(Exception):
    """The person signed in (or nobody) may not do this; the message says who may."""

    def __init__(self, permission: Permission, user: str | None, role: Role | None) -> None:
        self.permission = permission
        self.user = user
        self.role = role
        needed = least_role(permission)
        doing = DOING[permission]
        if role is None:
            text = f"Sign in with your badge and PIN: {doing.lower()} needs {_a(needed.value)} sign-in."
        else:
            text = f"{doing} needs {_a(needed.value)} sign-in; {user} is signed in as {_a(role.value)}."
        super().__init__(text)
