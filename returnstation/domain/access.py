"""Who may call each public service method: every one says so with a mark, checked by a test.

Why marks on the methods rather than checks inside them: a check written as the first line of a use
case is easy to forget in a new method, and nothing notices. Here every public method of a service
carries one of two marks:

- ``@requires(Permission.X)``: the person signed in at the station (``self.ctx``) must be allowed X
  (the table in domain/roles.py); otherwise ``PermissionRefused`` before anything else runs.
- ``@open_to_all("why")``: anyone, even nobody signed in, may call it, and the mark says why (reads
  that show no personal data, the bench's own background work such as the print queue).

tests/db/test_db_access_marks.py walks every service object a station reaches and fails on a public
method with neither mark. A method that needs more than one permission depending on its arguments
(printing a label again needs REPRINT) carries the common one and checks the rest inside.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

from returnstation.domain.roles import Permission

F = TypeVar("F", bound=Callable[..., Any])
_MARK = "__returnstation_access__"


@dataclass(frozen=True, slots=True)
class Access:
    """A method's mark: the permission it needs, or None with the reason it is open."""

    permission: Permission | None
    why: str = ""


def requires(permission: Permission) -> Callable[[F], F]:
    """The signed-in person must be allowed ``permission``; checked before the method body runs."""

    def mark(fn: F) -> F:
        @functools.wraps(fn)
        def guarded(self: Any, *args: Any, **kwargs: Any) -> Any:
            context_of(self).require(permission)
            return fn(self, *args, **kwargs)

        setattr(guarded, _MARK, Access(permission))
        return guarded  # type: ignore[return-value]

    return mark


def open_to_all(why: str) -> Callable[[F], F]:
    """Anyone may call it; ``why`` is the reason, for the reader and the test's report."""
    if not why.strip():
        raise ValueError("say why the method is open to everyone")

    def mark(fn: F) -> F:
        setattr(fn, _MARK, Access(None, why))
        return fn

    return mark


def access_of(fn: Callable[..., Any]) -> Access | None:
    """The mark of ``fn`` (also through ``functools.wraps`` wrappers), or None when it has none."""
    found = getattr(fn, _MARK, None)
    return found if isinstance(found, Access) else None


def context_of(service: object) -> Any:
    """The service's ``StationContext`` (``ctx``, or ``_ctx``); a guarded service without one is a bug."""
    ctx = getattr(service, "ctx", None) or getattr(service, "_ctx", None)
    if ctx is None:
        raise TypeError(f"{type(service).__name__} has a guarded method but no station context")
    return ctx
