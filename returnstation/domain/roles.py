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
from typing import Any

from returnstation.domain.messages import Localizable, Message, Translator, msg


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
DOING: Mapping[Permission, Message] = MappingProxyType(
    {
        Permission.RECEIVE: msg("Receiving parcels"),
        Permission.INSPECT: msg("Inspecting items"),
        Permission.PRINT_LABELS: msg("Printing labels"),
        Permission.APPROVE_OVERRIDE: msg("Approving an override"),
        Permission.REPORTS: msg("Writing reports"),
        Permission.IMPORT_RMAS: msg("Importing RMAs"),
        Permission.HOLD_QUEUE: msg("Working the hold shelf"),
        Permission.RAISE_CONCERN: msg("Raising a concern"),
        Permission.DECIDE_CONCERN: msg("Clearing or confirming a concern"),
        Permission.RELEASE_QUARANTINE: msg("Deciding a quarantined item"),
        Permission.RESOLVE_DISCREPANCY: msg("Resolving a discrepancy"),
        Permission.REPRINT: msg("Reprinting a label"),
        Permission.MANAGE_USERS: msg("Managing users"),
        Permission.ERASE_CUSTOMER_DATA: msg("Erasing customer data"),
        Permission.RELOAD_RULES: msg("Reloading the rules"),
        Permission.RUN_FEEDS: msg("Running the order-system feeds"),
        Permission.INSPECT_LOT: msg("Deciding a lot from a sample"),
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


# How a refusal names the role it needs and the role signed in. Whole phrases, not an article glued to
# a role's name: "an inspector sign-in" is "eine Anmeldung als Prüfer" and "logowanie jako kontroler".
NEEDED_SIGN_IN: Mapping[Role, Message] = MappingProxyType(
    {
        Role.CLERK: msg("a clerk sign-in"),
        Role.INSPECTOR: msg("an inspector sign-in"),
        Role.SUPERVISOR: msg("a supervisor sign-in"),
        Role.ADMIN: msg("an admin sign-in"),
    }
)
SIGNED_IN_AS: Mapping[Role, Message] = MappingProxyType(
    {
        Role.CLERK: msg("a clerk"),
        Role.INSPECTOR: msg("an inspector"),
        Role.SUPERVISOR: msg("a supervisor"),
        Role.ADMIN: msg("an admin"),
    }
)


class _MidSentence(Localizable):
    """A DOING text inside a sentence: lower-cased where it is still English ("writing reports"); a
    translation keeps its own capitals (the German and Polish sentences start with it)."""

    text: Message

    def __new__(cls, text: Message) -> _MidSentence:
        self = super().__new__(cls, str(text)[:1].lower() + str(text)[1:])
        object.__setattr__(self, "text", text)
        return self

    def __reduce__(self) -> tuple[Any, ...]:
        return (_MidSentence, (self.text,))

    def localize(self, tr: Translator | None) -> str:
        if tr is None or tr.gettext(self.text.id) is None:
            return str(self)
        return self.text.localize(tr)


def refusal_text(permission: Permission, user: str | None, role: Role | None) -> Message:
    """The sentence a refusal shows: what was tried, who may, and who is signed in (translatable)."""
    needed = NEEDED_SIGN_IN[least_role(permission)]
    doing = DOING[permission]
    if role is None:
        return msg(
            "Sign in with your badge and PIN: {doing} needs {needed}.",
            doing=_MidSentence(doing),
            needed=needed,
        )
    return msg(
        "{doing} needs {needed}; {user} is signed in as {role}.",
        doing=doing,
        needed=needed,
        user=user,
        role=SIGNED_IN_AS[role],
    )


class PermissionRefused(Exception):
    """The person signed in (or nobody) may not do this; the message says who may."""

    def __init__(self, permission: Permission, user: str | None, role: Role | None) -> None:
        self.permission = permission
        self.user = user
        self.role = role
        super().__init__(refusal_text(permission, user, role))
