"""Who acts at this station: its name and the person signed in, shared by every service of one station.

Pure Python (domain): services check permissions with it, and adapters that stamp records (events,
label jobs) read the station and user names from it, so it must not live in the services layer.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from returnstation.domain.roles import Permission, PermissionRefused, Role, may
from returnstation.domain.text import clean_line


class Person(Protocol):
    """Someone who can be signed in; ``services.users.UserView`` is one."""

    @property
    def id(self) -> int | None: ...

    @property
    def name(self) -> str: ...

    @property
    def role(self) -> Role: ...


@dataclass(frozen=True, slots=True)
class SignedIn:
    """Who the station acts for now. ``id`` is None for a name from the settings (login switched off)."""

    id: int | None
    name: str
    role: Role


class StationContext:
    """This station's name and who works at it now; every service of one station shares one context.

    Why mutable when every result around it is frozen: people sign in and out (the idle lock signs them
    out) while the services live on. The person is one immutable ``SignedIn`` swapped whole, so a service
    on a worker thread reads a matching name and role even while the window signs someone out.

    Built by hand (tests, scripts, the CLI) a context acts as ``user`` with the admin role: whoever can
    run code on the bench PC can read the database file anyway. The window signs out at start when the
    station has login on (``Station.start_bench``), so there nothing happens until a badge and PIN.
    """

    __slots__ = ("_account", "_station", "_who", "language")

    def __init__(self, station: str, user: str, role: Role | None = Role.ADMIN, language: str = "") -> None:
        # From settings, on every event: the one cleaning rule (domain/text.py) applies to them too.
        station, user = clean_line(station), clean_line(user)
        self._station = station
        self._account = user
        self._who: SignedIn | None = SignedIn(None, user, role) if role is not None else None
        # The `language` setting: what this station's printed labels are written in (services return
        # messages, the edges translate; a label is printed once and kept, so it is worded when queued).
        # Assignable: a new language takes effect for the next label, nothing is reopened.
        self.language = language

    def __repr__(self) -> str:
        return f"StationContext(station={self._station!r}, signed_in={self._who!r})"

    @property
    def station(self) -> str:
        return self._station

    @property
    def user(self) -> str:
        """The name events record: the person signed in, else the account the station runs under
        (the print queue goes on while the bench is locked). Cut to the events' 64 characters."""
        who = self._who
        return (who.name if who is not None else self._account)[:64]

    @property
    def signed_in(self) -> SignedIn | None:
        return self._who

    @property
    def role(self) -> Role | None:
        who = self._who
        return who.role if who is not None else None

    def sign_in(self, person: Person) -> SignedIn:
        """From now on the services act for ``person`` (replacing whoever was signed in)."""
        who = SignedIn(person.id, person.name, Role(person.role))
        self._who = who
        return who

    def sign_out(self) -> SignedIn | None:
        """Nobody is signed in any more; returns who was."""
        who, self._who = self._who, None
        return who

    def may(self, permission: Permission) -> bool:
        return may(self.role, permission)

    def require(self, permission: Permission) -> None:
        """``PermissionRefused`` unless the person signed in may do this: the first line of a use case."""
        who = self._who
        if who is None or not may(who.role, permission):
            raise PermissionRefused(permission, who.name if who else None, who.role if who else None)
